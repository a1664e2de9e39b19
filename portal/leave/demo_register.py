"""Demo content of the attendance register: about a month of every department's register up
to yesterday (mostly present, some late or left early, business trips, on-duty days; days of
approved leave stay to the leave requests), a few spot checks with one that contradicts the
head's record, one person past the 30-days-in-3-months alarm (付强, 第二分公司) and one near
it (孟凡利, 警卫班)."""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..demo import seeder
from ..extensions import db
from ..staff.models import Employee
from ..clock import LOCAL_ZONE, local_today
from . import rules
from .models import AttendanceEntry, LeaveRequest, SpotCheck

PAST_ALARM = "付强"        # 第二分公司: 32 days absent without leave within 3 months
NEAR_ALARM = "孟凡利"      # 警卫班: 22 days, near the 30-day alarm
CONFLICT = "钟建华"        # 第一分公司: the head says present, the inspector found him away
TRIPS = {"谢永刚": 3, "任宏伟": 2, "魏国华": 2}   # business trips (working days)
ON_DUTY = ("姚建军", "卢永生")                     # heat-station duty on working days


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    local = datetime.combine(day, time(hour, minute), tzinfo=LOCAL_ZONE)
    return (local - local.utcoffset()).replace(tzinfo=None)


def _working_days(first: date, last: date) -> list[date]:
    return rules.working_days_between(first, last)


@seeder
def seed_register(now: datetime, password: str) -> None:
    if (db.session.scalar(select(AttendanceEntry.id).limit(1))
            or db.session.scalar(select(SpotCheck.id).limit(1))):
        return
    rng = random.Random(1108)
    today = local_today(now)
    yesterday = today - timedelta(days=1)
    month_start = rules.add_months(today, -1)
    history_start = rules.add_months(today, -3)
    people = db.session.scalars(select(Employee).options(joinedload(Employee.department))
                                .where(Employee.active).order_by(Employee.id)).all()
    by_name = {p.name: p for p in people}
    leave = rules.leave_halves(
        [tuple(r) for r in db.session.execute(
            select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
                   LeaveRequest.end_date, LeaveRequest.end_part)
            .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= yesterday,
                   LeaveRequest.end_date >= history_start)).all()],
        history_start, yesterday)

    month = _working_days(month_start, yesterday)
    history = _working_days(history_start, yesterday)
    absent: dict[str, set[date]] = {}
    for name, count in ((PAST_ALARM, 32), (NEAR_ALARM, 22)):
        if name in by_name and len(history) > count:
            absent[name] = set(rng.sample(history[1:], count))
    trips: dict[str, set[date]] = {}
    for name, length in TRIPS.items():
        if len(month) > length + 4:
            start = rng.randrange(2, len(month) - length - 1)
            trips[name] = set(month[start:start + length])

    made: dict[tuple[int, date], AttendanceEntry] = {}
    for person in people:
        head_id = person.department.head_id or person.id
        days = history if person.name in absent else month
        for day in days:
            if (person.id, day) in leave or (person.hire_date and day < person.hire_date):
                continue
            reason = None
            if day in absent.get(person.name, ()):
                code = rules.ABSENT
                reason = rng.choice(("left_without_approval", "left_without_approval", "games_or_chatting",
                                     "skipped_organised_activity"))
            elif day in trips.get(person.name, ()):
                code = rules.BUSINESS_TRIP
            elif person.name in ON_DUTY and rng.random() < 0.15:
                code = rules.ON_DUTY
            else:
                roll = rng.random()
                code = rules.LATE if roll < 0.03 else rules.LEFT_EARLY if roll < 0.05 else rules.PRESENT
            made[(person.id, day)] = AttendanceEntry(
                employee_id=person.id, day=day, code=code, absent_reason=reason,
                recorded_by_id=head_id, recorded_at=_utc(day, 17, rng.randrange(30, 59)))
    db.session.add_all(made.values())

    inspector = db.session.scalar(select(Employee).where(Employee.username == "inspector"))
    labour = by_name.get("于洪波") or inspector
    if inspector is None or len(month) < 8:
        db.session.commit()
        return
    checks = [  # (who, working days back, observed, reason, note, checked by)
        ("黄丽娜", 7, rules.PRESENT, None, "客服大厅在岗接听热线", inspector),
        ("陆海军", 6, rules.PRESENT, None, "", inspector),
        (CONFLICT, 5, rules.ABSENT, "left_without_approval",
         "10:20 到第一分公司抽查，本人不在岗，未办离岗告知，电话称在外办私事", inspector),
        ("蒋丽", 4, rules.LATE, None, "8:25 到岗", labour),
        ("任宏伟", 3, rules.PRESENT, None, "", labour),
    ]
    for name, back, code, reason, note, checker in checks:
        person = by_name.get(name)
        if person is None:
            continue
        # A working day `back` days ago on which the person was not on approved leave.
        day = next((d for d in reversed(month[:len(month) - back + 1]) if (person.id, d) not in leave), None)
        if day is None:
            continue
        db.session.add(SpotCheck(employee_id=person.id, day=day, code=code, absent_reason=reason, note=note,
                                 checked_by_id=checker.id, checked_at=_utc(day, 10, 20)))
        # The head's record agrees with the check, except in the one conflict: there it says present.
        entry = made.get((person.id, day))
        if entry is not None:
            entry.code, entry.absent_reason = (rules.PRESENT, None) if name == CONFLICT else (code, reason)
    db.session.commit()
