"""Every change in the hygiene area; the only code here that commits."""

from datetime import date, datetime

from ..approvals import operations as approvals
from ..extensions import commit_unless_taken, db
from . import rules
from .models import GmOfficeClean, HygieneFix, HygieneInspection, HygieneZone, InspectionResult, WeeklyClean


def inspect(zone: HygieneZone, results: dict[str, tuple[str, str | None]], note: str, by_id: int, now: datetime,
            department_id: int | None, fix_due: date) -> HygieneInspection:
    """The office's inspection of `zone`: item -> (result, stored photo name or None). Each
    failure becomes a fix for the answering department (or, in the GM's office, the appointed
    person) by `fix_due`. One transaction."""
    inspection = HygieneInspection(zone_id=zone.id, department_id=department_id, inspected_by_id=by_id,
                                   inspected_at=now, note=note.strip(),
                                   score=rules.inspection_score({item: r for item, (r, _p) in results.items()}))
    db.session.add(inspection)
    db.session.flush()
    for item, (outcome, photo) in results.items():
        row = InspectionResult(inspection_id=inspection.id, item=item, result=outcome, photo_file=photo)
        db.session.add(row)
        if outcome == rules.FAIL:
            db.session.flush()
            db.session.add(HygieneFix(result_id=row.id, zone_id=zone.id, item=item, due=fix_due,
                                      department_id=department_id,
                                      person_id=zone.appointed_id if zone.kind == rules.GM_OFFICE else None))
    db.session.commit()
    return inspection


def mark_fixed(fix_id: int, by_id: int, now: datetime) -> bool:
    return approvals.change_state(HygieneFix, fix_id, from_states=("open",), to_state="fixed",
                                  values={"fixed_by_id": by_id, "fixed_at": now})


def close_fix(fix_id: int, by_id: int, now: datetime) -> bool:
    """The office looked again and it is right (a fix still open may be closed on the spot too)."""
    return approvals.change_state(HygieneFix, fix_id, from_states=("open", "fixed"), to_state="closed",
                                  values={"closed_by_id": by_id, "closed_at": now})


def reopen_fix(fix_id: int) -> bool:
    """The office looked again and it is still not right."""
    return approvals.change_state(HygieneFix, fix_id, from_states=("fixed",), to_state="open",
                                  values={"fixed_by_id": None, "fixed_at": None})


def mark_weekly_clean(zone_id: int, monday: date, department_id: int, by_id: int, now: datetime) -> bool:
    """False when the place's clean of that week was marked already."""
    db.session.add(WeeklyClean(zone_id=zone_id, week=monday, department_id=department_id, done_by_id=by_id,
                               done_at=now))
    return commit_unless_taken()


def mark_gm_office(day: date, by_id: int, now: datetime) -> bool:
    db.session.add(GmOfficeClean(day=day, done_by_id=by_id, done_at=now))
    return commit_unless_taken()


def save_zone(zone: HygieneZone | None, **fields) -> HygieneZone | None:
    """A new place or changes to one; None when another place has that name."""
    zone = zone or HygieneZone()
    for name, value in fields.items():
        setattr(zone, name, value)
    db.session.add(zone)
    return zone if commit_unless_taken() else None
