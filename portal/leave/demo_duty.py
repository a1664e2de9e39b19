"""Demo content of the leave area (see portal/demo.py): the weekend and holiday duty roster
of this month and the next (done, one missed with its 旷工 register entry, one unfilled
upcoming shift; this month's approved by the general manager, the next one waiting for
him), and overtime reports in every state."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..demo import seeder
from ..extensions import db
from ..staff.models import Department, Employee
from ..clock import local_today
from . import rules
from ..approvals.models import Decision
from .models import AttendanceEntry, DutyShift, OvertimeReport, RosterApproval
from .operations_duty import ROSTER

# Who stands which duty: the company duty rotates through the office and the sections,
# the heating-station duty through the branches and the production section.
COMPANY_DUTY = ("办公室", "客服中心", "投资发展部", "稽查科", "劳资科", "财务科")
STATION_DUTY = ("第一分公司", "第二分公司", "生产运行科")

OVERTIME = [  # (department, days ago, days, reason, state, note)
    ("第一分公司", 12, "1", "3号换热站循环泵更换，连夜抢修恢复供热", "approved", ""),
    ("生产运行科", 10, "0.5", "二次网水力平衡调节，配合用户室温复测", "approved", ""),
    ("客服中心", 8, "1", "供暖初期报修集中，周六全天值守热线", "approved", ""),
    ("投资发展部", 6, "0.5", "配合财务整理入网工程结算资料", "refused", "属正常工作，请在工作时间内完成。"),
    ("第一分公司", 3, "1", "滨河小区一次网爆管抢修", "submitted", ""),
    ("第二分公司", 2, "0.5", "换热站板换清洗后试运行观察", "submitted", ""),
    ("客服中心", 1, "1", "寒潮期间延长热线接听时间至22时", "submitted", ""),
]


def _roster_days(today: date) -> list[date]:
    """Weekends and holidays of this month and the next."""
    days = []
    for offset in (0, 1):
        first = rules.add_months(date(today.year, today.month, 1), offset)
        days += rules.non_working_days(first.year, first.month)
    return days


@seeder
def seed_duty(now: datetime, password: str) -> None:
    if db.session.scalar(select(DutyShift.id).limit(1)):
        return
    today = local_today(now)
    rng = random.Random(208)
    people = db.session.execute(
        select(Employee.id, Employee.username, Employee.rank, Department.name).join(Employee.department)
        .where(Employee.active).order_by(Employee.id)).all()
    by_dept = {}
    for person_id, username, rank, dept in people:
        if rank in ("staff", "department_head", "branch_manager"):
            by_dept.setdefault(dept, []).append((person_id, username))
    ids = {username: person_id for person_id, username, _rank, _dept in people}
    office_head = ids.get("office-head")
    company = [p for d in COMPANY_DUTY for p in by_dept.get(d, []) if p[1] not in ("office-head",)]
    station = [p for d in STATION_DUTY for p in by_dept.get(d, [])]
    rng.shuffle(company)
    rng.shuffle(station)

    days = _roster_days(today)
    past = [d for d in days if d < today]
    missed_day = past[len(past) // 2] if past else None
    future = [d for d in days if d > today]
    unfilled_day = future[min(2, len(future) - 1)] if future else None
    staff_day = future[0] if future else None  # 林静 sees her own shift highlighted
    shifts = []
    for n, day in enumerate(days):
        company_person = company[n % len(company)][0]
        if day == staff_day and "staff" in ids:
            company_person = ids["staff"]
        station_person = None if day == unfilled_day else station[n % len(station)][0]
        for post, person in (("公司值班", company_person), ("换热站值班", station_person)):
            status = rules.DONE if day < today else rules.ASSIGNED
            if day == missed_day and post == "换热站值班":
                status = rules.MISSED
            shifts.append(DutyShift(day=day, post=post, employee_id=person, status=status,
                                    assigned_by_id=office_head, created_at=now - timedelta(days=40)))
        if day.weekday() == 5 and station_person:  # the dispatch desk on Saturdays
            dispatcher = station[(n + 3) % len(station)][0]
            if dispatcher not in (station_person, company_person):
                shifts.append(DutyShift(day=day, post="调度值班", employee_id=dispatcher,
                                        status=rules.DONE if day < today else rules.ASSIGNED,
                                        assigned_by_id=office_head, created_at=now - timedelta(days=40)))
    db.session.add_all(shifts)
    db.session.flush()
    gm = ids.get("gm")
    this_month = date(today.year, today.month, 1)
    if gm:  # the GM approved this month's roster when it was arranged (§8: approved duty earns the allowance)
        approved_at = now - timedelta(days=max(today.day - 1, 1), hours=2)
        approval = RosterApproval(month=this_month, state="approved", decided_by_id=gm, decided_at=approved_at,
                                  created_at=approved_at)
        db.session.add(approval)
        db.session.flush()
        db.session.add(Decision(subject=ROSTER, subject_id=approval.id, outcome="approved", decided_by_id=gm,
                                decided_at=approved_at))
        for shift in shifts:
            if shift.employee_id and shift.day < rules.add_months(this_month, 1):
                shift.approval_id = approval.id
    for shift in shifts:
        if shift.status == rules.MISSED:
            entry = db.session.scalar(select(AttendanceEntry).where(
                AttendanceEntry.employee_id == shift.employee_id, AttendanceEntry.day == shift.day))
            entry = entry or AttendanceEntry(employee_id=shift.employee_id, day=shift.day)
            entry.code, entry.absent_reason, entry.note = rules.ABSENT, "missed_duty_shift", shift.post
            entry.recorded_by_id = office_head
            db.session.add(entry)

    heads = dict(db.session.execute(select(Department.name, Department.head_id)).all())
    for dept, ago, days_, reason, state, note in OVERTIME:
        members = [p for p in by_dept.get(dept, []) if p[0] != heads.get(dept)] or by_dept.get(dept, [])
        if not members or not heads.get(dept):
            continue
        person = members[ago % len(members)][0]
        day = today - timedelta(days=ago)
        db.session.add(OvertimeReport(
            department_id=db.session.scalar(select(Department.id).where(Department.name == dept)),
            employee_id=person, day=day, days=Decimal(days_), reason=reason, state=state,
            reported_by_id=heads[dept], created_at=now - timedelta(days=max(ago - 1, 0)),
            decided_by_id=gm if state != "submitted" else None,
            decided_at=now - timedelta(days=max(ago - 2, 0)) if state != "submitted" else None,
            decision_note=note))
    db.session.commit()
