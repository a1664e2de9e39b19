"""A driver's home page says when his car's insurance or road fees fall due (within 30 days),
urgent once past due, linking to his car's page; no other car counts, nobody else sees it."""

import re
from datetime import timedelta

from portal.clock import local_today
from portal.extensions import db
from portal.vehicles.models import Car
from tests import factories


def item(html: str) -> tuple[int, bool] | None:
    """(count, urgent) of the to-do item about the car's papers, or None."""
    found = re.search(r'<li( class="urgent")?><a href="/vehicles/mine"><span class="count">(\d+)</span> 您的车辆保险或年检/路费即将到期',
                      html)
    return (int(found.group(2)), bool(found.group(1))) if found else None


def test_the_driver_is_told_when_his_cars_papers_fall_due(app, as_user):
    with app.app_context():
        driver = factories.person(roles=["driver"])
        other = factories.person(roles=["driver"])
        today = local_today()
        car = Car(plate="冀C·T0001", model="测试", seats=5, driver_id=driver.id, fuel_norm=8, odometer_km=1,
                  insurance_due=today + timedelta(days=31), road_fee_due=today + timedelta(days=200))
        db.session.add_all([car, Car(plate="冀C·T0002", model="测试", seats=5, driver_id=other.id, fuel_norm=8,
                                     odometer_km=1, insurance_due=today - timedelta(days=1))])
        db.session.commit()
        username, car_id = driver.username, car.id
    client = as_user(username)
    assert item(client.get("/").get_data(as_text=True)) is None          # 31 days: not yet
    for days, expected in ((30, (1, False)), (0, (1, False)), (-1, (1, True))):
        with app.app_context():
            db.session.get(Car, car_id).insurance_due = local_today() + timedelta(days=days)
            db.session.commit()
        assert item(client.get("/").get_data(as_text=True)) == expected, days
    assert client.get("/vehicles/mine").status_code == 200
    assert item(as_user("office").get("/").get_data(as_text=True)) is None
