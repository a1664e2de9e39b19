"""The customer-service desk through the pages, as each person would: a call taken by anyone and
passed on until accepted, a ticket and its time limits on the board, a complaint followed to its
told result and corrected by an added entry, households found as you type."""

import io
from datetime import datetime, time, timedelta

from pypdf import PdfReader
from sqlalchemy import func, select

from portal.clock import local_to_utc, local_today, to_local, utcnow
from portal.extensions import db
from portal.service import rules
from portal.service.models import (Complaint, ComplaintEntry, ConnectionApplication, ConnectionApproval, Contact,
                                   ReturnVisit, Ticket)
from portal.staff.models import Department, Employee
from portal.workdays.queries import current as working_calendar

HX = {"HX-Request": "true"}


def _latest(app, model):
    with app.app_context():
        found = db.session.scalar(select(model).order_by(model.id.desc()).limit(1))
        db.session.expunge(found)
        return found


def _local(moment) -> str:
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def _name(app, username: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Employee.name).where(Employee.username == username))


def test_a_call_taken_by_anyone_stays_theirs_until_customer_service_accepts_it_and_makes_it_a_ticket(app, as_user):
    driver = as_user("driver")
    assert driver.post("/service/contacts/new", data={"channel": "phone", "name": "王秀英", "phone": "13903351234",
                                                       "address": "和平小区3号楼2单元501", "matter": "家里暖气片漏水"}
                       ).status_code == 302
    contact = _latest(app, Contact)
    assert "家里暖气片漏水" in driver.get("/service/").get_data(as_text=True)        # his until accepted
    with app.app_context():
        desk = db.session.scalar(select(Department.id).where(Department.name == "客服中心"))
    assert as_user("cs").post(f"/service/contacts/{contact.id}/answered").status_code == 403   # not hers yet
    assert driver.post(f"/service/contacts/{contact.id}/pass", data={"department_id": str(desk)}).status_code == 302
    assert "家里暖气片漏水" in driver.get("/service/").get_data(as_text=True)        # still his: not accepted yet
    cs = as_user("cs")
    assert "转到本部门、待接收的来电来访" in cs.get("/").get_data(as_text=True)
    assert cs.post(f"/service/contacts/{contact.id}/accept").status_code == 302
    assert "家里暖气片漏水" not in driver.get("/service/").get_data(as_text=True)    # hers now
    assert driver.post(f"/service/contacts/{contact.id}/answered").status_code == 403       # no longer his
    assert as_user("cs-head").post(f"/service/contacts/{contact.id}/accept", follow_redirects=True
                                   ).get_data(as_text=True).count("已有人接收") == 1
    form = cs.get(f"/service/tickets/new?contact={contact.id}").get_data(as_text=True)
    assert "和平小区3号楼2单元501" in form and "用户漏水报修" in form
    received = utcnow() - timedelta(minutes=5)
    response = cs.post(f"/service/tickets/new?contact={contact.id}", data={
        "caller": "王秀英", "phone": "13903351234", "address": "和平小区3号楼2单元501", "category": "repair",
        "situation": "resident_leak", "fault": "", "received_at": _local(received), "branch_id": "0",
        "description": "暖气片漏水"})
    assert response.status_code == 302
    ticket = _latest(app, Ticket)
    assert ticket.urgency == "emergency" and ticket.promised_by == ticket.received_at + timedelta(minutes=30)
    with app.app_context():
        assert db.session.get(Contact, contact.id).ticket_id == ticket.id
    board = cs.get("/service/tickets", headers=HX).get_data(as_text=True)
    assert f"#{ticket.id}" in board and "还有 25分钟" in board and "<html" not in board
    assert cs.post(f"/service/tickets/{ticket.id}/arrived").status_code == 302
    empty = cs.post(f"/service/tickets/{ticket.id}/cleared", data={"result": " "}, follow_redirects=True)
    assert "请写明处理情况" in empty.get_data(as_text=True)
    assert cs.post(f"/service/tickets/{ticket.id}/cleared", data={"result": "更换暖气片接头"}).status_code == 302
    page = cs.get(f"/service/tickets/{ticket.id}").get_data(as_text=True)
    assert "更换暖气片接头" in page and "按时" in page
    history = page.split("办理记录")[1].split("</ol>")[0]          # each step, in order, with who took it
    steps = [history.index(step) for step in ("受理", f"首问登记 #{contact.id}", "到场", "处理完毕", "更换暖气片接头")]
    assert steps == sorted(steps) and history.count(_name(app, "cs")) == 3
    title = page[page.index("<title>"):page.index("</title>")]
    assert f"工单 #{ticket.id}" in title and "<section" not in title
    assert f"#{ticket.id}" not in cs.get("/service/tickets", headers=HX).get_data(as_text=True)


def test_an_urgent_repair_call_shows_both_limits_and_the_stricter_binds(app, as_user):
    cs = as_user("cs")
    received = utcnow() - timedelta(minutes=90)
    cs.post("/service/tickets/new", data={"address": "碣阳小区1号楼1单元101", "category": "repair", "situation": "drip",
                                          "fault": "", "received_at": _local(received), "branch_id": "0"})
    ticket = _latest(app, Ticket)
    assert ticket.arrive_by - ticket.received_at == timedelta(hours=12)
    assert ticket.promised_by - ticket.received_at == timedelta(minutes=60)
    page = cs.get(f"/service/tickets/{ticket.id}").get_data(as_text=True)
    assert "到场时限（限时服务制度）" in page and "报修60分钟内到达" in page
    board = cs.get("/service/tickets", headers=HX).get_data(as_text=True)
    item = board[board.index(f"#{ticket.id}"):]
    assert "已超时" in item[:600]                                         # 90 minutes on: 30 overdue
    assert "已超时限、尚未到场的工单" in cs.get("/").get_data(as_text=True)


def test_a_complaint_is_written_down_whole_closed_only_once_told_and_corrected_by_an_added_entry(app, as_user):
    cs = as_user("cs")
    data = {"name": "李玉兰", "phone": "", "address": "滦河家园2号楼1单元302", "received_at": _local(utcnow()),
            "source": "hotline_12345", "category": "heating_quality", "content": "卧室只有15度"}
    missing = cs.post("/service/complaints/new", data=data)
    assert missing.status_code == 422 and "李玉兰" in missing.get_data(as_text=True)      # nothing lost
    assert cs.post("/service/complaints/new", data={**data, "phone": "13833512345"}).status_code == 302
    complaint = _latest(app, Complaint)
    refused = cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "closed"}, follow_redirects=True)
    assert "请先向投诉人反馈处理结果" in refused.get_data(as_text=True)
    cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "asked_unit", "text": "第一分公司核实：阀门未开足"})
    told = cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "told_result", "text": "已电话告知"})
    assert told.status_code == 302
    with app.app_context():
        told_id = db.session.scalar(select(ComplaintEntry.id).where(ComplaintEntry.complaint_id == complaint.id,
                                                                    ComplaintEntry.kind == "told_result"))
    # it turns out the resident was never reached: a correction, and closing is refused again
    cs.post(f"/service/complaints/{complaint.id}/entries",
            data={"kind": "correction", "corrects_id": str(told_id), "text": "电话未接通，并未告知"})
    page = cs.get(f"/service/complaints/{complaint.id}").get_data(as_text=True)
    assert "已被后续记录更正" in page and "已电话告知" in page                          # the entry stays
    refused = cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "closed"}, follow_redirects=True)
    assert "请先向投诉人反馈处理结果" in refused.get_data(as_text=True)
    cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "told_result", "text": "上门告知，用户满意"})
    assert cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "closed"}).status_code == 302
    closed = cs.post(f"/service/complaints/{complaint.id}/entries", data={"kind": "plan", "text": "再补一条"},
                     follow_redirects=True)
    assert "投诉已办结，不再追加" in closed.get_data(as_text=True)
    assert as_user("gm").get(f"/service/complaints/{complaint.id}").status_code == 200
    assert as_user("gm").post(f"/service/complaints/{complaint.id}/entries", data={"kind": "plan"}).status_code == 403


def test_households_are_found_as_you_type_and_show_their_history(app, as_user):
    cs = as_user("cs")
    rows = cs.get("/service/households?q=和平 1号楼", headers=HX).get_data(as_text=True)
    assert "和平小区1号楼" in rows and "<html" not in rows
    household = rows.split('href="/service/households/')[1].split('"')[0]
    page = cs.get(f"/service/households/{household}").get_data(as_text=True)
    assert "工单" in page and "投诉" in page and "来电来访" in page
    assert "没有找到相符的用户" in cs.get("/service/households?q=不存在的小区", headers=HX).get_data(as_text=True)


def test_the_visits_page_lists_the_latest_visits_and_says_how_many_there_were(app, as_user, monkeypatch):
    from portal.service import views
    monkeypatch.setattr(views, "VISITS_SHOWN", 1)
    with app.app_context():
        since = utcnow() - timedelta(days=views.VISIT_WINDOW_DAYS)
        total = db.session.scalar(select(func.count()).select_from(ReturnVisit).where(ReturnVisit.at >= since))
        latest = db.session.scalar(select(ReturnVisit).where(ReturnVisit.at >= since)
                                 .order_by(ReturnVisit.at.desc(), ReturnVisit.id.desc()).limit(1))
        number = latest.complaint_id or latest.ticket_id
    assert total > 1
    done = as_user("cs").get("/service/visits").get_data(as_text=True).split('id="done-title"')[1].split("</section>")[0]
    assert done.count("<li>") == 1 and f"#{number} ·" in done
    assert f"近30天共回访{total}次，这里列出最近的1次。" in done


def test_a_handled_complaint_is_called_back_once_and_an_unsatisfied_repair_goes_back_as_a_new_ticket(app, as_user):
    cs = as_user("cs")
    page = cs.get("/service/visits").get_data(as_text=True)
    with app.app_context():
        closed = db.session.scalar(select(ComplaintEntry.complaint_id).where(  # handled, not called back yet
            ComplaintEntry.kind == "closed", ComplaintEntry.complaint_id.not_in(
                select(ReturnVisit.complaint_id).where(ReturnVisit.complaint_id.is_not(None)))))
        cleared = db.session.scalar(select(Ticket.id).where(Ticket.cleared_at.is_not(None), Ticket.situation == "resident_leak"))
    assert f"/service/complaints/{closed}" in page and "近30天回访率：50%" in page
    assert cs.post("/service/visits", data={"complaint_id": str(closed), "method": "phone", "satisfaction": "satisfied",
                                            "in_time": "y", "matches_record": "y"}).status_code == 302
    page = cs.get("/service/visits").get_data(as_text=True)
    assert "近30天回访率：100%" in page and f"/service/complaints/{closed}\"" not in page.split("已回访")[0]
    again = cs.post("/service/visits", data={"complaint_id": str(closed), "method": "phone", "satisfaction": "satisfied",
                                             "in_time": "y", "matches_record": "y"}, follow_redirects=True)
    assert "已回访过" in again.get_data(as_text=True)
    no_note = cs.post("/service/visits", data={"ticket_id": str(cleared), "method": "visit", "satisfaction": "unsatisfied",
                                               "in_time": "y", "matches_record": "y"}, follow_redirects=True)
    assert "请写明问题所在" in no_note.get_data(as_text=True)
    sent = cs.post("/service/visits", data={"ticket_id": str(cleared), "method": "visit", "satisfaction": "unsatisfied",
                                            "in_time": "y", "matches_record": "y", "note": "楼下仍在渗水"},
                   follow_redirects=True).get_data(as_text=True)
    assert "退回相关部门重新处理" in sent
    reopened = _latest(app, Ticket)
    assert reopened.situation == "resident_leak" and "楼下仍在渗水" in reopened.description and reopened.cleared_at is None
    # both tickets' histories say so and point at each other
    first = cs.get(f"/service/tickets/{cleared}").get_data(as_text=True).split("办理记录")[1].split("</ol>")[0]
    assert "已回访：退回部门重办" in first and f"/service/tickets/{reopened.id}" in first and "楼下仍在渗水" in first
    second = cs.get(f"/service/tickets/{reopened.id}").get_data(as_text=True).split("办理记录")[1].split("</ol>")[0]
    assert "回访后退回重办" in second and f"/service/tickets/{cleared}" in second
    assert as_user("gm").get("/service/visits").status_code == 200


def test_a_connection_is_accepted_once_approved_by_the_departments_in_parallel_and_answered_in_time(app, as_user):
    cs = as_user("cs")
    empty = cs.post("/service/connections", data={"applicant": "", "phone": "", "address": ""}, follow_redirects=True)
    assert "请填写申请人姓名、电话和地址" in empty.get_data(as_text=True)
    assert cs.post("/service/connections", data={"applicant": "县医院", "phone": "03357000000",
                                                 "address": "碣阳大街1号门诊楼", "guide_id": ""}).status_code == 302
    application = _latest(app, ConnectionApplication)
    assert application.answer_by == rules.answer_deadline(local_today(), working_calendar())
    with app.app_context():
        parts = {a.department.name: (a.id, a.department.head_id) for a in db.session.scalars(
            select(ConnectionApproval).where(ConnectionApproval.application_id == application.id))}
        usernames = {name: db.session.scalar(select(Employee.username).where(Employee.id == head))
                     for name, (_i, head) in parts.items()}
    assert set(parts) == {"投资发展部", "财务科", "生产运行科"}
    page = cs.get(f"/service/connections/{application.id}").get_data(as_text=True)
    assert "还有15个工作日" in page
    assert as_user("deputy").post(f"/service/connections/approvals/{parts['财务科'][0]}/decide",
                                  data={"outcome": "approve"}).status_code == 403
    assert "等待本部门审批的入网申请" in as_user("invest-head").get("/").get_data(as_text=True)
    for name in ("生产运行科", "投资发展部"):                      # in any order, each on its own
        assert as_user(usernames[name]).post(f"/service/connections/approvals/{parts[name][0]}/decide",
                                             data={"outcome": "approve"}).status_code == 302
    pending = cs.post(f"/service/connections/{application.id}/answer", data={"answer": "同意"}, follow_redirects=True)
    assert "须各部门审批完毕" in pending.get_data(as_text=True)
    as_user(usernames["财务科"]).post(f"/service/connections/approvals/{parts['财务科'][0]}/decide",
                                      data={"outcome": "approve"})
    bad = cs.post(f"/service/connections/{application.id}/answer", data={"answer": "同意入网", "charge_yuan": "八万"},
                  follow_redirects=True)
    assert "如有收费，填写金额" in bad.get_data(as_text=True)
    assert cs.post(f"/service/connections/{application.id}/answer",
                   data={"answer": "同意入网", "charge_yuan": "52000"}).status_code == 302
    with app.app_context():
        done = db.session.get(ConnectionApplication, application.id)
        assert done.answered_on == local_today() and str(done.charge_yuan) == "52000.00"


def test_a_visit_at_the_counter_becomes_a_connection_application_with_one_click(app, as_user):
    cs = as_user("cs")
    assert cs.post("/service/contacts/new", data={"channel": "visit", "name": "赵丽华", "phone": "13933500001",
                                                  "address": "金凤苑5号楼新建商铺", "matter": "商铺申请接入集中供热"}
                   ).status_code == 302
    contact = _latest(app, Contact)
    assert f"/service/connections?contact={contact.id}" in cs.get("/service/").get_data(as_text=True)
    form = cs.get(f"/service/connections?contact={contact.id}").get_data(as_text=True)
    assert 'value="赵丽华"' in form and 'value="金凤苑5号楼新建商铺"' in form and "商铺申请接入集中供热" in form
    assert cs.post("/service/connections", data={"applicant": "赵丽华", "phone": "13933500001", "address": "金凤苑5号楼新建商铺",
                                                 "contact_id": str(contact.id)}).status_code == 302
    application = _latest(app, ConnectionApplication)
    with app.app_context():
        assert db.session.get(Contact, contact.id).connection_id == application.id
    assert f"/service/connections?contact={contact.id}" not in cs.get("/service/").get_data(as_text=True)  # done with


def test_the_half_monthly_report_is_compiled_from_the_records(app, as_user):
    first, _last = rules.half_month(local_today())
    gm = as_user("gm")
    page = gm.get(f"/service/report?day={first.isoformat()}").get_data(as_text=True)
    with app.app_context():
        starts = local_to_utc(datetime.combine(first, time()))
        emergencies = db.session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.urgency == "emergency", Ticket.received_at >= starts))
    assert "半月报" in page and f"其中紧急{emergencies}件" in page
    pdf = gm.get(f"/service/report.pdf?day={first.isoformat()}")
    assert pdf.mimetype == "application/pdf"
    assert "客服中心半月报" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().replace(" ", "")
    assert as_user("staff").get("/service/report").status_code == 403


def test_whoever_accepted_a_contact_may_answer_it(app, as_user):
    with app.app_context():
        passed = db.session.scalar(select(Contact).where(Contact.passed_to_id.is_not(None)))
        contact_id = passed.id
    head = as_user("invest-head")
    assert head.post(f"/service/contacts/{contact_id}/accept").status_code == 302
    told = head.post(f"/service/contacts/{contact_id}/answered", data={"told_missing": "营业执照、房产证明、用热面积图纸"},
                     follow_redirects=True).get_data(as_text=True)
    assert "已一次性告知" in told
    with app.app_context():
        assert db.session.get(Contact, contact_id).outcome == "told_missing"


def test_the_manager_in_charge_is_warned_before_a_ticket_runs_out_of_time(app, as_user):
    cs = as_user("cs")
    received = utcnow() - timedelta(minutes=22)               # an emergency: 8 of its 30 minutes left
    cs.post("/service/tickets/new", data={"address": "金凤苑2号楼1单元101", "category": "heating_quality",
                                          "situation": "building_cold", "fault": "", "received_at": _local(received),
                                          "branch_id": "0"})
    home = as_user("deputy").get("/").get_data(as_text=True)   # the deputy manager over 客服中心
    assert "即将超时、尚未到场的工单" in home
    # the deputy manager over production and the branches is not in charge of the desk
    assert "即将超时、尚未到场的工单" not in as_user("deputy2").get("/").get_data(as_text=True)
