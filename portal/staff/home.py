"""The staff area's items on the home page: gaps in the organisation that someone must fill."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home.panels import Waiting, provider
from . import queries


@provider
def organisation_gaps(user) -> list[Waiting]:
    if not user.has_role("admin", "office"):
        return []
    no_substitute, no_head, no_account = queries.organisation_gap_queries()
    admin = url_for("staff.admin_index")
    return [
        Waiting(_l("Posts without a substitute"), no_substitute, admin + "#posts"),
        Waiting(_l("Departments without a head"), no_head, admin + "#departments"),
        Waiting(_l("Employees without a login"), no_account, admin + "#accounts"),
    ]
