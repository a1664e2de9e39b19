"""A notice does not protect forever (regulation 7): whoever is not back by the end of the
working day is absent without leave (旷工) on the notice's own day — written by the end-of-day
sweep, run by cron (`flask sweep-notices`) and lazily when the board or one's own notices open.
The office or the head records the real return time; the register follows."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from portal.absence.cli import sweep_notices
from portal.absence.models import LeavePostNotice, NoticeEvent
from portal.clock import local_to_utc, utcnow
from portal.extensions import db
from portal.leave.models import AttendanceChange, AttendanceEntry
from portal.staff.models import Employee
from tests import factories

DAY = date(2026, 11, 26)          # a Thursday, a working day
NEXT = date(2026, 11, 27)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return local_to_utc(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def worker_out(app, travel):
    """A worker who left at 10:00 on DAY, approved, due back at 11:00 — and never came back.
    Returns (worker, their head, notice id)."""
    travel("2026-11-26T09:55")
    with app.app_context():
        team = factories.team()
        notice = factories.notice(team.worker, approver=team.head, minutes_out=-5, minutes_left=65)
    return team.worker, team.head, notice.id


def cell(app, employee_id, day):
    with app.app_context():
        entry = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))
        return (entry.code, entry.absent_reason) if entry else None


def notice_row(app, notice_id):
    with app.app_context():
        n = db.session.get(LeavePostNotice, notice_id)
        db.session.expunge(n)
        return n


def events(app, notice_id):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(NoticeEvent.kind, NoticeEvent.detail).where(NoticeEvent.notice_id == notice_id)
            .order_by(NoticeEvent.id))]


def changes(app, employee_id):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(AttendanceChange.day, AttendanceChange.old_code, AttendanceChange.new_code,
                   AttendanceChange.source).where(AttendanceChange.employee_id == employee_id)
            .order_by(AttendanceChange.id))]


def test_the_board_after_the_days_end_makes_it_absent_on_the_notices_day(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-26T17:29")                       # the working day is not over yet
    as_user("office").get("/absence/")
    assert notice_row(app, notice_id).state == "approved" and cell(app, worker.id, DAY) is None
    travel("2026-11-26T17:31")
    office = as_user("office")
    assert office.get("/absence/").status_code == 200
    assert notice_row(app, notice_id).state == "unreturned"
    assert cell(app, worker.id, DAY) == ("absent", "left_without_approval")
    assert events(app, notice_id)[-1] == ("closed", "absent")
    assert changes(app, worker.id) == [(DAY, None, "absent", "notice")]
    office.get("/absence/")                          # again: nothing more (idempotent)
    assert changes(app, worker.id) == [(DAY, None, "absent", "notice")]
    page = as_user(worker.username).get(f"/absence/{notice_id}").get_data(as_text=True)
    assert "未返回" in page and "下班前未返回：记为旷工" in page
    status = app.test_client().get(f"/absence/status/{notice_row(app, notice_id).status_token}")
    assert "未返回" in status.get_data(as_text=True) and "前返回" not in status.get_data(as_text=True)


def test_tapping_back_the_next_morning_is_too_late(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-27T08:05")
    client = as_user(worker.username)
    response = client.post(f"/absence/{notice_id}/return", follow_redirects=True)
    assert "此离岗告知已结束" in response.get_data(as_text=True)
    assert cell(app, worker.id, DAY) == ("absent", "left_without_approval")   # the notice's day …
    assert cell(app, worker.id, NEXT) is None                                  # … not the day of the tap
    assert notice_row(app, notice_id).returned_at is None


def test_the_persons_own_page_sweeps_too(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-27T08:05")
    as_user(worker.username).get("/absence/new")
    assert notice_row(app, notice_id).state == "unreturned"


def test_back_late_the_same_day_is_late_on_that_day(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-26T15:00")
    as_user(worker.username).post(f"/absence/{notice_id}/return")
    assert cell(app, worker.id, DAY) == ("late", None)
    travel("2026-11-26T18:00")
    as_user("office").get("/absence/")
    assert notice_row(app, notice_id).state == "returned" and cell(app, worker.id, DAY) == ("late", None)


def test_a_pending_notice_nobody_came_back_from_is_swept_too(app, as_user, travel):
    travel("2026-11-26T09:55")
    with app.app_context():
        team = factories.team()
        notice = factories.notice(team.worker, state="pending", minutes_out=-5, minutes_left=65)
    travel("2026-11-27T09:00")
    as_user("office").get("/absence/")
    assert notice_row(app, notice.id).state == "unreturned"
    assert cell(app, team.worker.id, DAY) == ("absent", "left_without_approval")


def test_the_sweep_never_writes_over_approved_leave(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    with app.app_context():
        factories.leave(db.session.get(Employee, worker.id), DAY, DAY, start_part="pm")   # afternoon off
        other = factories.person()
        factories.leave(other, DAY, DAY)                                                   # the whole day off
        other_notice = factories.notice(other, minutes_out=-5, minutes_left=65)
    travel("2026-11-26T18:00")
    as_user("office").get("/absence/")
    # due back at 11:00, in the morning the leave does not cover: 旷工
    assert notice_row(app, notice_id).state == "unreturned"
    assert cell(app, worker.id, DAY) == ("absent", "left_without_approval")
    # a day of approved leave is never touched
    assert notice_row(app, other_notice.id).state == "unreturned" and cell(app, other.id, DAY) is None


def test_the_cli_sweep_for_cron(app, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-26T17:35")
    result = app.test_cli_runner().invoke(sweep_notices)
    assert result.exit_code == 0 and "Closed" in result.output and "Closed 0" not in result.output
    assert cell(app, worker.id, DAY) == ("absent", "left_without_approval")
    result = app.test_cli_runner().invoke(sweep_notices)
    assert "Closed 0" in result.output
    assert changes(app, worker.id) == [(DAY, None, "absent", "notice")]


def test_the_lazy_sweep_asks_at_most_once_and_then_not_while_nothing_is_due(app, as_user, travel):
    travel("2026-11-26T18:00")
    office = as_user("office")
    office.get("/absence/new")            # the demo's open notices of the day are swept here
    with app.app_context():
        engine = db.engine

    def notice_statements(url):
        seen = []

        def count(conn, cursor, statement, *args):
            if "leave_post_notices" in statement:
                seen.append(statement)
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert office.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return seen

    statements = notice_statements("/absence/new")         # one question, unless it is known
    assert len([s for s in statements if "left_at < " in s]) <= 1
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    statements = notice_statements("/absence/")             # known now: none while the notices stand
    assert not [s for s in statements if "left_at < " in s]


def test_a_notice_another_worker_wrote_is_swept_though_none_was_due_before(app, as_user, travel):
    """Each worker keeps that no notice waits for the sweep; a notice written by another worker
    (its commit not seen by this one's session) must show through the count of changes."""
    travel("2026-11-26T18:00")
    with app.app_context():
        team = factories.team()
        worker_id, head_id = team.worker.id, team.head.id
    office = as_user("office")
    office.get("/absence/")
    office.get("/absence/")                    # none due, known
    with app.app_context():
        with db.engine.begin() as other_worker:
            other_worker.execute(LeavePostNotice.__table__.insert().values(
                employee_id=worker_id, category="meeting", details="", contact_phone="13800000000",
                left_at=local(DAY, 10), expected_back=local(DAY, 11), state="approved", approver_id=head_id,
                decided_by_id=head_id, decided_at=local(DAY, 9, 55), status_token="other-worker-notice00",
                created_at=local(DAY, 9, 55)))
    office.get("/absence/")
    assert cell(app, worker_id, DAY) == ("absent", "left_without_approval")


# --- the real return time -----------------------------------------------------------------------

@pytest.mark.parametrize("back, outcome, register", [
    ("10:50", "按时返回", None),                                   # the sweep's 旷工 taken out
    ("11:20", "返回迟到", ("late", None)),                          # … becomes late
    ("17:40", "下班前未返回：记为旷工", ("absent", "left_without_approval")),
])
def test_the_office_records_the_real_return_after_the_sweep(app, as_user, travel, worker_out, back, outcome,
                                                            register):
    worker, head, notice_id = worker_out
    travel("2026-11-27T09:00")
    office = as_user("office")
    office.get("/absence/")
    assert cell(app, worker.id, DAY) == ("absent", "left_without_approval")
    page = office.get(f"/absence/{notice_id}").get_data(as_text=True)
    assert "记录返回时间" in page
    response = office.post(f"/absence/{notice_id}/return-time", data={"returned_at": f"2026-11-26T{back}"},
                           follow_redirects=True)
    assert response.status_code == 200 and outcome in response.get_data(as_text=True)
    assert cell(app, worker.id, DAY) == register
    row = notice_row(app, notice_id)
    assert row.state == "returned" and row.returned_at == local(DAY, *map(int, back.split(":")))
    assert events(app, notice_id)[-1][0] == "return_recorded"


def test_the_head_records_the_return_of_an_open_notice(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-26T16:00")
    client = as_user(head.username)
    response = client.post(f"/absence/{notice_id}/return-time", data={"returned_at": "2026-11-26T11:30"})
    assert response.status_code == 302
    assert cell(app, worker.id, DAY) == ("late", None)
    # once back, the time stands
    again = client.post(f"/absence/{notice_id}/return-time", data={"returned_at": "2026-11-26T10:30"},
                        follow_redirects=True)
    assert "此离岗告知已结束" in again.get_data(as_text=True) and cell(app, worker.id, DAY) == ("late", None)


@pytest.mark.parametrize("value, message", [
    ("2026-11-26T09:30", "该时间早于离岗时间"),
    ("2026-11-26T16:30", "该时间尚未到来"),
    ("nonsense", "不是有效的日期与时间值"),
])
def test_a_wrong_return_time_is_refused(app, as_user, travel, worker_out, value, message):
    worker, head, notice_id = worker_out
    travel("2026-11-26T16:00")
    response = as_user("office").post(f"/absence/{notice_id}/return-time", data={"returned_at": value})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert notice_row(app, notice_id).state == "approved"


def test_only_the_office_or_the_head_records_a_return_time(app, as_user, travel, worker_out):
    worker, head, notice_id = worker_out
    travel("2026-11-26T16:00")
    for who in (worker.username, "staff", "gm"):
        assert as_user(who).post(f"/absence/{notice_id}/return-time",
                                 data={"returned_at": "2026-11-26T11:30"}).status_code == 403
    page = as_user(worker.username).get(f"/absence/{notice_id}").get_data(as_text=True)
    assert "记录返回时间" not in page
