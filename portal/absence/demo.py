"""Demo content of the absence area (see portal/demo.py): people out on leave-post notices
right now (one overdue, one approved by a deputy manager), one notice waiting for approval
(宋建明, for 罗志远 / invest-head), one notice returned late earlier with its late mark, a
presence check that found someone away without notice, with its 旷工 mark; on the working day
before, a notice nobody came back from (梁艳), closed by the end-of-day sweep itself with its
旷工 on that day, and a notice of the general manager's, registered (nobody approves his
notices) and back on time. People on leave come from the leave requests' demo."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..demo import seeder
from ..extensions import db
from ..leave.models import AttendanceEntry
from ..staff.models import Employee, Post
from ..clock import local_to_utc, to_local
from ..workdays.queries import current as working_calendar
from . import operations
from .models import LeavePostNotice, NoticeEvent, PresenceCheck

# name: (category, details, minutes since leaving, minutes until back, state, returned minutes ago)
NOTICES = {
    "唐雪": ("bank_or_government", "到县政务服务中心办理供热许可材料盖章。", 40, 35, "approved", None),
    "金宝山": ("site_visit", "到和平小区换热站查看漏水点。", 150, -25, "approved", None),
    "叶淑华": ("meeting", "参加县财政局年终决算布置会。", 30, 120, "approved", None),
    "宋建明": ("business", "到施工现场送图纸。", 5, 60, "pending", None),
    "程丽君": ("medical", "到县医院取化验单。", 300, -240, "returned", 200),
}
AWAY_WITHOUT_NOTICE = "秦桂芝"
NEVER_BACK = "梁艳"        # out at 14:00 on the working day before, due 15:00, never back: 旷工 by the sweep


def _token() -> str:
    return secrets.token_urlsafe(16)[:22]


@seeder
def seed_absence(now: datetime, password: str) -> None:
    if db.session.scalar(select(LeavePostNotice.id).limit(1)) is not None:
        return
    people = {p.name: p for p in db.session.scalars(
        select(Employee).options(joinedload(Employee.department), joinedload(Employee.post).joinedload(Post.substitute))
        .where(Employee.active))}
    office_clerk = next(p for p in people.values() if p.username == "office")
    gm = next(p for p in people.values() if p.rank == "general_manager")
    for name, (category, details, since, until, state, returned_ago) in NOTICES.items():
        person = people.get(name)
        if person is None:
            continue
        department = person.department
        approver_id = department.head_id if person.rank == "staff" else department.deputy_id or gm.id
        left_at = now - timedelta(minutes=since)
        notice = LeavePostNotice(
            employee_id=person.id, category=category, details=details, left_at=left_at,
            expected_back=now + timedelta(minutes=until),
            substitute_id=person.substitute.id if person.substitute else None,
            contact_phone=person.phone or "", state=state, approver_id=approver_id,
            status_token=_token(), created_at=left_at)
        if state in ("approved", "returned"):
            notice.decided_by_id, notice.decided_at = approver_id, left_at + timedelta(minutes=2)
        if returned_ago is not None:
            notice.returned_at = now - timedelta(minutes=returned_ago)
            notice.return_recorded_by_id = person.id
            _mark(person.id, notice.returned_at, "late", None,
                  f"离岗返回迟到（应 {to_local(notice.expected_back):%H:%M} 返回）", person.id)
        db.session.add(notice)
    person = people.get(AWAY_WITHOUT_NOTICE)
    if person is not None:
        checked = now - timedelta(minutes=5)
        db.session.add(PresenceCheck(employee_id=person.id, checked_at=checked, checked_by_id=office_clerk.id,
                                     found="away_without_notice", note="办公室查岗：不在岗，未告知"))
        _mark(person.id, checked, "absent", "left_without_approval", "查岗：擅自离岗", office_clerk.id)
    db.session.commit()
    _earlier_day(now, people, gm)


def _earlier_day(now: datetime, people: dict, gm) -> None:
    """The working day before today: a notice never returned from, closed by the sweep (which
    writes its 旷工, with the register's history), and the GM's registered notice."""
    day = to_local(now).date() - timedelta(days=1)
    while not working_calendar().is_working_day(day):
        day -= timedelta(days=1)

    def at(hour: int, minute: int = 0) -> datetime:
        return local_to_utc(datetime(day.year, day.month, day.day, hour, minute))

    person = people.get(NEVER_BACK)
    if person is not None:
        head_id = person.department.head_id
        notice = LeavePostNotice(
            employee_id=person.id, category="personal", details="到银行办理房贷手续。", left_at=at(14),
            expected_back=at(15), substitute_id=person.substitute.id if person.substitute else head_id,
            contact_phone=person.phone or "", state="approved", approver_id=head_id, decided_by_id=head_id,
            decided_at=at(13, 50), status_token=_token(), created_at=at(13, 45))
        db.session.add(notice)
        db.session.flush()
        db.session.add(NoticeEvent(notice_id=notice.id, at=at(13, 45), kind="filed", actor_id=person.id))
    notice = LeavePostNotice(
        employee_id=gm.id, category="meeting", details="到县住建局参加供热保障会议。", left_at=at(9),
        expected_back=at(11, 30), substitute_id=gm.substitute.id if gm.substitute else None,
        contact_phone=gm.phone or "", state="returned", approver_id=None, decided_by_id=gm.id,
        decided_at=at(8, 55), returned_at=at(11, 20), return_recorded_by_id=gm.id, status_token=_token(),
        created_at=at(8, 55))
    db.session.add(notice)
    db.session.flush()
    db.session.add_all([NoticeEvent(notice_id=notice.id, at=at(8, 55), kind="filed", actor_id=gm.id),
                        NoticeEvent(notice_id=notice.id, at=at(8, 55), kind="registered", actor_id=gm.id),
                        NoticeEvent(notice_id=notice.id, at=at(11, 20), kind="returned", actor_id=gm.id,
                                    detail="on_time")])
    db.session.commit()
    operations.sweep(now)      # the end of that day came: 梁艳's notice closes, 旷工 in the register


def _mark(employee_id: int, at_utc: datetime, code: str, reason: str | None, note: str, by: int) -> None:
    day = to_local(at_utc).date()
    entry = db.session.scalar(select(AttendanceEntry).where(AttendanceEntry.employee_id == employee_id,
                                                            AttendanceEntry.day == day))
    if entry is None:
        entry = AttendanceEntry(employee_id=employee_id, day=day)
        db.session.add(entry)
    entry.code, entry.absent_reason, entry.note = code, reason, note
    entry.recorded_by_id, entry.recorded_at = by, at_utc
