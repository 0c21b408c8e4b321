"""frontdesk-tui: the front desk of a property-management service centre (物业服务中心)."""

__version__ = "0.1.0"
