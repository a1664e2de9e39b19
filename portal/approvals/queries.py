"""Reading decisions."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import derived_cache
from ..extensions import db
from .models import Decision


def decision_on(subject: str, subject_id: int) -> Decision | None:
    """The decision taken on an item, with who took it (None while undecided)."""
    return db.session.scalar(
        select(Decision).options(joinedload(Decision.decided_by), joinedload(Decision.on_behalf_of))
        .where(Decision.subject == subject, Decision.subject_id == subject_id))


# Every decision adds a row to the ledger: figures kept in derived_cache that count what was
# decided (approved overtime, resolved conflicts) follow it.
derived_cache.follow(Decision)
