"""The vehicles area's routes, one module per part; each adds its views to the blueprint."""

from . import views_trips, views_upkeep  # noqa: F401
from .blueprint import bp  # noqa: F401
