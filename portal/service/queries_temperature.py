"""What the temperature register reads: measurements of a period or a household, and each
household's latest valid verdict (the figure residents see on the commitments page)."""

from datetime import date, datetime

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..prepared import Asked, prepared
from . import queries
from .models import ColdFile, EnteredFigure, Household, Measurement, MeasurementCheck, PlannedMeasurement


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


def tally(starts: datetime, ends: datetime, branch_id: int | None = None) -> dict:
    """The period's measurements counted: valid ones by verdict, and those not valid by the method."""
    valid = Measurement.problems == ""
    query = (select(valid, Measurement.verdict, func.count()).where(Measurement.started_at >= starts, Measurement.started_at < ends)
             .group_by(valid, Measurement.verdict))
    if branch_id is not None:
        query = query.where(Measurement.branch_id == branch_id)
    counts = {"all": 0, "invalid": 0, "meets": 0, "deemed_meets": 0, "below": 0, "exempt": 0}
    for is_valid, verdict, n in db.session.execute(query):
        counts["all"] += n
        counts[verdict if is_valid else "invalid"] += n
    return counts


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



def latest_of_month(starts: datetime, ends: datetime) -> list[tuple[str, int | None, str]]:
    """(estate, branch id, verdict) of each household's latest valid measurement in the period."""
    latest = (select(Measurement.household_id, func.max(Measurement.started_at).label("at"))
              .where(Measurement.started_at >= starts, Measurement.started_at < ends, Measurement.problems == "")
              .group_by(Measurement.household_id).subquery())
    return [tuple(row) for row in db.session.execute(
        select(Household.estate, Household.branch_id, Measurement.verdict)
        .join(latest, (Measurement.household_id == latest.c.household_id) & (Measurement.started_at == latest.c.at))
        .join(Household, Household.id == Measurement.household_id).where(Measurement.problems == ""))]


def cold_not_measured(starts: datetime, ends: datetime, limit: int | None) -> list[Household]:
    """Cold households without a measurement in the period (every one is due at least monthly)."""
    return list(db.session.scalars(select(Household).options(joinedload(Household.branch))
                                   .where(Household.cold, Household.id.not_in(_measured(starts, ends)))
                                   .order_by(Household.branch_id, Household.estate, Household.id).limit(limit)))


def cold_counts(starts: datetime, ends: datetime) -> tuple[int, int]:
    """(cold households, of which not measured in the period)."""
    row = db.session.execute(select(func.count(), func.count().filter(Household.id.not_in(_measured(starts, ends))))
                             .select_from(Household).where(Household.cold)).one()
    return row[0], row[1]


def _measured(starts: datetime, ends: datetime):
    return select(Measurement.household_id).where(Measurement.started_at >= starts, Measurement.started_at < ends)


def cold_files(limit: int = 200) -> list[ColdFile]:
    """Open cold files first (oldest first), then the latest closed ones."""
    return list(db.session.scalars(select(ColdFile).options(joinedload(ColdFile.household).joinedload(Household.branch))
                                   .order_by(ColdFile.closed_at.is_not(None), ColdFile.closed_at.desc(), ColdFile.opened_at)
                                   .limit(limit)))


def cold_file(file_id: int) -> ColdFile | None:
    return db.session.scalar(select(ColdFile).options(joinedload(ColdFile.household), joinedload(ColdFile.closed_by))
                             .where(ColdFile.id == file_id))


def open_file_of(household_id: int) -> ColdFile | None:
    return db.session.scalar(select(ColdFile).where(ColdFile.household_id == household_id, ColdFile.closed_at.is_(None)))


def plan(first: date, starts: datetime, ends: datetime, branch_id: int | None = None) -> list[tuple]:
    """The month's plan, cold households first: (planned row, when it was measured this month or None)."""
    measured = (select(func.max(Measurement.started_at)).where(Measurement.household_id == PlannedMeasurement.household_id,
                                                              Measurement.started_at >= starts, Measurement.started_at < ends)
                .correlate(PlannedMeasurement).scalar_subquery())
    query = (select(PlannedMeasurement, measured).join(Household, Household.id == PlannedMeasurement.household_id)
             .options(joinedload(PlannedMeasurement.household).joinedload(Household.branch))
             .where(PlannedMeasurement.month == first)
             .order_by(Household.cold.desc(), Household.branch_id, Household.estate, Household.id))
    if branch_id is not None:
        query = query.where(Household.branch_id == branch_id)
    return [tuple(row) for row in db.session.execute(query)]


def cold_not_planned(first: date, branch_id: int | None = None) -> list[int]:
    """Ids of cold households (of a branch, if given) not yet in the month's plan."""
    planned = select(PlannedMeasurement.household_id).where(PlannedMeasurement.month == first)
    query = select(Household.id).where(Household.cold, Household.id.not_in(planned))
    if branch_id is not None:
        query = query.where(Household.branch_id == branch_id)
    return list(db.session.scalars(query))


def planned_not_measured_query(first: date, starts: datetime, ends: datetime, branch_id: int | None) -> Asked:
    """How many of the month's planned households are not measured yet (a count, for the home page)."""
    return Asked(_planned_not_measured(of_a_branch=branch_id is not None),
                 {"plan_month": first, "plan_starts": starts, "plan_ends": ends, "plan_branch": branch_id})


@prepared
def _planned_not_measured(of_a_branch: bool) -> Select:
    measured = select(Measurement.household_id).where(Measurement.started_at >= bindparam("plan_starts"),
                                                      Measurement.started_at < bindparam("plan_ends"))
    query = (select(func.count()).select_from(PlannedMeasurement).join(Household, Household.id == PlannedMeasurement.household_id)
             .where(PlannedMeasurement.month == bindparam("plan_month"), PlannedMeasurement.household_id.not_in(measured)))
    return query.where(Household.branch_id == bindparam("plan_branch")) if of_a_branch else query


def checks_of(measurement_id: int) -> list[MeasurementCheck]:
    return list(db.session.scalars(select(MeasurementCheck).options(joinedload(MeasurementCheck.checked_by))
                                   .where(MeasurementCheck.measurement_id == measurement_id).order_by(MeasurementCheck.id)))


def checks_count(starts: datetime, ends: datetime) -> tuple[int, int]:
    """(spot checks of the period's measurements, of which not agreeing with the record)."""
    row = db.session.execute(select(func.count(), func.count().filter(~MeasurementCheck.agrees))
                             .join(Measurement, Measurement.id == MeasurementCheck.measurement_id)
                             .where(Measurement.started_at >= starts, Measurement.started_at < ends)).one()
    return row[0], row[1]


def entered_figures(season_start: date) -> list[EnteredFigure]:
    """The office's entries of a season, newest first (the first of each kind stands)."""
    return list(db.session.scalars(select(EnteredFigure).options(joinedload(EnteredFigure.entered_by))
                                   .where(EnteredFigure.season_start == season_start)
                                   .order_by(EnteredFigure.entered_at.desc(), EnteredFigure.id.desc())))


def file_history(cold_file: ColdFile) -> dict:
    """A cold file's household since the file was opened: measurements, tickets, complaints, calls."""
    history = queries.history_of(cold_file.household_id)
    since = {key: [row for row in rows if row.received_at >= cold_file.opened_at] for key, rows in history.items()}
    return {**since, "measurements": [m for m in of_household(cold_file.household_id) if m.started_at >= cold_file.opened_at]}
