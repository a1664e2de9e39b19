"""Weekend and holiday duty, overtime, the allowance and the monthly attendance report
(regulation 1 §2 and §8), through the pages as the office, the heads and the GM use them."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.approvals.models import Decision
from portal.extensions import db
from portal.leave import rules
from portal.leave.models import AttendanceEntry, DutyShift, LeaveRequest, OvertimeReport, RosterApproval
from portal.settings import HOLIDAY_ALLOWANCE, get_setting, set_setting
from portal.staff.models import Department, Employee
from portal.clock import local_today
from tests import factories

FREE_SUN = date(2026, 9, 27)  # September: a month the demo roster leaves alone


def person(app, username):
    with app.app_context():
        return db.session.scalar(select(Employee).where(Employee.username == username))


def employee_id(app, username) -> int:
    return person(app, username).id


def shift_of(app, employee, day):
    with app.app_context():
        return db.session.scalar(select(DutyShift).where(DutyShift.employee_id == employee, DutyShift.day == day))


def upcoming_shift_of(app, employee):
    """The demo roster gives 林静 (staff) the first weekend or holiday after today."""
    with app.app_context():
        return db.session.scalar(select(DutyShift).where(
            DutyShift.employee_id == employee, DutyShift.status == "assigned",
            DutyShift.day > local_today()).order_by(DutyShift.day).limit(1))


# --- the roster ------------------------------------------------------------------------------

def test_everyone_sees_the_roster_with_their_own_shift_highlighted(app, as_user):
    day = upcoming_shift_of(app, employee_id(app, "staff")).day
    page = as_user("staff").get(f"/leave/duty?month={day:%Y-%m}").get_data(as_text=True)
    assert f"{day.year}年{day.month}月{day.day}日" in page and "林静" in page and "我的值班" in page
    assert "duty-add" not in page and "改回已安排" not in page  # only the office assigns


def test_the_roster_starts_with_my_next_shift(app, as_user):
    day = upcoming_shift_of(app, employee_id(app, "staff")).day
    page = as_user("staff").get("/leave/duty").get_data(as_text=True)
    mine = page.index("我的下一次值班")
    box = page[mine:page.index("</section>", mine)]
    assert f"{day.year}年{day.month}月{day.day}日" in box and f"#day-{day.isoformat()}" in box
    assert mine < page.index('id="roster"')                        # at the top, before the month
    office = as_user("gm").get("/leave/duty").get_data(as_text=True)
    assert "您近期没有值班安排" in office


def test_once_a_months_shifts_are_past_the_roster_opens_on_the_next_ones(app, as_user, travel):
    # 2027-03-30 is a Tuesday after March's last weekend; the next shift is on Saturday 3 April.
    with app.app_context():
        db.session.add(DutyShift(day=date(2027, 3, 27), post="测试岗", employee_id=None))
        db.session.add(DutyShift(day=date(2027, 4, 3), post="测试岗", employee_id=employee_id(app, "staff")))
        db.session.commit()
    travel("2027-03-30T09:00")
    staff = as_user("staff")
    page = staff.get("/leave/duty").get_data(as_text=True)
    assert "2027年4月值班" in page and 'id="day-2027-04-03"' in page
    assert "2027年3月的值班均已结束" in page
    box = page[page.index("我的下一次值班"):]
    assert "2027年4月3日" in box[:box.index("</section>")]
    # Asked for, March stays March; on its last weekend, it was March too.
    page = staff.get("/leave/duty?month=2027-03").get_data(as_text=True)
    assert "2027年3月值班" in page and "均已结束" not in page
    travel("2027-03-27T09:00")
    assert "2027年3月值班" in staff.get("/leave/duty").get_data(as_text=True)


def test_office_assigns_then_marks_missed_and_the_register_says_absent(app, as_user):
    office = as_user("office")
    driver = employee_id(app, "driver")
    response = office.post("/leave/duty/shifts", data={"day": FREE_SUN.isoformat(), "post": "公司值班",
                                                        "employee_id": driver})
    assert response.status_code == 302
    shift = shift_of(app, driver, FREE_SUN)
    assert shift.status == "assigned" and shift.post == "公司值班"

    response = office.post(f"/leave/duty/shifts/{shift.id}/status", data={"status": "missed"},
                           headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="roster"' in page and "<html" not in page
    assert "已按旷工记入考勤登记" in page
    with app.app_context():
        entry = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == driver, AttendanceEntry.day == FREE_SUN))
        assert (entry.code, entry.absent_reason) == ("absent", "missed_duty_shift")
    assert "空岗（旷工）" in office.get("/leave/duty?month=2026-09").get_data(as_text=True)

    # A correction takes the absence out of the register again.
    office.post(f"/leave/duty/shifts/{shift.id}/status", data={"status": "done"})
    with app.app_context():
        assert db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == driver, AttendanceEntry.day == FREE_SUN)) is None
        assert db.session.get(DutyShift, shift.id).status == "done"


def test_marking_missed_overwrites_an_existing_register_entry(app, as_user):
    guard = employee_id(app, "guard")
    with app.app_context():
        db.session.add(AttendanceEntry(employee_id=guard, day=FREE_SUN, code="present"))
        db.session.add(DutyShift(day=FREE_SUN, employee_id=guard, post="换热站值班"))
        db.session.commit()
    shift = shift_of(app, guard, FREE_SUN)
    as_user("office-head").post(f"/leave/duty/shifts/{shift.id}/status", data={"status": "missed"})
    with app.app_context():
        entries = db.session.scalars(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == guard, AttendanceEntry.day == FREE_SUN)).all()
        assert [(e.code, e.absent_reason) for e in entries] == [("absent", "missed_duty_shift")]


@pytest.mark.parametrize("username", ["staff", "gm", "invest-head", "admin", "inspector"])
def test_only_the_office_assigns_duty(app, as_user, username):
    client = as_user(username)
    response = client.post("/leave/duty/shifts", data={"day": FREE_SUN.isoformat(), "post": "公司值班",
                                                        "employee_id": employee_id(app, "driver")})
    assert response.status_code == 403
    shift = upcoming_shift_of(app, employee_id(app, "staff"))
    assert client.post(f"/leave/duty/shifts/{shift.id}/status", data={"status": "missed"}).status_code == 403
    assert client.post(f"/leave/duty/shifts/{shift.id}/remove").status_code == 403
    assert shift_of(app, employee_id(app, "driver"), FREE_SUN) is None


def test_bad_assignments_are_explained_not_saved(app, as_user):
    office = as_user("office")
    driver = employee_id(app, "driver")
    cases = [
        ({"day": "2026-09-28", "post": "公司值班", "employee_id": driver}, "是工作日"),   # a Monday
        ({"day": "yesterday", "post": "公司值班", "employee_id": driver}, "请选择值班日期"),
        ({"day": FREE_SUN.isoformat(), "post": "食堂值班", "employee_id": driver}, "未能安排"),
        ({"day": FREE_SUN.isoformat(), "post": "公司值班", "employee_id": 999999}, "未能安排"),
    ]
    for data, message in cases:
        response = office.post("/leave/duty/shifts", data=data, headers={"HX-Request": "true"})
        assert response.status_code == 200, data
        assert message in response.get_data(as_text=True), data
    office.post("/leave/duty/shifts", data={"day": FREE_SUN.isoformat(), "post": "公司值班", "employee_id": driver})
    again = office.post("/leave/duty/shifts", data={"day": FREE_SUN.isoformat(), "post": "调度值班",
                                                    "employee_id": driver}, headers={"HX-Request": "true"})
    assert "孙志强在2026-09-27已有值班安排" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(DutyShift.post).where(
            DutyShift.employee_id == driver, DutyShift.day == FREE_SUN)) == "公司值班"


def test_a_future_shift_cannot_be_marked_missed_and_history_is_not_removed(app, as_user):
    office = as_user("office")
    staff = employee_id(app, "staff")
    upcoming = upcoming_shift_of(app, staff)
    response = office.post(f"/leave/duty/shifts/{upcoming.id}/status", data={"status": "missed"})
    assert response.status_code == 302
    assert "值班当天起才能登记" in office.get(response.location).get_data(as_text=True)
    assert shift_of(app, staff, upcoming.day).status == "assigned"
    with app.app_context():
        done = db.session.scalar(select(DutyShift).where(DutyShift.status == "done").limit(1))
    office.post(f"/leave/duty/shifts/{done.id}/remove")
    with app.app_context():
        assert db.session.get(DutyShift, done.id) is not None


def test_an_unfilled_shift_warns_the_office_and_can_be_filled(app, as_user):
    office = as_user("office")
    assert "未来四周空缺的值班" in office.get("/").get_data(as_text=True)
    with app.app_context():
        gap = db.session.scalar(select(DutyShift).where(DutyShift.employee_id.is_(None)))
    page = office.get("/leave/duty?month=2026-11").get_data(as_text=True)
    assert "未来四周空缺的班次" in page
    response = office.post(f"/leave/duty/shifts/{gap.id}/edit",
                           data={"post": gap.post, "employee_id": employee_id(app, "guard")})
    assert response.status_code == 302
    assert "未来四周空缺的值班" not in office.get("/").get_data(as_text=True)
    assert "未来四周空缺的值班" not in as_user("staff").get("/").get_data(as_text=True)


def test_a_year_without_a_schedule_is_counted_provisionally(as_user):
    for path in ("/leave/duty?month=2027-01", "/leave/report?month=2027-01", "/leave/allowance?month=2027-03"):
        response = as_user("office").get(path)
        assert response.status_code == 200
        assert "2027年放假安排尚未录入，按法定节假日暂计" in response.get_data(as_text=True)
    assert "2027-01-02" in as_user("office").get("/leave/duty?month=2027-01").get_data(as_text=True)
    assert "尚未录入" not in as_user("office").get("/leave/duty?month=2026-10").get_data(as_text=True)
    response = as_user("gm").get("/leave/report.xlsx?month=2027-01")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")


# --- overtime ----------------------------------------------------------------------------------

def overtime_of(app, employee, day):
    with app.app_context():
        return db.session.scalar(select(OvertimeReport).where(
            OvertimeReport.employee_id == employee, OvertimeReport.day == day))


def test_a_head_reports_overtime_and_the_gm_approves_it(app, as_user):
    with app.app_context():
        team = factories.team()
        gm_id = factories.general_manager().id
    staff = team.worker.id
    head = as_user(team.head.username)
    response = head.post("/leave/overtime/new", data={"employee_id": staff, "day": "2026-11-24",
                                                      "days": "0.5", "reason": "整理入网资料"})
    assert response.status_code == 302
    report = overtime_of(app, staff, date(2026, 11, 24))
    assert (report.state, report.days) == ("submitted", Decimal("0.5"))
    assert "整理入网资料" in head.get("/leave/overtime").get_data(as_text=True)

    gm = as_user("gm")
    home = gm.get("/").get_data(as_text=True)
    assert "待审批的加班" in home
    assert "整理入网资料" in gm.get("/leave/overtime").get_data(as_text=True)
    response = gm.post(f"/leave/overtime/{report.id}/decide", data={"outcome": "approve"},
                       headers={"HX-Request": "true"})
    assert response.status_code == 200 and "已批准" in response.get_data(as_text=True)
    report = overtime_of(app, staff, date(2026, 11, 24))
    assert report.state == "approved" and report.decided_by_id == gm_id
    again = gm.post(f"/leave/overtime/{report.id}/decide", data={"outcome": "refuse", "note": "晚了"})
    assert again.status_code == 302 and overtime_of(app, staff, date(2026, 11, 24)).state == "approved"


def test_refusing_overtime_needs_a_reason(app, as_user):
    with app.app_context():
        report_id = db.session.scalar(select(OvertimeReport.id).where(OvertimeReport.state == "submitted").limit(1))
    gm = as_user("gm")
    response = gm.post(f"/leave/overtime/{report_id}/decide", data={"outcome": "refuse", "note": "  "},
                       headers={"HX-Request": "true"})
    assert "不批准时请填写理由" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(OvertimeReport, report_id).state == "submitted"
    gm.post(f"/leave/overtime/{report_id}/decide", data={"outcome": "refuse", "note": "可调休，不计加班"})
    with app.app_context():
        report = db.session.get(OvertimeReport, report_id)
        assert (report.state, report.decision_note) == ("refused", "可调休，不计加班")


def test_heads_report_only_their_own_people_and_only_the_gm_decides(app, as_user):
    with app.app_context():
        team, elsewhere = factories.team(), factories.team()
    head, other_head = as_user(team.head.username), as_user(elsewhere.head.username)
    outsider = elsewhere.worker.id
    response = head.post("/leave/overtime/new", data={"employee_id": outsider, "day": "2026-11-24",
                                                      "days": "1", "reason": "x"})
    assert response.status_code == 200 and overtime_of(app, outsider, date(2026, 11, 24)) is None
    for client, worker, reason in ((head, team.worker, "整理入网工程结算资料"), (other_head, elsewhere.worker, "抢修爆管")):
        assert client.post("/leave/overtime/new", data={"employee_id": worker.id, "day": "2026-11-24",
                                                        "days": "1", "reason": reason}).status_code == 302
    report_id = overtime_of(app, team.worker.id, date(2026, 11, 24)).id
    for username in (team.head.username, team.deputy.username, "office"):
        assert as_user(username).post(f"/leave/overtime/{report_id}/decide",
                                      data={"outcome": "approve"}).status_code == 403
    assert overtime_of(app, team.worker.id, date(2026, 11, 24)).state == "submitted"
    assert as_user(team.worker.username).get("/leave/overtime").status_code == 403
    # a head sees their own department's reports, not the others'
    page = other_head.get("/leave/overtime").get_data(as_text=True)
    assert "抢修爆管" in page
    assert "整理入网工程结算资料" not in page


@pytest.mark.parametrize("day, message", [("2026-08-01", "已超过两个月"), ("2027-03-01", "超过一个月"),
                                          ("not a day", "")])
def test_overtime_day_is_checked(app, as_user, day, message):
    staff = employee_id(app, "staff")
    response = as_user("invest-head").post("/leave/overtime/new", data={
        "employee_id": staff, "day": day, "days": "1", "reason": "x"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(OvertimeReport.id).where(
            OvertimeReport.employee_id == staff, OvertimeReport.reason == "x")) is None


# --- allowance ---------------------------------------------------------------------------------

def add_month_of_data(app, who: "str | Employee") -> dict:
    """September 2026 for one person (a demo username, or an Employee): register codes, an
    approved leave reaching into October, two duty shifts done, one missed (on a roster the GM
    approved), and overtime approved, refused and pending."""
    who = person(app, who) if isinstance(who, str) else who
    with app.app_context():
        for day, code in [(date(2026, 9, 1), "present"), (date(2026, 9, 2), "present"),
                          (date(2026, 9, 3), "late"), (date(2026, 9, 4), "left_early"),
                          (date(2026, 9, 7), "business_trip"), (date(2026, 9, 8), "absent")]:
            db.session.add(AttendanceEntry(employee_id=who.id, day=day, code=code,
                                           absent_reason="left_without_approval" if code == "absent" else None))
        # 29 and 30 Sep are working days; 1–7 Oct is the National Day holiday.
        db.session.add(LeaveRequest(employee_id=who.id, leave_type="sick", start_date=date(2026, 9, 29),
                                    start_part="am", end_date=date(2026, 10, 9), end_part="pm",
                                    days=Decimal("4"), state="approved", approver_level="deputy_manager"))
        db.session.add(LeaveRequest(employee_id=who.id, leave_type="personal", start_date=date(2026, 9, 14),
                                    start_part="pm", end_date=date(2026, 9, 14), end_part="pm",
                                    days=Decimal("0.5"), state="approved", approver_level="department_head"))
        db.session.add(LeaveRequest(employee_id=who.id, leave_type="annual", start_date=date(2026, 9, 15),
                                    start_part="am", end_date=date(2026, 9, 16), end_part="pm",
                                    days=Decimal("2"), state="refused", approver_level="deputy_manager"))
        approval = RosterApproval(month=date(2026, 9, 1), state="approved")
        for day, status in [(date(2026, 9, 5), "done"), (date(2026, 9, 6), "done"), (date(2026, 9, 12), "missed")]:
            db.session.add(DutyShift(day=day, employee_id=who.id, post="公司值班", status=status, approval=approval))
        for day, days, state in [(date(2026, 9, 10), "0.5", "approved"), (date(2026, 9, 11), "1", "refused"),
                                 (date(2026, 9, 17), "1", "submitted")]:
            db.session.add(OvertimeReport(department_id=who.department_id, employee_id=who.id, day=day,
                                          days=Decimal(days), state=state, reported_by_id=who.id))
        db.session.commit()
    return {"出勤": 2, "迟到": 1, "早退": 1, "病假": 2, "事假": 0.5, "请假合计": 2.5, "出差": 1,
            "旷工": 1, "节假日值班（天）": 2, "加班（天）": 0.5, "补助天数": 2.5}


def set_allowance(app, value: str) -> None:
    with app.app_context():
        set_setting(HOLIDAY_ALLOWANCE, value)
        db.session.commit()


def test_allowance_sheet_with_and_without_the_setting(app, as_user):
    add_month_of_data(app, "driver")
    office = as_user("office")
    with app.app_context():
        dept = person(app, "driver").department_id
    page = office.get(f"/leave/allowance?month=2026-09&dept={dept}").get_data(as_text=True)
    assert "孙志强" in page and "125.00" in page and "每天补助标准：50 元" in page
    set_allowance(app, "")
    page = office.get(f"/leave/allowance?month=2026-09&dept={dept}").get_data(as_text=True)
    assert "孙志强" in page and "未设定" in page and "125.00" not in page
    assert "每天补助标准尚未设定" in page


@pytest.mark.parametrize("typed, stored, message", [
    ("80", "80", "每天补助标准已设为 80 元"),
    ("37.5", "37.5", "每天补助标准已设为 37.5 元"),
    ("", None, "每天补助标准已改为未设定"),
    ("-5", "50", "不能为负数"),
    ("abc", "50", "不能为负数"),
    ("1.005", "50", "最多两位小数"),
])
def test_the_administrator_sets_the_allowance(app, as_user, typed, stored, message):
    admin = as_user("admin")
    response = admin.post("/leave/settings", data={"amount": typed}, follow_redirects=True)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert get_setting(HOLIDAY_ALLOWANCE) == stored
    assert as_user("office").post("/leave/settings", data={"amount": "1"}).status_code == 403


def test_the_handbook_shows_the_allowance_the_administrator_set(app, as_user):
    as_user("admin").post("/leave/settings", data={"amount": "66"})
    assert "66" in as_user("staff").get("/handbook/attendance").get_data(as_text=True)


# --- the monthly report ------------------------------------------------------------------------------

def sheet_rows(ws) -> dict[str, dict]:
    """{first cell: {header: value}} of a report sheet (title in row 1, headers in row 2)."""
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[1]
    return {r[0]: dict(zip(headers, r)) for r in rows[2:] if r and r[0]}


def workbook(client, month="2026-09"):
    response = client.get(f"/leave/report.xlsx?month={month}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.data))


def test_the_excel_report_holds_the_month_per_department_and_for_the_company(app, as_user):
    gm = as_user("gm")
    before = workbook(gm)
    expected = add_month_of_data(app, "driver")
    after = workbook(gm)
    with app.app_context():
        departments = db.session.scalars(select(Department.name).where(Department.active)
                                         .order_by(Department.sort_order, Department.id)).all()
        dept = db.session.scalar(select(Employee).where(Employee.username == "driver")).department.name
    assert after.sheetnames == ["全公司汇总", *departments]
    sheet = after[dept]
    assert sheet.freeze_panes == "B3"
    assert [c.value for c in sheet[2]][:4] == ["姓名", "出勤", "迟到", "早退"]
    # a table to print: the title large, the header bold and shaded, every cell ruled, the total bold
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    header, body, total = sheet[2], sheet[3], sheet[sheet.max_row]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("EEF0F3") and c.alignment.wrap_text for c in header)
    assert all(c.border.left.style == c.border.bottom.style == "thin" for c in header + body + total)
    assert not any(c.font.b for c in body) and all(c.font.b for c in total) and total[0].value == "合计"
    assert sheet.column_dimensions["A"].width >= 6

    mine, was = sheet_rows(sheet)["孙志强"], sheet_rows(before[dept])["孙志强"]
    for header, value in expected.items():
        assert mine[header] - was[header] == value, header
    assert mine["补助金额（元）"] - was["补助金额（元）"] == 125  # 2.5 days × 50 yuan
    summary_now, summary_before = sheet_rows(after["全公司汇总"]), sheet_rows(before["全公司汇总"])
    for header, value in expected.items():
        assert summary_now[dept][header] - summary_before[dept][header] == value, header
        assert summary_now["全公司合计"][header] - summary_before["全公司合计"][header] == value, header
    dept_total = sheet_rows(sheet)["合计"]
    people = [r for name, r in sheet_rows(sheet).items() if name != "合计"]
    assert dept_total["出勤"] == sum(r["出勤"] for r in people)
    assert dept_total["补助金额（元）"] == pytest.approx(sum(r["补助金额（元）"] for r in people))


def test_the_report_kept_for_one_language_is_not_served_in_another(app, as_user):
    """The report and its workbook are kept per worker until what they count changes: a reader
    who chose English, after a Chinese one, gets them in English (totals and headers are words)."""
    gm = as_user("gm")
    chinese = workbook(gm)
    assert "合计" in sheet_rows(chinese[chinese.sheetnames[1]]) and "全公司合计" in sheet_rows(chinese["全公司汇总"])
    assert "全公司合计" in gm.get("/leave/report?month=2026-09").get_data(as_text=True)
    gm.post("/locale", data={"lang": "en", "next": "/"})
    english = workbook(gm)
    assert english.sheetnames[0] == "Company summary" and english["Company summary"]["A2"].value == "Department"
    assert "Company total" in sheet_rows(english["Company summary"]) and "Total" in sheet_rows(english[english.sheetnames[1]])
    page = gm.get("/leave/report?month=2026-09").get_data(as_text=True)
    assert "Company total" in page and "全公司合计" not in page


def test_the_report_on_screen_matches_and_heads_see_only_their_department(app, as_user):
    with app.app_context():
        team, elsewhere = factories.team(), factories.team()
    add_month_of_data(app, team.worker)
    mine, theirs = team.department, elsewhere.department
    head = as_user(team.head.username)
    page = head.get("/leave/report?month=2026-09").get_data(as_text=True)
    assert team.worker.name in page and mine.name in page and elsewhere.worker.name not in page
    assert "病假 2" in page
    assert head.get(f"/leave/report?month=2026-09&dept={theirs.id}").status_code == 403
    book = workbook(head)
    assert book.sheetnames == ["全公司汇总", mine.name]
    # a deputy manager sees the departments they oversee, not the others
    deputy = as_user(elsewhere.deputy.username).get("/leave/report?month=2026-09").get_data(as_text=True)
    assert theirs.name in deputy and mine.name not in deputy
    office = as_user("office").get(f"/leave/report?month=2026-09&dept={mine.id}").get_data(as_text=True)
    assert team.worker.name in office
    assert as_user(team.worker.username).get("/leave/report").status_code == 403


def test_monthly_report_sql_does_not_grow_with_departments(app, as_user):
    """One department or all eleven: the same number of statements."""
    from sqlalchemy import event
    office = as_user("office")
    with app.app_context():
        invest = db.session.scalar(select(Department.id).where(Department.name == "投资发展部"))
        engine = db.engine
    office.get("/")       # facts every page shares (who is away, the calendar) kept from here on
    counts = []
    for path in (f"/leave/report?month=2026-11&dept={invest}", "/leave/report?month=2026-11"):
        seen = []
        listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert office.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[0] == counts[1]


# --- only approved duty earns the allowance, one allowance per person per day (§8) -----------------

def allowance_line(client, department, name) -> str:
    """The allowance sheet's row of `name` (its cells, space-separated), or "" when not listed."""
    page = client.get(f"/leave/allowance?month=2026-09&dept={department.id}").get_data(as_text=True)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        cells = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] == name:
            return " ".join(cells)
    return ""


def test_holiday_duty_earns_the_allowance_once_the_gm_has_approved_the_month(app, as_user):
    set_allowance(app, "50")
    with app.app_context():
        team = factories.team()
        for day in (date(2026, 9, 5), date(2026, 9, 6)):
            db.session.add(DutyShift(day=day, employee_id=team.worker.id, post="公司值班", status="done"))
        db.session.add(DutyShift(day=date(2026, 9, 13), employee_id=team.head.id, post="公司值班", status="assigned"))
        # Overtime on the Saturday of a duty shift, and another report of the same day: still one day.
        for days, state in (("0.5", "approved"), ("1", "approved"), ("1", "submitted")):
            db.session.add(OvertimeReport(department_id=team.department.id, employee_id=team.worker.id,
                                          day=date(2026, 9, 5), days=Decimal(days), state=state,
                                          reported_by_id=team.head.id))
        db.session.commit()
        for made in (team.worker, team.head, team.deputy, team.department):
            db.session.refresh(made)
    office, gm = as_user("office"), as_user("gm")
    # Before the GM approves the roster: only the approved overtime (one day: 1 + 0.5 capped).
    assert allowance_line(office, team.department, team.worker.name) == f"{team.worker.name} 0 1.5 1 50 50.00"
    roster = gm.get("/leave/duty?month=2026-09").get_data(as_text=True)
    assert "本月有 3 个班次尚未批准" in roster and "批准2026年9月值班表" in roster
    assert "批准2026年9月值班表" not in office.get("/leave/duty?month=2026-09").get_data(as_text=True)
    assert office.post("/leave/duty/approve?month=2026-09").status_code == 403

    answer = gm.post("/leave/duty/approve?month=2026-09", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "2026年9月值班表已批准" in answer and "本月已安排的值班均已批准" in answer
    # Sat 5: duty and overtime, one allowance; Sun 6: duty. Two days, 100 yuan.
    assert allowance_line(office, team.department, team.worker.name) == f"{team.worker.name} 2 1.5 2 50 100.00"
    again = gm.post("/leave/duty/approve?month=2026-09", follow_redirects=True).get_data(as_text=True)
    assert "没有需要批准的值班" in again
    with app.app_context():
        shifts = db.session.scalars(select(DutyShift).where(DutyShift.day.between(date(2026, 9, 1), date(2026, 9, 30)),
                                                            DutyShift.employee_id.is_not(None))).all()
        assert all(s.approval_id for s in shifts)
        decision = db.session.scalar(select(Decision).where(Decision.subject == "duty_roster",
                                                            Decision.subject_id == shifts[0].approval_id))
        assert decision.outcome == "approved" and decision.decided_by_id == employee_id(app, "gm")
        later = db.session.scalar(select(DutyShift).where(DutyShift.day == date(2026, 9, 13),
                                                          DutyShift.employee_id == team.head.id))
    # Given to someone else, the shift waits for the GM again.
    assert office.post(f"/leave/duty/shifts/{later.id}/edit",
                       data={"post": "公司值班", "employee_id": team.deputy.id}).status_code == 302
    assert shift_of(app, team.deputy.id, date(2026, 9, 13)).approval_id is None
    assert "本月有 1 个班次尚未批准" in gm.get("/leave/duty?month=2026-09").get_data(as_text=True)


def test_the_gm_approves_a_waiting_roster_on_the_decisions_page(app, as_user):
    """The demo roster: this month approved, the next one waiting — one roster to approve, counted
    on the home page and in the 审批 badge, approved in its row of /decisions."""
    with app.app_context():
        first = rules.add_months(local_today().replace(day=1), 1)
        waiting = db.session.scalar(select(func.count()).select_from(DutyShift).where(
            DutyShift.day >= first, DutyShift.employee_id.is_not(None), DutyShift.approval_id.is_(None)))
    assert waiting
    gm = as_user("gm")
    home = re.sub(r"\s+", " ", gm.get("/").get_data(as_text=True))
    assert re.search(r'href="/decisions#roster"><span class="count">1</span> 等待您批准的值班表', home)
    assert "等待您批准的值班表" not in as_user("office").get("/").get_data(as_text=True)
    badge_before = int(re.sub(r"\D", "", gm.get("/decisions/badge", headers={"HX-Request": "true"}).get_data(as_text=True)) or 0)
    page = re.sub(r"\s+", " ", gm.get("/decisions").get_data(as_text=True))
    month = f"{first:%Y-%m}"
    assert f'id="roster-{month}"' in page and f"{waiting}个班次尚未批准" in page
    assert f"批准{first.year}年{first.month}月值班表" in page
    response = gm.post(f"/leave/duty/approve?month={month}", data={"back": "/decisions#roster"})
    assert response.status_code == 302 and response.headers["Location"] == "/decisions#roster"
    after = gm.get("/decisions").get_data(as_text=True)
    assert f'id="roster-{month}"' not in after and f"{first.year}年{first.month}月值班表已批准" in after
    badge_after = int(re.sub(r"\D", "", gm.get("/decisions/badge", headers={"HX-Request": "true"}).get_data(as_text=True)) or 0)
    assert badge_after == badge_before - 1
    with app.app_context():
        assert not db.session.scalar(select(func.count()).select_from(DutyShift).where(
            DutyShift.day.between(first, rules.add_months(first, 1)), DutyShift.employee_id.is_not(None),
            DutyShift.approval_id.is_(None), DutyShift.day < rules.add_months(first, 1)))


def test_a_roster_approval_sends_nowhere_but_the_decisions_page(as_user):
    response = as_user("gm").post(f"/leave/duty/approve?month={local_today():%Y-%m}",
                                  data={"back": "https://example.org/decisions"})
    assert response.headers["Location"].startswith("/leave/duty")
