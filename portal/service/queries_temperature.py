"""What the temperature register reads: measurements of a period or a household, and each
household's latest valid verdict (the figure residents see on the commitments page)."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from .models import Measurement


def measurement(measurement_id: int) -> Measurement | None:
    return db.session.scalar(select(Measurement).options(
        selectinload(Measurement.rooms), joinedload(Measurement.household), joinedload(Measurement.measured_by),
        joinedload(Measurement.branch)).where(Measurement.id == measurement_id))


def measurements(starts: datetime, ends: datetime, branch_id: int | None = None, limit: int = 200) -> list[Measurement]:
    """The period's measurements, newest first, with their households (rooms not loaded)."""
    query = (select(Measurement).options(joinedload(Measurement.household), joinedload(Measurement.measured_by))
             .where(Measurement.started_at >= starts, Measurement.started_at < ends))
    if branch_id is not None:
        query = query.where(Measurement.branch_id == branch_id)
    return list(db.session.scalars(query.order_by(Measurement.started_at.desc()).limit(limit)))


def of_household(household_id: int, limit: int = 20) -> list[Measurement]:
    return list(db.session.scalars(select(Measurement).options(selectinload(Measurement.rooms))
                                   .where(Measurement.household_id == household_id)
                                   .order_by(Measurement.started_at.desc()).limit(limit)))


def latest_verdicts(starts: datetime, ends: datetime) -> list[str]:
    """Each measured household's latest valid verdict in the period: one statement."""
    latest = (select(Measurement.household_id, func.max(Measurement.started_at).label("at"))
              .where(Measurement.started_at >= starts, Measurement.started_at < ends, Measurement.problems == "")
              .group_by(Measurement.household_id).subquery())
    return list(db.session.scalars(
        select(Measurement.verdict).join(latest, (Measurement.household_id == latest.c.household_id)
                                         & (Measurement.started_at == latest.c.at))
        .where(Measurement.problems == "")))

