"""Adding an area touches its own package and one line of `portal/areas.py`: a throwaway
area, written to a temporary folder here, gets its blueprint, navigation entry, home-page
item, stylesheet, demo seeder and benchmark module without any other file changing."""

import sys
import textwrap

import pytest

import portal
from portal import areas
from portal.cli import DEMO_PASSWORD
from portal.home import panels

FILES = {
    "__init__.py": "",
    "area.py": """
        from ..areas import Area, NavItem

        AREA = Area("sample", blueprints=("views:bp",), nav=(NavItem("sample.index", "Sample pages", 90),),
                    home=("home",), demo=("demo",), bench=("bench",), stylesheets=("sample",))
    """,
    "views.py": """
        from flask import Blueprint, render_template_string

        from ..web.access import LOGGED_IN, declare

        bp = Blueprint("sample", __name__, url_prefix="/sample")
        declare(bp, LOGGED_IN)


        @bp.get("/")
        def index():
            return render_template_string('{% extends "base.html" %}{% block content %}sample area{% endblock %}')
    """,
    "home.py": """
        from flask import url_for

        from ..home.panels import Waiting, provider


        @provider
        def sample_waiting(user):
            return [Waiting("Sample things waiting", 3, url_for("sample.index"))]
    """,
    "demo.py": "def seed(password):\n    pass\n",
    "bench.py": "PAGES = []\n\ndef build(company):\n    pass\n",
}


@pytest.fixture
def sample_area(tmp_path, monkeypatch):
    package = tmp_path / "sample"
    package.mkdir()
    for name, text in FILES.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.setattr(portal, "__path__", [*portal.__path__, str(tmp_path)])
    monkeypatch.setattr(areas, "AREA_PACKAGES", (*areas.AREA_PACKAGES, "sample"))   # the one line
    monkeypatch.setattr(panels, "PROVIDERS", list(panels.PROVIDERS))
    areas.areas.cache_clear()
    yield
    areas.areas.cache_clear()
    for name in [m for m in sys.modules if m == "portal.sample" or m.startswith("portal.sample.")]:
        del sys.modules[name]
    if hasattr(portal, "sample"):
        delattr(portal, "sample")


def test_a_new_area_needs_its_package_and_one_line(sample_area, make_app):
    app = make_app()
    client = app.test_client()
    assert client.get("/sample/").status_code == 302          # deny by default: log in first
    client.post("/login", data={"username": "staff", "password": DEMO_PASSWORD})
    page = client.get("/sample/").get_data(as_text=True)
    assert "sample area" in page and 'href="/sample/"' in page and "css/sample.css" in page
    home = client.get("/").get_data(as_text=True)
    assert "Sample things waiting" in home and "css/sample.css" not in home
    assert "portal.sample.demo" in areas.demo_modules() and "portal.sample.bench" in areas.bench_modules()
