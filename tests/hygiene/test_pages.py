"""Hygiene (regulation 2) through the pages, as each person would: the office inspects a place
on its round and photographs a failure, whoever answers for the place sees it on the home page
and marks it fixed, the office looks again; the weekly clean; the GM's office before work; the
month's ranking and its notice."""

import io
from datetime import timedelta

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from portal.clock import local_today, to_local, utcnow
from portal.extensions import db
from portal.hygiene import rules
from portal.hygiene.models import GmOfficeClean, HygieneFix, HygieneInspection, HygieneZone, InspectionResult
from portal.staff.models import Department, Employee
from portal.workdays.queries import current as working_calendar
from tests import factories


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 90, 60)).save(out, "PNG")
    return out.getvalue()


def _zone(app, name):
    with app.app_context():
        zone = db.session.scalar(select(HygieneZone).where(HygieneZone.name == name))
        return zone.id, rules.items_for(zone.kind)


def _all_pass(items, **overrides) -> dict:
    return {f"item-{item}": overrides.get(item, rules.PASS) for item in items}


def test_a_failure_with_a_photo_reaches_the_guards_who_fix_it_and_the_office_closes_it(app, as_user):
    zone_id, items = _zone(app, "警卫室")
    office = as_user("office")
    form = office.get(f"/hygiene/inspections/new?zone={zone_id}").get_data(as_text=True)
    assert "门窗上无浮尘" in form and "警卫班" in form and "书橱" not in form      # a guard room has no bookcases
    data = _all_pass(items, floor=rules.FAIL)
    data["photo-floor"] = (io.BytesIO(_png()), "floor.png")
    data["note"] = "地面有烟头"
    response = office.post(f"/hygiene/inspections/new?zone={zone_id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and "zone=" in response.location       # on to the next place of the round
    with app.app_context():
        inspection = db.session.scalar(select(HygieneInspection).order_by(HygieneInspection.id.desc()))
        assert inspection.score == rules.inspection_score({i: rules.FAIL if i == "floor" else rules.PASS for i in items})
        failed = db.session.scalar(select(InspectionResult).where(InspectionResult.inspection_id == inspection.id,
                                                                  InspectionResult.item == "floor"))
        assert failed.photo_file and failed.photo_file.endswith(".png")
        fix = db.session.scalar(select(HygieneFix).where(HygieneFix.result_id == failed.id))
        guards = db.session.scalar(select(Department.id).where(Department.name == "警卫班"))
        assert (fix.department_id, fix.state) == (guards, "open")
        assert fix.due == rules.fix_due(local_today(), working_calendar())
        fix_id, result_id = fix.id, failed.id
    guard = as_user("guard")
    assert "待整改的卫生问题" in guard.get("/").get_data(as_text=True)
    mine = guard.get("/hygiene/").get_data(as_text=True)
    assert "地面无污物、污水、浮土" in mine and f"/hygiene/photos/{result_id}" in mine
    assert guard.get(f"/hygiene/photos/{result_id}").headers["Content-Type"] == "image/png"
    assert as_user("staff").post(f"/hygiene/fixes/{fix_id}/fixed").status_code == 403     # not her department's
    assert guard.post(f"/hygiene/fixes/{fix_id}/fixed").status_code == 302
    assert "待复查的卫生整改" in office.get("/").get_data(as_text=True)
    assert office.post(f"/hygiene/fixes/{fix_id}/close").status_code == 302
    with app.app_context():
        assert db.session.get(HygieneFix, fix_id).state == "closed"
    report = office.get("/hygiene/report").get_data(as_text=True)
    assert "警卫班" in report and "警卫室" in report


def test_an_item_left_unchosen_or_a_photo_that_is_no_picture_saves_nothing(app, as_user):
    zone_id, items = _zone(app, "洗手间")
    office = as_user("office")
    with app.app_context():
        before = db.session.scalar(select(HygieneInspection.id).order_by(HygieneInspection.id.desc()))
    data = _all_pass(items)
    del data[f"item-{items[0]}"]
    page = office.post(f"/hygiene/inspections/new?zone={zone_id}", data=data)
    assert page.status_code == 422 and "请选择一项" in page.get_data(as_text=True)
    data = _all_pass(items, toilet_floor=rules.FAIL)
    data["photo-toilet_floor"] = (io.BytesIO(b"<script>alert(1)</script>"), "x.png")
    page = office.post(f"/hygiene/inspections/new?zone={zone_id}", data=data, content_type="multipart/form-data")
    assert page.status_code == 422 and "只接受 PDF、JPEG 或 PNG 文件" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(HygieneInspection.id).order_by(HygieneInspection.id.desc())) == before


def test_the_department_on_the_rota_marks_its_weekly_clean_once(app, as_user):
    today = local_today()
    with app.app_context():
        shared = list(db.session.scalars(select(HygieneZone).where(HygieneZone.kind == rules.SHARED)
                                         .order_by(HygieneZone.sort_order, HygieneZone.id)))
        departments = list(db.session.scalars(select(Department.id).where(Department.active)
                                              .order_by(Department.sort_order, Department.id)))
        rota = rules.weekly_rota(departments, [z.id for z in shared], rules.monday_of(today))
        zone_id = shared[1].id                                   # the demo marked only the first one
        on_rota = factories.person(db.session.get(Department, rota[zone_id]))
        elsewhere = factories.person(db.session.get(Department, next(d for d in departments if d != rota[zone_id])))
    assert as_user(elsewhere.username).post(f"/hygiene/weekly/{zone_id}").status_code == 403
    client = as_user(on_rota.username)
    assert "本周已清扫" in client.get("/hygiene/").get_data(as_text=True)
    page = client.post(f"/hygiene/weekly/{zone_id}", follow_redirects=True).get_data(as_text=True)
    assert "本周集中清扫已登记" in page
    again = client.post(f"/hygiene/weekly/{zone_id}", follow_redirects=True).get_data(as_text=True)
    assert "本周集中清扫已登记过" in again


def test_the_gm_office_reminds_the_appointed_person_and_warns_the_director_when_they_are_away(app, as_user, travel):
    day = working_calendar().next_working_day(local_today())
    with app.app_context():
        office = db.session.scalar(select(Department).where(Department.name == "办公室"))
        office_id = office.id
        appointed = factories.person(office)
        appointed_id, appointed_name = appointed.id, appointed.username
        stand_in = factories.person(db.session.get(Department, office_id))
        stand_in_id, stand_in_name = stand_in.id, stand_in.username
        zone = db.session.scalar(select(HygieneZone).where(HygieneZone.kind == rules.GM_OFFICE))
        zone.appointed_id = appointed_id
        db.session.commit()
    travel(f"{day.isoformat()}T07:30")
    client = as_user(appointed_name)
    assert "上班前完成总经理办公室清扫" in client.get("/").get_data(as_text=True)
    travel(f"{day.isoformat()}T08:20")
    client = as_user(appointed_name)                 # a new session: the last one has timed out meanwhile
    assert "上班前未完成清扫" in client.get("/hygiene/").get_data(as_text=True)
    assert "总经理办公室上班前未完成清扫" in as_user("office-head").get("/").get_data(as_text=True)
    assert client.post("/hygiene/gm-office").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(GmOfficeClean.done_by_id).where(GmOfficeClean.day == day)) == appointed_id
    assert "上班前完成总经理办公室清扫" not in client.get("/").get_data(as_text=True)
    # the next working day the appointed person is on leave: the director knows, the stand-in cleans
    following = working_calendar().next_working_day(day)
    travel(f"{following.isoformat()}T07:00")
    with app.app_context():
        person = db.session.get(Employee, appointed_id)
        post = factories.post(db.session.get(Department, office_id), substitute=db.session.get(Employee, stand_in_id))
        person.post_id = post.id
        db.session.commit()
        factories.on_leave(db.session.get(Employee, appointed_id))
    assert "指派的责任人今天不在岗" in as_user("office-head").get("/").get_data(as_text=True)
    deputy = as_user(stand_in_name)
    assert "上班前完成总经理办公室清扫" in deputy.get("/").get_data(as_text=True)
    assert as_user("staff").post("/hygiene/gm-office").status_code == 403
    assert deputy.post("/hygiene/gm-office").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(GmOfficeClean.done_by_id).where(GmOfficeClean.day == following)) == stand_in_id


def test_the_monthly_notice_is_a_pdf_with_the_ranking(app, as_user):
    month = (to_local(utcnow()) - timedelta(days=31)).strftime("%Y-%m")
    response = as_user("staff").get(f"/hygiene/report.pdf?month={month}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text().replace(" ", "")
    assert "卫生检查通报" in text and "警卫班" in text and "名次" in text


def test_a_weekly_clean_missed_last_week_is_flagged(as_user):
    page = as_user("staff").get("/hygiene/").get_data(as_text=True)
    assert "上周未集中清扫：楼道" in page


def test_the_director_knows_a_day_ahead_when_the_appointed_person_will_be_away(app, as_user):
    following = working_calendar().next_working_day(local_today())
    with app.app_context():
        zone = db.session.scalar(select(HygieneZone).where(HygieneZone.kind == rules.GM_OFFICE))
        factories.leave(db.session.get(Employee, zone.appointed_id), following, following)
    home = as_user("office-head").get("/").get_data(as_text=True)
    assert "指派的责任人下一个工作日不在岗" in home and "指派的责任人今天不在岗" not in home


def test_the_month_as_an_excel_workbook(as_user):
    from openpyxl import load_workbook
    last_month = (local_today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")   # a whole month of rounds
    response = as_user("office").get(f"/hygiene/report.xlsx?month={last_month}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A2"].value == "名次" and sheet["B2"].value == "部门" and sheet.max_row > 3


def test_a_place_shows_its_latest_score_at_once_after_an_inspection_in_another_worker(app, as_user):
    # Each place's latest score is kept per worker until the next inspection, wherever it is saved.
    from sqlalchemy import insert
    zone_id, _items = _zone(app, "警卫室")
    guard = as_user("guard")
    assert "61分" not in guard.get("/hygiene/").get_data(as_text=True)
    with app.app_context():
        office_id = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
    with app.app_context(), db.engine.begin() as other:
        other.execute(insert(HygieneInspection).values(zone_id=zone_id, inspected_by_id=office_id,
                                                       inspected_at=utcnow(), score=61))
    assert "61分" in guard.get("/hygiene/").get_data(as_text=True)
