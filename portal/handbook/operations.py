"""What changes the handbook: reading confirmations and new revisions of a regulation.
The only handbook code that writes and commits (the loader seeds the original texts)."""

from datetime import date

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Acknowledgement, RegulationRevision


def acknowledge(employee_id: int, revision_id: int) -> None:
    """Record that someone has read a revision; a second click changes nothing."""
    db.session.add(Acknowledgement(employee_id=employee_id, revision_id=revision_id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def add_revision(latest: RegulationRevision, *, title: str, preamble: str, articles: list[dict], closing: str,
                 effective_date: date, note: str, by_id: int) -> RegulationRevision:
    """The next revision after `latest`, in force from `effective_date`; everyone is asked to read it again."""
    revision = RegulationRevision(
        regulation_id=latest.regulation_id, revision_no=latest.revision_no + 1, title=title, preamble=preamble,
        articles=articles, closing=closing, effective_date=effective_date, note=note, errata=[],
        created_by_id=by_id)
    db.session.add(revision)
    db.session.commit()
    return revision
