"""What regulation 3 reserves to others before the office dispatches (a loan: the GM; the van: its
department's head), repairs from the driver's list to the garage, fines and accidents, the fleet
itself and a gate entry corrected — through the pages, as each person would."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.approvals.models import Decision
from portal.clock import local_today, to_local, utcnow
from portal.extensions import db
from portal.staff.models import Employee, Post
from portal.vehicles.models import Car, CarIncident, CarRepair, CarRequest, GateEntry
from tests import factories

HX = {"HX-Request": "true"}


def _form(hour=9, **overrides):
    starts = (to_local(utcnow()) + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=None)
    data = {"reason": "检查各小区供热", "destination": "县城各小区", "destination_kind": "other", "within_town": "y",
            "passengers": "3", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
            "ends_at": f"{starts + timedelta(hours=3):%Y-%m-%dT%H:%M}", "urgency": "ordinary", "purpose": "work",
            "wants_car_id": "0", "outside_org": ""}
    data.update(overrides)
    return data


def _latest_request(app, reason):
    with app.app_context():
        found = db.session.scalar(select(CarRequest).where(CarRequest.reason == reason).order_by(CarRequest.id.desc()))
        db.session.expunge(found)
        return found


def _car_id(app, plate):
    with app.app_context():
        return db.session.scalar(select(Car.id).where(Car.plate == plate))


def test_a_loan_to_another_organisation_waits_for_the_gm_then_joins_the_office_queue(app, as_user):
    head = as_user("office-head")
    hint = head.post("/vehicles/outlook", data=_form(outside_org="县人社局"), headers=HX).get_data(as_text=True)
    assert "外单位借车须先经总经理批准" in hint
    assert head.post("/vehicles/", data=_form(outside_org="县人社局", reason="人社局借车")).status_code == 302
    request = _latest_request(app, "人社局借车")
    assert request.state == "awaiting"
    office = as_user("office")
    assert "人社局借车" not in office.get("/vehicles/dispatch").get_data(as_text=True)   # not before the GM
    # the deputy is not the GM: he may neither see it as his nor decide it
    deputy = as_user("deputy")
    assert "人社局借车" not in deputy.get("/vehicles/approvals").get_data(as_text=True)
    assert deputy.post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "approve"}).status_code == 403
    gm = as_user("gm")
    assert "人社局借车" in gm.get("/vehicles/approvals").get_data(as_text=True)
    assert "等待您批准的用车申请" in gm.get("/").get_data(as_text=True)
    row = gm.post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "approve"}, headers=HX)
    assert row.status_code == 200 and "已批准" in row.get_data(as_text=True)
    queue = office.get("/vehicles/dispatch").get_data(as_text=True)
    assert "人社局借车" in queue and "外借单位：县人社局" in queue
    assert "已批准，等待办公室派车" in head.get("/vehicles/").get_data(as_text=True)
    # a second decision (the GM on another device) is told who decided first
    again = gm.post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "refuse", "note": "不借"}, headers=HX)
    assert again.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(CarRequest.state).where(CarRequest.id == request.id)) == "approved"
        assert db.session.scalar(select(Decision.outcome).where(Decision.subject == "car_request_approval",
                                                                Decision.subject_id == request.id)) == "approved"


def test_the_van_asked_for_by_another_department_waits_for_its_head_and_then_only_the_van_is_offered(app, as_user):
    van = _car_id(app, "冀C·F2093")
    branch = as_user("branch-mgr")
    assert branch.post("/vehicles/", data=_form(wants_car_id=str(van), reason="借面包车运泵")).status_code == 302
    request = _latest_request(app, "借面包车运泵")
    assert request.state == "awaiting"
    assert as_user("gm").post(f"/vehicles/requests/{request.id}/decide",
                              data={"outcome": "approve"}).status_code == 403     # the van's head, not the GM
    invest = as_user("invest-head")
    refused = invest.post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "refuse"}, headers=HX)
    assert refused.status_code == 422 and "不批准时请填写理由" in refused.get_data(as_text=True)
    assert invest.post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "approve"}).status_code == 302
    queue = as_user("office").get("/vehicles/dispatch").get_data(as_text=True)
    item = queue[queue.index(f'id="request-{request.id}"'):]
    item = item[:item.index("</li>")]
    assert "冀C·F2093" in item and "冀C·A6288" not in item      # the van it asked for, no other car


def test_the_van_is_not_offered_to_other_departments_unasked(app, as_user):
    queue = as_user("office").get("/vehicles/dispatch").get_data(as_text=True)
    with app.app_context():
        cs_head = db.session.scalar(select(Employee).where(Employee.username == "cs-head"))
        reception = db.session.scalar(select(CarRequest.id).where(CarRequest.requester_id == cs_head.id,
                                                                  CarRequest.state == "waiting"))
    item = queue[queue.index(f'id="request-{reception}"'):]
    item = item[:item.index("</li>")]
    assert "冀C·A6288" in item and "冀C·F2093" not in item


def test_while_the_gm_is_away_his_substitute_lets_a_loan_through(app, as_user):
    with app.app_context():
        gm = factories.general_manager()
        deputy = db.session.scalar(select(Employee).where(Employee.username == "deputy"))
        gm_id, deputy_id = gm.id, deputy.id
        db.session.get(Post, gm.post_id).substitute_id = deputy_id
        db.session.commit()
        factories.on_leave(db.session.get(Employee, gm_id))
        loan = db.session.scalar(select(CarRequest.id).where(CarRequest.outside_org != ""))
    deputy_client = as_user("deputy")
    assert "县城市管理局供热办" in deputy_client.get("/vehicles/approvals").get_data(as_text=True)
    assert deputy_client.post(f"/vehicles/requests/{loan}/decide", data={"outcome": "approve"}).status_code == 302
    with app.app_context():
        decision = db.session.scalar(select(Decision).where(Decision.subject == "car_request_approval",
                                                            Decision.subject_id == loan))
        assert decision.decided_by_id == deputy_id and decision.on_behalf_of_id == gm_id


def test_a_repair_goes_from_the_drivers_list_through_the_office_and_the_gm_to_the_garage(app, as_user):
    driver = as_user("driver")                      # 孙志强, the Passat's driver
    page = driver.get("/vehicles/repairs").get_data(as_text=True)
    assert "冀C·A6288" in page and "冀C·B3105" not in page.split("未完成的维修")[0]   # his own car only
    empty = driver.post("/vehicles/repairs", data={"car_id": str(_car_id(app, "冀C·A6288")), "items": "  "})
    assert empty.status_code == 422 and "请列出需要维修的项目" in empty.get_data(as_text=True)
    assert driver.post("/vehicles/repairs", data={"car_id": str(_car_id(app, "冀C·A6288")),
                                                  "items": "1. 更换前刹车片\n2、补左后轮胎", "estimate_yuan": "680"}
                       ).status_code == 302
    with app.app_context():
        repair = db.session.scalar(select(CarRepair).order_by(CarRepair.id.desc()))
        assert repair.items == "更换前刹车片\n补左后轮胎" and repair.state == "listed"
        repair_id = repair.id
    assert driver.post(f"/vehicles/repairs/{repair_id}/forward").status_code == 403
    office = as_user("office")
    assert office.post(f"/vehicles/repairs/{repair_id}/forward").status_code == 302
    assert office.post(f"/vehicles/repairs/{repair_id}/decide", data={"outcome": "approve"}).status_code == 403
    gm = as_user("gm")
    assert "更换前刹车片" in gm.get("/vehicles/approvals").get_data(as_text=True)
    assert gm.post(f"/vehicles/repairs/{repair_id}/decide", data={"outcome": "approve"}).status_code == 302
    done = office.post(f"/vehicles/repairs/{repair_id}/done", data={
        "garage": "昌黎县汽车修理厂", "cost_yuan": "650.00", "done_on": to_local(utcnow()).date().isoformat()},
        follow_redirects=True).get_data(as_text=True)
    assert "维修已登记" in done
    with app.app_context():
        repair = db.session.get(CarRepair, repair_id)
        assert (repair.state, str(repair.cost_yuan), repair.garage) == ("done", "650.00", "昌黎县汽车修理厂")
    # done once: a second record changes nothing
    again = office.post(f"/vehicles/repairs/{repair_id}/done", data={
        "garage": "别处", "cost_yuan": "1", "done_on": to_local(utcnow()).date().isoformat()}, follow_redirects=True)
    assert "这项维修已被他人处理" in again.get_data(as_text=True)


def test_a_fine_for_breaking_traffic_rules_falls_on_the_driver_with_the_article(app, as_user):
    office = as_user("office")
    with app.app_context():
        car = db.session.scalar(select(Car).where(Car.plate == "冀C·B3105"))
        car_id, driver_id = car.id, car.driver_id
    bad = office.post("/vehicles/incidents", data={"car_id": str(car_id), "driver_id": str(driver_id),
                                                   "day": "", "cause": "", "cost_yuan": "abc"})
    assert bad.status_code == 422 and "不是有效的小数" in bad.get_data(as_text=True)
    page = office.post("/vehicles/incidents", data={
        "car_id": str(car_id), "driver_id": str(driver_id), "day": to_local(utcnow()).date().isoformat(),
        "cause": "traffic_violation", "cost_yuan": "150", "description": "闯红灯"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "已登记，由驾驶员负担" in page
    row = page[page.index("闯红灯") - 600:page.index("闯红灯") + 600]
    assert "第十二条第1款第（3）（4）项" in row
    gm_page = as_user("gm").get("/vehicles/incidents").get_data(as_text=True)
    assert "意外事故" in gm_page and "公司酌情处理" in gm_page and "登记违章或事故" not in gm_page   # reads, no form
    with app.app_context():
        assert db.session.scalar(select(CarIncident.cause).order_by(CarIncident.id.desc())) == "traffic_violation"


def test_the_office_adds_a_car_and_a_plate_taken_is_refused_keeping_what_was_typed(app, as_user):
    office = as_user("office")
    data = {"plate": "冀c·m1234", "model": "比亚迪秦", "seats": "5", "driver_id": "0", "department_id": "0",
            "fuel_norm": "6.5", "odometer_km": "120", "insurance_due": "", "road_fee_due": "", "state": "in_service"}
    assert office.post("/vehicles/cars/new", data=data).status_code == 302
    assert "冀C·M1234" in office.get("/vehicles/cars").get_data(as_text=True)
    taken = office.post("/vehicles/cars/new", data={**data, "plate": "冀C·A6288", "model": "新车型"})
    page = taken.get_data(as_text=True)
    assert taken.status_code == 422 and "已有车辆使用这个车牌号" in page and "新车型" in page
    for far in ("1950-01-01", (local_today() + timedelta(days=5 * 366)).isoformat()):     # a typing mistake
        wrong = office.post("/vehicles/cars/new", data={**data, "plate": "冀C·M9999", "insurance_due": far})
        assert wrong.status_code == 422 and "冀C·M9999" in wrong.get_data(as_text=True), far
    car_id = _car_id(app, "冀C·M1234")
    assert office.post(f"/vehicles/cars/{car_id}", data={**data, "plate": "冀C·M1234", "state": "in_repair"}
                       ).status_code == 302
    with app.app_context():
        assert db.session.get(Car, car_id).state == "in_repair"
    assert as_user("driver").get(f"/vehicles/cars/{car_id}").status_code == 403


def test_a_mistaken_gate_entry_is_corrected_by_a_new_one_and_stays_in_the_log(app, as_user):
    guard = as_user("guard")
    car_id = _car_id(app, "冀C·D7716")            # the demo's car out since yesterday's 16:40
    with app.app_context():
        last = db.session.scalar(select(GateEntry).where(GateEntry.car_id == car_id).order_by(GateEntry.id.desc()))
        last_id, km = last.id, last.odometer_km
    missing = guard.post(f"/vehicles/gate/{car_id}/correct", data={"direction": "in", "odometer_km": km}, headers=HX)
    assert missing.status_code == 422 and "请写明原记录错在哪里" in missing.get_data(as_text=True)
    fixed = guard.post(f"/vehicles/gate/{car_id}/correct",
                       data={"direction": "in", "odometer_km": km - 10, "reason": "车当晚已回场，漏登记；里程多记10公里",
                             "seen": last_id},
                       headers=HX)
    assert fixed.status_code == 200 and "原记录保留在登记簿中" in fixed.get_data(as_text=True)
    with app.app_context():
        entries = list(db.session.scalars(select(GateEntry).where(GateEntry.car_id == car_id).order_by(GateEntry.id)))
        assert entries[-2].id == last_id and entries[-2].direction == "out"          # unchanged
        assert (entries[-1].direction, entries[-1].corrects_id, entries[-1].odometer_km) == ("in", last_id, km - 10)
        assert db.session.get(Car, car_id).odometer_km == km - 10
    assert "在院内" in guard.get("/vehicles/gate?q=D77").get_data(as_text=True)


def test_whoever_would_approve_asks_for_themselves_straight_to_the_office(app, as_user):
    assert as_user("gm").post("/vehicles/", data=_form(outside_org="县政府办", reason="总经理借车给县政府办")
                              ).status_code == 302
    assert _latest_request(app, "总经理借车给县政府办").state == "waiting"
    van = _car_id(app, "冀C·F2093")
    assert as_user("invest-head").post("/vehicles/", data=_form(wants_car_id=str(van), reason="本部门用面包车")
                                       ).status_code == 302
    assert _latest_request(app, "本部门用面包车").state == "waiting"


def test_the_trip_sheet_of_the_van_lent_to_another_department_names_who_answers_for_it(app, as_user):
    van = _car_id(app, "冀C·F2093")
    branch = as_user("branch-mgr")
    branch.post("/vehicles/", data=_form(wants_car_id=str(van), reason="借面包车送泵"))
    request = _latest_request(app, "借面包车送泵")
    as_user("invest-head").post(f"/vehicles/requests/{request.id}/decide", data={"outcome": "approve"})
    with app.app_context():
        driver = db.session.get(Car, van).driver_id
    office = as_user("office")
    assert office.post(f"/vehicles/requests/{request.id}/assign",
                       data={"car_id": str(van), "driver_id": str(driver)}).status_code == 302
    sheet = branch.get("/vehicles/").get_data(as_text=True)
    trip_url = re.findall(r'href="(/vehicles/trips/\d+)"', sheet)[0]
    page = branch.get(trip_url).get_data(as_text=True)
    assert "用车期间负责车况的部门" in page and "第一分公司" in page
