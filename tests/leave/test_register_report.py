"""One day, one status: the monthly report never counts more days for a person than the month
has working days, whatever the register holds — a property test over random registers written
the way the portal writes them: the head's entries (on any day, weekends included, as if the
calendar had changed since), approved leave in half days and longer spans (overlapping, of
several types), weekend and holiday duty shifts done or missed (a missed one is 旷工 in the
register), and spot checks (an absence found goes into the register over the head's entry)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from portal.extensions import db
from portal.leave import operations_duty, operations_register, queries_duty, reports, rules
from portal.leave.models import AttendanceEntry, DutyShift, LeaveRequest
from portal.staff.models import Employee
from tests import factories

# October 2026: the National Day holiday (1–7 Oct) and a make-up working Saturday.
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
DAYS = [FIRST + timedelta(days=i) for i in range(31)]
SPANS_FROM = [FIRST - timedelta(days=5) + timedelta(days=i) for i in range(41)]   # leave reaching in from outside

CELL = st.tuples(st.sampled_from(DAYS), st.sampled_from(rules.ATTENDANCE_CODES))
LEAVE = st.tuples(st.sampled_from(SPANS_FROM), st.sampled_from(rules.PARTS), st.integers(0, 6),
                  st.sampled_from(rules.PARTS), st.sampled_from(list(rules.LEAVE_TYPES)))
SHIFT = st.tuples(st.sampled_from(DAYS), st.sampled_from((rules.DONE, rules.MISSED)))
CHECK = st.tuples(st.sampled_from(DAYS), st.sampled_from(rules.ATTENDANCE_CODES))
PERSON = st.fixed_dictionaries({"cells": st.lists(CELL, max_size=25), "leave": st.lists(LEAVE, max_size=4),
                                "shifts": st.lists(SHIFT, max_size=3), "checks": st.lists(CHECK, max_size=4)})


def _cell(employee_id: int, day: date) -> AttendanceEntry | None:
    return db.session.scalar(select(AttendanceEntry).where(AttendanceEntry.employee_id == employee_id,
                                                           AttendanceEntry.day == day))


def _reason(code: str) -> str | None:
    return "left_without_approval" if code == rules.ABSENT else None


def _write(person: Employee, plan: dict, head: Employee, checker_id: int, office_id: int) -> None:
    for day, code in plan["cells"]:
        operations_register.write_entry(person.id, day, _cell(person.id, day), code, _reason(code), head.id, "register")
        db.session.commit()
    for start, start_part, length, end_part, leave_type in plan["leave"]:
        end = start + timedelta(days=length)
        if length == 0 and (start_part, end_part) == ("pm", "am"):
            start_part, end_part = end_part, start_part
        db.session.add(LeaveRequest(employee_id=person.id, leave_type=leave_type, start_date=start, start_part=start_part,
                                    end_date=end, end_part=end_part, days=1, state="approved",
                                    approver_level="department_head", approver_id=head.id, decided_by_id=head.id))
        db.session.commit()
    for day, status in plan["shifts"]:
        if rules.is_working_day(day) or db.session.scalar(select(DutyShift.id).where(
                DutyShift.day == day, DutyShift.employee_id == person.id)):
            continue
        shift = DutyShift(day=day, post="公司值班", employee_id=person.id, status=rules.ASSIGNED, assigned_by_id=office_id)
        db.session.add(shift)
        db.session.commit()
        operations_duty.set_shift_status(shift, status, office_id)
    leave = rules.leave_parts(
        [tuple(r) for r in db.session.execute(
            select(LeaveRequest.employee_id, LeaveRequest.leave_type, LeaveRequest.start_date, LeaveRequest.start_part,
                   LeaveRequest.end_date, LeaveRequest.end_part).where(LeaveRequest.employee_id == person.id)).all()],
        FIRST, LAST)
    for day, code in plan["checks"]:   # as the spot-check page records one
        writes = (code == rules.ABSENT and rules.is_working_day(day)
                  and rules.half_of(leave.get((person.id, day))) != "day")
        operations_register.record_spot_check(person.id, day, code, _reason(code), "", checker_id, writes,
                                              _cell(person.id, day) if writes else None)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=st.lists(PERSON, min_size=1, max_size=3))
def test_property_no_report_counts_more_days_than_the_months_working_days(app, plans):
    working = rules.working_days_between(FIRST, LAST)
    with app.app_context():
        checker = db.session.scalar(select(Employee.id).where(Employee.username == "inspector"))
        office = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
        dept = factories.department()
        head = factories.person(dept, head_of=dept)
        people = [factories.person(dept) for _ in plans]
        for person, plan in zip(people, plans):
            _write(person, plan, head, checker, office)
        figures = queries_duty.month_figures([dept.id], FIRST, LAST)
        section, = reports.build([dept], figures, FIRST, LAST, None)
        lines = {line.employee_id: line for line in section.lines}
        for person in [head, *people]:
            line = lines[person.id]
            assert line.day_total <= len(working), (person.name, line.codes, line.leave)
            assert all(v >= 0 for v in line.codes.values())
        assert section.total.day_total <= len(working) * len(section.lines)
        # a missed shift is counted beside the working days, once per missed day
        for person, plan in zip(people, plans):
            missed = db.session.scalar(select(db.func.count()).select_from(AttendanceEntry).where(
                AttendanceEntry.employee_id == person.id, AttendanceEntry.code == rules.ABSENT,
                AttendanceEntry.day.between(FIRST, LAST)).where(AttendanceEntry.day.not_in(working)))
            assert lines[person.id].missed_duty == missed
