"""Nobody below the general manager approves his notices and leave: they are registered
(approved by being filed, the decision his own in the ledger) and the office sees them. While
he is away his post substitute decides what he would — a deputy manager's notice, overtime."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.absence.models import LeavePostNotice, NoticeEvent
from portal.approvals.models import Decision
from portal.clock import local_today, to_local, utcnow
from portal.extensions import db
from portal.leave import operations_duty
from portal.leave.models import LeaveEvent, LeaveRequest, OvertimeReport
from portal.staff.models import Employee, Post
from tests import factories


def file_notice(client, cover_id, minutes=60):
    now = utcnow()
    return client.post("/absence/new", data={
        "category": "meeting", "details": "到县住建局开会", "left_at": to_local(now).strftime("%Y-%m-%dT%H:%M"),
        "expected_back": to_local(now + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M"),
        "substitute_id": str(cover_id), "contact_phone": "13800000000"})


def latest(app, model, employee_id):
    with app.app_context():
        row = db.session.scalar(select(model).where(model.employee_id == employee_id).order_by(model.id.desc()).limit(1))
        if row is not None:
            db.session.expunge(row)
        return row


def gm_with_stand_in(app):
    """The company's GM and a deputy manager who is his post substitute (代岗人)."""
    with app.app_context():
        gm = factories.general_manager()
        stand_in = factories.person(rank="deputy_manager")
        post = db.session.get(Post, gm.post_id)
        post.substitute_id = stand_in.id
        db.session.commit()
        db.session.refresh(gm)
        db.session.refresh(stand_in)
    return gm, stand_in


def test_the_general_managers_notice_is_registered_and_the_office_sees_it(app, as_user):
    with app.app_context():
        gm, cover = factories.general_manager(), factories.person()
    client = as_user(gm.username)
    response = client.post("/absence/new", data={
        "category": "meeting", "details": "到县住建局开会",
        "left_at": to_local(utcnow()).strftime("%Y-%m-%dT%H:%M"),
        "expected_back": to_local(utcnow() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "substitute_id": str(cover.id), "contact_phone": ""}, follow_redirects=True)
    assert "离岗告知已登记：总经理的离岗告知无需审批" in response.get_data(as_text=True)
    notice = latest(app, LeavePostNotice, gm.id)
    assert notice.state == "approved" and notice.approver_id is None and notice.decided_by_id == gm.id
    with app.app_context():
        decision = db.session.scalar(select(Decision).where(Decision.subject == "notice",
                                                            Decision.subject_id == notice.id))
        assert (decision.outcome, decision.decided_by_id, decision.on_behalf_of_id) == ("approved", gm.id, None)
        assert db.session.scalars(select(NoticeEvent.kind).where(NoticeEvent.notice_id == notice.id)
                                  .order_by(NoticeEvent.id)).all() == ["filed", "registered"]
    page = as_user("office").get("/absence/approvals").get_data(as_text=True)
    assert "总经理登记的离岗和请假" in page and f"/absence/{notice.id}" in page
    assert "总经理登记" not in as_user("staff").get("/absence/approvals").get_data(as_text=True)
    assert "已登记" in as_user("office").get(f"/absence/{notice.id}").get_data(as_text=True)


def test_the_general_managers_leave_is_registered_and_the_office_sees_it(app, as_user):
    with app.app_context():
        gm = factories.general_manager()
    day = local_today() + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    client = as_user(gm.username)
    preview = client.get(f"/leave/preview?leave_type=annual&start_date={day}&start_part=am&end_date={day}"
                         "&end_part=pm").get_data(as_text=True)
    assert "总经理请假无需审批" in preview
    response = client.post("/leave/new", data={"leave_type": "annual", "start_date": day.isoformat(), "start_part": "am",
                                               "end_date": day.isoformat(), "end_part": "pm", "reason": "年休"},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "请假已登记" in response.get_data(as_text=True)
    leave = latest(app, LeaveRequest, gm.id)
    assert leave.state == "approved" and leave.approver_id is None and leave.decided_by_id == gm.id
    with app.app_context():
        assert db.session.scalars(select(LeaveEvent.kind).where(LeaveEvent.request_id == leave.id)
                                  .order_by(LeaveEvent.id)).all() == ["submitted", "registered"]
        assert db.session.scalar(select(Decision.decided_by_id).where(
            Decision.subject == "leave", Decision.subject_id == leave.id)) == gm.id
    assert "已登记" in client.get(f"/leave/{leave.id}").get_data(as_text=True)
    page = as_user("office").get("/absence/approvals").get_data(as_text=True)
    assert "总经理登记的离岗和请假" in page and gm.name in page and "年休假" in page


def test_while_the_gm_is_away_his_substitute_decides_a_deputy_managers_notice(app, as_user):
    gm, stand_in = gm_with_stand_in(app)
    with app.app_context():
        deputy, cover = factories.person(rank="deputy_manager"), factories.person()
        factories.on_leave(db.session.get(Employee, gm.id))
    client = as_user(deputy.username)
    response = file_notice(client, cover.id)
    notice = latest(app, LeavePostNotice, deputy.id)
    assert notice.approver_id == stand_in.id
    page = client.get(response.location).get_data(as_text=True)
    assert f"{gm.name}不在岗，已转交其代岗人{stand_in.name}审批" in page
    assert as_user(stand_in.username).post(f"/absence/{notice.id}/decide",
                                           data={"outcome": "approve"}).status_code == 302
    assert latest(app, LeavePostNotice, deputy.id).state == "approved"


def overtime_report(app):
    with app.app_context():
        team = factories.team()
        report = operations_duty.report_overtime(db.session.get(Employee, team.worker.id), local_today(),
                                                 Decimal("1"), "抢修", team.head.id)
        return report.id


def test_while_the_gm_is_away_his_substitute_decides_overtime(app, as_user):
    gm, stand_in = gm_with_stand_in(app)
    report_id = overtime_report(app)
    client = as_user(stand_in.username)
    # The GM is here: overtime is his.
    assert client.get("/leave/overtime").status_code == 403
    assert client.post(f"/leave/overtime/{report_id}/decide", data={"outcome": "approve"}).status_code == 403
    with app.app_context():
        factories.on_leave(db.session.get(Employee, gm.id))
    page = client.get("/leave/overtime").get_data(as_text=True)
    assert "抢修" in page and f"/leave/overtime/{report_id}/decide" in page
    assert "待审批的加班" in client.get("/").get_data(as_text=True)
    assert client.post(f"/leave/overtime/{report_id}/decide", data={"outcome": "approve"}).status_code == 302
    with app.app_context():
        assert db.session.get(OvertimeReport, report_id).state == "approved"
        decision = db.session.scalar(select(Decision).where(Decision.subject == "overtime",
                                                            Decision.subject_id == report_id))
        assert (decision.decided_by_id, decision.on_behalf_of_id) == (stand_in.id, gm.id)


def test_a_deputy_who_is_not_the_gms_substitute_never_decides_overtime(app, as_user):
    gm, stand_in = gm_with_stand_in(app)
    report_id = overtime_report(app)
    with app.app_context():
        factories.on_leave(db.session.get(Employee, gm.id))
        other = factories.person(rank="deputy_manager")
    assert as_user(other.username).post(f"/leave/overtime/{report_id}/decide",
                                        data={"outcome": "approve"}).status_code == 403
    assert as_user(other.username).get("/leave/overtime").status_code == 403


def test_the_gm_back_from_leave_decides_again(app, as_user):
    gm, stand_in = gm_with_stand_in(app)
    report_id = overtime_report(app)
    with app.app_context():
        leave = factories.on_leave(db.session.get(Employee, gm.id))
        leave.reported_back_at = utcnow() - timedelta(minutes=1)      # 销假: back at work
        db.session.commit()
    assert as_user(stand_in.username).post(f"/leave/overtime/{report_id}/decide",
                                           data={"outcome": "approve"}).status_code == 403
    assert as_user(gm.username).post(f"/leave/overtime/{report_id}/decide",
                                     data={"outcome": "approve"}).status_code == 302
