"""The one place that decides between an htmx fragment and a full page, and the one
responder that answers form results the same way in every area."""

from flask import Flask, flash, g, make_response, redirect, render_template, request


def is_htmx() -> bool:
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def announce(event: str) -> None:
    """Tell the page, with the answer to this htmx request, that `event` happened (HX-Trigger):
    what listens for it elsewhere on the page refreshes itself (the 审批 badge: "decided")."""
    g.setdefault("htmx_events", []).append(event)


def _send_events(response):
    events = g.pop("htmx_events", None)
    # A refused form (422) changed nothing: nothing happened for the page to hear about.
    if events and is_htmx() and response.status_code != 422:
        response.headers["HX-Trigger"] = ", ".join(dict.fromkeys(events))
    return response


def render(page: str, fragment: str, **context):
    """Render the fragment for an htmx request, else the full page (which includes it)."""
    response = make_response(render_template(fragment if is_htmx() else page, **context))
    response.vary.add("HX-Request")
    return response


def fragment(body: str):
    """An htmx fragment made already (e.g. a shared one, portal.web.fragments)."""
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def respond(fragment: str, *, page: str | None = None, status: int = 200, message: str | None = None,
            redirect_to: str | None = None, category: str | None = None, **context):
    """Answer a form (or a decision) the same way in every area.

    htmx: the fragment (with the status: 422 for invalid input, 409 for a conflict), and the
    message swapped into #messages out of band. Otherwise: the message flashed, then a
    redirect to `redirect_to` (after success, or when there is no page to show), else the
    full `page` again with the status, keeping what was typed. `category`: how a message of
    success shows (default "success"; a refusal is "info": done, but not good news)."""
    category = "error" if status >= 400 else category or "success"
    if is_htmx():
        body = render_template(fragment, **context)
        if message:
            # A problem the fragment shows beside its field (a decision's reason) is said there
            # once: #messages is only cleared of what the last answer said.
            in_place = status >= 400 and context.get("error") == message
            body += render_template("_messages.html", oob=True, messages=[] if in_place else [(category, message)])
        response = make_response(body, status)
    else:
        if message:
            flash(message, category)
        if redirect_to and (status < 400 or page is None):
            response = redirect(redirect_to)
            response.vary.add("HX-Request")
            return response
        response = make_response(render_template(page or fragment, **context), status)
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_send_events)
    app.jinja_env.globals["is_htmx"] = is_htmx
