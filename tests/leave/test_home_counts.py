"""The home page counts what the pages list: leave waiting for a decision (and the navigation
badge), leave not reported back, spot checks contradicting the register — counted from columns,
they must agree with the lists the inbox and the spot-check page show, for every demo account."""

from datetime import timedelta

from sqlalchemy import select

from portal.clock import local_today, utcnow
from portal.extensions import db
from portal.leave import queries_register, routing
from portal.leave.models import SpotCheck
from portal.staff.models import Employee
from tests import factories


def test_the_home_counts_agree_with_the_lists_for_every_account(app):
    with app.test_request_context():
        # Besides the demo's own: a request waiting while its approver is away (it goes to the
        # deputy manager), leave long over and not reported back, a spot check finding absent
        # without leave someone on approved leave.
        today = local_today()
        team = factories.team()
        factories.on_leave(team.head)
        factories.leave(team.worker, today + timedelta(days=7), state="submitted")
        factories.leave(team.worker, today - timedelta(days=40), today - timedelta(days=38))
        checked = today - timedelta(days=10)
        factories.leave(team.worker, checked)
        db.session.add(SpotCheck(employee_id=team.worker.id, day=checked, code="absent",
                                 absent_reason="left_without_approval", checked_by_id=team.deputy.id))
        db.session.commit()
        people = db.session.scalars(select(Employee).where(Employee.active, Employee.username.is_not(None))).all()
        assert len(people) > 5
        now = utcnow()
        seen = {"waiting": 0, "conflicts": 0}
        for person in people:
            rows, _route = routing.waiting_for(person.id, now)
            assert routing.waiting_count(person.id, now) == len(rows), person.username
            assert routing.overdue_count(person) == len(routing.overdue_for(person)), person.username
            listed = sum(1 for row in queries_register.spot_check_rows(person, today) if row["conflict"])
            assert queries_register.spot_check_conflict_count(person, today) == listed, person.username
            seen.update({"waiting": seen["waiting"] + len(rows), "conflicts": seen["conflicts"] + listed})
        assert seen["waiting"] and seen["conflicts"], "the demo has leave waiting and conflicting spot checks"
