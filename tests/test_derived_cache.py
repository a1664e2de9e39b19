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


def test_a_figure_is_kept_per_language(app):
    """A figure may hold words (a report's totals are 合计 or Total): one kept for a Chinese
    reader is not given to an English one under the same key."""
    calls = []
    for lang, expected in (("zh_CN", 1), ("en", 2), ("zh_CN", 1), ("en", 2)):
        with app.test_request_context(headers={"Cookie": f"lang={lang}"}):
            assert derived_cache.remembered("test figure", "k", lambda: calls.append(1) or len(calls)) == expected


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


# --- the count of changes the database keeps (data_version) ------------------------------------

def _counted_tables(conn) -> set[str]:
    """The tables whose changes the database counts, from its own catalogue of triggers."""
    from sqlalchemy import text
    if conn.dialect.name == "postgresql":
        names = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        return {n.removesuffix("_counted") for n in names if n.endswith("_counted")}
    names = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    return {n.removesuffix("_counted_insert") for n in names if n.endswith("_counted_insert")
            if {n.replace("_insert", "_update"), n.replace("_insert", "_delete")} <= names}


def test_every_table_figures_follow_is_counted_by_the_database(app):
    # A migration that rebuilds one of these tables (SQLite batch mode) drops its triggers: it
    # must count it again (portal/migrations/change_counter.py), or figures would go stale.
    with app.app_context(), db.engine.connect() as conn:
        assert _counted_tables(conn) == derived_cache.FOLLOWED
    assert {"employees", "duty_shifts", "posts", "decisions", "leave_events"} <= derived_cache.FOLLOWED


def test_a_change_rolled_back_counts_nothing_and_a_plain_table_is_not_followed(app):
    from portal.auth.models import LoginSession
    before = _versions(app)
    with app.app_context(), db.engine.connect() as other:
        other.execute(update(Employee).values(phone=Employee.phone))
        other.rollback()
        other.execute(update(LoginSession).values(ip=LoginSession.ip))   # sessions: no figure reads them
        other.commit()
    assert _versions(app) == before


def _write_in_order(app, tables, results, index, gate):
    """One transaction updating a row of each of `tables` in order, waiting at `gate` after the first."""
    from sqlalchemy import text
    try:
        with app.app_context(), db.engine.connect() as conn:
            for i, table in enumerate(tables):
                conn.execute(text(f"UPDATE {table} SET id = id WHERE id = (SELECT min(id) FROM {table})"))
                if i == 0:
                    gate.wait(timeout=10)
            conn.commit()
        results[index] = "committed"
    except Exception as error:  # noqa: BLE001 - the test reports what went wrong
        results[index] = repr(error)


class _NoGate:
    def wait(self, timeout=None):
        return 0


def test_two_transactions_writing_followed_tables_at_the_same_moment_both_commit(app):
    # One writes a followed table and then the leave request the other holds; the other writes a
    # followed table after that request. On PostgreSQL each raises the count when it commits:
    # raised at its first write, the first would hold the counter while waiting for the request
    # and the second hold the request while waiting for the counter. SQLite lets one writer at a
    # time: the second waits for the first (busy timeout), so they are not made to meet.
    import threading
    with app.app_context():
        dialect = db.engine.dialect.name
    before = _versions(app)[0]
    results = [None, None]
    gate = threading.Barrier(2) if dialect == "postgresql" else _NoGate()
    threads = [threading.Thread(target=_write_in_order, args=(app, tables, results, i, gate))
               for i, tables in enumerate((("duty_shifts", "leave_requests"), ("leave_requests", "posts")))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == ["committed", "committed"]
    assert _versions(app)[0] >= before + 2


def test_a_transaction_that_has_written_sees_its_own_changes_not_a_kept_figure(app):
    # Entering a holiday schedule recounts leave with the new calendar before committing: the
    # count of changes (raised at commit on PostgreSQL) must not hand it the calendar of before.
    calls = []

    def ask():
        return derived_cache.remembered("test figure", "k", lambda: calls.append(1) or len(calls))
    with app.test_request_context():
        person = db.session.scalar(select(Employee.id).where(Employee.active).limit(1))
        assert ask() == 1
        db.session.add(AttendanceChange(employee_id=person, day=date(2026, 3, 2), old_code=None,
                                        new_code="present", source="register"))
        db.session.flush()
        assert ask() == 2 and ask() == 3, "computed afresh while the transaction has written"
        db.session.rollback()
        assert ask() == 1, "nothing was committed: the kept figure stands"
