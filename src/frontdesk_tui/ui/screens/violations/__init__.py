"""The violations screens; each uses the services of the same area (``frontdesk_tui.services.violations``)."""
