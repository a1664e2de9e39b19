"""The handbook's items on the home page: regulations in force that the user has not read."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home.panels import Waiting, provider
from ..clock import local_today
from . import queries


@provider
def unread_regulations(user) -> list[Waiting]:
    count = queries.unread_count_query(user.id, local_today())
    return [Waiting(_l("Regulations to read and confirm"), count, url_for("handbook.index"))]
