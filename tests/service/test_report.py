"""The desk's weekly summary for the manager in charge and half-monthly report for the GM
(regulation 8 二、4): on screen, as a PDF and as Excel, with the return visits by the
regulation's four categories and per operator; the operator's daily quota of return visits and
the script on the visit form.

The Chinese texts asserted here come from the catalogue (portal/translations)."""

import io
from datetime import datetime, time, timedelta
from urllib.parse import quote

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.clock import local_to_utc, local_today, to_local, utcnow
from portal.extensions import db
from portal.service import rules
from portal.service.models import Complaint, ComplaintEntry, ReturnVisit
from portal.staff.models import Employee


def _local_now() -> str:
    return to_local(utcnow()).strftime("%Y-%m-%dT%H:%M")


def _english(client):
    client.post("/locale", data={"lang": "en", "next": "/"})
    return client


def test_the_weekly_summary_runs_monday_to_sunday_and_its_links_keep_the_span(as_user):
    monday, sunday = rules.week(local_today())
    gm = as_user("gm")
    page = gm.get(f"/service/report?span=week&day={local_today().isoformat()}").get_data(as_text=True)
    assert "<title>周报" in page and "上一周" in page and "下一周" in page
    assert f"span=week&amp;day={(monday - timedelta(days=1)).isoformat()}" in page          # the week before
    assert f"span=week&amp;day={(sunday + timedelta(days=1)).isoformat()}" in page          # the week after
    assert f"/service/report.pdf?span=week&amp;day={monday.isoformat()}" in page
    assert f"/service/report.xlsx?span=week&amp;day={monday.isoformat()}" in page
    assert 'aria-current="page">周报</a>' in page and "分类回访情况" in page and "供热质量和维修" in page
    english = _english(as_user("deputy")).get(f"/service/report?span=week&day={monday.isoformat()}").get_data(as_text=True)
    assert "<title>Weekly report" in english and "The week before" in english and "Return visits by category" in english
    for label in ("Heating quality and repairs", "Connection and works", "Fees and billing", "Other"):
        assert label in english


def test_the_half_month_stays_the_default_and_bad_arguments_fall_back_to_it(as_user):
    first, last = rules.last_period("half_month", local_today())
    gm = _english(as_user("gm"))
    for query in ("", "?span=xyz", "?day=0001-01-01", "?day=9999-12-31&span=WEEK", "?day=2026-02-30&span="):
        response = gm.get(f"/service/report{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert "<title>Half-monthly report" in page and "span=week&amp;day" not in page.split("Other half months")[1][:400]
        assert f"day={(first - timedelta(days=1)).isoformat()}" in page
    weekly = gm.get("/service/report?span=week&day=0001-01-01")           # decades away: the last whole week
    monday, _sunday = rules.last_period("week", local_today())
    assert weekly.status_code == 200 and f"span=week&amp;day={monday.isoformat()}" in weekly.get_data(as_text=True)
    assert gm.get("/service/report.xlsx?span=xyz&day=0001-01-01").status_code == 200
    assert gm.get("/service/report.pdf?span=week&day=99999-01-01").status_code == 200


def test_the_report_shows_return_visits_by_category_and_per_operator(app, as_user):
    cs = as_user("cs")
    assert cs.post("/service/complaints/new", data={
        "name": "赵春生", "phone": "13833500000", "address": "凤凰城5号楼2单元401", "received_at": _local_now(),
        "source": "phone", "category": "connection", "content": "新房入网手续办了一个月还没有通暖"}).status_code == 302
    with app.app_context():
        complaint = db.session.scalar(select(Complaint.id).order_by(Complaint.id.desc()).limit(1))
        name = db.session.scalar(select(Employee.name).where(Employee.username == "cs"))
        before = db.session.scalar(select(func.count()).select_from(ReturnVisit).where(
            ReturnVisit.by_id == select(Employee.id).where(Employee.username == "cs").scalar_subquery(),
            ReturnVisit.at >= local_to_utc(datetime.combine(rules.week(local_today())[0], time()))))
    cs.post(f"/service/complaints/{complaint}/entries", data={"kind": "told_result", "text": "已电话告知办理进度"})
    cs.post(f"/service/complaints/{complaint}/entries", data={"kind": "closed"})
    assert cs.post("/service/visits", data={"complaint_id": str(complaint), "method": "phone", "satisfaction": "satisfied",
                                            "in_time": "y", "matches_record": "y"}).status_code == 302
    page = _english(as_user("gm")).get(f"/service/report?span=week&day={local_today().isoformat()}").get_data(as_text=True)
    categories = page[page.index("Return visits by category"):page.index("Return visits per operator")]
    connection = categories[categories.index("Connection and works"):].split("</tr>")[0]
    # visits, of complaints, complaints handled, coverage
    assert [cell.split("<")[0] for cell in connection.split("<td>")[1:]] == ["1", "1", "1", "100%"]
    operators = page[page.index("Return visits per operator"):]
    assert f'<th scope="row">{name}</th><td>{before + 1}</td>' in operators


def test_the_report_as_excel_lists_the_figures_and_every_return_visit_in_chinese(app, as_user):
    monday, _sunday = rules.week(local_today())
    response = _english(as_user("deputy")).get(f"/service/report.xlsx?span=week&day={local_today().isoformat()}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"filename*=UTF-8''{quote(f'客服周报-{monday:%Y-%m-%d}.xlsx')}" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    figures, listing = book.worksheets
    assert figures.title == "统计数据" and listing.title == "用户回访"          # Chinese whatever the reader's language
    assert "客服中心周报" in figures["A1"].value and monday.isoformat() in figures["A1"].value
    labels = [row[0] for row in figures.iter_rows(values_only=True)]
    assert "来电来访登记" in labels and "供热质量和维修" in labels and "入网和工程" in labels and "收费" in labels
    with app.app_context():
        visit = db.session.scalar(select(ReturnVisit).where(ReturnVisit.reopened_ticket_id.is_not(None)))
        name = db.session.scalar(select(Employee.name).where(Employee.id == visit.by_id))
    rows = list(listing.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "回访事项", "类别", "客服人员")
    row = next(r for r in rows[1:] if r[1] == f"工单 {visit.ticket_id}")
    assert row[2:] == ("收费", name, "电话回访", "不满意", "是", "否", visit.reopened_ticket_id)
    half = as_user("gm").get("/service/report.xlsx")
    first, _last = rules.last_period("half_month", local_today())
    assert f"filename*=UTF-8''{quote(f'客服半月报-{first:%Y-%m-%d}.xlsx')}" in half.headers["Content-Disposition"]
    assert as_user("staff").get("/service/report.xlsx").status_code == 403


def test_the_weekly_pdf_for_the_manager_in_charge(as_user):
    monday, _sunday = rules.week(local_today())
    pdf = as_user("deputy").get(f"/service/report.pdf?span=week&day={monday.isoformat()}")
    assert pdf.mimetype == "application/pdf"
    assert quote(f"客服周报-{monday:%Y-%m-%d}.pdf") in pdf.headers["Content-Disposition"]
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().replace(" ", "")
    assert "客服中心周报" in text and "分类回访情况" in text


def test_each_operator_sees_the_days_quota_and_the_readers_see_everyones(app, as_user):
    app.config["SERVICE_VISITS_PER_OPERATOR_DAY"] = 3
    with app.app_context():
        closed = db.session.scalar(select(ComplaintEntry.complaint_id).where(  # handled, not called back yet
            ComplaintEntry.kind == "closed", ComplaintEntry.complaint_id.not_in(
                select(ReturnVisit.complaint_id).where(ReturnVisit.complaint_id.is_not(None)))))
        name = db.session.scalar(select(Employee.name).where(Employee.username == "cs"))
    cs = as_user("cs")
    page = cs.get("/service/visits").get_data(as_text=True)
    before = int(page.split("今日已回访 ")[1].split("／")[0])
    assert f"今日已回访 {before}／3" in page and "回访话术" in page and "您对处理结果满意吗？" in page
    english = _english(as_user("cs")).get("/service/visits").get_data(as_text=True)
    assert f"Visited today: {before}/3" in english and "What to ask" in english and "Was the matter handled?" in english
    queue = english[english.index('id="queue-title"'):]
    assert queue.index("What to ask") < queue.index('<form method="post" action="/service/visits"')   # script first, once
    assert queue.count("Was the matter handled?") == 1
    cs.post("/service/visits", data={"complaint_id": str(closed), "method": "phone", "satisfaction": "satisfied",
                                     "in_time": "y", "matches_record": "y"})
    assert f"Visited today: {before + 1}/3" in _english(cs).get("/service/visits").get_data(as_text=True)
    gm = _english(as_user("gm")).get("/service/visits").get_data(as_text=True)
    assert "Visited today" not in gm                                                   # not an operator
    readers = gm[gm.index("Return visits today, per operator"):]
    assert f"{name} <span class=\"tag" in readers and f">{before + 1}/3</span>" in readers
