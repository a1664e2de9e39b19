"""Access matrix rows of the hygiene area (regulation 2): everyone sees their places, the
standard, the places and the month's ranking; the office inspects, checks fixes and edits the
places; whoever answers for a place marks its fix, its weekly clean or the GM's office done."""

from sqlalchemy import select

from portal.extensions import db
from portal.hygiene.models import HygieneFix, HygieneInspection, HygieneZone, InspectionResult
from tests.roles import LOGGED_IN, OFFICE

MATRIX = [
    ("GET", "/hygiene/", LOGGED_IN),
    ("GET", "/hygiene/standard", LOGGED_IN),
    ("GET", "/hygiene/zones", LOGGED_IN),
    ("GET", "/hygiene/report", LOGGED_IN),
    ("GET", "/hygiene/report?month=2026-10", LOGGED_IN),
    ("GET", "/hygiene/report.pdf", LOGGED_IN),
    ("GET", "/hygiene/report.xlsx", OFFICE),
    ("GET", "/hygiene/inspections/{hygiene_inspection}", LOGGED_IN),
    ("GET", "/hygiene/photos/{hygiene_result}", LOGGED_IN),        # no photo in the demo: 404
    ("GET", "/hygiene/inspections/new", OFFICE),
    ("GET", "/hygiene/inspections/new?zone={hygiene_zone}", OFFICE),
    ("POST", "/hygiene/inspections/new?zone={hygiene_zone}", OFFICE),   # nothing ticked: the form again
    # the fix marked already is 客服中心's: its people are told so, nobody else may
    ("POST", "/hygiene/fixes/{hygiene_fixed}/fixed", {"cs-head", "cs"}),
    ("POST", "/hygiene/fixes/{hygiene_closed}/close", OFFICE),     # closed already: nothing changes
    ("POST", "/hygiene/fixes/{hygiene_closed}/reopen", OFFICE),    # closed already: nothing changes
    # a department's offices have no weekly clean: not found, whoever asks (the rota's cases: test_pages)
    ("POST", "/hygiene/weekly/{hygiene_zone}", LOGGED_IN),
    ("POST", "/hygiene/gm-office", OFFICE),                        # the appointed person has no demo account
    ("GET", "/hygiene/zones/new", OFFICE),
    ("POST", "/hygiene/zones/new", OFFICE),                         # empty: the form again
    ("GET", "/hygiene/zones/{hygiene_zone}", OFFICE),
    ("POST", "/hygiene/zones/{hygiene_zone}", OFFICE),              # empty: the form again, nothing saved
]


def ids(app) -> dict:
    with app.app_context():
        fixed = db.session.scalar(select(HygieneFix).where(HygieneFix.state == "fixed"))
        return {"hygiene_zone": db.session.scalar(select(HygieneZone.id).order_by(HygieneZone.id).limit(1)),
                "hygiene_inspection": db.session.scalar(select(HygieneInspection.id).limit(1)),
                "hygiene_result": db.session.scalar(select(InspectionResult.id).limit(1)),
                "hygiene_fixed": fixed.id,
                "hygiene_closed": db.session.scalar(select(HygieneFix.id).where(HygieneFix.state == "closed").limit(1))}
