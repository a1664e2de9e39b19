"""The whole schema in one import, for migrations and tests: every area's `models` module
(found through the list of areas) and the shared settings table."""

from . import areas
from .settings import Setting  # noqa: F401

areas.import_models()
