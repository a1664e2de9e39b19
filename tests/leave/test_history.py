"""The register's history: every change of a cell — by its head, by the duty roster — is
written to attendance_changes with the change itself (who, when, from what to what)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.clock import local_today
from portal.extensions import db
from portal.leave import operations_register, rules
from portal.leave.models import AttendanceChange, AttendanceEntry, DutyShift
from portal.staff.models import Employee
from tests import factories

HX = {"HX-Request": "true"}
FREE_SAT = date(2026, 9, 26)  # a Saturday of a month the demo roster leaves alone


def a_working_day_back(n: int) -> date:
    day, seen = local_today(), 0
    while seen < n:
        day -= timedelta(days=1)
        seen += rules.is_working_day(day)
    return day


def changes(app, employee_id: int, day: date) -> list[tuple]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(AttendanceChange.old_code, AttendanceChange.old_reason, AttendanceChange.new_code,
                   AttendanceChange.new_reason, AttendanceChange.source, AttendanceChange.changed_by_id)
            .where(AttendanceChange.employee_id == employee_id, AttendanceChange.day == day)
            .order_by(AttendanceChange.id))]


@pytest.fixture
def team(app):
    with app.app_context():
        return factories.team()


def test_each_save_and_the_clear_of_a_cell_are_recorded_with_old_and_new(app, as_user, team):
    head = as_user(team.head.username)
    day = a_working_day_back(2)
    cell = f"/leave/register/{team.worker.id}/{day.isoformat()}"
    assert head.post(cell, data={"code": "present"}, headers=HX).status_code == 200
    assert head.post(cell, data={"code": "absent", "reason": "left_without_approval"}, headers=HX).status_code == 200
    assert changes(app, team.worker.id, day) == [
        (None, None, "present", None, "register", team.head.id),
        ("present", None, "absent", "left_without_approval", "register", team.head.id),
    ]
    assert head.post(cell, data={"code": ""}, headers=HX).status_code == 200
    assert changes(app, team.worker.id, day)[-1] == ("absent", "left_without_approval", None, None, "register",
                                                     team.head.id)
    # a refused save changes nothing and records nothing
    assert head.post(cell, data={"code": "nonsense"}, headers=HX).status_code == 422
    assert len(changes(app, team.worker.id, day)) == 3


def test_a_save_that_lost_the_race_leaves_no_history(app, team):
    """Two heads save the same empty cell at once: the database keeps one, and one change."""
    day = a_working_day_back(3)
    with app.app_context():
        assert operations_register.save_cell(team.worker.id, day, "late", None, team.head.id, None) is not None
        assert operations_register.save_cell(team.worker.id, day, "present", None, team.deputy.id, None) is None
    assert changes(app, team.worker.id, day) == [(None, None, "late", None, "register", team.head.id)]


def test_a_missed_shift_and_its_correction_are_register_changes(app, as_user):
    office = as_user("office")
    with app.app_context():
        driver = db.session.scalar(select(Employee.id).where(Employee.username == "driver"))
        office_id = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
        db.session.add(AttendanceEntry(employee_id=driver, day=FREE_SAT, code="on_duty", recorded_by_id=office_id))
        db.session.add(DutyShift(day=FREE_SAT, post="公司值班", employee_id=driver, status="assigned"))
        db.session.commit()
        shift = db.session.scalar(select(DutyShift.id).where(DutyShift.employee_id == driver,
                                                             DutyShift.day == FREE_SAT))
    office.post(f"/leave/duty/shifts/{shift}/status", data={"status": "missed"})
    office.post(f"/leave/duty/shifts/{shift}/status", data={"status": "done"})
    assert changes(app, driver, FREE_SAT) == [
        ("on_duty", None, "absent", "missed_duty_shift", "duty", office_id),
        ("absent", "missed_duty_shift", None, None, "duty", office_id),
    ]
    with app.app_context():
        notes = db.session.scalars(select(AttendanceChange.note).where(AttendanceChange.employee_id == driver,
                                                                       AttendanceChange.day == FREE_SAT)).all()
        assert notes == ["公司值班", ""]
