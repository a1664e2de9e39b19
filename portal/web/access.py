"""Who may open which route.

A blueprint declares its policy once (`declare(bp, LOGGED_IN)`); a view may tighten it
(`@allow(role("admin"))`); both must pass. A route with no declared policy is refused
(deny by default), and tests/test_access_policy.py fails for it.
"""

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user

from ..extensions import login_manager


@dataclass(frozen=True)
class Policy:
    name: str
    login: bool
    check: Callable[[object], bool] | None = None

    def allows(self, user) -> bool:
        return self.check is None or self.check(user)


PUBLIC = Policy("public", login=False)
LOGGED_IN = Policy("logged_in", login=True)


def role(*names: str) -> Policy:
    return Policy("role:" + "|".join(names), True, lambda user: user.has_role(*names))


def rank(*ranks: str) -> Policy:
    return Policy("rank:" + "|".join(ranks), True, lambda user: user.rank in ranks)


def either(*policies: Policy) -> Policy:
    return Policy(
        " or ".join(p.name for p in policies), True,
        lambda user: any(p.allows(user) for p in policies),
    )


_blueprint_policies: dict[str, Policy] = {}
_endpoint_policies: dict[str, Policy] = {}


def declare(bp: Blueprint, policy: Policy) -> None:
    _blueprint_policies[bp.name] = policy


def allow(policy: Policy):
    def decorate(view):
        view.access_policy = policy
        return view
    return decorate


def protect_static(app: Flask) -> None:
    _endpoint_policies["static"] = PUBLIC


def policies_for(endpoint: str) -> list[Policy]:
    """The policies that guard an endpoint; empty means none was declared."""
    found = []
    if endpoint in _endpoint_policies:
        found.append(_endpoint_policies[endpoint])
    if "." in endpoint:
        bp_policy = _blueprint_policies.get(endpoint.rsplit(".", 1)[0])
        if bp_policy:
            found.append(bp_policy)
    view = current_app.view_functions.get(endpoint)
    view_policy = getattr(view, "access_policy", None)
    if view_policy:
        found.append(view_policy)
    return found


def _enforce():
    if request.endpoint is None:  # 404/405: let the error handlers answer
        return None
    policies = policies_for(request.endpoint)
    if not policies:
        abort(403)
    for policy in policies:
        if policy.login and not current_user.is_authenticated:
            # A redirect for a page, HX-Redirect for htmx: the answer depends on HX-Request.
            response = login_manager.unauthorized()
            response.vary.add("HX-Request")
            return response
        if policy.login and not policy.allows(current_user):
            abort(403)
    return None


def _log_refusal(response):
    """Every 403 is logged with who, where and when, so that probing shows up in the log."""
    if response.status_code == 403:
        who = current_user.username if current_user.is_authenticated else "anonymous"
        current_app.logger.warning("403 refused: user=%s %s %s endpoint=%s from=%s", who, request.method,
                                   request.path, request.endpoint, request.remote_addr)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_enforce)
    app.after_request(_log_refusal)
