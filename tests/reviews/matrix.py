"""Access matrix rows of the yearly account of duties (述职): everyone has their own page; the
office and those in charge of departments see the overview; an account is read by its holder,
the head and the deputy manager in charge of the department, the GM and the office, and
commented on by the head only."""

from sqlalchemy import select

from portal.extensions import db
from portal.reviews.models import YearlyReview
from portal.staff.models import Employee
from tests.roles import GM, HEADS, LEADERS, LOGGED_IN, OFFICE

# The customer-service clerk's account (demo: written, not commented on yet); 客服中心 is
# overseen by the deputy manager "deputy".
READERS = {"cs", "cs-head", "deputy"} | GM | OFFICE

MATRIX = [
    ("GET", "/reviews/", LOGGED_IN),
    ("GET", "/reviews/overview", OFFICE | LEADERS | HEADS),
    ("GET", "/reviews/overview?year=2020&missing=1", OFFICE | LEADERS | HEADS),
    ("GET", "/reviews/{cs_review}", READERS),
    ("POST", "/reviews/", LOGGED_IN),                         # empty: explained, nothing saved
    ("POST", "/reviews/{cs_review}/comment", {"cs-head"}),    # empty: explained, nothing saved
]


def ids(app) -> dict:
    with app.app_context():
        return {"cs_review": db.session.scalar(
            select(YearlyReview.id).join(Employee, Employee.id == YearlyReview.employee_id)
            .where(Employee.username == "cs"))}
