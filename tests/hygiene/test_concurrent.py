"""Two people at the same moment, against a live server (a thread per request, as gunicorn's
threads): the GM's office is recorded cleaned once, a second look at a fix has one outcome."""

from sqlalchemy import func, select

from portal.clock import local_today
from portal.extensions import db
from portal.hygiene.models import GmOfficeClean, HygieneFix
from tests.approvals.test_concurrent_decisions import Browser, at_once
from tests.conftest import serve


def test_two_clerks_recording_the_gm_office_at_once_record_it_once(app):
    with serve(app) as base:
        clerk, director = Browser(base, "office"), Browser(base, "office-head")
        answers = at_once(lambda: clerk.post("/hygiene/gm-office", {}), lambda: director.post("/hygiene/gm-office", {}))
    assert [status for status, _body in answers] == [302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(GmOfficeClean)
                                 .where(GmOfficeClean.day == local_today())) == 1


def test_closing_and_reopening_a_fix_at_once_leave_one_outcome(app):
    with app.app_context():
        fix_id = db.session.scalar(select(HygieneFix.id).where(HygieneFix.state == "fixed"))
    with serve(app) as base:
        clerk, director = Browser(base, "office"), Browser(base, "office-head")
        at_once(lambda: clerk.post(f"/hygiene/fixes/{fix_id}/close", {}),
                lambda: director.post(f"/hygiene/fixes/{fix_id}/reopen", {}))
    with app.app_context():
        fix = db.session.get(HygieneFix, fix_id)
        # closed first: the reopening finds it closed and does nothing; reopened first: the closing
        # closes it from "open" — either way it ends closed, with who closed it and when
        assert fix.state == "closed" and fix.closed_at is not None and fix.closed_by_id is not None
