"""Asking for leave, deciding it (through a substitute when the approver is away), the
history, cancelling, reporting back, the proof, the team calendar and organiser excuses."""

import io
import re
from datetime import date as D, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.clock import local_today
from portal.extensions import db
from portal.leave import rules
from portal.leave.models import LeaveEvent, LeaveRequest, OrganiserExcuse
from tests import factories

HX = {"HX-Request": "true"}
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
       b"startxref\n0\n%%EOF\n")   # a one-page PDF that parses


def working_days(n, after=None):
    """n consecutive working days after today (or after `after`)."""
    day, found = after or local_today(), []
    while len(found) < n:
        day = rules.next_working_day(day)
        found.append(day)
    return found


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
    """A worker asks 3 days: the deputy manager overseeing her department is on leave today, so
    his post substitute decides; the history says so; she reports back to him."""
    with app.app_context():
        dept = factories.department()
        factories.person(dept, head_of=dept)
        stand_in = factories.person(rank="deputy_manager")
        deputy = factories.person(oversees=dept, substitute=stand_in)
        factories.on_leave(deputy)
        worker = factories.person(dept)
    d, s = deputy.name, stand_in.name
    client = as_user(worker.username)
    start, _, end = working_days(3, after=local_today() + timedelta(days=14))
    preview = text(client.get("/leave/preview", headers=HX, query_string={
        "leave_type": "personal", "start_date": start.isoformat(), "start_part": "am",
        "end_date": end.isoformat(), "end_part": "pm"}))
    assert "共 3 个工作日" in preview and f"由分管经理 {d} 审批" in preview
    assert f"{d}休假中，由其代岗人 {s} 代批" in preview
    assert ask(client, "personal", start, end).status_code == 302
    leave = latest(app, worker.id)
    assert (leave.approver_id, leave.approver_level, leave.days) == (deputy.id, "deputy_manager", Decimal(3))

    assert f"leave-row-{leave.id}" not in client.get("/leave/inbox").get_data(as_text=True)  # not her own
    assert f"leave-row-{leave.id}" not in as_user(deputy.username).get("/leave/inbox").get_data(as_text=True)
    substitute = as_user(stand_in.username)
    inbox = text(substitute.get("/leave/inbox"))
    assert f"leave-row-{leave.id}" in inbox and f"代 {d}" in inbox
    with app.app_context():
        events_before = db.session.scalar(select(func.count()).select_from(LeaveEvent))
    row = substitute.post(f"/leave/{leave.id}/decide", data={"outcome": "approve"}, headers=HX)
    assert row.status_code == 200 and "<html" not in row.get_data(as_text=True)
    assert "已批准" in text(row) and f"{s} 代 {d}" in text(row)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeaveEvent)) == events_before + 1
    page = text(client.get(f"/leave/{leave.id}"))
    assert f"送 {s} 审批（{d}休假中，由其代岗人 {s} 代批）" in page
    assert f"{s} 代 {d} 批准" in page

    # Time passes: the leave is over and not reported back — overdue for the approver and the office.
    with app.app_context():
        stored = db.session.get(LeaveRequest, leave.id)
        stored.start_date, stored.end_date = local_today() - timedelta(days=10), local_today() - timedelta(days=8)
        db.session.commit()
    assert f"/leave/{leave.id}" in as_user("office").get("/leave/inbox").get_data(as_text=True)
    assert f"/leave/{leave.id}" in substitute.get("/leave/inbox").get_data(as_text=True)
    assert "逾期未销假" in as_user(stand_in.username).get("/").get_data(as_text=True)
    assert client.post(f"/leave/{leave.id}/report-back").status_code == 302
    page = text(client.get(f"/leave/{leave.id}"))
    assert f"{worker.name} 已销假" in page
    assert f"/leave/{leave.id}\"" not in as_user("office").get("/leave/inbox").get_data(as_text=True)
    assert client.post(f"/leave/{leave.id}/report-back", follow_redirects=True).status_code == 200  # twice: refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeaveEvent).where(
            LeaveEvent.request_id == leave.id, LeaveEvent.kind == "reported_back")) == 1


def test_requests_return_to_the_approver_when_they_report_back(app, as_user):
    """A request waits for a deputy manager who is on leave: his substitute has it meanwhile;
    when he reports back it is his again."""
    with app.app_context():
        dept = factories.department()
        stand_in = factories.person(rank="deputy_manager")
        deputy = factories.person(oversees=dept, substitute=stand_in)
        own = factories.on_leave(deputy)
        start, *_, end = working_days(3, after=local_today() + timedelta(days=14))
        waiting = factories.leave(factories.person(dept), start, end, state="submitted",
                                  approver=deputy, approver_level="deputy_manager")
    assert f"leave-row-{waiting.id}" in as_user(stand_in.username).get("/leave/inbox").get_data(as_text=True)
    client = as_user(deputy.username)
    assert f"leave-row-{waiting.id}" not in client.get("/leave/inbox").get_data(as_text=True)
    assert client.post(f"/leave/{own.id}/report-back").status_code == 302
    assert f"leave-row-{waiting.id}" in client.get("/leave/inbox").get_data(as_text=True)
    assert f"leave-row-{waiting.id}" not in as_user(stand_in.username).get("/leave/inbox").get_data(as_text=True)
    assert f"{deputy.name} 已返岗，申请转回本人审批" in text(client.get(f"/leave/{waiting.id}"))


def test_approving_an_approvers_leave_reroutes_what_waits_for_them(app, as_user):
    """A department head asks leave; when the GM approves it, the request of one of the head's
    people waiting for the head records where it goes meanwhile."""
    with app.app_context():
        dept = factories.department()
        head = factories.person(dept, head_of=dept)
        waiting = factories.leave(factories.person(dept), *working_days(1, after=local_today() + timedelta(days=7)),
                                  state="submitted", approver=head)
        gm = factories.general_manager()
    start = working_days(1)[0]
    assert ask(as_user(head.username), "personal", start, start).status_code == 302
    leave = latest(app, head.id)
    assert leave.approver_id == gm.id
    as_user(gm.username).post(f"/leave/{leave.id}/decide", data={"outcome": "approve"})
    with app.app_context():
        kinds = [e.kind for e in db.session.get(LeaveRequest, waiting.id).events]
    assert kinds[-1] == "rerouted"


@pytest.mark.parametrize("parts, days, level", [
    (("am", 1, "pm"), "1", "department_head"),      # exactly 1 day: the head
    (("am", 2, "am"), "1.5", "deputy_manager"),
    (("am", 3, "pm"), "3", "deputy_manager"),       # exactly 3 days: the deputy
    (("am", 4, "am"), "3.5", "general_manager"),
])
def test_approval_level_at_the_boundaries(app, as_user, parts, days, level):
    start_part, count, end_part = parts
    with app.app_context():
        team = factories.team()
        expected = {"department_head": team.head, "deputy_manager": team.deputy,
                    "general_manager": factories.general_manager()}[level]
    dates = working_days(count, after=local_today() + timedelta(days=20))
    client = as_user(team.worker.username)
    assert ask(client, "personal", dates[0], dates[-1], start_part, end_part).status_code == 302
    leave = latest(app, team.worker.id)
    assert (leave.days, leave.approver_level, leave.approver_id) == (Decimal(days), level, expected.id)


def test_heads_leave_goes_to_the_general_manager(app, as_user):
    with app.app_context():
        team = factories.team()
        gm = factories.general_manager()
    day = working_days(1)[0]
    ask(as_user(team.head.username), "personal", day, day, "am", "am")
    assert latest(app, team.head.id).approver_id == gm.id


def test_proof_is_required_for_marriage_leave_and_checked_by_content(app, as_user):
    with app.app_context():
        team = factories.team()
        gm = factories.general_manager()
    worker = team.worker
    client = as_user(worker.username)
    start, *_rest, end = working_days(3, after=local_today() + timedelta(days=30))
    page = text(ask(client, "marriage", start, end))
    assert "婚假、产假须上传证明材料" in page and latest(app, worker.id) is None
    page = text(ask(client, "marriage", start, end, proof=(io.BytesIO(b"<html>not a pdf</html>"), "proof.pdf")))
    assert "只接受 PDF、JPEG 或 PNG 文件" in page and latest(app, worker.id) is None
    assert ask(client, "marriage", start, end, proof=(io.BytesIO(PDF), "结婚证.pdf")).status_code == 302
    leave = latest(app, worker.id)
    assert leave.approver_id == gm.id and leave.proof_file.endswith(".pdf")
    assert "/" not in leave.proof_file and leave.proof_file != "结婚证.pdf"
    for who, status in [(worker.username, 200), (gm.username, 200), (team.head.username, 403),
                        (team.deputy.username, 403), ("office", 403)]:
        response = as_user(who).get(f"/leave/{leave.id}/proof")
        assert response.status_code == status, who
        if status == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.data == PDF


def waiting_for_the_head(app):
    """A department, its head, its deputy manager and a worker whose one-day request waits for the head."""
    with app.app_context():
        team = factories.team()
        day = working_days(1, after=local_today() + timedelta(days=7))[0]
        leave = factories.leave(team.worker, day, day, state="submitted", approver=team.head)
    return team, leave.id


def test_refusing_needs_a_reason(app, as_user):
    team, leave_id = waiting_for_the_head(app)
    head = as_user(team.head.username)
    row = head.post(f"/leave/{leave_id}/decide", data={"outcome": "refuse", "note": "  "}, headers=HX)
    assert row.status_code == 422 and "不批准时请填写理由" in text(row)
    assert latest(app, team.worker.id).state == "submitted"
    row = head.post(f"/leave/{leave_id}/decide", data={"outcome": "refuse", "note": "年底任务重，请改期。"}, headers=HX)
    assert "未批准" in text(row)
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        assert (leave.state, leave.decision_note, leave.decided_by_id) == ("refused", "年底任务重，请改期。", team.head.id)
    again = head.post(f"/leave/{leave_id}/decide", data={"outcome": "approve"}, headers=HX)
    assert again.status_code == 409 and f"{team.head.name} 已审批" in text(again)


def test_only_the_requester_and_approvers_see_a_request(app, as_user):
    team, leave_id = waiting_for_the_head(app)
    with app.app_context():
        elsewhere = factories.person()
    for who, status in [(team.worker, 200), (team.head, 200), (team.deputy, 403), (elsewhere, 403)]:
        assert as_user(who.username).get(f"/leave/{leave_id}").status_code == status, who.name
    assert as_user("office").get(f"/leave/{leave_id}").status_code == 403
    assert as_user(team.worker.username).get("/leave/999999").status_code == 404
    # Only the acting approver decides; the requester cannot approve their own.
    for who in (team.worker, team.deputy):
        assert as_user(who.username).post(f"/leave/{leave_id}/decide", data={"outcome": "approve"}).status_code == 403


def test_cancel_rules(app, as_user):
    team, leave_id = waiting_for_the_head(app)
    with app.app_context():
        away = factories.person()
        started = factories.on_leave(away).id
    assert as_user(team.head.username).post(f"/leave/{leave_id}/cancel").status_code == 403
    worker = as_user(team.worker.username)
    worker.post(f"/leave/{leave_id}/cancel")
    assert latest(app, team.worker.id).state == "cancelled"
    assert "已不能撤销" in text(worker.post(f"/leave/{leave_id}/cancel", follow_redirects=True))
    assert "已不能撤销" in text(as_user(away.username).post(f"/leave/{started}/cancel", follow_redirects=True))


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
    garbage = client.post("/leave/new", data={**q, "start_date": "garbage", "end_date": "2027-03-02"})
    assert garbage.status_code == 422 and "请修改标出的项目" in text(garbage)      # refused, the form kept


def test_inbox_badge_and_home(app, as_user):
    team, _leave_id = waiting_for_the_head(app)
    client = as_user(team.head.username)
    badge = text(client.get("/decisions/badge", headers=HX))
    assert re.search(r'class="nav-count">1\b', badge)
    assert "等待您审批的请假" in client.get("/").get_data(as_text=True)
    assert as_user(team.worker.username).get("/decisions/badge", headers=HX).get_data(as_text=True).strip() == ""


def test_team_calendar_scope(app, as_user):
    with app.app_context():
        overseen, other = factories.department(), factories.department()
        deputy = factories.person(oversees=overseen)
        worker = factories.person(overseen)
        factories.person(other)
    assert as_user(worker.username).get("/leave/calendar").status_code == 403
    page = text(as_user(deputy.username).get("/leave/calendar"))
    assert overseen.name in page and other.name not in page
    office = text(as_user("office").get("/leave/calendar?month=garbage"))
    assert overseen.name in office and other.name in office


def test_excuse_from_an_organised_activity(app, as_user):
    with app.app_context():
        organiser, asker, bystander = factories.person(), factories.person(), factories.person()
    day = working_days(5)[-1]
    as_user(asker.username).post("/leave/excuses", data={
        "organiser_id": organiser.id, "activity": "消防演练", "activity_date": day.isoformat(), "reason": "外出验收"})
    with app.app_context():
        excuse = db.session.scalar(select(OrganiserExcuse).where(OrganiserExcuse.activity == "消防演练"))
        assert (excuse.employee_id, excuse.organiser_id) == (asker.id, organiser.id)
    for other in (bystander.username, "office"):
        assert as_user(other).post(f"/leave/excuses/{excuse.id}/answer", data={"excused": "yes"}).status_code == 403
    client = as_user(organiser.username)
    assert "消防演练" in client.get("/leave/excuses").get_data(as_text=True)
    client.post(f"/leave/excuses/{excuse.id}/answer", data={"excused": "no"})
    with app.app_context():
        assert db.session.get(OrganiserExcuse, excuse.id).excused is False


def test_the_leave_form_is_filled_from_the_address_and_checks_what_it_takes(app, as_user):
    first, last = working_days(2)
    client = as_user("staff")
    with app.app_context():
        before = db.session.scalar(select(func.count(LeaveRequest.id)))
    page = text(client.get("/leave/new", query_string={
        "start_date": first.isoformat(), "start_part": "pm", "end_date": last.isoformat(), "end_part": "am",
        "reason": "家中水管爆裂"}))
    assert re.search(rf'id="start_date"[^>]*value="{first.isoformat()}"', page)
    assert re.search(rf'id="end_date"[^>]*value="{last.isoformat()}"', page)
    assert '<option selected value="pm">从下午开始' in page and '<option selected value="am">到上午结束' in page
    assert "家中水管爆裂</textarea>" in page
    # What does not pass the form's checks is left out, without complaint; nothing is saved.
    page = text(client.get("/leave/new", query_string={
        "start_date": "2019-01-01", "start_part": "noon", "end_date": "9999-99-99", "end_part": "am",
        "reason": "长" * 501, "leave_type": "holiday"}))
    page = page[page.index('id="new"'):page.index("</form>", page.index('id="new"'))]   # not the address in links
    assert "2019-01-01" not in page and "9999" not in page and "长" * 501 not in page
    assert 'value="noon"' not in page and 'class="errors"' not in page
    assert '<option selected value="am">到上午结束' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(LeaveRequest.id))) == before


def test_the_organiser_is_chosen_not_preset_and_the_date_is_near(app, as_user):
    with app.app_context():
        organiser, asker = factories.person(), factories.person()
    client = as_user(asker.username)
    page = text(client.get("/leave/excuses"))
    choice = page[page.index('<select id="organiser_id"'):page.index("</select>", page.index('id="organiser_id"'))]
    assert re.match(r'<select id="organiser_id"[^>]*><option selected value="">请选择…</option><optgroup label="', choice)
    assert choice.count("<optgroup") >= 5 and "selected" not in choice[choice.index("<optgroup"):]
    today = local_today()
    earliest, latest = today - timedelta(days=31), today.replace(year=today.year + 1)
    assert f'min="{earliest.isoformat()}"' in page and f'max="{latest.isoformat()}"' in page

    def ask_excuse(**changed):
        data = {"organiser_id": organiser.id, "activity": "安全培训", "activity_date": today.isoformat(),
                "reason": "外出抢修", **changed}
        return text(client.post("/leave/excuses", data=data))

    def asked():
        with app.app_context():
            return db.session.scalar(select(func.count(OrganiserExcuse.id)).where(OrganiserExcuse.employee_id == asker.id))

    assert "请选择组织者" in ask_excuse(organiser_id="")
    assert client.post("/leave/excuses", data={"activity": "安全培训"}).status_code == 422   # kept, not accepted
    refused = ask_excuse(activity_date="2020-06-01")
    assert earliest.isoformat() in refused and latest.isoformat() in refused
    assert earliest.isoformat() in ask_excuse(activity_date=(earliest - timedelta(days=1)).isoformat())
    assert asked() == 0
    ask_excuse(activity_date=earliest.isoformat())
    assert asked() == 1


@pytest.mark.parametrize("path, fields", [
    ("/leave/new", ["leave_type", "start_date", "start_part", "end_date", "end_part", "reason"]),
    ("/leave/preview", ["leave_type", "start_date", "start_part", "end_date", "end_part"]),
    ("GET /leave/new", ["leave_type", "start_date", "start_part", "end_date", "end_part", "reason"]),
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
        if path.endswith("preview"):
            response = client.get(path, query_string=values, headers=HX)
        elif path.startswith("GET "):
            response = client.get(path[4:], query_string=values)
        else:
            response = client.post(path, data=values)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        _assert_escaped(response.get_data(as_text=True), values)

    post()


# --- leave filed in pieces, leave for past days, reporting back early (regulation 1 §3) ----------

def preview(client, leave_type, start, end, start_part="am", end_part="pm"):
    return text(client.get("/leave/preview", headers=HX, query_string={
        "leave_type": leave_type, "start_date": start.isoformat(), "start_part": start_part,
        "end_date": end.isoformat(), "end_part": end_part}))


def test_leave_filed_in_pieces_is_routed_by_the_whole(app, as_user, travel):
    """A day approved by the head, then two more adjoining it: three days, the deputy
    manager's. The same days again, or days overlapping, are refused; a refused request and
    one with a working day between do not join."""
    travel("2026-03-04T10:00")   # Wednesday; Mon 9 – Fri 13 March is an ordinary week
    with app.app_context():
        team = factories.team()
        first = factories.leave(team.worker, D(2026, 3, 9), D(2026, 3, 9), approver=team.head)
        factories.leave(team.worker, D(2026, 3, 6), D(2026, 3, 6), approver=team.head, state="refused")
    client = as_user(team.worker.username)
    shown = preview(client, "personal", D(2026, 3, 10), D(2026, 3, 11))
    assert "共 2 个工作日" in shown and f"由分管经理 {team.deputy.name} 审批" in shown
    assert "合计 3 个工作日" in shown
    assert ask(client, "personal", D(2026, 3, 10), D(2026, 3, 11)).status_code == 302
    leave = latest(app, team.worker.id)
    assert (leave.days, leave.combined_days, leave.approver_id) == (Decimal(2), Decimal(3), team.deputy.id)
    row = text(as_user(team.deputy.username).get("/leave/inbox"))
    assert f"leave-row-{leave.id}" in row and "合计 3 个工作日" in row
    assert "合计 3 个工作日" in text(client.get(f"/leave/{leave.id}"))

    duplicate = text(ask(client, "personal", D(2026, 3, 9), D(2026, 3, 9)))
    assert "您已申请过完全相同的日期" in duplicate
    overlapping = text(ask(client, "sick", D(2026, 3, 9), D(2026, 3, 10), start_part="pm"))
    assert "与您" in overlapping and "重叠" in overlapping
    assert latest(app, team.worker.id).id == leave.id   # neither was filed

    # Thursday 12 lies between: Friday 13 is a piece of its own, the head's.
    assert ask(client, "personal", D(2026, 3, 13), D(2026, 3, 13)).status_code == 302
    alone = latest(app, team.worker.id)
    assert (alone.combined_days, alone.approver_id) == (None, team.head.id)
    with app.app_context():
        assert db.session.get(LeaveRequest, first.id).combined_days is None


def test_leave_for_past_days_is_allowed_three_working_days_back_and_marked(app, as_user, travel):
    travel("2026-03-09T08:30")   # Monday morning
    with app.app_context():
        team = factories.team()
    client = as_user(team.worker.username)
    assert "补请" in preview(client, "sick", D(2026, 3, 6), D(2026, 3, 6))
    assert ask(client, "sick", D(2026, 3, 6), D(2026, 3, 6)).status_code == 302     # Friday, filed Monday
    friday = latest(app, team.worker.id)
    assert friday.filed_late and friday.approver_id == team.head.id
    row = text(as_user(team.head.username).get("/leave/inbox"))
    assert f"leave-row-{friday.id}" in row and "补请" in row
    assert "补请" in text(as_user(team.head.username).get(f"/leave/{friday.id}"))
    assert ask(client, "personal", D(2026, 3, 4), D(2026, 3, 4)).status_code == 302  # Wed: 3 working days back
    assert latest(app, team.worker.id).filed_late

    refused = text(ask(client, "personal", D(2026, 3, 3), D(2026, 3, 3)))             # Tue: 4 back
    assert "最多补请 3 个工作日" in refused and "2026年3月4日" in refused
    assert latest(app, team.worker.id).start_date == D(2026, 3, 4)

    travel("2026-03-10T07:50")   # before work: asking for today is not 补请
    client = as_user(team.worker.username)
    assert ask(client, "personal", D(2026, 3, 10), D(2026, 3, 10), "am", "am").status_code == 302
    assert not latest(app, team.worker.id).filed_late


def test_reporting_back_only_once_begun_and_early_ends_the_leave_that_day(app, as_user, travel):
    travel("2026-03-04T09:00")   # Wednesday morning
    with app.app_context():
        team = factories.team()
        week = factories.leave(team.worker, D(2026, 3, 2), D(2026, 3, 6), leave_type="annual", approver=team.deputy,
                               approver_level="deputy_manager")
        other = factories.person(team.department)
        afternoon = factories.leave(other, D(2026, 3, 4), D(2026, 3, 5), start_part="pm", approver=team.deputy)
    # Not yet begun (13:00): no button, and the post is refused.
    early = as_user(other.username)
    assert f"/leave/{afternoon.id}/report-back" not in early.get(f"/leave/{afternoon.id}").get_data(as_text=True)
    assert "只有已批准且已开始的请假才能销假" in text(early.post(f"/leave/{afternoon.id}/report-back", follow_redirects=True))
    with app.app_context():
        assert db.session.get(LeaveRequest, afternoon.id).reported_back_at is None

    client = as_user(team.worker.username)
    page = text(client.post(f"/leave/{week.id}/report-back", follow_redirects=True))
    assert "休假至2026年3月4日上午，实际休假 2.5 个工作日" in page
    with app.app_context():
        stored = db.session.get(LeaveRequest, week.id)
        assert (stored.end_date, stored.end_part, stored.days) == (D(2026, 3, 4), "am", Decimal("2.5"))
        assert (stored.planned_end_date, stored.planned_end_part, stored.planned_days) == (D(2026, 3, 6), "pm", Decimal(5))
    assert "提前销假" in page and "原计划" in page
    # The monthly report counts the days taken; Thursday is free again.
    report = text(as_user(team.head.username).get("/leave/report?month=2026-03"))
    assert "年休假 2.5" in report and "年休假 5" not in report
    assert ask(client, "personal", D(2026, 3, 5), D(2026, 3, 5)).status_code == 302   # no overlap any more
    assert latest(app, team.worker.id).combined_days is None
