"""Figures kept per process (portal.derived_cache): computed once while their history stands,
computed again as soon as anyone — this process or another — changes it."""

from datetime import date

from sqlalchemy import insert, select, update

from portal import derived_cache
from portal.extensions import db
from portal.leave.models import AttendanceChange, DutyShift
from portal.staff.models import Employee


def _ask(app, key="k", calls=None):
    with app.test_request_context():
        return derived_cache.remembered("test figure", key, lambda: calls.append(1) or len(calls))


def _versions(app):
    with app.test_request_context():
        return derived_cache.versions()


def test_a_figure_is_computed_once_while_its_history_stands(app):
    calls = []
    assert _ask(app, calls=calls) == 1
    assert _ask(app, calls=calls) == 1
    assert _ask(app, "another key", calls=calls) == 2, "each key is its own figure"


def test_another_process_changing_the_register_makes_the_figure_computed_again(app):
    calls = []
    assert _ask(app, calls=calls) == 1
    with app.app_context():
        person = db.session.scalar(select(Employee.id).where(Employee.active).limit(1))
        with db.engine.begin() as other:      # another worker's connection: nothing committed here
            other.execute(insert(AttendanceChange).values(
                employee_id=person, day=date(2026, 3, 2), old_code=None, new_code="present", source="register"))
    assert _ask(app, calls=calls) == 2


def test_a_commit_in_this_process_forgets_every_figure(app):
    calls = []
    assert _ask(app, calls=calls) == 1
    with app.app_context():
        db.session.commit()
    assert _ask(app, calls=calls) == 2



def test_touching_a_signed_in_session_keeps_every_figure(app, as_user):
    # Each session's last-seen time is written once a minute: that commit changes no figure.
    from datetime import timedelta
    from portal.auth.models import LoginSession
    from portal.clock import utcnow
    gm = as_user("gm")
    calls = []
    assert _ask(app, calls=calls) == 1
    with app.app_context(), db.engine.begin() as other:
        other.execute(update(LoginSession).values(last_seen=utcnow() - timedelta(minutes=5)))
    assert gm.get("/staff/").status_code == 200
    with app.app_context():
        touched = db.session.scalars(select(LoginSession.last_seen)).all()
    assert any(utcnow() - seen < timedelta(minutes=1) for seen in touched), "the session was touched"
    assert _ask(app, calls=calls) == 1

def test_a_duty_shift_changed_in_place_changes_the_version(app):
    # Duty shifts are edited in place (who, done or missed, approved): their version is a checksum.
    with app.app_context():
        shift = db.session.scalars(select(DutyShift).where(DutyShift.employee_id.is_not(None))).first()
        other_person = db.session.scalar(select(Employee.id).where(Employee.active, Employee.id != shift.employee_id))
        shift_id, status = shift.id, shift.status
    before = _versions(app)
    with app.app_context(), db.engine.begin() as other:
        other.execute(update(DutyShift).where(DutyShift.id == shift_id).values(
            status="missed" if status != "missed" else "done"))
    after_status = _versions(app)
    assert after_status != before
    with app.app_context(), db.engine.begin() as other:
        other.execute(update(DutyShift).where(DutyShift.id == shift_id).values(employee_id=other_person))
    assert _versions(app) != after_status



def test_moving_someone_to_another_department_or_post_or_letting_them_go_changes_the_version(app):
    # Who is in which department and holds which post changes in place: one checksum over the people.
    from portal.staff.models import Department, Post
    with app.app_context():
        person = db.session.scalars(select(Employee).where(Employee.active, Employee.post_id.is_not(None))).first()
        person_id, department_id, post_id = person.id, person.department_id, person.post_id
        other_department = db.session.scalar(select(Department.id).where(Department.id != department_id))
        other_post = db.session.scalar(select(Post.id).where(Post.id != post_id))
    seen = [_versions(app)]
    for change in ({"department_id": other_department}, {"post_id": other_post}, {"active": False}):
        with app.app_context(), db.engine.begin() as other:
            other.execute(update(Employee).where(Employee.id == person_id).values(**change))
        seen.append(_versions(app))
        assert seen[-1] != seen[-2], change

def _away(app):
    from portal.clock import utcnow
    from portal.presence import queries as presence
    with app.test_request_context():
        return presence.away(utcnow())


def test_who_is_away_follows_another_process_returning_someone_and_changing_a_substitute(app):
    from datetime import timedelta
    from portal.absence.models import LeavePostNotice, NoticeEvent
    from portal.clock import utcnow
    from portal.staff.models import Post
    with app.app_context():
        person, substitute, post_id = db.session.execute(
            select(Employee.id, Post.substitute_id, Post.id).join(Employee.post)
            .where(Employee.active, Post.substitute_id.is_not(None), Post.substitute_id != Employee.id)).first()
        db.session.add(LeavePostNotice(
            employee_id=person, category="business", details="", left_at=utcnow() - timedelta(minutes=5),
            expected_back=utcnow() + timedelta(hours=1), state="approved", status_token="t-derived-cache"))
        db.session.commit()
        notice_id = db.session.scalar(select(LeavePostNotice.id).where(LeavePostNotice.status_token == "t-derived-cache"))
        another = db.session.scalar(select(Employee.id).where(Employee.active, Employee.id.not_in((person, substitute))))
    assert person in _away(app).ids and _away(app).substitutes[person] == substitute
    with app.app_context(), db.engine.begin() as other:     # another worker: the post's substitute changes
        other.execute(update(Post).where(Post.id == post_id).values(substitute_id=another))
    assert _away(app).substitutes[person] == another
    with app.app_context(), db.engine.begin() as other:     # another worker records the return
        other.execute(update(LeavePostNotice).where(LeavePostNotice.id == notice_id)
                      .values(state="returned", returned_at=utcnow()))
        other.execute(insert(NoticeEvent).values(notice_id=notice_id, at=utcnow(), kind="returned"))
    assert person not in _away(app).ids
