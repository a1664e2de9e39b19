"""Leave-post notices (regulation 7): file, approve, print the card, come back late; the live
board; the lobby screen; the public status page; and who the leave inbox routes around."""

import re
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import event, select

from portal.absence.models import LeavePostNotice, PresenceCheck
from portal.absence.views import COMPANY_BOARD
from portal.extensions import db
from portal.presence.queries import away_at
from portal.leave.models import AttendanceEntry
from portal.settings import set_setting
from portal.staff.models import Department, Employee
from portal.clock import to_local, utcnow
from tests import factories


def person(app, username=None, name=None):
    with app.app_context():
        stmt = select(Employee.id)
        return db.session.scalar(stmt.where(Employee.username == username) if username else stmt.where(Employee.name == name))


def local_input(value):
    return to_local(value).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def cover(app):
    """Someone at work who covers the post of whoever files a notice (a notice needs one)."""
    with app.app_context():
        return factories.person().id


def file_notice(client, minutes=60, cover=None, **extra):
    now = utcnow()
    data = {"category": "bank_or_government", "details": "到建设银行办理对公转账（私密）",
            "left_at": local_input(now), "expected_back": local_input(now + timedelta(minutes=minutes)),
            "substitute_id": str(cover or 0), "contact_phone": "13800000000", **extra}
    return client.post("/absence/new", data=data)


def latest_notice(app, employee_id):
    with app.app_context():
        return db.session.scalar(select(LeavePostNotice).where(LeavePostNotice.employee_id == employee_id)
                                 .order_by(LeavePostNotice.id.desc()).limit(1))


def test_file_approve_print_and_return_late(app, as_user, tmp_path, cover):
    with app.app_context():
        team = factories.team()
    staff, head = as_user(team.worker.username), as_user(team.head.username)
    staff_id, name = team.worker.id, team.worker.name
    response = file_notice(staff, cover=cover)
    assert response.status_code == 302
    notice = latest_notice(app, staff_id)
    assert notice.state == "pending" and notice.approver_id == team.head.id
    assert notice.substitute_id == cover and len(notice.status_token) >= 16

    # The head sees it at once and approves with one click (htmx).
    assert "待您审批的离岗告知" in head.get("/").get_data(as_text=True)
    page = head.get("/absence/approvals").get_data(as_text=True)
    assert name in page and "建设银行" in page
    response = head.post(f"/absence/{notice.id}/decide", data={"outcome": "approve"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "已批准" in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
    assert head.post(f"/absence/{notice.id}/decide", data={"outcome": "approve"}).status_code == 302  # already decided
    assert latest_notice(app, staff_id).state == "approved"

    # The card: a PDF whose text holds the name and the (local) times, never the private text.
    response = staff.get(f"/absence/{notice.id}/card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "card.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(" ", "")  # the title is letter-spaced
    assert name in text and "离岗告示" in text and team.department.name in text
    assert to_local(notice.left_at).strftime("%H:%M") in text
    assert to_local(notice.expected_back).strftime("%H:%M") in text
    assert "银行/政府部门办事" in text and "建设银行" not in text
    # one fact a line, its label before it
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = {" ".join(line.split()) for line in layout.splitlines()}
    assert {"事 由 银行/政府部门办事", "离岗时间 " + to_local(notice.left_at).strftime("%m月%d日 %H:%M"),
            "预计返回 " + to_local(notice.expected_back).strftime("%m月%d日 %H:%M")} <= lines
    assert staff.get(f"/absence/{notice.id}/card.pdf?size=a5").status_code == 200
    assert "离岗告示" in staff.get(f"/absence/{notice.id}/card").get_data(as_text=True)

    # Time passes: back 30 minutes after the expected time (the same working day).
    with app.app_context():
        row = db.session.get(LeavePostNotice, notice.id)
        row.left_at, row.expected_back = utcnow() - timedelta(minutes=90), utcnow() - timedelta(minutes=30)
        db.session.commit()
    response = staff.post(f"/absence/{notice.id}/return", follow_redirects=True)
    assert "考勤已记为迟到" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(LeavePostNotice, notice.id)
        assert row.state == "returned" and row.returned_at is not None
        entry = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == staff_id, AttendanceEntry.day == to_local(row.returned_at).date()))
        assert entry.code == "late"
    assert staff.post(f"/absence/{notice.id}/return").status_code == 302   # closed: nothing changes


def test_on_time_return_leaves_the_register_alone(app, as_user, cover):
    staff = as_user("staff")
    file_notice(staff, cover=cover)
    notice = latest_notice(app, person(app, "staff"))
    staff.post(f"/absence/{notice.id}/return")
    with app.app_context():
        assert db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == notice.employee_id,
            AttendanceEntry.day == to_local(utcnow()).date())) is None


@pytest.mark.parametrize("left, back, leave", [
    ("08:00", "12:00", False),        # a whole morning
    ("13:00", "17:30", False),        # a whole afternoon
    ("10:00", "14:30", False),        # across lunch: 3½ working hours
    ("08:00", "13:30", False),        # 4½ working hours: still a notice
    ("08:00", "13:31", True),         # more is leave
    ("09:00", "15:00", True),
])
def test_longer_than_half_a_day_of_working_time_is_leave(app, as_user, cover, travel, left, back, leave):
    travel("2026-11-26T07:58")        # a Thursday, before work
    staff = as_user("staff")
    response = file_notice(staff, cover=cover, left_at=f"2026-11-26T{left}", expected_back=f"2026-11-26T{back}")
    assert response.status_code == 302
    assert ("/leave/new" in response.location) is leave
    assert (latest_notice(app, person(app, "staff")) is None) is leave


def test_a_notice_that_is_leave_carries_what_was_typed_into_the_leave_form(app, as_user, cover, travel):
    travel("2026-11-26T07:58")        # a Thursday, before work
    staff = as_user("staff")
    response = file_notice(staff, cover=cover, left_at="2026-11-26T09:00", expected_back="2026-11-27T11:00",
                           details="陪母亲到县医院复查")
    assert "/leave/new?" in response.location
    page = staff.get(response.location).get_data(as_text=True)
    assert "已为您填入日期和事由" in page
    form = page[page.index('id="new"'):]
    assert re.search(rf'id="start_date"[^>]*value="2026-11-26"', form)
    assert re.search(rf'id="end_date"[^>]*value="2026-11-27"', form)
    assert re.search(r'<option selected value="am">从上午开始', form)     # left at 09:00
    assert re.search(r'<option selected value="am">到上午结束', form)         # back at 11:00
    assert "陪母亲到县医院复查</textarea>" in form
    assert latest_notice(app, person(app, "staff")) is None


def test_without_details_the_reason_carried_is_why_one_steps_out(app, as_user, cover, travel):
    travel("2026-11-26T07:58")
    staff = as_user("staff")
    response = file_notice(staff, cover=cover, category="personal", details="",
                           left_at="2026-11-26T08:30", expected_back="2026-11-26T17:00")
    form = staff.get(response.location).get_data(as_text=True)
    form = form[form.index('id="new"'):]
    assert re.search(rf'id="start_date"[^>]*value="2026-11-26"', form)
    assert re.search(rf'id="end_date"[^>]*value="2026-11-26"', form)
    assert re.search(r'<option selected value="pm">到下午结束', form)
    assert "个人事务</textarea>" in form


def test_a_notice_is_filed_before_leaving(app, as_user, cover):
    staff = as_user("staff")
    now = utcnow()
    response = file_notice(staff, cover=cover, left_at=local_input(now - timedelta(minutes=10)))
    assert response.status_code == 422 and "离岗时间已过" in response.get_data(as_text=True)
    assert latest_notice(app, person(app, "staff")) is None
    # A few minutes to type it on a phone are fine.
    assert file_notice(staff, cover=cover, left_at=local_input(now - timedelta(minutes=4))).status_code == 302
    assert latest_notice(app, person(app, "staff")) is not None


def test_someone_at_work_must_cover_the_post(app, as_user):
    with app.app_context():
        dept = factories.department()
        stand_in = factories.person(dept)
        colleague, away = factories.person(dept), factories.person(dept)
        worker = factories.person(dept, substitute=stand_in)      # their post's substitute: stand_in
        factories.on_leave(away)
        factories.on_leave(stand_in)
    client = as_user(worker.username)

    def refused(substitute_id, *expected, unexpected=()):
        response = file_notice(client, cover=substitute_id)
        page = re.search(r'<ul class="errors" id="substitute_id-msg">(.*?)</ul>',
                         response.get_data(as_text=True), re.S).group(1)
        assert response.status_code == 422
        for text in expected:
            assert text in page, text
        for text in unexpected:
            assert text not in page, text
        assert latest_notice(app, worker.id) is None

    # nobody named: refused, saying who could — colleagues at work, not those away
    refused(0, "请指定离岗期间代岗的人", f"可以代岗的人：{colleague.name}", unexpected=(away.name, stand_in.name))
    # someone away themselves, or oneself
    refused(away.id, f"{away.name}同一时间也不在岗", f"可以代岗的人：{colleague.name}")
    refused(worker.id, "离岗期间不能由本人代岗")
    assert file_notice(client, cover=colleague.id).status_code == 302
    assert latest_notice(app, worker.id).substitute_id == colleague.id


def test_the_posts_substitute_is_suggested_first(app, as_user):
    with app.app_context():
        dept = factories.department()
        stand_in, colleague = factories.person(dept), factories.person(dept)
        worker = factories.person(dept, substitute=stand_in)
    page = file_notice(as_user(worker.username), cover=0).get_data(as_text=True)
    assert f"可以代岗的人：{stand_in.name}（本岗位代岗人）、{colleague.name}" in page


def test_bad_times_are_refused_in_chinese(app, as_user, cover):
    staff = as_user("staff")
    now = utcnow()
    response = file_notice(staff, cover=cover, expected_back=local_input(now - timedelta(hours=1)))
    assert response.status_code == 422 and "返回时间" in response.get_data(as_text=True)
    response = file_notice(staff, cover=cover, expected_back="nonsense")
    assert response.status_code == 422
    assert latest_notice(app, person(app, "staff")) is None


def test_approver_away_goes_to_the_office_head(app, as_user, cover):
    # The deputy manager overseeing the department is on leave today: the head's notice goes
    # to the head of 办公室, and the message says so by name.
    with app.app_context():
        team = factories.team()
        factories.on_leave(team.deputy)
        office_head = factories.office_head()
    client = as_user(team.head.username)
    response = file_notice(client, cover=cover)
    notice = latest_notice(app, team.head.id)
    assert notice.approver_id == office_head.id
    page = client.get(response.location).get_data(as_text=True)
    assert f"已转交办公室主任{office_head.name}" in page
    assert as_user(team.deputy.username).post(f"/absence/{notice.id}/decide",
                                              data={"outcome": "approve"}).status_code == 403


def test_approver_away_their_substitute_decides(app, as_user, cover):
    with app.app_context():
        team = factories.team()
        stand_in = factories.person(rank="deputy_manager")
        deputy = db.session.get(Employee, team.deputy.id)
        deputy.post_id = factories.post(db.session.get(Department, deputy.department_id), substitute=stand_in).id
        db.session.commit()
        db.session.refresh(stand_in)
        factories.on_leave(deputy)
    client = as_user(team.head.username)
    response = file_notice(client, cover=cover)
    notice = latest_notice(app, team.head.id)
    assert notice.approver_id == stand_in.id
    page = client.get(response.location).get_data(as_text=True)
    assert f"{team.deputy.name}不在岗，已转交其代岗人{stand_in.name}" in page


def test_the_office_heads_notice_names_whom_it_went_to(app, as_user, cover):
    # The office head's own notice, the deputy in charge of the office away and his substitute
    # too: the office head cannot approve their own, so it goes to the GM — and the message
    # names the GM, not the office head.
    with app.app_context():
        office_head = factories.office_head()
        deputy = db.session.get(Employee, db.session.get(Department, office_head.department_id).deputy_id)
        deputy_name = deputy.name
        factories.on_leave(deputy)
        factories.on_leave(deputy.substitute)
        gm = factories.general_manager()
    client = as_user(office_head.username)
    response = file_notice(client, cover=cover)
    notice = latest_notice(app, office_head.id)
    assert notice.approver_id == gm.id
    page = client.get(response.location).get_data(as_text=True)
    message = re.search(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page).group(1)
    assert f"已转交总经理{gm.name}审批" in message and "办公室主任" not in message and deputy_name not in message


def test_away_at_counts_approved_notices_not_yet_returned(app, as_user, cover):
    with app.app_context():
        team = factories.team()
    staff_id, head_id = team.worker.id, team.head.id
    head = as_user(team.head.username)
    file_notice(head, cover=cover)
    notice = latest_notice(app, head_id)
    assert notice.approver_id == team.deputy.id      # a head's notice: the deputy manager in charge
    with app.app_context():
        assert head_id not in away_at(utcnow())          # pending: not away yet
    as_user(team.deputy.username).post(f"/absence/{notice.id}/decide", data={"outcome": "approve"})
    with app.app_context():
        assert head_id in away_at(utcnow())
        assert head_id not in away_at(utcnow() - timedelta(hours=1))   # had not left yet
        assert staff_id not in away_at(utcnow())
    head.post(f"/absence/{notice.id}/return")
    with app.app_context():
        assert head_id not in away_at(utcnow())


def test_board_fragment_and_layout(app, as_user):
    client = as_user("staff")
    page = client.get("/absence/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and 'hx-trigger="every 30s' in html
    # Company-wide: each department in one line, by name who is out (demo: one on time, one overdue).
    assert "唐雪" in html and "前返回" in html and "已超时" in html and "class=\"absence-summary\"" in html
    assert "到县政务服务中心" not in html                           # never the private text
    assert "<strong>林静</strong>" not in html                      # at her post: counted, not named
    with app.app_context():
        cs = db.session.scalar(select(Department.id).where(Department.name == "客服中心"))
    department = client.get(f"/absence/?dept={cs}").get_data(as_text=True)   # one department: everyone
    assert "absence-summary" not in department and "唐雪" in department and "还有" in department
    fragment = client.get("/absence/?q=tx", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text and "topbar" not in text
    assert "HX-Request" in fragment.headers["Vary"]
    assert "唐雪" in text and "林静" not in text
    assert client.get("/absence/?dept=99999999999999").status_code == 200


def test_the_company_wide_fragment_is_shared_and_a_change_shows_at_once(app, as_user):
    """Polled by every open board, the company-wide fragment is made once for everyone; a
    notice recorded meanwhile (a commit) shows on the next poll."""
    staff, guard = as_user("staff"), as_user("guard")
    poll = {"HX-Request": "true"}
    first = staff.get("/absence/", headers=poll).get_data(as_text=True)
    assert guard.get("/absence/", headers=poll).get_data(as_text=True) == first
    with app.app_context():
        person = factories.person(factories.department())
        factories.notice(person, minutes_left=40)
        db.session.commit()
        name = person.name
    after = guard.get("/absence/", headers=poll).get_data(as_text=True)
    assert f"<strong>{name}</strong>" in after and after != first


def _count_statements(app, client, url):
    with app.app_context():
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers={"HX-Request": "true"})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def test_board_refresh_costs_constant_sql(app, as_user):
    client = as_user("office")
    client.get("/absence/", headers={"HX-Request": "true"})   # warm up
    COMPANY_BOARD.clear()                                      # the fragment made, not shared
    small = _count_statements(app, client, "/absence/")
    assert _count_statements(app, client, "/absence/") < small  # … and then shared
    with app.app_context():
        department = db.session.scalar(select(Department).where(Department.name == "财务科"))
        for i in range(40):
            e = Employee(username=f"extra{i}", name=f"测试{i}", department_id=department.id, phone="1390000000")
            db.session.add(e)
            db.session.flush()
            if i % 2:
                db.session.add(LeavePostNotice(employee_id=e.id, category="meeting", left_at=utcnow() - timedelta(minutes=5),
                                               expected_back=utcnow() + timedelta(minutes=30), state="approved",
                                               substitute_id=e.id - 1, status_token=f"tok{i:03d}x"))
        db.session.commit()
    client.get("/absence/", headers={"HX-Request": "true"})   # what is kept per worker, made afresh
    COMPANY_BOARD.clear()
    large = _count_statements(app, client, "/absence/")
    assert large == small, (small, large)
    assert small <= 12


def test_presence_check_marks_absent_without_leave(app, as_user):
    with app.app_context():
        worker, out = factories.person(), factories.person()
        factories.notice(out, minutes_out=3)             # out now on an approved notice, filed before leaving
    office = as_user("office")
    staff_id = worker.id
    response = office.post(f"/absence/presence/{staff_id}", data={"found": "away_without_notice", "confirm": "yes"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and "旷工" in response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AttendanceEntry).where(
            AttendanceEntry.employee_id == staff_id, AttendanceEntry.day == to_local(utcnow()).date()))
        assert (entry.code, entry.absent_reason) == ("absent", "left_without_approval")
        assert db.session.scalar(select(PresenceCheck.found).where(PresenceCheck.employee_id == staff_id)) == "away_without_notice"
    assert "擅自离岗" in office.get(f"/absence/?q={worker.name}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert office.post(f"/absence/presence/{staff_id}", data={"found": "nonsense"},
                       headers={"HX-Request": "true"}).status_code == 422
    # Someone out on a notice is not absent without leave.
    assert office.post(f"/absence/presence/{out.id}", data={"found": "away_without_notice"},
                       headers={"HX-Request": "true"}).status_code == 409
    assert as_user(worker.username).post(f"/absence/presence/{staff_id}", data={"found": "at_post"}).status_code == 403


def test_presence_check_keeps_approved_leave_days(app, as_user):
    with app.app_context():
        sick = factories.person()
        factories.on_leave(sick, leave_type="sick")     # approved sick leave covering today
    response = as_user("office").post(f"/absence/presence/{sick.id}", data={"found": "away_without_notice"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AttendanceEntry.code).where(
            AttendanceEntry.employee_id == sick.id, AttendanceEntry.day == to_local(utcnow()).date())) is None
        assert db.session.scalar(select(PresenceCheck.found).where(PresenceCheck.employee_id == sick.id)) is None


@pytest.mark.parametrize("state, filed_after_leaving, covered", [
    ("approved", 0, True),
    ("pending", 0, False),      # not approved: leaving without approval
    ("refused", 0, False),
    ("approved", 30, False),    # back-dated: filed half an hour after leaving
])
def test_only_an_approved_notice_filed_before_leaving_covers_an_absence(app, as_user, state, filed_after_leaving,
                                                                       covered):
    with app.app_context():
        worker = factories.person()
        notice = factories.notice(worker, state=state, minutes_out=40)
        row = db.session.get(LeavePostNotice, notice.id)
        row.created_at = row.left_at + timedelta(minutes=filed_after_leaving)
        db.session.commit()
        db.session.refresh(worker)
    response = as_user("office").post(f"/absence/presence/{worker.id}", data={"found": "away_without_notice", "confirm": "yes"},
                                      headers={"HX-Request": "true"})
    assert response.status_code == (409 if covered else 200)
    with app.app_context():
        code = db.session.scalar(select(AttendanceEntry.code).where(
            AttendanceEntry.employee_id == worker.id, AttendanceEntry.day == to_local(utcnow()).date()))
    assert code == (None if covered else "absent")


def test_a_pending_notice_leaves_the_check_buttons_on_the_board(app, as_user):
    with app.app_context():
        worker = factories.person()
        factories.notice(worker, state="pending")
    row = as_user("office").get(f"/absence/?q={worker.name}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "待批准" in row and 'name="found" value="away_without_notice"' in row


def test_the_board_says_morning_or_afternoon_leave(app, as_user):
    with app.app_context():
        morning, afternoon, whole = factories.person(), factories.person(), factories.person()
        factories.leave(morning, end_part="am")
        factories.leave(afternoon, start_part="pm")
        factories.leave(whole)
    office = as_user("office")
    for who, label in ((morning, "上午请假"), (afternoon, "下午请假"), (whole, "请假")):
        row = office.get(f"/absence/?q={who.name}", headers={"HX-Request": "true"}).get_data(as_text=True)
        assert f">{label}<" in row, (who.name, label)
    # half a day off leaves the other half to the presence checks
    row = office.get(f"/absence/?q={morning.name}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'name="found" value="away_without_notice"' in row


def test_kiosk_is_closed_unless_turned_on(app, as_user):
    anonymous = app.test_client()
    assert anonymous.get("/absence/kiosk").status_code == 404
    admin = as_user("admin")
    assert admin.post("/absence/settings", data={"enabled": "y"}).status_code == 302
    page = anonymous.get("/absence/kiosk")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "唐雪" in html
    assert "topbar" not in html and "到县政务服务中心" not in html and "139" not in html
    assert "银行" not in html                 # no reasons at all, not even the category
    fragment = anonymous.get("/absence/kiosk", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]
    admin.post("/absence/settings", data={})
    assert anonymous.get("/absence/kiosk").status_code == 404


def test_status_page_shows_no_private_data(app):
    with app.app_context():
        notice = db.session.scalar(select(LeavePostNotice).join(LeavePostNotice.employee).where(Employee.name == "唐雪"))
        token, phone = notice.status_token, notice.contact_phone
    page = app.test_client().get(f"/absence/status/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "唐雪" in html and "离岗中" in html
    assert "政务服务中心" not in html and phone not in html and "许婷婷" not in html and "银行" not in html
    assert app.test_client().get("/absence/status/nope").status_code == 404
    assert app.test_client().get("/absence/status/" + "x" * 200).status_code == 404


def test_office_prints_all_cards_in_one_document(app, as_user, tmp_path):
    response = as_user("office").get("/absence/cards.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "cards.pdf"
    path.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    # the demo's three people out now on approved notices, one card each (宋建明's still waits: no card)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == 3
    assert "419.53 x 297.64" in info or "419.5" in info          # A6 landscape (148 × 105 mm)
    assert as_user("staff").get("/absence/cards.pdf").status_code == 403
    # a phone reads each card's code, printed at 150 dpi, as that person's status page
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "card")], check=True)
    read = {found.text for page in sorted(tmp_path.glob("card-*.png"))
            for found in zxingcpp.read_barcodes(Image.open(page))}
    with app.app_context():
        tokens = set(db.session.scalars(select(LeavePostNotice.status_token)))
    assert len(read) == 3 and {url.rsplit("/", 1)[1] for url in read} <= tokens
    assert all("/absence/status/" in url for url in read)


def test_a_card_only_once_the_notice_is_approved(app, as_user, tmp_path):
    """The card says its holder may be away: a notice still waiting has none, and says why."""
    with app.app_context():
        team = factories.team()
        waiting = factories.notice(team.worker, state="pending")
    worker = as_user(team.worker.username)
    detail = worker.get(f"/absence/{waiting.id}").get_data(as_text=True)
    assert "离岗告知批准后才能打印离岗告示卡" in detail and f"/absence/{waiting.id}/card" not in detail
    for path in (f"/absence/{waiting.id}/card", f"/absence/{waiting.id}/card.pdf?size=a5"):
        response = worker.get(path, follow_redirects=True)
        assert response.status_code == 200 and response.request.path == f"/absence/{waiting.id}"
        assert "离岗告知批准后才能打印离岗告示卡" in response.get_data(as_text=True)
    # approved: offered, and printed
    assert as_user(team.head.username).post(f"/absence/{waiting.id}/decide", data={"outcome": "approve"}).status_code == 302
    detail = worker.get(f"/absence/{waiting.id}").get_data(as_text=True)
    assert f"/absence/{waiting.id}/card" in detail and "批准后才能打印" not in detail
    assert worker.get(f"/absence/{waiting.id}/card").status_code == 200
    response = worker.get(f"/absence/{waiting.id}/card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # the office's sheet of everyone out: not 宋建明, whose notice waits
    path = tmp_path / "cards.pdf"
    path.write_bytes(as_user("office").get("/absence/cards.pdf").data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "唐雪" in text and "宋建明" not in text and team.worker.name in text
