"""The leave area's routes, one module per part; each adds its views to the blueprint."""

from . import views_duty, views_inbox, views_register, views_requests  # noqa: F401
from .blueprint import bp  # noqa: F401
