"""The fuel ledger (用油台帐, regulation 3): each car's month against its norm, fuel bought
elsewhere without a leader's approval not reimbursed, and a closed month that stays closed."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.clock import local_today
from portal.extensions import db
from portal.staff.models import Employee
from portal.vehicles.models import Car, FuelEntry, FuelMonthClose
from portal.workdays.months import add_months


def _row(page: str, plate: str) -> str:
    return page.split(plate, 1)[1].split("</tr>")[0]


def test_the_month_shows_each_car_against_its_norm(app, as_user):
    office = as_user("office")
    with app.app_context():
        day = db.session.scalar(select(func.max(FuelEntry.day)))
    page = office.get(f"/vehicles/fuel?month={day:%Y-%m}").get_data(as_text=True)
    assert "用油台帐" in page and "升/百公里" in page
    assert "超定额" in _row(page, "冀C·B3105")            # the Prado, fuelled 15 % over its norm
    assert "超定额" not in _row(page, "冀C·A6288")


def test_fuel_bought_elsewhere_is_reimbursed_only_with_a_leaders_approval(app, as_user):
    office = as_user("office")
    today = local_today()
    with app.app_context():
        car_id = db.session.scalar(select(Car.id).where(Car.plate == "冀C·A6288"))
        gm = db.session.scalar(select(Employee.id).where(Employee.username == "gm"))
    base = {"car_id": car_id, "day": today.isoformat(), "litres": "38.50", "amount_yuan": "282.98",
            "station": "抚宁高速服务区"}
    response = office.post("/vehicles/fuel", data={**base, "approved_by_id": "0"}, follow_redirects=True)
    assert "不予报销" in response.get_data(as_text=True)
    office.post("/vehicles/fuel", data={**base, "approved_by_id": str(gm)})
    with app.app_context():
        lines = db.session.execute(select(FuelEntry.reimbursable, FuelEntry.approved_by_id)
                                   .where(FuelEntry.station == "抚宁高速服务区").order_by(FuelEntry.id)).all()
    assert [tuple(line) for line in lines] == [(False, None), (True, gm)]


def test_bad_input_is_refused_in_chinese_and_keeps_the_form(as_user):
    page = as_user("office").post("/vehicles/fuel", data={"litres": "-3", "amount_yuan": "x"})
    assert page.status_code == 422 and "登记加油" in page.get_data(as_text=True)


def test_a_closed_month_takes_no_more_fuel_and_a_month_not_over_cannot_be_closed(app, as_user):
    office = as_user("office")
    this_month = local_today().replace(day=1)
    last_month = add_months(this_month, -1)
    response = office.post("/vehicles/fuel/close", data={"month": f"{this_month:%Y-%m}"}, follow_redirects=True)
    assert "月份结束后才能结账" in response.get_data(as_text=True)
    response = office.post("/vehicles/fuel/close", data={"month": f"{last_month:%Y-%m}"}, follow_redirects=True)
    assert "已结账" in response.get_data(as_text=True)
    assert "已于" in office.get(f"/vehicles/fuel?month={last_month:%Y-%m}").get_data(as_text=True)
    response = office.post("/vehicles/fuel/close", data={"month": f"{last_month:%Y-%m}"}, follow_redirects=True)
    assert "本月已结账" in response.get_data(as_text=True)
    with app.app_context():
        car_id = db.session.scalar(select(Car.id).limit(1))
        count = db.session.scalar(select(func.count()).select_from(FuelEntry))
    late = (this_month - timedelta(days=1)).isoformat()
    response = office.post("/vehicles/fuel", data={"car_id": car_id, "day": late, "litres": "10", "amount_yuan": "73.5",
                                                   "designated": "y", "approved_by_id": "0"}, follow_redirects=True)
    assert "已结账，不能再登记加油" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FuelEntry)) == count
        assert db.session.scalar(select(func.count()).select_from(FuelMonthClose)) == 1


def test_the_month_as_an_excel_workbook(app, as_user):
    import io
    from openpyxl import load_workbook
    with app.app_context():
        day = db.session.scalar(select(func.max(FuelEntry.day)))
    response = as_user("office").get(f"/vehicles/fuel.xlsx?month={day:%Y-%m}")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    book = load_workbook(io.BytesIO(response.data))
    sheet, ledger = book["油耗核算"], book["加油记录"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["冀C·B3105"][8] == "是" and not rows["冀C·A6288"][8]            # over the norm
    assert rows["冀C·B3105"][4] < rows["冀C·B3105"][5]                         # issued more than allowed
    assert any(line[7] == "否" for line in ledger.iter_rows(min_row=2, values_only=True))   # not reimbursed


def test_each_cars_distance_starts_from_its_own_last_reading_before_the_month(app):
    """The month's distance is the last reading less the car's last reading before the month —
    every car's, not only the car logged last before the month began."""
    from datetime import datetime, time

    from portal.clock import local_to_utc
    from portal.vehicles import queries
    from portal.vehicles.models import GateEntry
    with app.app_context():
        first = local_today().replace(day=1)
        starts = local_to_utc(datetime.combine(first, time()))
        ends = local_to_utc(datetime.combine(add_months(first, 1), time()))
        expected = {}
        for entry in db.session.scalars(select(GateEntry).where(GateEntry.at < starts).order_by(GateEntry.at, GateEntry.id)):
            expected[entry.car_id] = entry.odometer_km
        assert len(expected) >= 2
        before = queries.fuel_month(first, add_months(first, 1) - timedelta(days=1), starts, ends)["before"]
    assert before == expected
