"""The attendance register, spot checks, register conflicts and absence alarms (regulation 1
§3–§9), through the pages: who sees and keeps which register (a head, their substitute while
they are away, the labour section reading), a cell saving itself, what a cell refuses, approved
leave filling days in (half days leaving the other half), a 旷工 found by the office or a spot
check that the head cannot overwrite and the conflicts that go to the leadership, the approver
and the office, every change of a day shown, and the alarms at their limits until followed up."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from portal.absence import operations as absence_operations
from portal.bench.sqlcount import StatementCounter
from portal.extensions import db
from portal.leave import operations_register, rules
from portal.leave.models import (AlarmFollowUp, AttendanceChange, AttendanceEntry, LeaveRequest, RegisterConflict,
                                 SpotCheck)
from portal.staff.models import Department, Employee
from portal.clock import local_today, utcnow
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


def test_the_cell_keeps_only_a_mark_of_its_message_and_the_totals_are_headed_as_such(app, as_user, team):
    head = as_user(team.head.username)
    day = working_days_back(3)[2]
    body = post_cell(head, team.worker.id, day, code="absent").get_data(as_text=True)
    cell, status = body.split('id="register-status"')
    prompt = "旷工须选择原因"
    assert prompt in status                                        # read above the grid
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>|<[^>]*>', "", cell)   # what the cell shows
    assert prompt not in shown and "?" in shown
    mark = re.search(r'<small class="cell-msg" id="(m[^"]+)" title="([^"]+)"', cell)
    assert prompt in mark.group(2) and f'aria-describedby="{mark.group(1)}"' in cell
    page = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    assert re.search(r'<th scope="col" class="totals">本月合计</th>', page)


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
    whole, waiting = working_days_back(12)[10:12]
    _leave(app, team.worker.id, whole, "am", whole, "pm", "approved")
    _leave(app, team.worker.id, waiting, "am", waiting, "pm", "submitted")
    head = as_user(team.head.username)
    page = head.get(f"/leave/register?month={whole:%Y-%m}").get_data(as_text=True)
    locked = re.search(rf'<td class="cell locked c-on_leave" id="td{team.worker.id}-{whole:%m%d}">(.*?)</td>', page)
    assert locked and "请假" in locked.group(1) and "<select" not in locked.group(1)
    response = post_cell(head, team.worker.id, whole, code="present")
    assert response.status_code == 422 and "已有批准的请假" in response.get_data(as_text=True)
    # a request still waiting does not count: the head records the day as usual
    assert post_cell(head, team.worker.id, waiting, code="present").status_code == 200


def test_a_mornings_leave_leaves_the_afternoon_to_the_register(app, as_user, team):
    day = working_days_back(12)[10]
    _leave(app, team.worker.id, day, "am", day, "am", "approved")
    head = as_user(team.head.username)
    page = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    cell = re.search(rf'<td class="cell half" id="td{team.worker.id}-{day:%m%d}">(.*?)</td>', page, re.S)
    assert cell and "上午请假" in cell.group(1) and 'name="code"' in cell.group(1)   # the afternoon is open
    body = post_cell(head, team.worker.id, day, code="late").get_data(as_text=True)
    assert "已保存" in body and "上午请假" in body
    assert entry_of(app, team.worker.id, day) == ("late", None)
    # the row's month: half a day of leave and half a day late — one day in all
    totals = re.search(rf'<td class="totals" id="t{team.worker.id}" hx-swap-oob="true">(.*?)</td>', body).group(1)
    assert "迟到0.5" in totals and "请假0.5" in totals


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
    # the 旷工 went into the register; the head's "present" waits beside it for the leadership
    assert entry_of(app, team.worker.id, day) == ("absent", "left_without_approval")
    name = team.worker.name
    gm_home = as_user("gm").get("/").get_data(as_text=True)
    assert re.search(r'<span class="count">[1-9]\d*</span> 考勤冲突：部门负责人的记录与旷工不符', gm_home)
    conflicts = as_user(team.deputy.username).get("/leave/conflicts").get_data(as_text=True)
    assert name in conflicts and "出勤" in conflicts
    assert name in listing(as_user(team.deputy.username).get("/leave/spot-checks"))
    assert name not in listing(as_user(elsewhere.deputy.username).get("/leave/spot-checks"))
    # a check that finds someone present where the head wrote 旷工 is flagged on the list
    other = working_days_back(5)[4]
    post_cell(head, team.worker.id, other, code="absent", reason="games_or_chatting")
    inspector.post("/leave/spot-checks", data={"employee_id": team.worker.id, "day": other.isoformat(),
                                               "code": "present", "absent_reason": ""})
    listed = listing(inspector.get("/leave/spot-checks?conflicts=1"))
    assert name in listed and "不符" in listed
    # once the head's record agrees (present too), that conflict is gone
    post_cell(head, team.worker.id, other, code="present")
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


def test_inspection_and_the_leaders_record_spot_checks(app, as_user, team):
    # 机关领导抽查: the GM and the deputy managers too; not the office, not a head
    day = working_days_back(2)[1]
    for who in ("gm", team.deputy.username):
        client = as_user(who)
        assert 'name="employee_id"' in client.get("/leave/spot-checks").get_data(as_text=True)
        response = client.post("/leave/spot-checks", data={"employee_id": team.worker.id, "day": day.isoformat(),
                                                           "code": "present"}, follow_redirects=True)
        assert "抽查记录已保存" in response.get_data(as_text=True), who
    assert as_user("office").post("/leave/spot-checks", data={"employee_id": team.worker.id}).status_code == 403
    assert as_user(team.head.username).post("/leave/spot-checks", data={"employee_id": team.worker.id}).status_code == 403


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


def test_the_alarms_cite_and_link_the_article_that_sets_30_and_60_days(as_user):
    office = as_user("office")
    page = office.get("/leave/alarms").get_data(as_text=True)
    link = re.search(r'<a href="/handbook/attendance#(art-\d+)">考勤制度(第.条)</a>', page)
    assert link and "（" + link.group(0) + "）" in page and "第六条" not in page
    regulation = office.get("/handbook/attendance").get_data(as_text=True)
    article = re.search(rf'<section class="article" id="{link.group(1)}">(.*?)</section>', regulation, re.S).group(1)
    assert f'title="{link.group(2)}"' in article
    assert "三个月累计不到岗30天" in article and "半年累计不到岗60天" in article


def test_pages_cite_the_attendance_articles_in_one_spelling(as_user):
    staff = as_user("staff")
    assert '#art-3">考勤制度第三条</a>' in staff.get("/leave/").get_data(as_text=True)
    assert '#art-6">考勤制度第六条</a>' in staff.get("/leave/excuses").get_data(as_text=True)


# --- a 旷工 the office or a spot check found: the head's different entry waits beside it ------------



def mark(app, employee_id, day, source, by="office", reason="left_without_approval"):
    """A 旷工 in the register as the office's presence check or a spot check writes it."""
    with app.app_context():
        by_id = db.session.scalar(select(Employee.id).where(Employee.username == by))
        entry = db.session.scalar(select(AttendanceEntry).where(AttendanceEntry.employee_id == employee_id,
                                                                AttendanceEntry.day == day))
        operations_register.write_entry(employee_id, day, entry, "absent", reason, by_id, source)
        db.session.commit()


def open_conflicts(app, employee_id, day):
    with app.app_context():
        return [(c.kind, c.mark_code, c.claim_code, c.claimed_by_id) for c in db.session.scalars(
            select(RegisterConflict).where(RegisterConflict.employee_id == employee_id, RegisterConflict.day == day,
                                           RegisterConflict.state == "open"))]


def history(app, employee_id, day):
    with app.app_context():
        return [(c.old_code, c.new_code, c.source) for c in db.session.scalars(
            select(AttendanceChange).where(AttendanceChange.employee_id == employee_id, AttendanceChange.day == day)
            .order_by(AttendanceChange.id))]


def test_the_offices_presence_check_absence_stands_and_the_heads_entry_waits_beside_it(app, as_user, team, travel):
    travel("2026-11-24T10:30")                      # a Tuesday, a working day
    with app.app_context():
        office = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
        assert absence_operations.record_presence(team.worker.id, "away_without_notice", office, "不在岗")
    day = local_today()
    assert entry_of(app, team.worker.id, day) == ("absent", "left_without_approval")
    head = as_user(team.head.username)
    response = post_cell(head, team.worker.id, day, code="present")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "办公室查岗在此记录了旷工，旷工记录保留" in body and "≠出勤" in body
    assert entry_of(app, team.worker.id, day) == ("absent", "left_without_approval")      # unchanged
    assert open_conflicts(app, team.worker.id, day) == [("head_entry", "absent", "present", team.head.id)]
    # nor can the head clear it
    response = post_cell(head, team.worker.id, day, code="")
    assert response.status_code == 422 and "部门负责人不能清除" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, day) == ("absent", "left_without_approval")
    # the head's register shows the lock and their entry beside it; the head sees the conflict listed
    page = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    cell = re.search(rf'<td class="cell[^"]* protected" id="td{team.worker.id}-{day:%m%d}">(.*?)</td>', page, re.S)
    assert cell and 'class="lock"' in cell.group(1) and "≠出勤" in cell.group(1)
    assert team.worker.name in head.get("/leave/conflicts").get_data(as_text=True)
    # a second, different entry replaces the first; agreeing (旷工) withdraws it
    post_cell(head, team.worker.id, day, code="business_trip")
    assert open_conflicts(app, team.worker.id, day) == [("head_entry", "absent", "business_trip", team.head.id)]
    body = post_cell(head, team.worker.id, day, code="absent", reason="games_or_chatting").get_data(as_text=True)
    assert "已记为旷工；您此前的不同记录已撤回" in body
    assert open_conflicts(app, team.worker.id, day) == []
    assert history(app, team.worker.id, day) == [(None, "absent", "presence")]   # the head changed nothing


def test_a_spot_check_absence_over_the_heads_entry_keeps_that_entry_beside_it(app, as_user, team):
    day = working_days_back(2)[1]
    post_cell(as_user(team.head.username), team.worker.id, day, code="present")
    as_user("inspector").post("/leave/spot-checks", data={
        "employee_id": team.worker.id, "day": day.isoformat(), "code": "absent",
        "absent_reason": "left_without_approval", "note": "10:20 不在岗"})
    assert entry_of(app, team.worker.id, day) == ("absent", "left_without_approval")
    assert open_conflicts(app, team.worker.id, day) == [("head_entry", "absent", "present", team.head.id)]
    assert history(app, team.worker.id, day) == [(None, "present", "register"), ("present", "absent", "spot_check")]
    # on a day of approved leave the register keeps the leave
    leave_day = working_days_back(3)[2]
    with app.app_context():
        factories.leave(team.worker, leave_day, leave_day)
    response = as_user("inspector").post("/leave/spot-checks", data={
        "employee_id": team.worker.id, "day": leave_day.isoformat(), "code": "absent",
        "absent_reason": "left_without_approval"}, follow_redirects=True)
    assert "当天有已批准的请假，考勤记录仍为请假" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, leave_day) is None


def decide(client, conflict_id, outcome, note=""):
    return client.post(f"/leave/conflicts/{conflict_id}/decide", data={"outcome": outcome, "note": note}, headers=HX)


def conflict_id(app, employee_id, day):
    with app.app_context():
        return db.session.scalar(select(RegisterConflict.id).where(
            RegisterConflict.employee_id == employee_id, RegisterConflict.day == day).order_by(RegisterConflict.id.desc()))


def test_the_leadership_decides_a_heads_entry_and_the_register_follows(app, as_user, team, elsewhere):
    day, other_day = working_days_back(4)[2:4]
    head = as_user(team.head.username)
    for d in (day, other_day):
        mark(app, team.worker.id, d, "spot_check", by="inspector")
        post_cell(head, team.worker.id, d, code="business_trip")
    first, second = conflict_id(app, team.worker.id, day), conflict_id(app, team.worker.id, other_day)
    # not the head, not the office, not another deputy manager
    for who in (team.head.username, "office", elsewhere.deputy.username):
        assert decide(as_user(who), first, "approve", "x").status_code == 403, who
    deputy = as_user(team.deputy.username)
    response = decide(deputy, first, "approve")
    assert response.status_code == 422 and "请填写处理理由" in response.get_data(as_text=True)
    response = decide(deputy, first, "approve", "出差审批单在，当天在唐山")
    assert response.status_code == 200 and "已采信部门负责人" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, day) == ("business_trip", None)
    assert history(app, team.worker.id, day)[-1] == ("absent", "business_trip", "conflict")
    # decided once: the GM is told who decided first
    response = decide(as_user("gm"), first, "refuse", "不对")
    assert response.status_code == 409 and team.deputy.name in response.get_data(as_text=True)
    # the GM upholds the other one: the 旷工 stays
    response = decide(as_user("gm"), second, "refuse", "监控显示不在岗")
    assert response.status_code == 200 and "维持旷工" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, other_day) == ("absent", "left_without_approval")
    page = as_user(team.deputy.username).get("/leave/conflicts").get_data(as_text=True)
    decided = page.split('id="decided-h"')[1]
    assert "出差审批单在" in decided and "监控显示不在岗" in decided
    # every step is on the person's month history
    history_page = head.get(f"/leave/register/{team.worker.id}/history?month={day:%Y-%m}").get_data(as_text=True)
    assert "冲突处理决定" in history_page and "考勤抽查" in history_page and "出差审批单在" in history_page


def test_leave_approved_over_an_absence_waits_for_its_approver_or_the_office(app, as_user, team):
    day, kept = working_days_back(3)[1:3]
    for d in (day, kept):
        mark(app, team.worker.id, d, "presence")
    with app.app_context():
        leave = factories.leave(team.worker, kept, day, leave_type="sick", approver=team.head)   # both days, filed afterwards
        elsewhere = factories.department()
        stranger = factories.person(elsewhere, head_of=elsewhere)
    head = as_user(team.head.username)
    stranger = as_user(stranger.username)
    # until decided the days count as 旷工, not leave: one status a day
    page = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    cell = re.search(rf'<td class="cell locked c-absent disputed" id="td{team.worker.id}-{day:%m%d}">', page)
    assert cell
    for who in (team.head.username, "office"):
        home = as_user(who).get("/").get_data(as_text=True)
        assert re.search(r'<span class="count">[1-9]\d*</span> 已批准请假与旷工记录冲突，待处理', home), who
    listed = head.get("/leave/conflicts").get_data(as_text=True).split('id="leave-h"')[1].split('id="decided-h"')[0]
    assert team.worker.name in listed and "按请假处理" in listed
    # the list is kept per process for whoever sees the same: another department's head does not
    assert team.worker.name not in stranger.get("/leave/conflicts").get_data(as_text=True)
    url = f"/leave/conflicts/leave/{leave.id}/{day.isoformat()}/decide"
    # the deputy manager is not the approver here, nor is another head
    assert as_user(team.deputy.username).post(url, data={"outcome": "approve", "note": "x"}).status_code == 403
    response = head.post(url, data={"outcome": "approve", "note": "有医院证明，补请病假"}, headers=HX)
    assert response.status_code == 200 and "按请假处理，旷工记录已清除" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, day) is None
    assert history(app, team.worker.id, day)[-1] == ("absent", None, "conflict")
    response = as_user("office").post(url, data={"outcome": "refuse", "note": "不对"}, headers=HX)
    assert response.status_code == 409 and team.head.name in response.get_data(as_text=True)
    # the office upholds the other day
    kept_url = f"/leave/conflicts/leave/{leave.id}/{kept.isoformat()}/decide"
    response = as_user("office").post(kept_url, data={"outcome": "refuse", "note": "未事先请假"}, headers=HX)
    assert response.status_code == 200 and "维持旷工，当天不计请假" in response.get_data(as_text=True)
    assert entry_of(app, team.worker.id, kept) == ("absent", "left_without_approval")
    listed = head.get("/leave/conflicts").get_data(as_text=True).split('id="leave-h"')[1].split('id="decided-h"')[0]
    assert team.worker.name not in listed


# --- while the head is away, their post's substitute keeps the register ------------------------------

def test_while_the_head_is_away_their_substitute_keeps_the_register(app, as_user):
    with app.app_context():
        dept = factories.department()
        substitute = factories.person(dept)
        head = factories.person(dept, head_of=dept, substitute=substitute)
        worker = factories.person(dept)
        other = factories.department()
        other_sub = factories.person(other)
        factories.person(other, head_of=other, substitute=other_sub)      # present: not away
        factories.on_leave(head)
    day = working_days_back(1)[0]
    client = as_user(substitute.username)
    page = client.get("/leave/register").get_data(as_text=True)
    assert f"考勤记录 · {dept.name}" in page and "作为其代岗人" in page and 'name="code"' in page
    assert post_cell(client, worker.id, day, code="late").status_code == 200
    assert entry_of(app, worker.id, day) == ("late", None)
    # the substitute of a head who is at work does not
    other_client = as_user(other_sub.username)
    assert other_client.get("/leave/register").status_code == 403
    assert post_cell(other_client, worker.id, day, code="present").status_code == 403


# --- the labour section reads the whole company -----------------------------------------------------

def test_the_labour_section_reads_every_register_the_report_and_the_alarms(app, as_user, team):
    with app.app_context():
        labour = factories.department(kind="labour")
        clerk = factories.person(labour)
        ordinary = factories.person(factories.department())
    client = as_user(clerk.username)
    page = client.get(f"/leave/register?dept={team.department.id}")
    assert page.status_code == 200 and team.worker.name in page.get_data(as_text=True)
    assert 'name="code"' not in page.get_data(as_text=True)          # reads, does not keep
    assert post_cell(client, team.worker.id, working_days_back(1)[0], code="present").status_code == 403
    report = client.get("/leave/report")
    assert report.status_code == 200 and team.department.name in report.get_data(as_text=True)
    assert "全公司" in report.get_data(as_text=True)
    assert client.get("/leave/alarms").status_code == 200
    assert client.get(f"/leave/register/{team.worker.id}/history").status_code == 200
    other = as_user(ordinary.username)
    for url in ("/leave/register", "/leave/report", "/leave/alarms"):
        assert other.get(url).status_code == 403, url


# --- every change of a day, shown ---------------------------------------------------------------------

def test_a_persons_month_history_shows_who_changed_what_and_when(app, as_user, team, elsewhere):
    day = working_days_back(2)[1]
    head = as_user(team.head.username)
    post_cell(head, team.worker.id, day, code="present")
    post_cell(head, team.worker.id, day, code="left_early")
    url = f"/leave/register/{team.worker.id}/history?month={day:%Y-%m}"
    page = head.get(url).get_data(as_text=True)
    section = page.split(f'id="d{day.isoformat()}"')[1].split("</section>")[0]
    assert section.count(team.head.name) == 2 and "出勤 → 早退" in section and "空</span> → 出勤" in section
    assert "部门考勤记录" in section
    # reachable from the register: the person's name links there
    register = head.get(f"/leave/register?month={day:%Y-%m}").get_data(as_text=True)
    assert f'href="/leave/register/{team.worker.id}/history?month={day:%Y-%m}"' in register
    for who in ("gm", "office", team.deputy.username):
        assert as_user(who).get(url).status_code == 200, who
    for who in (elsewhere.head.username, elsewhere.deputy.username, team.worker.username, "inspector"):
        assert as_user(who).get(url).status_code == 403, who


# --- absence alarms stay open until followed up ---------------------------------------------------

def follow_up(client, employee_id, alarm, **data):
    return client.post(f"/leave/alarms/{employee_id}/{alarm}", data=data)


def test_a_talk_alarm_stays_open_until_the_talk_is_recorded(app, as_user, team, elsewhere):
    _absent(app, team.worker.id, working_days_back(30))
    name = team.worker.name
    gm = as_user("gm")
    page = gm.get("/leave/alarms").get_data(as_text=True)
    assert _listed(page, "talk-reached", name) and "记录处理" in page
    for who in ("gm", "office"):
        home = as_user(who).get("/").get_data(as_text=True)
        assert re.search(r'<li class="urgent"><a href="/leave/alarms"><span class="count">[1-9]\d*</span> 旷工预警待处理',
                         home), who
    # inspection reads the alarms but records no follow-up; another deputy manager neither
    for who in ("inspector", elsewhere.deputy.username, team.head.username):
        assert follow_up(as_user(who), team.worker.id, "talk", step="talk").status_code == 403, who
    today = local_today()
    response = follow_up(gm, team.worker.id, "talk", step="talk", on_date=today.isoformat(), held_by_id="0",
                         notes="")
    assert response.status_code == 422 and "请选择约谈人" in response.get_data(as_text=True)
    response = follow_up(gm, team.worker.id, "talk", step="talk", on_date=today.isoformat(),
                         held_by_id=str(team.deputy.id), notes="")
    assert response.status_code == 422 and "请填写约谈内容或会议决定" in response.get_data(as_text=True)
    response = follow_up(gm, team.worker.id, "talk", step="talk", on_date=(today + timedelta(days=1)).isoformat(),
                         held_by_id=str(team.deputy.id), notes="谈话")
    assert response.status_code == 422 and "不能是未来的日期" in response.get_data(as_text=True)
    response = follow_up(as_user(team.deputy.username), team.worker.id, "talk", step="talk",
                         on_date=today.isoformat(), held_by_id=str(team.deputy.id), notes="本人承认，保证改正")
    assert response.status_code == 302
    page = gm.get("/leave/alarms").get_data(as_text=True)
    assert not _listed(page, "talk-reached", name) and not _listed(page, "talk-near", name)
    follow_ups = page.split('id="follow-ups"')[1].split("</table>")[0]
    assert name in follow_ups and "本人承认，保证改正" in follow_ups and team.deputy.name in follow_ups
    # nothing left to record for it now
    response = follow_up(gm, team.worker.id, "talk", step="talk", on_date=today.isoformat(),
                         held_by_id=str(team.deputy.id), notes="再谈")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AlarmFollowUp).where(
            AlarmFollowUp.employee_id == team.worker.id)) == 1


def test_sixty_days_need_the_meeting_the_bureau_report_and_the_exclusion(app, as_user, team):
    days = working_days_back(60)
    _absent(app, team.worker.id, days)
    if rules.alarm_follow_up(days, (), local_today()).get(rules.EXCLUDE, ("",))[0] != rules.OPEN:
        pytest.skip("60 working days back do not fit in 6 months here")
    office = as_user("office")
    name, today = team.worker.name, local_today().isoformat()
    assert _listed(office.get("/leave/alarms").get_data(as_text=True), "exclude-reached", name)
    response = follow_up(office, team.worker.id, "exclude", step="exclusion", on_date=today,
                         period_start=today)
    assert response.status_code == 422 and "请填写取消资格的起止日期" in response.get_data(as_text=True)
    assert follow_up(office, team.worker.id, "exclude", step="meeting", on_date=today,
                     notes="经理办公会研究决定：取消本年度评先资格").status_code == 302
    assert follow_up(office, team.worker.id, "exclude", step="bureau_report", on_date=today,
                     notes="热力〔2026〕12号").status_code == 302
    page = office.get("/leave/alarms").get_data(as_text=True)
    row = page.split('id="exclude-reached"')[1].split("</table>")[0]
    assert name in row and "✓ 经理办公会决定" in row and "✗ 取消评功" in row
    end = (local_today() + timedelta(days=365)).isoformat()
    assert follow_up(office, team.worker.id, "exclude", step="exclusion", on_date=today, period_start=today,
                     period_end=end).status_code == 302
    assert not _listed(office.get("/leave/alarms").get_data(as_text=True), "exclude-reached", name)


# --- speed: the same statements whatever the size --------------------------------------------------

def statements(app, client, url) -> int:
    client.get(url)  # warm up
    with app.app_context():
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
    return counter.count


def test_the_conflicts_alarms_and_history_pages_take_the_same_sql_for_more_data(app, as_user, team):
    gm, office = as_user("gm"), as_user("office")
    pages = [(gm, "/leave/conflicts"), (office, "/leave/conflicts"), (gm, "/leave/alarms"),
             (gm, f"/leave/register/{team.worker.id}/history"), (gm, f"/leave/register?dept={team.department.id}")]
    before = [statements(app, c, u) for c, u in pages]
    # more conflicts, absences, follow-ups and changes
    head = as_user(team.head.username)
    for d in working_days_back(5):
        mark(app, team.worker.id, d, "spot_check", by="inspector")
        post_cell(head, team.worker.id, d, code="present")
    with app.app_context():
        factories.leave(team.worker, working_days_back(5)[-1], working_days_back(5)[0], approver=team.head)
        extra = [factories.person(team.department) for _ in range(3)]
    for person in extra:
        _absent(app, person.id, working_days_back(30))
        follow_up(gm, person.id, "talk", step="talk", on_date=local_today().isoformat(), held_by_id=str(team.deputy.id),
                  notes="谈话")
    after = [statements(app, c, u) for c, u in pages]
    assert before == after and max(after) <= 12, (before, after)



def test_leave_over_a_kuanggong_is_loaded_by_its_ids_not_by_walking_approved_leave(app):
    """The conflicts page and the decisions page load the days found (leave id, register cell)
    by both ids. Asked by the cells and the leave's state, SQLite started from every approved
    leave and walked its days: 35 ms a page at 1,000 employees (the plan, not the data, decides)."""
    from sqlalchemy import text
    from portal.leave.queries_register import _leave_conflicts_by_cell
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's query plan")
        statement = _leave_conflicts_by_cell().params(leaves=[1, 2, 3], cells=[4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan = [row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    assert any(step.startswith("SEARCH leave_requests USING INTEGER PRIMARY KEY") for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan

# --- the grid kept per worker (derived_cache) --------------------------------------------------

def _cell_text(page: str, employee_id: int, day: date) -> str:
    found = re.search(rf'<td class="[^"]*" id="td{employee_id}-{day:%m%d}">(.*?)</td>|'
                      rf'<tr data-p="{employee_id}".*?</tr>', page, re.S)
    return found.group(0) if found else ""


def test_the_kept_grid_shows_what_another_worker_changed(app, as_user, team, travel):
    # Another worker (another process) changes the register and withdraws a head's entry beside a
    # 旷工 in place; this worker's kept grid must not show the old month.
    travel("2026-11-24T10:30")
    day = local_today()
    office = as_user("office")
    url = f"/leave/register?dept={team.department.id}&month={day:%Y-%m}"
    with app.app_context():
        db.session.add(RegisterConflict(
            kind=rules.CONFLICT_HEAD, employee_id=team.worker.id, day=day, mark_code="absent",
            mark_source="presence", claim_code="present", claimed_by_id=team.head.id,
            claimed_at=utcnow(), state=rules.CONFLICT_OPEN))
        db.session.add(AttendanceEntry(employee_id=team.worker.id, day=day, code="absent",
                                       absent_reason="left_without_approval", source="presence"))
        db.session.commit()
    assert "≠出勤" in _cell_text(office.get(url).get_data(as_text=True), team.worker.id, day)
    with app.app_context(), db.engine.begin() as other:
        other.execute(RegisterConflict.__table__.update().where(RegisterConflict.employee_id == team.worker.id)
                      .values(state=rules.CONFLICT_WITHDRAWN))
    assert "≠出勤" not in _cell_text(office.get(url).get_data(as_text=True), team.worker.id, day)
    with app.app_context(), db.engine.begin() as other:
        other.execute(AttendanceEntry.__table__.update().where(AttendanceEntry.employee_id == team.worker.id)
                      .values(code="business_trip", absent_reason=None, source="register"))
        other.execute(AttendanceChange.__table__.insert().values(
            employee_id=team.worker.id, day=day, old_code="absent", new_code="business_trip", source="register"))
    row = _cell_text(office.get(url).get_data(as_text=True), team.worker.id, day)
    assert "出差" in row or "差" in row
    assert "旷" not in row


def test_a_heads_entry_waits_on_the_decisions_page_of_the_deputy_in_charge_and_the_gm(app, as_user, team, elsewhere):
    """Counted by the 审批 badge, listed on /decisions, decided there in its row; a deputy who does
    not oversee the department does not get it."""
    day = working_days_back(4)[2]
    mark(app, team.worker.id, day, "spot_check", by="inspector")
    post_cell(as_user(team.head.username), team.worker.id, day, code="business_trip")
    conflict = conflict_id(app, team.worker.id, day)
    deputy, gm, other = as_user(team.deputy.username), as_user("gm"), as_user(elsewhere.deputy.username)
    for client in (deputy, gm):
        page = client.get("/decisions").get_data(as_text=True)
        assert f'id="conflict-{conflict}"' in page.split('id="conflicts"')[1]
    assert f'id="conflict-{conflict}"' not in other.get("/decisions").get_data(as_text=True)
    from tests.test_decisions import _badge as badge
    before = badge(deputy)
    response = decide(deputy, conflict, "refuse", "监控显示不在岗")
    assert response.status_code == 200 and "维持旷工" in response.get_data(as_text=True)
    assert badge(deputy) == before - 1
    assert f'id="conflict-{conflict}"' not in gm.get("/decisions").get_data(as_text=True)
