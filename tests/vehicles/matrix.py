"""Access matrix rows of the vehicles area (regulation 3): heads, leaders and the office ask for
a car; only the office dispatches."""

from sqlalchemy import select

from portal.extensions import db
from portal.vehicles.models import Car, CarRepair, CarRequest, Trip
from tests.roles import HEADS, LEADERS, LOGGED_IN, OFFICE

REQUESTERS = HEADS | LEADERS | OFFICE
GATE = OFFICE | {"guard"}

MATRIX = [
    ("GET", "/vehicles/", REQUESTERS),
    ("GET", "/vehicles/dispatch", OFFICE),
    ("GET", "/vehicles/cars", OFFICE | {"admin"}),
    ("GET", "/vehicles/mine", {"driver"}),
    ("GET", "/vehicles/fuel", OFFICE),
    ("GET", "/vehicles/fuel?month=2026-10", OFFICE),
    ("GET", "/vehicles/fuel.xlsx", OFFICE),
    # the requester (罗志远, invest-head), the driver (孙志强, driver), the office and the GM
    ("GET", "/vehicles/trips/{trip}", OFFICE | {"invest-head", "driver", "gm"}),
    ("GET", "/vehicles/trips/{trip}.pdf", OFFICE | {"invest-head", "driver", "gm"}),
    ("GET", "/vehicles/gate", GATE | {"gm"}),      # the GM reads who is still out
    ("GET", "/vehicles/gate?q=A6", GATE | {"gm"}),
    ("POST", "/vehicles/outlook", REQUESTERS),          # the live hint: nothing filed
    ("POST", "/vehicles/", REQUESTERS),                 # empty: the form again, nothing filed
    ("POST", "/vehicles/requests/{car_request}/assign", OFFICE),   # no car chosen: nothing assigned
    ("POST", "/vehicles/requests/{car_request}/refuse", OFFICE),   # no reason: nothing refused
    ("POST", "/vehicles/gate/{car}", GATE),                          # no reading: nothing logged
    ("POST", "/vehicles/fuel", OFFICE),                              # empty: the form again, nothing entered
    ("POST", "/vehicles/fuel/close", OFFICE),                        # no month: 404, nothing closed
    ("POST", "/vehicles/gate/{car}/correct", GATE),                  # no reason: nothing added
    # what waits for one's word: anyone may stand in for an approver, so anyone may look
    ("GET", "/vehicles/approvals", LOGGED_IN),
    ("POST", "/vehicles/requests/{loan_request}/decide", {"gm"}),    # no outcome: nothing decided
    ("GET", "/vehicles/repairs", OFFICE | {"driver", "gm"}),
    ("POST", "/vehicles/repairs", OFFICE | {"driver"}),              # empty: the form again
    ("POST", "/vehicles/repairs/{repair}/forward", OFFICE),          # with the GM already: nothing changes
    ("POST", "/vehicles/repairs/{repair}/decide", {"gm"}),           # no outcome: nothing decided
    ("POST", "/vehicles/repairs/{repair}/done", OFFICE),             # empty: nothing recorded
    ("GET", "/vehicles/incidents", OFFICE | {"gm"}),
    ("POST", "/vehicles/incidents", OFFICE),                         # empty: the form again
    ("GET", "/vehicles/cars/new", OFFICE | {"admin"}),
    ("POST", "/vehicles/cars/new", OFFICE | {"admin"}),              # empty: the form again
    ("GET", "/vehicles/cars/{car}", OFFICE | {"admin"}),
    ("POST", "/vehicles/cars/{car}", OFFICE | {"admin"}),            # empty: the form again, nothing saved
]


def ids(app) -> dict:
    with app.app_context():
        return {"car_request": db.session.scalar(select(CarRequest.id).where(CarRequest.state == "waiting")
                                                 .order_by(CarRequest.id).limit(1)),
                "car": db.session.scalar(select(Car.id).order_by(Car.id).limit(1)),
                "trip": db.session.scalar(select(Trip.id).where(Trip.request_id.is_not(None)).order_by(Trip.id).limit(1)),
                "loan_request": db.session.scalar(select(CarRequest.id).where(CarRequest.outside_org != "")),
                "repair": db.session.scalar(select(CarRepair.id).where(CarRepair.state == "forwarded"))}
