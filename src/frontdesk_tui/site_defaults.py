"""The site's defaults that the sign-in screen shows before the settings are read: one definition for
``config.Settings`` and the app's start (``cli/app.py``), which must not import pydantic to paint."""

SITE_NAME = "示范花园物业服务中心"
TIMEZONE = "Asia/Shanghai"
