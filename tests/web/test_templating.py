"""The portal's Jinja environment: imports see the importing template's own globals, as in Jinja."""

from jinja2 import DictLoader

from portal.web.jinja_environment import PortalEnvironment


def environment(app):
    env = PortalEnvironment(app, loader=DictLoader({
        "macros.html": "{% macro who() %}{{ person | default('nobody') }}{% endmacro %}",
        "page.html": "{% from 'macros.html' import who %}{{ who() }}"}))
    env.globals["company"] = "热力公司"
    return env


def test_an_import_sees_globals_the_importing_template_adds(app):
    env = environment(app)
    assert env.get_template("page.html").render() == "nobody"
    assert env.get_template("page.html", globals={"person": "李明"}).render() == "李明"


def test_globals_added_later_still_reach_loaded_templates(app):
    env = environment(app)
    page = env.from_string("{{ company }} {{ season }}")
    env.globals["season"] = "2026—2027"
    assert page.render() == "热力公司 2026—2027"
    assert set(page.globals.keys()) >= {"company", "season", "range"}
