"""Asking for leave, deciding it (through a substitute when the approver is away), the
history, cancelling, reporting back, the proof, the team calendar and organiser excuses."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.leave import rules
MARKER = "孩子学校开家长会，需请假一天。"   # portal/leave/demo_requests.py (not imported: it would register its seeder early)
from portal.leave.models import LeaveEvent, LeaveRequest, OrganiserExcuse
from portal.staff.models import Employee
from portal.clock import local_today

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def working_days(n, after=None):
    """n consecutive working days after today (or after `after`)."""
    day, found = after or local_today(), []
    while len(found) < n:
        day = rules.next_working_day(day)
        found.append(day)
    return found


def person(app, username=None, name=None):
    with app.app_context():
        stmt = select(Employee.id)
        return db.session.scalar(stmt.where(Employee.username == username) if username else stmt.where(Employee.name == name))


def latest(app, employee_id):
    with app.app_context():
        return db.session.scalar(select(LeaveRequest).where(LeaveRequest.employee_id == employee_id)
                                 .order_by(LeaveRequest.id.desc()).limit(1))


def ask(client, leave_type, start, end, start_part="am", end_part="pm", **extra):
    data = {"leave_type": leave_type, "start_date": start.isoformat(), "start_part": start_part,
            "end_date": end.isoformat(), "end_part": end_part, "reason": "测试", **extra}
    return client.post("/leave/new", data=data, content_type="multipart/form-data")


def text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_through_the_substitute_to_report_back(app, as_user):
    """黄丽娜 (客服中心) asks 3 days: the deputy in charge 李文华 is on leave today, so his
    substitute 王建国 decides; the history says so; 黄丽娜 reports back to him."""
    cs = as_user("cs")
    start, _, end = working_days(3, after=local_today() + timedelta(days=14))
    preview = text(cs.get("/leave/preview", headers=HX, query_string={
        "leave_type": "personal", "start_date": start.isoformat(), "start_part": "am",
        "end_date": end.isoformat(), "end_part": "pm"}))
    assert "共 3 个工作日" in preview and "由分管经理 李文华 审批" in preview
    assert "李文华休假中，由其代岗人 王建国 代批" in preview
    assert ask(cs, "personal", start, end).status_code == 302
    leave = latest(app, person(app, "cs"))
    assert (leave.approver_id, leave.approver_level, leave.days) == (person(app, "deputy"), "deputy_manager", Decimal(3))

    assert f"leave-row-{leave.id}" not in cs.get("/leave/inbox").get_data(as_text=True)  # not her own
    assert f"leave-row-{leave.id}" not in as_user("deputy").get("/leave/inbox").get_data(as_text=True)
    deputy2 = as_user("deputy2")
    inbox = text(deputy2.get("/leave/inbox"))
    assert f"leave-row-{leave.id}" in inbox and "代 李文华" in inbox
    with app.app_context():
        events_before = db.session.scalar(select(func.count()).select_from(LeaveEvent))
    row = deputy2.post(f"/leave/{leave.id}/decide", data={"outcome": "approve"}, headers=HX)
    assert row.status_code == 200 and "<html" not in row.get_data(as_text=True)
    assert "已批准" in text(row) and "王建国 代 李文华" in text(row)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeaveEvent)) == events_before + 1
    page = text(cs.get(f"/leave/{leave.id}"))
    assert "送 王建国 审批（李文华休假中，由其代岗人 王建国 代批）" in page
    assert "王建国 代 李文华 批准" in page

    # Time passes: the leave is over and not reported back — overdue for the approver and the office.
    with app.app_context():
        stored = db.session.get(LeaveRequest, leave.id)
        stored.start_date, stored.end_date = local_today() - timedelta(days=10), local_today() - timedelta(days=8)
        db.session.commit()
    assert f"/leave/{leave.id}" in as_user("office").get("/leave/inbox").get_data(as_text=True)
    assert f"/leave/{leave.id}" in deputy2.get("/leave/inbox").get_data(as_text=True)
    assert "逾期未销假" in as_user("deputy2").get("/").get_data(as_text=True)
    assert cs.post(f"/leave/{leave.id}/report-back").status_code == 302
    page = text(cs.get(f"/leave/{leave.id}"))
    assert "黄丽娜 已销假" in page
    assert f"/leave/{leave.id}\"" not in as_user("office").get("/leave/inbox").get_data(as_text=True)
    assert cs.post(f"/leave/{leave.id}/report-back", follow_redirects=True).status_code == 200  # twice: refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeaveEvent).where(
            LeaveEvent.request_id == leave.id, LeaveEvent.kind == "reported_back")) == 1


def test_requests_return_to_the_approver_when_they_report_back(app, as_user):
    with app.app_context():
        waiting = db.session.scalar(select(LeaveRequest).where(LeaveRequest.employee_id == person(app, name="许婷婷")))
        own = db.session.scalar(select(LeaveRequest).where(
            LeaveRequest.employee_id == person(app, "deputy"), LeaveRequest.state == "approved",
            LeaveRequest.reported_back_at.is_(None)))
        waiting_id, own_id = waiting.id, own.id
    assert f"leave-row-{waiting_id}" in as_user("deputy2").get("/leave/inbox").get_data(as_text=True)
    deputy = as_user("deputy")
    assert f"leave-row-{waiting_id}" not in deputy.get("/leave/inbox").get_data(as_text=True)
    assert deputy.post(f"/leave/{own_id}/report-back").status_code == 302
    assert f"leave-row-{waiting_id}" in deputy.get("/leave/inbox").get_data(as_text=True)
    assert f"leave-row-{waiting_id}" not in as_user("deputy2").get("/leave/inbox").get_data(as_text=True)
    assert "李文华 已返岗，申请转回本人审批" in text(deputy.get(f"/leave/{waiting_id}"))


def test_approving_an_approvers_leave_reroutes_what_waits_for_them(app, as_user):
    """罗志远 (head of 投资发展部) asks leave; when the GM approves it, 林静's request waiting
    for him records where it goes meanwhile."""
    head = as_user("invest-head")
    start = working_days(1)[0]
    assert ask(head, "personal", start, start).status_code == 302
    leave = latest(app, person(app, "invest-head"))
    assert leave.approver_id == person(app, "gm")
    as_user("gm").post(f"/leave/{leave.id}/decide", data={"outcome": "approve"})
    with app.app_context():
        marker = db.session.scalar(select(LeaveRequest).where(LeaveRequest.reason == MARKER))
        kinds = [e.kind for e in marker.events]
    assert kinds[-1] == "rerouted"


@pytest.mark.parametrize("parts, days, level", [
    (("am", 1, "pm"), "1", "department_head"),      # exactly 1 day: the head
    (("am", 2, "am"), "1.5", "deputy_manager"),
    (("am", 3, "pm"), "3", "deputy_manager"),       # exactly 3 days: the deputy
    (("am", 4, "am"), "3.5", "general_manager"),
])
def test_approval_level_at_the_boundaries(app, as_user, parts, days, level):
    start_part, count, end_part = parts
    dates = working_days(count, after=local_today() + timedelta(days=20))
    client = as_user("staff")
    assert ask(client, "personal", dates[0], dates[-1], start_part, end_part).status_code == 302
    leave = latest(app, person(app, "staff"))
    expected = {"department_head": "invest-head", "deputy_manager": "deputy2", "general_manager": "gm"}[level]
    assert (leave.days, leave.approver_level, leave.approver_id) == (Decimal(days), level, person(app, expected))


def test_heads_leave_goes_to_the_general_manager(app, as_user):
    day = working_days(1)[0]
    ask(as_user("invest-head"), "personal", day, day, "am", "am")
    assert latest(app, person(app, "invest-head")).approver_id == person(app, "gm")


def test_proof_is_required_for_marriage_leave_and_checked_by_content(app, as_user):
    client = as_user("staff")
    start, *_rest, end = working_days(3, after=local_today() + timedelta(days=30))
    before = latest(app, person(app, "staff")).id
    page = text(ask(client, "marriage", start, end))
    assert "婚假、产假须上传证明材料" in page and latest(app, person(app, "staff")).id == before
    page = text(ask(client, "marriage", start, end, proof=(io.BytesIO(b"<html>not a pdf</html>"), "proof.pdf")))
    assert "只接受 PDF、JPEG 或 PNG 文件" in page and latest(app, person(app, "staff")).id == before
    assert ask(client, "marriage", start, end, proof=(io.BytesIO(PDF), "结婚证.pdf")).status_code == 302
    leave = latest(app, person(app, "staff"))
    assert leave.approver_id == person(app, "gm") and leave.proof_file.endswith(".pdf")
    assert "/" not in leave.proof_file and leave.proof_file != "结婚证.pdf"
    for who, status in [("staff", 200), ("gm", 200), ("invest-head", 403), ("office", 403)]:
        response = as_user(who).get(f"/leave/{leave.id}/proof")
        assert response.status_code == status, who
        if status == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.data == PDF


def test_refusing_needs_a_reason(app, as_user):
    with app.app_context():
        leave_id = db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARKER))
    head = as_user("invest-head")
    row = head.post(f"/leave/{leave_id}/decide", data={"outcome": "refuse", "note": "  "}, headers=HX)
    assert row.status_code == 422 and "不批准时请填写理由" in text(row)
    assert latest(app, person(app, "staff")).state == "submitted"
    row = head.post(f"/leave/{leave_id}/decide", data={"outcome": "refuse", "note": "年底任务重，请改期。"}, headers=HX)
    assert "未批准" in text(row)
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        assert (leave.state, leave.decision_note, leave.decided_by_id) == ("refused", "年底任务重，请改期。", person(app, "invest-head"))
    again = head.post(f"/leave/{leave_id}/decide", data={"outcome": "approve"}, headers=HX)
    assert again.status_code == 409 and "罗志远 已审批" in text(again)


def test_only_the_requester_and_approvers_see_a_request(app, as_user):
    with app.app_context():
        leave_id = db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARKER))
    for who, status in [("staff", 200), ("invest-head", 200), ("deputy2", 403), ("office", 403), ("cs", 403)]:
        assert as_user(who).get(f"/leave/{leave_id}").status_code == status, who
    assert as_user("staff").get("/leave/999999").status_code == 404
    # Only the acting approver decides; the requester cannot approve their own.
    assert as_user("staff").post(f"/leave/{leave_id}/decide", data={"outcome": "approve"}).status_code == 403
    assert as_user("deputy2").post(f"/leave/{leave_id}/decide", data={"outcome": "approve"}).status_code == 403


def test_cancel_rules(app, as_user):
    with app.app_context():
        leave_id = db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARKER))
        started = db.session.scalar(select(LeaveRequest.id).where(
            LeaveRequest.employee_id == person(app, "deputy"), LeaveRequest.state == "approved",
            LeaveRequest.reported_back_at.is_(None)))
    assert as_user("invest-head").post(f"/leave/{leave_id}/cancel").status_code == 403
    staff = as_user("staff")
    staff.post(f"/leave/{leave_id}/cancel")
    assert latest(app, person(app, "staff")).state == "cancelled"
    assert "已不能撤销" in text(staff.post(f"/leave/{leave_id}/cancel", follow_redirects=True))
    assert "已不能撤销" in text(as_user("deputy").post(f"/leave/{started}/cancel", follow_redirects=True))


def test_bad_dates_get_a_clear_message(as_user):
    client = as_user("staff")
    q = {"leave_type": "personal", "start_part": "am", "end_part": "pm"}
    provisional = text(client.get("/leave/preview", headers=HX, query_string={**q, "start_date": "2027-03-01", "end_date": "2027-03-02"}))
    assert "共 2 个工作日" in provisional and "2027年放假安排尚未录入，按法定节假日暂计" in provisional
    backwards = text(client.get("/leave/preview", headers=HX, query_string={**q, "start_date": "2026-12-10", "end_date": "2026-12-09"}))
    assert "结束日期早于开始日期" in backwards
    submitted = client.post("/leave/new", data={**q, "start_date": "2027-03-01", "end_date": "2027-03-02"})
    assert submitted.status_code == 302   # a year without a schedule is counted, not refused
    assert "2027年放假安排尚未录入，按法定节假日暂计" in text(client.get(submitted.location))
    assert client.get("/leave/preview", query_string={"start_date": "garbage"}).status_code == 200


def test_inbox_badge_and_home(as_user):
    client = as_user("deputy2")
    badge = text(client.get("/leave/inbox/badge", headers=HX))
    assert re.search(r'class="nav-count">\d+', badge)
    assert "等待您审批的请假" in client.get("/").get_data(as_text=True)
    assert as_user("driver").get("/leave/inbox/badge", headers=HX).get_data(as_text=True).strip() == ""


def test_team_calendar_scope(as_user):
    assert as_user("staff").get("/leave/calendar").status_code == 403
    deputy = text(as_user("deputy").get("/leave/calendar"))
    assert "客服中心" in deputy and "投资发展部" not in deputy
    office = text(as_user("office").get("/leave/calendar?month=garbage"))
    assert "投资发展部" in office and "客服中心" in office


def test_excuse_from_an_organised_activity(app, as_user):
    staff = as_user("staff")
    organiser = person(app, "office-head")
    day = working_days(5)[-1]
    staff.post("/leave/excuses", data={"organiser_id": organiser, "activity": "消防演练",
                                       "activity_date": day.isoformat(), "reason": "外出验收"})
    with app.app_context():
        excuse = db.session.scalar(select(OrganiserExcuse).where(OrganiserExcuse.activity == "消防演练"))
    assert as_user("office").post(f"/leave/excuses/{excuse.id}/answer", data={"excused": "yes"}).status_code == 403
    office_head = as_user("office-head")
    assert "消防演练" in office_head.get("/leave/excuses").get_data(as_text=True)
    office_head.post(f"/leave/excuses/{excuse.id}/answer", data={"excused": "no"})
    with app.app_context():
        assert db.session.get(OrganiserExcuse, excuse.id).excused is False


@pytest.mark.parametrize("path, fields", [
    ("/leave/new", ["leave_type", "start_date", "start_part", "end_date", "end_part", "reason"]),
    ("/leave/preview", ["leave_type", "start_date", "start_part", "end_date", "end_part"]),
    ("/leave/excuses", ["organiser_id", "activity", "activity_date", "reason"]),
])
def test_hostile_input_never_breaks_the_leave_forms(app, path, fields):
    from hypothesis import HealthCheck, given, settings, strategies as st
    from tests.conftest import login
    from tests.test_hostile_input import VALUES, _assert_escaped
    client = app.test_client()
    login(client, "staff")

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: VALUES for name in fields}))
    def post(values):
        response = (client.get(path, query_string=values, headers=HX) if path.endswith("preview")
                    else client.post(path, data=values))
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        _assert_escaped(response.get_data(as_text=True), values)

    post()
