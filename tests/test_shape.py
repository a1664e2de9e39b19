"""The shape every area keeps (ARCHITECTURE.md): views read input and render; only
operations write; view modules do not import one another."""

import ast
from pathlib import Path

import pytest

from portal import areas

PORTAL = Path(__file__).resolve().parents[1] / "portal"
VIEW_MODULES = sorted(p for p in PORTAL.glob("*/views*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_views_leave_the_database_to_queries_and_operations(path):
    touches = [node.lineno for node in ast.walk(_tree(path))
               if isinstance(node, ast.Attribute) and node.attr == "session"
               and isinstance(node.value, ast.Name) and node.value.id == "db"]
    assert not touches, f"{path.name} uses db.session on lines {touches}"


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_view_modules_do_not_import_each_other(path):
    if path.name == "views.py" and any(p.name.startswith("views_") for p in path.parent.iterdir()):
        return  # the area's one views module gathers its parts for the blueprint
    imported = {alias.name for node in ast.walk(_tree(path)) if isinstance(node, ast.ImportFrom)
                for alias in node.names} | {node.module or "" for node in ast.walk(_tree(path))
                                            if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[-1].startswith("views")}, path.name


def test_every_listed_area_describes_itself():
    for name in areas.AREA_PACKAGES:
        assert (PORTAL / name / "area.py").is_file(), name
    assert [area.name for area in areas.areas()] == list(areas.AREA_PACKAGES)
