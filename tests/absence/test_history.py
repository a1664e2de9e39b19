"""A leave-post notice's history: filed and returned go to notice_events (its decision to the
decisions ledger), the register marks it causes to attendance_changes, each with the change."""

from datetime import timedelta

from sqlalchemy import select

from portal.absence.models import LeavePostNotice, NoticeEvent
from portal.approvals.models import Decision
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.leave.models import AttendanceChange
from portal.staff.models import Employee
from tests import factories


def file_notice(client, cover_id, minutes=60):
    now = utcnow()
    return client.post("/absence/new", data={
        "category": "meeting", "details": "", "left_at": to_local(now).strftime("%Y-%m-%dT%H:%M"),
        "expected_back": to_local(now + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M"),
        "substitute_id": str(cover_id), "contact_phone": "13800000000"})


def history(app, notice_id):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(NoticeEvent.kind, NoticeEvent.actor_id, NoticeEvent.detail)
            .where(NoticeEvent.notice_id == notice_id).order_by(NoticeEvent.id))]


def register_changes(app, employee_id):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(AttendanceChange.old_code, AttendanceChange.new_code, AttendanceChange.new_reason,
                   AttendanceChange.source, AttendanceChange.changed_by_id)
            .where(AttendanceChange.employee_id == employee_id).order_by(AttendanceChange.id))]


def test_filed_decided_and_returned_late(app, as_user):
    with app.app_context():
        team = factories.team()
    worker, head = as_user(team.worker.username), as_user(team.head.username)
    assert file_notice(worker, team.head.id).status_code == 302
    with app.app_context():
        notice = db.session.scalar(select(LeavePostNotice.id).where(LeavePostNotice.employee_id == team.worker.id))
    assert history(app, notice) == [("filed", team.worker.id, "")]

    head.post(f"/absence/{notice}/decide", data={"outcome": "approve"})
    with app.app_context():
        assert db.session.scalar(select(Decision.decided_by_id).where(
            Decision.subject == "notice", Decision.subject_id == notice)) == team.head.id
        row = db.session.get(LeavePostNotice, notice)
        row.left_at, row.expected_back = utcnow() - timedelta(minutes=90), utcnow() - timedelta(minutes=30)
        db.session.commit()
    head.post(f"/absence/{notice}/return")
    assert history(app, notice) == [("filed", team.worker.id, ""), ("returned", team.head.id, "late")]
    assert register_changes(app, team.worker.id) == [(None, "late", None, "notice", team.head.id)]


def test_back_on_time_is_history_but_no_register_change(app, as_user):
    with app.app_context():
        team = factories.team()
    worker = as_user(team.worker.username)
    file_notice(worker, team.head.id)
    with app.app_context():
        notice = db.session.scalar(select(LeavePostNotice.id).where(LeavePostNotice.employee_id == team.worker.id))
    worker.post(f"/absence/{notice}/return")
    assert history(app, notice) == [("filed", team.worker.id, ""), ("returned", team.worker.id, "on_time")]
    assert register_changes(app, team.worker.id) == []


def test_a_presence_check_that_finds_someone_away_is_a_register_change(app, as_user):
    with app.app_context():
        worker = factories.person(factories.department())
        office = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
    as_user("office").post(f"/absence/presence/{worker.id}", data={"found": "away_without_notice", "confirm": "yes"})
    assert register_changes(app, worker.id) == [(None, "absent", "left_without_approval", "presence", office)]
