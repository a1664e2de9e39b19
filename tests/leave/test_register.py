"""The attendance register, spot checks and absence alarms (regulation 1 §3–§9), through
the pages: who sees and keeps which register, a cell saving itself, what a cell refuses,
approved leave filling days in, spot checks flagged against the register, and the alarms
at their limits."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from portal.bench.sqlcount import StatementCounter
from portal.extensions import db
from portal.leave import rules
from portal.leave.models import AttendanceEntry, LeaveRequest, SpotCheck
from portal.staff.models import Department
from portal.clock import local_today
from tests import factories

HX = {"HX-Request": "true"}


def working_days_back(n: int, start: date | None = None) -> list[date]:
    """The n working days before `start` (default today), newest first."""
    days, day = [], (start or local_today())
    while len(days) < n:
        day -= timedelta(days=1)
        if rules.is_working_day(day):
            days.append(day)
    return days


def future_day() -> date:
    """A day after today: a working day if the calendar knows one, else a 2027 day."""
    day = local_today() + timedelta(days=1)
    while day.year <= 2026:
        if rules.is_working_day(day):
            return day
        day += timedelta(days=1)
    return day


def ident(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(model.id).filter_by(**where))


def entry_of(app, employee_id, day):
    with app.app_context():
        e = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))
        return (e.code, e.absent_reason) if e else None


@pytest.fixture
def team(app):
    """A department with its head, the deputy manager who oversees it and one worker."""
    with app.app_context():
        return factories.team()


@pytest.fixture
def elsewhere(app):
    """Another department, with its own head and deputy manager."""
    with app.app_context():
        return factories.team()


def post_cell(client, employee_id, day, **data):
    return client.post(f"/leave/register/{employee_id}/{day.isoformat()}", data=data, headers=HX)


# --- who sees and keeps which register ----------------------------------------------------

def test_a_head_sees_their_own_register_by_default_and_may_edit_it(as_user, team):
    page = as_user(team.head.username).get("/leave/register").get_data(as_text=True)
    assert f"考勤记录 · {team.department.name}" in page
    assert team.worker.name in page and 'name="code"' in page


def test_a_head_cannot_open_or_post_to_another_departments_register(as_user, team, elsewhere):
    head = as_user(elsewhere.head.username)
    assert head.get(f"/leave/register?dept={team.department.id}").status_code == 403
    day = working_days_back(1)[0]
    assert post_cell(head, team.worker.id, day, code="present").status_code == 403
    # and the department's own head may
    assert post_cell(as_user(team.head.username), team.worker.id, day, code="present").status_code == 200


def test_the_office_and_the_gm_read_every_register_without_editing(as_user, team):
    for who in ("office", "gm"):
        page = as_user(who).get(f"/leave/register?dept={team.department.id}").get_data(as_text=True)
        assert team.worker.name in page and 'name="code"' not in page and "只读" in page
    assert post_cell(as_user("gm"), team.worker.id, working_days_back(1)[0], code="late").status_code == 403


def test_a_deputy_reads_only_the_departments_they_oversee(as_user, team, elsewhere):
    deputy = as_user(elsewhere.deputy.username)
    assert deputy.get(f"/leave/register?dept={elsewhere.department.id}").status_code == 200
    assert deputy.get(f"/leave/register?dept={team.department.id}").status_code == 403
    assert as_user(team.deputy.username).get(f"/leave/register?dept={team.department.id}").status_code == 200


def test_staff_have_no_register(as_user, team):
    assert as_user(team.worker.username).get("/leave/register").status_code == 403


# --- a cell saves itself -------------------------------------------------------------------

def test_saving_a_cell_through_htmx_answers_with_the_cell(app, as_user, team):
    day = working_days_back(2)[1]
    response = post_cell(as_user(team.head.username), team.worker.id, day, code="late")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith("<td") and 'class="cell saved c-late"' in body
    assert '<option value="late" selected>迟到</option>' in body
    assert 'id="register-status"' in body and f"已保存：{team.worker.name}" in body and "迟到" in body
    assert f'id="t{team.worker.id}" hx-swap-oob="true"' in body   # the row's month totals too
    assert "<html" not in body
    assert entry_of(app, team.worker.id, day) == ("late", None)
    # cleared again with the empty choice
    post_cell(as_user(team.head.username), team.worker.id, day, code="")
    assert entry_of(app, team.worker.id, day) is None


def test_absent_without_a_reason_is_not_saved_and_asks_for_it(app, as_user, team):
    head = as_user(team.head.username)
    day = working_days_back(3)[2]
    before = entry_of(app, team.worker.id, day)
    body = post_cell(head, team.worker.id, day, code="absent").get_data(as_text=True)
    assert "旷工须选择原因" in body and 'name="reason"' in body
    assert entry_of(app, team.worker.id, day) == before
    body = post_cell(head, team.worker.id, day, code="absent", reason="games_or_chatting").get_data(as_text=True)
    assert "已保存" in body and "工作时间打牌聊天" in body
    assert entry_of(app, team.worker.id, day) == ("absent", "games_or_chatting")
    # an unknown reason is refused the same way
    post_cell(head, team.worker.id, day, code="absent", reason="sleeping")
    assert entry_of(app, team.worker.id, day) == ("absent", "games_or_chatting")


@pytest.mark.parametrize("code", ["bogus", "<script>x</script>"])
def test_unknown_codes_are_refused_with_a_message(app, as_user, team, code):
    day = working_days_back(1)[0]
    response = post_cell(as_user(team.head.username), team.worker.id, day, code=code)
    assert response.status_code == 422 and "请从列表中选择考勤状态" in response.get_data(as_text=True)
    assert "<script>x" not in response.get_data(as_text=True)


def test_future_days_are_not_editable(app, as_user, team):
    head = as_user(team.head.username)
    day = future_day()
    response = post_cell(head, team.worker.id, day, code="present")
    assert response.status_code == 422
    assert re.search("未来的日期还不能记录考勤|法定节假日安排尚未公布", response.get_data(as_text=True))
    assert entry_of(app, team.worker.id, day) is None
    page = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    assert f'id="c{team.worker.id}-{day:%m%d}"' not in page    # no control in a future cell


def test_a_weekend_is_not_a_register_day(app, as_user, team):
    day = next(d for d in (local_today() - timedelta(days=n) for n in range(1, 15))
               if not rules.is_working_day(d))
    response = post_cell(as_user(team.head.username), team.worker.id, day, code="present")
    assert response.status_code == 422 and "不是工作日" in response.get_data(as_text=True)


def test_a_month_without_a_schedule_is_provisional(as_user, team):
    page = as_user(team.head.username).get("/leave/register?month=2027-03")
    assert page.status_code == 200 and "2027年放假安排尚未录入，按法定节假日暂计" in page.get_data(as_text=True)
    page = as_user(team.head.username).get("/leave/register?month=2026-13")
    assert page.status_code == 200 and "“2026-13”不是有效的月份，已显示本月" in page.get_data(as_text=True)


# --- on leave comes from approved leave -----------------------------------------------------

def _leave(app, employee_id, start, start_part, end, end_part, state):
    with app.app_context():
        db.session.add(LeaveRequest(employee_id=employee_id, leave_type="personal", start_date=start,
                                    start_part=start_part, end_date=end, end_part=end_part,
                                    days=Decimal("0.5"), state=state, approver_level="department_head"))
        db.session.commit()


def test_approved_leave_fills_the_day_and_locks_it(app, as_user, team):
    approved, waiting = working_days_back(12)[10:12]
    _leave(app, team.worker.id, approved, "am", approved, "am", "approved")
    _leave(app, team.worker.id, waiting, "am", waiting, "pm", "submitted")
    head = as_user(team.head.username)
    page = head.get(f"/leave/register?month={approved:%Y-%m}").get_data(as_text=True)
    locked = re.search(rf'<td class="cell locked c-on_leave" id="td{team.worker.id}-{approved:%m%d}">(.*?)</td>', page)
    assert locked and "请假" in locked.group(1) and "上午" in locked.group(1)   # a half day, marked
    response = post_cell(head, team.worker.id, approved, code="present")
    assert response.status_code == 422 and "已有批准的请假" in response.get_data(as_text=True)
    # a request still waiting does not count: the head records the day as usual
    assert post_cell(head, team.worker.id, waiting, code="present").status_code == 200


def test_on_leave_cannot_be_picked_by_hand(app, as_user, team):
    day = working_days_back(1)[0]
    response = post_cell(as_user(team.head.username), team.worker.id, day, code="on_leave")
    assert response.status_code == 422 and "只能来自已批准的请假申请" in response.get_data(as_text=True)


def test_the_register_page_takes_the_same_sql_for_small_and_large_departments(app, as_user):
    gm = as_user("gm")
    counts = []
    for name in ("投资发展部", "第一分公司"):   # 5 and 8 people
        client, url = gm, f"/leave/register?dept={ident(app, Department, name=name)}"
        client.get(url)  # warm up
        with app.app_context():
            with StatementCounter(db.engine) as counter:
                assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] and counts[0] <= 12


# --- spot checks ------------------------------------------------------------------------------

def listing(response) -> str:
    """The table of spot checks (not the form above it, whose person list names everyone)."""
    return response.get_data(as_text=True).split('<table class="table">')[1].split("</table>")[0]


def test_a_spot_check_that_contradicts_the_register_is_flagged(app, as_user, team, elsewhere):
    day = working_days_back(4)[3]
    head = as_user(team.head.username)
    post_cell(head, team.worker.id, day, code="present")
    inspector = as_user("inspector")
    response = inspector.post("/leave/spot-checks", data={
        "employee_id": team.worker.id, "day": day.isoformat(), "code": "absent",
        "absent_reason": "left_without_approval", "note": "不在岗"}, follow_redirects=True)
    assert "抽查记录已保存" in response.get_data(as_text=True)
    conflicts = listing(inspector.get("/leave/spot-checks?conflicts=1"))
    name = team.worker.name
    assert name in conflicts and "不符" in conflicts
    gm_home = as_user("gm").get("/").get_data(as_text=True)
    assert re.search(r'<span class="count">\d+</span> 与考勤记录不符的抽查', gm_home)
    # the deputy manager overseeing the department sees it, another deputy manager does not
    assert name in as_user(team.deputy.username).get("/leave/spot-checks").get_data(as_text=True)
    assert name not in as_user(elsewhere.deputy.username).get("/leave/spot-checks").get_data(as_text=True)
    # once the head's record agrees (absent too), the conflict is gone
    post_cell(head, team.worker.id, day, code="absent", reason="left_without_approval")
    assert name not in listing(inspector.get("/leave/spot-checks?conflicts=1"))


def test_a_spot_check_needs_a_reason_for_absence_and_a_past_day(app, as_user, team):
    inspector = as_user("inspector")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(SpotCheck))
    page = inspector.post("/leave/spot-checks", data={
        "employee_id": team.worker.id, "day": local_today().isoformat(), "code": "absent"}).get_data(as_text=True)
    assert "请选择旷工原因" in page
    page = inspector.post("/leave/spot-checks", data={
        "employee_id": team.worker.id, "day": (local_today() + timedelta(days=2)).isoformat(),
        "code": "present"}).get_data(as_text=True)
    assert "抽查日期不能是未来的日期" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SpotCheck)) == before


def test_only_inspection_records_spot_checks(as_user, team):
    assert as_user("gm").post("/leave/spot-checks", data={"employee_id": team.worker.id}).status_code == 403
    assert 'name="employee_id"' not in as_user("gm").get("/leave/spot-checks").get_data(as_text=True)


# --- absence alarms at their limits -------------------------------------------------------------

def _absent(app, employee_id, days):
    with app.app_context():
        db.session.execute(delete(AttendanceEntry).where(AttendanceEntry.employee_id == employee_id))
        db.session.add_all(AttendanceEntry(employee_id=employee_id, day=d, code="absent",
                                           absent_reason="left_without_approval") for d in days)
        db.session.commit()


def _listed(page: str, table: str, name: str) -> bool:
    section = page.split(f'id="{table}"')[1].split("</table>")[0]
    return name in section


@pytest.mark.parametrize("alarm, limit, window_days", [("talk", 30, 45), ("exclude", 60, 100)])
def test_alarms_start_exactly_at_their_limit(app, as_user, team, alarm, limit, window_days):
    # `limit - 1` and then `limit` absent working days, all inside the alarm's window
    days = working_days_back(limit)
    assert (days[0] - days[-1]).days < window_days * 2
    gm = as_user("gm")
    _absent(app, team.worker.id, days[:limit - 1])
    page = gm.get("/leave/alarms").get_data(as_text=True)
    name = team.worker.name
    assert not _listed(page, f"{alarm}-reached", name) and _listed(page, f"{alarm}-near", name)
    _absent(app, team.worker.id, days)
    page = gm.get("/leave/alarms").get_data(as_text=True)
    assert _listed(page, f"{alarm}-reached", name) and not _listed(page, f"{alarm}-near", name)
    assert f"<td data-label=\"旷工天数\" class=\"num\">{limit}</td>" in page


def test_alarms_reach_the_leaders_home_page_as_urgent(app, as_user, team, elsewhere):
    # the worker is past the 30-day alarm; the team's deputy manager oversees their department
    _absent(app, team.worker.id, working_days_back(30))
    name = team.worker.name
    for who in ("gm", team.deputy.username):
        home = as_user(who).get("/").get_data(as_text=True)
        assert re.search(r'<li class="urgent"><a href="/leave/alarms"><span class="count">[1-9]', home), who
    page = as_user(team.deputy.username).get("/leave/alarms").get_data(as_text=True)
    assert _listed(page, "talk-reached", name)
    # the other deputy manager oversees no one past an alarm, and does not see the worker
    other = as_user(elsewhere.deputy.username)
    assert name not in other.get("/leave/alarms").get_data(as_text=True)
    assert 'href="/leave/alarms"><span class="count">' not in other.get("/").get_data(as_text=True)


def test_who_may_open_the_alarms(as_user):
    for who in ("office", "inspector"):
        assert "付强" in as_user(who).get("/leave/alarms").get_data(as_text=True)
    assert as_user("staff").get("/leave/alarms").status_code == 403
