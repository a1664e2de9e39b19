"""A resident reports a problem without an account, gets a number and follows it; customer
service calls back before dispatching and opens the ticket; abuse is slowed per address."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.service.models import Ticket, WebReport

REPORT = {"name": "王秀英", "phone": "13903351234", "address": "和平小区3号楼2单元501", "situation": "air_or_blockage",
          "text": "卧室暖气片上半截不热"}


def _reports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebReport))


def test_a_resident_reports_follows_it_and_sees_each_step_as_the_desk_works_it(app, client, as_user):
    page = client.post("/public/report", data=REPORT).get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(select(WebReport).order_by(WebReport.id.desc()).limit(1))
    assert f"您的编号：{report.id}" in page
    track = client.get(f"/public/track?number={report.id}&phone=1234").get_data(as_text=True)
    assert "已收到报修" in track and "王秀英" not in track and "和平小区" not in track       # nothing private
    assert client.get(f"/public/track?number={report.id}&phone=9999").status_code == 404
    # the desk sees it for a call-back, calls, and opens the ticket from it
    cs = as_user("cs")
    board = cs.get("/service/tickets").get_data(as_text=True)
    assert f"/service/tickets/new?web={report.id}" in board
    form = cs.get(f"/service/tickets/new?web={report.id}").get_data(as_text=True)
    assert 'value="和平小区3号楼2单元501"' in form
    branch = db_branch(app)
    assert cs.post(f"/service/tickets/new?web={report.id}", data={
        "caller": "王秀英", "phone": "13903351234", "address": "和平小区3号楼2单元501", "category": "repair",
        "situation": "air_or_blockage", "fault": "air_lock", "received_at": form.split('name="received_at"')[1].split('value="')[1][:16],
        "branch_id": str(branch), "description": "回电核实：上半截不热"}).status_code == 302
    with app.app_context():
        ticket = db.session.get(Ticket, db.session.get(WebReport, report.id).ticket_id)
    assert f"/service/tickets/new?web={report.id}" not in cs.get("/service/tickets").get_data(as_text=True)
    track = client.get(f"/public/track?number={report.id}&phone=1234").get_data(as_text=True)
    assert track.count('class="done"') == 3                     # received, classified, sent to the branch
    cs.post(f"/service/tickets/{ticket.id}/arrived")
    cs.post(f"/service/tickets/{ticket.id}/cleared", data={"result": "排气后恢复正常"})
    track = client.get(f"/public/track?number={report.id}&phone=1234").get_data(as_text=True)
    assert track.count('class="done"') == 5


def db_branch(app) -> int:
    from portal.staff.models import Department
    with app.app_context():
        return db.session.scalar(select(Department.id).where(Department.kind == "branch").limit(1))


def test_bad_reports_keep_what_was_typed_and_one_address_is_slowed_down(app, client):
    before = _reports(app)
    bad = client.post("/public/report", data={**REPORT, "phone": "打电话", "situation": ""})
    assert bad.status_code == 422 and "王秀英" in bad.get_data(as_text=True) and _reports(app) == before
    limit = app.config["PUBLIC_REPORTS_PER_HOUR"]
    statuses = [client.post("/public/report", data=REPORT).status_code for _ in range(limit + 2)]
    assert statuses == [200] * limit + [429, 429] and _reports(app) == before + limit
    assert "请致电客服中心" in client.post("/public/report", data=REPORT).get_data(as_text=True)


def test_guessing_numbers_is_slowed_down(app, client):
    limit = app.config["PUBLIC_TRACK_FAILURES_PER_HOUR"]
    statuses = {client.get(f"/public/track?number={n}&phone=0000").status_code for n in range(limit)}
    assert statuses == {404}
    assert client.get("/public/track?number=1&phone=0000").status_code == 429
