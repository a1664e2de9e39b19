"""Asking for a car and the office's dispatch queue (regulation 3), through the pages."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.vehicles.models import Car, CarRequest, Trip

HX = {"HX-Request": "true"}


def _form(starts, hours=2, **overrides):
    data = {"reason": "到换热站检查", "destination": "城西换热站", "destination_kind": "work_site",
            "within_town": "y", "passengers": "2", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
            "ends_at": f"{starts + timedelta(hours=hours):%Y-%m-%dT%H:%M}", "urgency": "ordinary", "purpose": "work"}
    data.update(overrides)
    return data


def _tomorrow_at(hour):
    return (to_local(utcnow()) + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=None)


def test_a_head_asks_for_a_car_and_sees_its_outlook_then_its_state(app, as_user):
    head = as_user("invest-head")
    page = head.get("/vehicles/").get_data(as_text=True)
    assert "申请用车" in page and "待派申请中排第" in page
    # one person inside the town to an ordinary place: told at once it is normally not given
    hint = head.post("/vehicles/outlook", data=_form(_tomorrow_at(9), passengers="1", destination_kind="other"),
                     headers=HX).get_data(as_text=True)
    assert "原则上不派车" in hint and "<html" not in hint
    # an urgent work trip of a head: after the GM's, the deputy's and the head's urgent one filed earlier
    hint = head.post("/vehicles/outlook", data=_form(_tomorrow_at(9), urgency="urgent"), headers=HX).get_data(as_text=True)
    assert int(re.search(r"排第\s*(\d+)", hint).group(1)) == 4 and "先到先派" in hint
    # ordinary: after every urgent one and the reception trip filed earlier, before the ordinary "other" ones
    hint = head.post("/vehicles/outlook", data=_form(_tomorrow_at(9)), headers=HX).get_data(as_text=True)
    assert int(re.search(r"排第\s*(\d+)", hint).group(1)) == 6 and "先到先派" in hint
    response = head.post("/vehicles/", data=_form(_tomorrow_at(9), urgency="urgent"))
    assert response.status_code == 302
    mine = head.get("/vehicles/").get_data(as_text=True)
    assert "城西换热站" in mine and "等待办公室派车" in mine


def test_until_before_from_is_refused_and_what_was_typed_is_kept(as_user):
    head = as_user("cs-head")
    response = head.post("/vehicles/", data=_form(_tomorrow_at(10), hours=-1))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "预计返回时间须晚于用车时间" in page and "城西换热站" in page


def _queue_names(page: str) -> list[str]:
    return re.findall(r'<p>(?:<span[^>]*>)?([^<（]+)（', page)


def test_the_office_sees_the_queue_in_the_regulations_order_with_reasons(as_user):
    page = as_user("office").get("/vehicles/dispatch").get_data(as_text=True)
    names = _queue_names(page)
    # GM, deputy (rank); the urgent head; then reception (earlier) before work, work before other
    assert names[:6] == ["张立军", "李文华", "罗志远", "刘淑芬", names[4], "周振华"]
    for reason in ("上级优先", "急事优先", "工作接待优先", "先到先派"):
        assert reason in page


def test_the_office_assigns_a_free_car_and_driver_and_the_requester_sees_them(app, as_user):
    office = as_user("office")
    with app.app_context():
        request = db.session.scalar(select(CarRequest).join(CarRequest.requester)
                                    .where(CarRequest.state == "waiting", CarRequest.destination == "城东换热站"))
        car = db.session.scalar(select(Car).where(Car.plate == "冀C·B3105"))
        request_id, car_id, driver_id = request.id, car.id, car.driver_id
    response = office.post(f"/vehicles/requests/{request_id}/assign", data={"car_id": car_id, "driver_id": driver_id},
                           follow_redirects=True)
    assert "冀C·B3105" in response.get_data(as_text=True) and "已派" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CarRequest, request_id).state == "dispatched"
        trip = db.session.scalar(select(Trip).where(Trip.request_id == request_id))
        assert (trip.car_id, trip.driver_id) == (car_id, driver_id)
    assert "冀C·B3105" in as_user("deputy").get("/vehicles/").get_data(as_text=True)
    # the same car is no longer offered for a request at an overlapping time
    page = office.get("/vehicles/dispatch").get_data(as_text=True)
    overlapping = page.split("县住建局")[1].split("</li>")[0]     # the GM's request, the same morning
    assert "冀C·B3105" not in overlapping
    # and asking for it anyway (a stale page) is refused without a trip
    with app.app_context():
        gm_request = db.session.scalar(select(CarRequest.id).where(CarRequest.destination == "县住建局"))
    response = office.post(f"/vehicles/requests/{gm_request}/assign", data={"car_id": car_id, "driver_id": driver_id})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(CarRequest, gm_request).state == "waiting"


def test_a_car_given_though_not_normally_needs_a_reason(app, as_user):
    office = as_user("office")
    with app.app_context():
        request_id = db.session.scalar(select(CarRequest.id).where(CarRequest.destination == "县城邮政局"))
        car = db.session.scalar(select(Car).where(Car.plate == "冀C·D7716"))
        car_id, driver_id = car.id, car.driver_id
    response = office.post(f"/vehicles/requests/{request_id}/assign", data={"car_id": car_id, "driver_id": driver_id},
                           headers=HX)
    assert response.status_code == 422 and "说明理由" in response.get_data(as_text=True)
    response = office.post(f"/vehicles/requests/{request_id}/assign",
                           data={"car_id": car_id, "driver_id": driver_id, "not_needed_reason": "报表三箱，需用车"})
    with app.app_context():
        trip = db.session.scalar(select(Trip).where(Trip.request_id == request_id))
        assert trip is not None and trip.not_needed_reason == "报表三箱，需用车"


def test_a_refusal_needs_a_reason_and_the_requester_reads_it(app, as_user):
    office = as_user("office")
    with app.app_context():
        request_id = db.session.scalar(select(CarRequest.id).where(CarRequest.destination == "昌黎站"))
    assert office.post(f"/vehicles/requests/{request_id}/refuse", data={"note": ""}, headers=HX).status_code == 422
    office.post(f"/vehicles/requests/{request_id}/refuse", data={"note": "车辆均已派出，请改乘出租车"})
    assert "车辆均已派出，请改乘出租车" in as_user("cs-head").get("/vehicles/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CarRequest, request_id).state == "refused"


def test_the_queue_takes_the_same_sql_however_many_requests_wait(app, as_user):
    from portal.bench.sqlcount import StatementCounter
    office = as_user("office")
    office.get("/vehicles/dispatch")                   # facts every page shares, kept from here on

    def statements() -> int:
        with app.app_context():
            engine = db.engine
        with StatementCounter(engine) as counter:
            assert office.get("/vehicles/dispatch").status_code == 200
        return counter.count
    before = statements()
    with app.app_context():
        requester = db.session.scalar(select(CarRequest.requester_id).limit(1))
        template = db.session.scalar(select(CarRequest).where(CarRequest.state == "waiting").limit(1))
        for n in range(12):
            db.session.add(CarRequest(
                requester_id=requester, department_id=template.department_id, reason="巡线", destination=f"{n}号井",
                destination_kind="work_site", within_town=True, passengers=2, urgency="ordinary", purpose="work",
                starts_at=template.starts_at + timedelta(minutes=n), ends_at=template.ends_at + timedelta(minutes=n)))
        db.session.commit()
    office.get("/vehicles/dispatch")
    assert statements() == before


def test_the_office_is_reminded_of_insurance_due_and_sees_it_in_the_fleet(app, as_user):
    office = as_user("office")
    home = office.get("/").get_data(as_text=True)
    assert "车辆保险或年检即将到期" in home
    fleet = office.get("/vehicles/cars").get_data(as_text=True)
    row = fleet.split("冀C·B3105")[1].split("</tr>")[0]
    assert "即将到期" in row and "已过期" not in row
    with app.app_context():                       # a road fee missed: overdue, in red
        car = db.session.scalar(select(Car).where(Car.plate == "冀C·F2093"))
        car.road_fee_due = to_local(utcnow()).date() - timedelta(days=3)
        db.session.commit()
    row = office.get("/vehicles/cars").get_data(as_text=True).split("冀C·F2093")[1].split("</tr>")[0]
    assert "已过期" in row and "tag danger" in row


def test_the_requester_prints_the_trip_sheet(app, as_user, tmp_path):
    import subprocess
    head = as_user("invest-head")
    with app.app_context():
        trip_id = db.session.scalar(select(Trip.id).join(Trip.request).where(CarRequest.destination == "县档案馆"))
    assert f"/vehicles/trips/{trip_id}" in head.get("/vehicles/").get_data(as_text=True)
    page = head.get(f"/vehicles/trips/{trip_id}").get_data(as_text=True)
    assert "派车单" in page and "冀C·A6288" in page and "孙志强" in page and "县档案馆" in page
    response = head.get(f"/vehicles/trips/{trip_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (tmp_path / "sheet.pdf").write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    assert "派车单" in text and "冀C·A6288" in text and "罗志远" in text and "驾驶员签字" in text
    assert as_user("staff").get(f"/vehicles/trips/{trip_id}").status_code == 403


def test_a_driver_on_leave_is_not_offered_for_a_trip_in_their_leave(app, as_user):
    from decimal import Decimal
    from portal.leave.models import LeaveRequest
    from portal.staff.models import Employee
    office = as_user("office")
    with app.app_context():
        request = db.session.scalar(select(CarRequest).where(CarRequest.destination == "县住建局"))
        day = to_local(request.starts_at).date()
        driver = db.session.scalar(select(Employee).where(Employee.name == "杨树林"))
        db.session.add(LeaveRequest(employee_id=driver.id, leave_type="personal", start_date=day, start_part="am",
                                    end_date=day, end_part="pm", days=Decimal(1), state="approved",
                                    approver_level="department_head", approver_id=driver.id))
        db.session.commit()
    item = office.get("/vehicles/dispatch").get_data(as_text=True).split("县住建局")[1].split("</li>")[0]
    assert "孙志强" in item and "杨树林" not in item


def test_a_driver_sees_their_car_its_papers_and_their_trips_with_sheets(app, as_user):
    page = as_user("driver").get("/vehicles/mine").get_data(as_text=True)
    assert "我的车辆" in page and "冀C·A6288" in page and "保险到期" in page
    assert "县档案馆" in page and "/vehicles/trips/" in page          # today's trip, with its sheet
    assert "冀C·B3105" not in page                                      # another driver's car


def test_on_a_phone_each_cell_is_labelled_with_its_column_heading(as_user):
    office = as_user("office")
    for path in ("/vehicles/repairs", "/vehicles/fuel", "/vehicles/incidents"):
        tables = re.findall(r"<table.*?</table>", office.get(path).get_data(as_text=True), re.S)
        labelled = 0
        for table in tables:
            heads = set(re.findall(r"<th>([^<]*)</th>", table))
            labels = set(re.findall(r'data-label="([^"]*)"', table))
            assert labels <= heads, (path, labels - heads)
            assert not any(re.search(r"[A-Za-z&<>]", head) for head in heads), (path, heads)   # Chinese words
            labelled += bool(labels)
        assert labelled, path
