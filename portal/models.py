"""The whole schema in one import, for migrations and tests: every area's `models` module
(found through the list of areas), the shared settings table and the count of changes
that figures kept per worker follow (derived_cache)."""

from . import areas
from .settings import Setting  # noqa: F401
from .derived_cache import DataVersion  # noqa: F401

areas.import_models()
