"""Demo content of the attendance register: about a month of every department's register up
to yesterday (mostly present, some late or left early, business trips, on-duty days; days of
approved leave stay to the leave requests), a few spot checks — one found 钟建华 away where his
head had entered present: the 旷工 is in the register and the head's entry waits beside it as a
conflict for the leadership —, sick leave approved afterwards for a day the office's presence
check had marked 方玉洁 absent (a conflict for the approver and the office), one person past the
30-days-in-3-months alarm with no follow-up yet (付强, 第二分公司), one past it whose talk is
recorded (夏立平, 第二分公司) and one near it (孟凡利, 警卫班)."""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..demo import seeder
from ..extensions import db
from ..staff.models import Employee
from ..clock import LOCAL_ZONE, local_today
from . import rules
from .models import AlarmFollowUp, AttendanceChange, AttendanceEntry, LeaveRequest, RegisterConflict, SpotCheck

PAST_ALARM = "付强"        # 第二分公司: 32 days absent without leave within 3 months
NEAR_ALARM = "孟凡利"      # 警卫班: 22 days, near the 30-day alarm
CONFLICT = "钟建华"        # 第一分公司: the head says present, the inspector found him away
TALKED = "夏立平"          # 第二分公司: 31 days within 3 months; the GM's talk is recorded
LEAVE_OVER_ABSENT = "方玉洁"  # 第二分公司: marked absent by the office, sick leave approved afterwards
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
    earlier = history[:len(history) * 3 // 4]      # the talked-to person's absences end weeks ago
    if TALKED in by_name and len(earlier) > 31:
        absent[TALKED] = set(rng.sample(earlier, 31))
    trips: dict[str, set[date]] = {}
    for name, length in TRIPS.items():
        if len(month) > length + 4:
            start = rng.randrange(2, len(month) - length - 1)
            trips[name] = set(month[start:start + length])

    made: dict[tuple[int, date], AttendanceEntry] = {}
    gm = next((p for p in people if p.rank == "general_manager"), None)
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
    # Every entry was written through the register, so each has its first change on record
    # (the history page shows it: who recorded what, when).
    db.session.add_all(AttendanceChange(employee_id=e.employee_id, day=e.day, old_code=None, old_reason=None,
                                        new_code=e.code, new_reason=e.absent_reason, source="register",
                                        changed_by_id=e.recorded_by_id, changed_at=e.recorded_at)
                       for e in made.values())

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
        # The head's record agrees with the check, except in the one conflict: there the head said
        # present, the inspector's 旷工 went into the register and the head's entry waits beside it.
        entry = made.get((person.id, day))
        if entry is None:
            continue
        if name != CONFLICT:
            entry.code, entry.absent_reason = code, reason
            continue
        head_id, entered = entry.recorded_by_id, entry.recorded_at
        checked = _utc(day, 10, 20)
        entry.code, entry.absent_reason, entry.source, entry.note = code, reason, "spot_check", note
        entry.recorded_by_id, entry.recorded_at = checker.id, checked
        # 10:20 the inspector's 旷工 goes into the register; at 17:xx the head enters present, which
        # cannot overwrite it and waits beside it.
        db.session.add_all([
            AttendanceChange(employee_id=person.id, day=day, old_code=None, new_code=code, new_reason=reason,
                             note=note, source="spot_check", changed_by_id=checker.id, changed_at=checked),
            RegisterConflict(kind=rules.CONFLICT_HEAD, employee_id=person.id, day=day, mark_code=code,
                             mark_reason=reason, mark_source="spot_check", mark_by_id=checker.id,
                             claim_code=rules.PRESENT, claimed_by_id=head_id, claimed_at=entered, state="open",
                             created_at=entered)])
    _leave_over_absence(by_name.get(LEAVE_OVER_ABSENT), month, leave, made, today)
    _talk(by_name.get(TALKED), absent.get(TALKED, set()), gm, today)
    db.session.commit()


def _leave_over_absence(person, month: list[date], leave, made, today: date) -> None:
    """The office's presence check found the person away without notice; the next morning they
    filed sick leave for that day and their head approved it: one day, two records."""
    office = db.session.scalar(select(Employee).where(Employee.username == "office"))
    if person is None or office is None or len(month) < 4:
        return
    day = next((d for d in reversed(month[:-2]) if (person.id, d) not in leave), None)
    head_id = person.department.head_id
    if day is None or head_id is None:
        return
    found_at = _utc(day, 9, 40)
    entry = made.get((person.id, day))
    old = (entry.code, entry.absent_reason) if entry is not None else (None, None)
    if entry is None:
        entry = AttendanceEntry(employee_id=person.id, day=day)
        db.session.add(entry)
    entry.code, entry.absent_reason, entry.source = rules.ABSENT, "left_without_approval", "presence"
    entry.note, entry.recorded_by_id, entry.recorded_at = "查岗：不在岗，未告知", office.id, found_at
    db.session.add(AttendanceChange(employee_id=person.id, day=day, old_code=old[0], old_reason=old[1],
                                    new_code=rules.ABSENT, new_reason="left_without_approval", note=entry.note,
                                    source="presence", changed_by_id=office.id, changed_at=found_at))
    filed = _utc(rules.next_working_day(day), 8, 15)
    db.session.add(LeaveRequest(
        employee_id=person.id, leave_type="sick", start_date=day, start_part="am", end_date=day, end_part="pm",
        days=1, reason="前一天发烧在家，未及时请假，补请病假。", state="approved", approver_level="department_head",
        approver_id=head_id, decided_by_id=head_id, decided_at=filed + timedelta(hours=1), created_at=filed))


def _talk(person, days: set[date], gm, today: date) -> None:
    """The person passed 30 days within 3 months; the GM held the talk a week after the last one."""
    if person is None or gm is None or not days:
        return
    found = rules.alarm_follow_up(days, (), today).get(rules.TALK)
    if found is None or found[0] != rules.OPEN:
        return
    _standing, count, first, last, _done = found
    held = min(last + timedelta(days=7), today)
    db.session.add(AlarmFollowUp(
        employee_id=person.id, alarm=rules.TALK, step=rules.TALK_STEP, on_date=held, held_by_id=gm.id,
        notes="总经理约谈：本人承认擅自离岗和工作时间打牌，保证不再旷工；分公司经理每日报告其在岗情况。",
        window_first=first, through=last, days=count, recorded_by_id=gm.id, recorded_at=_utc(held, 16, 30)))
