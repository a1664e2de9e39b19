"""The one place that decides between an htmx fragment and a full page."""

from flask import Flask, make_response, render_template, request


def is_htmx() -> bool:
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render(page: str, fragment: str, **context):
    """Render the fragment for an htmx request, else the full page (which includes it)."""
    response = make_response(render_template(fragment if is_htmx() else page, **context))
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["is_htmx"] = is_htmx
