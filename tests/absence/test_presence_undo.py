"""Recording 擅自离岗 writes 旷工 in the register: the board asks first, and whoever recorded it
can take it back for a minute — a later check naming it (presence checks and the register's
history are never changed), the 旷工 it wrote out of the register — and not afterwards."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.absence import operations
from portal.absence.models import PresenceCheck
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.leave import operations_register as register
from portal.leave.models import AttendanceChange, AttendanceEntry
from tests import factories

POLL = {"HX-Request": "true"}
AWAY = {"found": "away_without_notice"}
CONFIRMED = {**AWAY, "confirm": "yes"}


@pytest.fixture
def worker(app):
    with app.app_context():
        return factories.person(factories.department())


def cell(app, employee_id):
    with app.app_context():
        entry = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == to_local(utcnow()).date()))
        return (entry.code, entry.absent_reason, entry.note) if entry else None


def checks(app, employee_id):
    with app.app_context():
        return [(c.id, c.found, c.withdraws_id) for c in db.session.scalars(
            select(PresenceCheck).where(PresenceCheck.employee_id == employee_id).order_by(PresenceCheck.id))]


def changes(app, employee_id):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(AttendanceChange.old_code, AttendanceChange.new_code, AttendanceChange.source)
            .where(AttendanceChange.employee_id == employee_id).order_by(AttendanceChange.id))]


def test_the_board_asks_before_recording_an_absence(app, as_user, worker):
    office = as_user("office")
    row = office.post(f"/absence/presence/{worker.id}", data={**AWAY, "back": f"/absence/?q={worker.name}"},
                      headers=POLL)
    html = row.get_data(as_text=True)
    assert row.status_code == 200 and f"确认将{worker.name}记为擅自离岗（旷工）？" in html and "旷工" in html
    assert 'name="confirm" value="yes"' in html and 'name="csrf_token"' in html
    assert f'href="/absence/?q={worker.name}"' in html and ">取消<" in html      # back to the board as it was
    assert checks(app, worker.id) == [] and cell(app, worker.id) is None          # nothing recorded yet
    # without htmx: the question on a page of its own
    page = office.post(f"/absence/presence/{worker.id}", data=AWAY)
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert f"确认将{worker.name}记为擅自离岗（旷工）？" in page.get_data(as_text=True)
    assert checks(app, worker.id) == []
    # confirmed: recorded, and the row offers to take it back
    row = office.post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL).get_data(as_text=True)
    (check_id, found, _withdraws), = checks(app, worker.id)
    assert found == "away_without_notice" and cell(app, worker.id)[:2] == ("absent", "left_without_approval")
    assert f'action="/absence/checks/{check_id}/undo"' in row and "撤销（1分钟内）" in row
    # … and so does the board itself, polled meanwhile
    board = office.get(f"/absence/?q={worker.name}", headers=POLL).get_data(as_text=True)
    assert f'action="/absence/checks/{check_id}/undo"' in board
    # "seen at post" needs no question
    assert office.post(f"/absence/presence/{worker.id}", data={"found": "at_post"}, headers=POLL).status_code == 200
    assert checks(app, worker.id)[-1][1] == "at_post"


def test_undo_within_the_minute_takes_the_absence_out_of_the_register(app, as_user, worker):
    office = as_user("office")
    office.post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    (check_id, _found, _withdraws), = checks(app, worker.id)
    with clock.travel_to(utcnow() + timedelta(seconds=50)):
        response = office.post(f"/absence/checks/{check_id}/undo", headers=POLL)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "已撤销" in html and "旷工" in html
        assert "撤销（1分钟内）" not in html and "danger\">擅自离岗</span>" not in html and ">在岗<" in html
        board = office.get(f"/absence/?q={worker.name}", headers=POLL).get_data(as_text=True)
        assert ">在岗<" in board and "danger\">擅自离岗</span>" not in board
    assert cell(app, worker.id) is None
    # history kept: the finding and the check that takes it back; the register's two changes
    assert checks(app, worker.id) == [(check_id, "away_without_notice", None),
                                      (check_id + 1, "withdrawn", check_id)]
    assert changes(app, worker.id) == [(None, "absent", "presence"), ("absent", None, "presence")]
    # once only
    again = office.post(f"/absence/checks/{check_id}/undo", headers=POLL)
    assert again.status_code == 409 and "已经撤销" in again.get_data(as_text=True)


def test_undo_after_the_minute_is_refused_and_the_absence_stands(app, as_user, worker):
    office = as_user("office")
    office.post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    (check_id, _found, _withdraws), = checks(app, worker.id)
    with clock.travel_to(utcnow() + timedelta(seconds=61)):
        board = office.get(f"/absence/?q={worker.name}", headers=POLL).get_data(as_text=True)
        assert "撤销（1分钟内）" not in board and "danger\">擅自离岗</span>" in board
        response = office.post(f"/absence/checks/{check_id}/undo", headers=POLL)
        assert response.status_code == 409 and "已超过1分钟" in response.get_data(as_text=True)
        plain = office.post(f"/absence/checks/{check_id}/undo", follow_redirects=True)   # without htmx
        assert "已超过1分钟" in plain.get_data(as_text=True)
    assert cell(app, worker.id)[0] == "absent" and len(checks(app, worker.id)) == 1


def test_only_whoever_recorded_it_takes_it_back(app, as_user, worker):
    as_user("office").post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    (check_id, _found, _withdraws), = checks(app, worker.id)
    other = as_user("office-head")
    assert "撤销（1分钟内）" not in other.get(f"/absence/?q={worker.name}", headers=POLL).get_data(as_text=True)
    response = other.post(f"/absence/checks/{check_id}/undo", headers=POLL)
    assert response.status_code == 409 and "只能由记录人撤销" in response.get_data(as_text=True)
    assert as_user("staff").post(f"/absence/checks/{check_id}/undo").status_code == 403
    assert as_user("office").get(f"/absence/checks/{check_id}/undo").status_code == 405   # never by GET
    assert as_user("office").post("/absence/checks/99999999/undo").status_code == 404
    assert cell(app, worker.id)[0] == "absent"


def test_undo_brings_back_the_mark_that_was_there(app, as_user, worker):
    """A late return already in the register: the 旷工 written over it goes, the late mark and
    its note come back."""
    with app.app_context():
        day = to_local(utcnow()).date()
        register.write_entry(worker.id, day, None, "late", None, None, "notice", note="离岗返回迟到")
        db.session.commit()
    office = as_user("office")
    office.post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    assert cell(app, worker.id)[0] == "absent"
    (check_id, _found, _withdraws), = checks(app, worker.id)
    assert office.post(f"/absence/checks/{check_id}/undo", headers=POLL).status_code == 200
    assert cell(app, worker.id) == ("late", None, "离岗返回迟到")


def test_undo_leaves_what_someone_wrote_since(app, as_user, worker):
    office = as_user("office")
    office.post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    (check_id, _found, _withdraws), = checks(app, worker.id)
    with app.app_context():
        entry = db.session.scalar(select(AttendanceEntry).where(AttendanceEntry.employee_id == worker.id))
        register.save_cell(worker.id, entry.day, "business_trip", None, worker.id, entry)   # the head, meanwhile
    assert office.post(f"/absence/checks/{check_id}/undo", headers=POLL).status_code == 200
    assert cell(app, worker.id)[0] == "business_trip"


def test_two_undos_at_the_same_moment_one_is_saved(app, as_user, worker):
    """Both passed the checks before either saved: the database keeps one withdrawal."""
    as_user("office").post(f"/absence/presence/{worker.id}", data=CONFIRMED, headers=POLL)
    (check_id, _found, _withdraws), = checks(app, worker.id)
    with app.app_context():
        check = db.session.get(PresenceCheck, check_id)
        by = check.checked_by_id
        assert operations.undo_presence(check, by) is True
    with app.app_context():
        check = db.session.get(PresenceCheck, check_id)
        assert operations.undo_presence(check, by) is False
    assert [found for _id, found, _w in checks(app, worker.id)] == ["away_without_notice", "withdrawn"]
    assert changes(app, worker.id) == [(None, "absent", "presence"), ("absent", None, "presence")]
