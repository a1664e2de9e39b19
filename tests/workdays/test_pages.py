"""The office enters a year's holiday schedule; every area then counts with it.

2027 is in no chinesecalendar release: until the office enters it, its counts come from the
statutory holidays (5, 8, 9 and 10 Feb 2027 off for the Spring Festival) and are marked as
provisional. The schedule entered below (1 Jan; 5–11 Feb; make-up Saturday 20 Feb) is made up
for the test.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.leave.models import LeaveEvent, LeaveRequest
from portal.staff.models import Employee
from portal.workdays.models import HolidaySchedule

HX = {"HX-Request": "true"}
PROVISIONAL = "2027年放假安排尚未录入，按法定节假日暂计"
REMINDER = "录入国务院公布的2027年放假安排"
SCHEDULE = {"year": "2027", "holidays": "元旦：2027年1月1日\n2月5日至11日", "workdays": "2027/2/20"}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Employee.id).where(Employee.username == username))


def schedules(app) -> list[HolidaySchedule]:
    with app.app_context():
        return list(db.session.scalars(select(HolidaySchedule).order_by(HolidaySchedule.id)))


def ask_february(client) -> None:
    """1–12 Feb 2027: 6 working days on the statutory holidays, 5 on the schedule above."""
    response = client.post("/leave/new", data={
        "leave_type": "annual", "start_date": "2027-02-01", "start_part": "am",
        "end_date": "2027-02-12", "end_part": "pm", "reason": "探亲"}, content_type="multipart/form-data")
    assert response.status_code == 302, text(response)[:500]


def preview_january(client) -> str:
    return text(client.get("/leave/preview", headers=HX, query_string={
        "leave_type": "personal", "start_date": "2027-01-11", "start_part": "am",
        "end_date": "2027-01-15", "end_part": "pm"}))


def test_entering_2027_ends_the_provisional_counts_and_recounts_pending_leave(app, as_user):
    staff, office = as_user("staff"), as_user("office")
    ask_february(staff)
    with app.app_context():
        leave = db.session.scalar(select(LeaveRequest).where(LeaveRequest.employee_id == user_id(app, "staff"))
                                  .order_by(LeaveRequest.id.desc()).limit(1))
        leave_id, approver_id = leave.id, leave.approver_id
        assert (leave.state, leave.days) == ("submitted", Decimal(6))
    january = preview_january(staff)
    assert "共 5 个工作日" in january and PROVISIONAL in january
    assert PROVISIONAL in text(staff.get(f"/leave/{leave_id}"))

    page = text(office.get("/admin/calendar/?year=2027"))
    assert "2027年放假安排" in page and "暂按法定节假日计" in page and "尚无人录入2027年的放假安排" in page

    # Preview: the months as typed and the requests that will change; nothing is saved yet.
    preview = text(office.post("/admin/calendar/", data={**SCHEDULE, "action": "preview"}))
    assert "预览" in preview and "2月5日至11日" in preview and "2月20日周六" in preview
    assert f"/leave/{leave_id}" in preview and "6 → 5个工作日" in preview
    assert schedules(app) == []

    response = office.post("/admin/calendar/", data={**SCHEDULE, "action": "save"})
    assert response.status_code == 302
    done = text(office.get(response.location))
    assert "2027年放假安排已录入：放假8天，调休上班1天。" in done and "份请假的工作日" in done
    assert "办公室已录入" in done and "陈晓燕" in done

    entry, = schedules(app)
    assert (entry.year, entry.entered_by_id) == (2027, user_id(app, "office"))
    assert entry.holidays.split() == ["2027-01-01"] + [f"2027-02-{d:02d}" for d in range(5, 12)]
    assert entry.workdays.split() == ["2027-02-20"]
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        assert (leave.days, leave.approver_id, leave.state) == (Decimal(5), approver_id, "submitted")
        assert db.session.scalar(select(LeaveEvent.detail).where(
            LeaveEvent.request_id == leave_id, LeaveEvent.kind == "recounted")) == "2027 6 5"

    january = preview_january(staff)
    assert "共 5 个工作日" in january and "尚未录入" not in january
    detail = text(staff.get(f"/leave/{leave_id}"))
    assert "尚未录入" not in detail and "按陈晓燕录入的2027年放假安排重新计算工作日：6 → 5" in detail
    for path in ("/leave/duty?month=2027-02", "/leave/report?month=2027-02", "/leave/register?month=2027-02"):
        page = text(as_user("office-head").get(path))
        assert "尚未录入" not in page, path
    roster = text(office.get("/leave/duty?month=2027-02"))     # the days the office may assign duty on:
    assert 'value="2027-02-11"' in roster and 'value="2027-02-20"' not in roster   # off on Thursday, worked on Saturday


def test_entering_again_keeps_the_history_and_the_latest_wins(app, as_user):
    office, head = as_user("office"), as_user("office-head")
    assert office.post("/admin/calendar/", data={**SCHEDULE, "action": "save"}).status_code == 302
    later = {**SCHEDULE, "holidays": "1月1日\n2月6日—12日", "workdays": "2月20日、2月21日"}
    assert head.post("/admin/calendar/", data=later).status_code == 302   # saving is the default
    first, second = schedules(app)
    assert first.entered_by_id == user_id(app, "office") and second.entered_by_id == user_id(app, "office-head")
    page = text(office.get("/admin/calendar/?year=2027"))
    history = page.split('id="history"')[1]
    assert history.index("周振华") < history.index("陈晓燕")             # newest first
    assert page.count("现行") >= 1 and "已被取代" in page
    assert "2027-02-12" in page                                         # the form holds the schedule in force
    assert 'value="2027-02-12"' in text(office.get("/leave/duty?month=2027-02"))


def test_staff_may_not_open_or_post(app, as_user):
    staff = as_user("staff")
    assert staff.get("/admin/calendar/").status_code == 403
    assert staff.post("/admin/calendar/", data={**SCHEDULE, "action": "save"}).status_code == 403
    assert schedules(app) == []
    assert as_user("admin").get("/admin/calendar/").status_code == 200


def test_bad_input_is_explained_in_chinese_and_kept(app, as_user):
    office = as_user("office")
    typed = "2027-01-01\n2月30日\n2028-01-01\n明天\n2月11日至2月5日"
    page = text(office.post("/admin/calendar/", data={"year": "2027", "holidays": typed,
                                                      "workdays": "2月3日", "action": "save"}))
    for message in ("“2月30日”不是存在的日期", "“2028-01-01”不在2027年内", "“明天”无法识别为日期",
                    "“2月11日至2月5日”的结束日期早于开始日期", "请修改标出的项目"):
        assert message in page, message
    assert "2月30日 2028-01-01 明天 2月11日至2月5日" in page          # what was typed, still there
    weekday = text(office.post("/admin/calendar/", data={"year": "2027", "holidays": "2027-01-01",
                                                         "workdays": "2月3日", "action": "save"}))
    assert "2027-02-03是周一至周五，本来就是工作日" in weekday
    empty = text(office.post("/admin/calendar/", data={"year": "2027", "holidays": "", "action": "save"}))
    assert "请填写当年的放假日期" in empty
    wrong_year = office.post("/admin/calendar/", data={"year": "1999", "holidays": "1月1日", "action": "save"})
    assert wrong_year.status_code == 422 and "请选择2000年至2100年之间的年份" in text(wrong_year)
    assert schedules(app) == []


def test_the_office_is_reminded_from_november_until_next_year_is_entered(app, as_user, travel):
    travel("2026-10-20T09:00")
    assert REMINDER not in text(as_user("office").get("/"))
    travel("2026-11-05T09:00")
    office = as_user("office")
    home = text(office.get("/"))
    assert REMINDER in home and "/admin/calendar/?year=2027" in home
    assert REMINDER not in text(as_user("staff").get("/"))
    office.post("/admin/calendar/", data={**SCHEDULE, "action": "save"})
    assert REMINDER not in text(office.get("/"))


def test_a_provisional_current_year_is_reminded_urgently(as_user, travel):
    travel("2027-01-04T09:00")
    home = as_user("office-head").get("/").get_data(as_text=True)
    assert re.search(r'<li class="urgent"><a href="/admin/calendar/\?year=2027">', home)


def test_the_page_shows_the_package_year_and_links_from_the_notice(as_user):
    office = as_user("office")
    page = text(office.get("/admin/calendar/?year=2026"))
    assert "内置日历（chinesecalendar）" in page and "10月10日" in page     # make-up Saturday 2026
    assert "请选择2000年至2100年之间的年份" in text(office.get("/admin/calendar/?year=20266"))
    roster = text(office.get("/leave/duty?month=2027-01"))
    assert PROVISIONAL in roster and 'href="/admin/calendar/?year=2027"' in roster
    assert 'href="/admin/calendar/' not in text(as_user("staff").get("/leave/duty?month=2027-01"))


def test_the_calendar_is_read_once_per_request_and_kept_until_a_schedule_is_entered(app):
    """A request asks the calendar once however often it is used; another request of the same
    worker finds it built (one statement: the versions every kept figure checks); a schedule
    entered by another worker is seen by the next request."""
    from portal.bench.sqlcount import StatementCounter
    from portal.workdays import queries

    def ask() -> tuple[int, bool]:
        with app.test_request_context():
            with StatementCounter(db.engine) as counter:
                queries.current().is_working_day(date(2027, 1, 4))
                working = queries.current().is_working_day(date(2027, 3, 10))
                queries.current().count_working_days(date(2027, 1, 1), date(2027, 12, 31))
            return counter.count, working

    with app.app_context():
        db.session.commit()                  # a commit in this worker forgets what it kept
        entered_by = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
    assert ask() == (2, True)                # the versions, then the schedules
    assert ask() == (1, True)                # kept: the versions only
    with app.app_context(), db.engine.begin() as other:     # another worker enters 2027's schedule
        other.execute(HolidaySchedule.__table__.insert().values(
            year=2027, holidays="2027-03-10", workdays="", entered_by_id=entered_by, entered_at=datetime(2026, 11, 1)))
    assert ask() == (2, False)
