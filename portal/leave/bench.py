"""The leave area in the benchmark: its measured pages, and two years of leave and
attendance history for the synthetic company.

- Leave requests (with their history events): mostly approved and reported back, some
  refused or cancelled, a few waiting — some in the inboxes of the role accounts `deputy`,
  `invest-head` and `gm` — and about 3 % of the people on approved leave today. The
  deputy, the investment head and the GM are not away today (their inboxes are measured).
  A few recent leaves are not reported back in time (the overdue lists).
- The attendance register: one entry per person per working day for the whole two years
  (not on days of full-day approved leave, after the hire date), about 500k rows at 1,000
  people; a few people absent often enough to reach or near the absence alarms.
- Duty shifts on every weekend and public holiday (done or, rarely, missed — a missed one
  is absent in the register), the coming weeks assigned with a few still unfilled.
- Overtime reports by the heads (decided, and a few waiting for the GM); spot checks by the
  inspection and labour sections, a few contradicting the register.

The area's own rules decide what the pages would: working days and spans from the shared
working calendar (portal.workdays), a leave's length (rules.leave_length), who approves it
(rules.approver_for, routing), which days it covers in full (rules.parts_on_leave), when it
is due to be reported back (rules.report_back_due), whether a spot check contradicts the
register (rules.spot_check_conflicts). Deterministic for a seed.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..clock import local_to_utc, local_today
from ..extensions import db
from ..staff.models import Department, Employee
from ..workdays.queries import current as working_calendar
from . import routing, rules
from .models import AttendanceEntry, DutyShift, LeaveEvent, LeaveRequest, OvertimeReport, SpotCheck

HISTORY_DAYS = 730
AHEAD_DAYS = 21              # requests reach this far ahead
REQUESTS_PER_YEAR = (3, 8)   # per person, uniformly
TYPE_WEIGHTS = {"personal": 36, "sick": 30, "annual": 28, "bereavement": 4, "marriage": 1, "maternity": 1}
CODE_WEIGHTS = {rules.PRESENT: 955, rules.LATE: 14, rules.LEFT_EARLY: 9, rules.BUSINESS_TRIP: 17,
                rules.ON_DUTY: 3, rules.ABSENT: 2}
SPOT_CHECKS_PER_DAY_PER_1000 = 5
SPOT_CHECK_CONFLICT = 0.06
# Explicit requests waiting for the measured inboxes: (account, how many)
WAITING_FOR = {"deputy": 6, "invest-head": 3, "gm": 8}
REASONS = {"personal": ("家中有事，需请假处理。", "孩子学校开家长会。", "办理房屋过户手续。", "陪同父母就医。"),
           "sick": ("感冒发烧，需休息。", "腰椎不适，遵医嘱休息。", "牙科手术后休息。"),
           "annual": ("休年假。", "探亲。", "年假外出旅游。"),
           "bereavement": ("直系亲属去世，办理丧事。",),
           "marriage": ("本人结婚，申请婚假。",),
           "maternity": ("生育，申请产假。",)}
# Spot checks that contradict the head's record: the first of these that the rule says conflicts.
CONFLICTING_CHECKS = ((rules.ABSENT, "left_without_approval"), (rules.PRESENT, None), (rules.BUSINESS_TRIP, None))

# The measured pages; "{largest_head}" is the staff area's landmark, "{department_id}" too,
# "{preview_start}" and "{preview_end}" are landmarks of build() below.
PAGES = [
    page("approval inbox", "deputy", "/leave/inbox"),
    page("my leave", "staff", "/leave/"),
    page("leave preview (htmx)", "staff", "/leave/preview?leave_type=personal&start_date={preview_start}"
         "&start_part=am&end_date={preview_end}&end_part=pm", htmx=True),
    page("attendance register", "invest-head", "/leave/register"),
    page("attendance register (largest dept)", "{largest_head}", "/leave/register"),
    page("team calendar", "invest-head", "/leave/calendar"),
    page("absence alarms", "gm", "/leave/alarms"),
    page("register conflicts", "gm", "/leave/conflicts"),
    page("duty roster", "staff", "/leave/duty"),
    # The large reports are not key pages (issue 12: the company-wide report ≤ 300 ms, its
    # Excel ≤ 1 s); the report and its workbook are kept until what they count changes
    # (queries_duty.month_report, month_workbook): the first of a worker builds them (about 0.5 s
    # the report's figures, 0.5 s the company's workbook), the warm-up pays that.
    page("monthly report", "office", "/leave/report", p95_ms=100),
    page("monthly report Excel (a department)", "office", "/leave/report.xlsx?dept={department_id}", p95_ms=1000),
    page("monthly report Excel (company)", "office", "/leave/report.xlsx", p95_ms=1000),
]


class Calendar:
    """The working days over the history, listed and indexed, from the shared working calendar."""

    def __init__(self, first: date, last: date):
        self.first, self.last = first, last
        self.shared = working_calendar()
        self.workdays = self.shared.working_days(first, last)
        self.index = {d: i for i, d in enumerate(self.workdays)}

    def is_working(self, day: date) -> bool:
        return self.shared.is_working_day(day)

    def length(self, start: date, start_part: str, end: date, end_part: str) -> Decimal:
        """rules.leave_length, 0 for a span without a working day."""
        try:
            return rules.leave_length(start, start_part, end, end_part, calendar=self.shared)
        except rules.NoWorkingDay:
            return Decimal(0)

    def next_working(self, day: date) -> date:
        return self.shared.next_working_day(day)

    def last_day(self, start: date, days: int) -> date:
        """The last of `days` working days from `start` (a working day)."""
        return start if days == 1 else self.shared.nth_working_day_after(start, days - 1)


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) moment of `day`, stored as naive UTC like the rest of the portal."""
    return local_to_utc(datetime(day.year, day.month, day.day, hour, minute))


class LeaveHistory:
    def __init__(self, company: Build):
        self.company, self.rng = company, company.rng
        self.today = local_today(company.now)
        self.now = company.now
        self.first = self.today - timedelta(days=HISTORY_DAYS)
        self.calendar = Calendar(self.first - timedelta(days=7), self.today + timedelta(days=AHEAD_DAYS + 90))
        session = db.session
        self.people = session.execute(
            select(Employee.id, Employee.rank, Employee.department_id, Employee.active, Employee.hire_date,
                   Employee.roles, Employee.username).order_by(Employee.id)).all()
        self.departments = {d.id: d for d in session.execute(
            select(Department.id, Department.head_id, Department.deputy_id, Department.kind))}
        # Routing of new requests: the approver of record ignores who is away.
        self.routing = routing.Routing(away=set(), gm_id=company.accounts["gm"])
        self.gm_id = company.accounts["gm"]
        self.busy: dict[int, set[date]] = defaultdict(set)     # days someone has a request on
        self.requests: list[dict] = []
        self.full_leave: set[tuple[int, date]] = set()          # (person, day) of full-day approved leave
        # Whose inboxes the benchmark measures: those people are at work today.
        self.present_today = {company.accounts[a] for a in ("deputy", "invest-head", "gm", "office", "staff")}

    # --- requests -----------------------------------------------------------------------

    def span(self, start: date, days: int, half: str | None) -> tuple[date, str, date, str]:
        """A leave of `days` working days from `start` (a working day), or a half day."""
        if half:
            return start, half, start, half
        return start, "am", self.calendar.last_day(start, days), "pm"

    def add(self, person, leave_type: str, start: date, start_part: str, end: date, end_part: str,
            state: str, reason: str | None = None) -> bool:
        rng = self.rng
        days_covered = {start + timedelta(days=i) for i in range((end - start).days + 1)}
        if days_covered & self.busy[person.id]:
            return False
        if person.id in self.present_today and start <= self.today + timedelta(days=1) and end >= self.today - timedelta(days=1):
            return False
        length = self.calendar.length(start, start_part, end, end_part)
        if not length:
            return False
        level = rules.approver_for(person.rank, length, leave_type)
        record, record_level, record_reason, _acting, _why = self.routing.for_new(
            level, person, self.departments[person.department_id])
        if record is None:
            return False
        self.busy[person.id] |= days_covered
        if state == "submitted":
            created = self.now - timedelta(hours=rng.randint(2, 70))
        else:
            ahead = rng.randint(1, 10)
            created = min(_utc(start - timedelta(days=ahead), rng.randint(0, 9), rng.randint(0, 59)),
                          self.now - timedelta(hours=rng.randint(30, 200)))
        row = {"employee_id": person.id, "leave_type": leave_type, "start_date": start, "start_part": start_part,
               "end_date": end, "end_part": end_part, "days": length,
               "reason": reason or rng.choice(REASONS[leave_type]), "state": state,
               "approver_level": record_level, "approver_id": record, "decided_by_id": None,
               "decided_at": None, "decision_note": "", "reported_back_at": None,
               "proof_file": None, "proof_name": None, "created_at": created,
               "_routed": record_reason}
        if state in ("approved", "refused"):
            row["decided_by_id"] = record
            row["decided_at"] = created + timedelta(minutes=rng.randint(20, 60 * 24))
            if state == "refused":
                row["decision_note"] = rng.choice(("生产任务紧，请调整时间。", "当日有检查任务，不能请假。",
                                                   "请补充说明后再申请。"))
        if state == "cancelled":
            row["_cancelled"] = created + timedelta(hours=rng.randint(1, 48))
        if state == "approved":
            if end < self.today:
                recent = (self.today - end).days <= 30
                if not (recent and rng.random() < 0.06):
                    due = rules.report_back_due(end, end_part)
                    back = rules.HALF_DAY_HOURS["pm" if due == end else "am"][0]   # at work again
                    row["reported_back_at"] = min(_utc(due, back.hour, back.minute + rng.randint(0, 50)),
                                                  self.now)
            for n in range((end - start).days + 1):
                day = start + timedelta(days=n)
                if rules.parts_on_leave(start, start_part, end, end_part, day) == "full":
                    self.full_leave.add((person.id, day))
        self.requests.append(row)
        return True

    def random_requests(self) -> None:
        rng, cal = self.rng, self.calendar
        types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
        window = [d for d in cal.workdays if self.first <= d <= self.today + timedelta(days=AHEAD_DAYS)]
        for person in self.people:
            if not person.active:
                continue
            wanted = round(rng.uniform(*REQUESTS_PER_YEAR) * HISTORY_DAYS / 365)
            for _ in range(wanted):
                start = rng.choice(window)
                leave_type = rng.choices(types, weights)[0]
                roll = rng.random()
                half = None
                if leave_type == "marriage":
                    days = 10
                elif leave_type == "maternity":
                    days = rng.randint(60, 98)
                elif roll < 0.2:
                    days, half = 1, rng.choice(rules.PARTS)
                elif roll < 0.55:
                    days = 1
                elif roll < 0.85:
                    days = rng.randint(2, 3)
                else:
                    days = rng.randint(4, 10)
                span = self.span(start, days, half)
                if span[0] > self.today:   # ahead: mostly approved already, some waiting
                    state = rng.choices(("approved", "submitted", "cancelled"), (70, 12, 18))[0]
                elif span[0] >= self.today - timedelta(days=2):
                    state = rng.choices(("approved", "submitted", "refused"), (85, 10, 5))[0]
                else:
                    state = rng.choices(("approved", "refused", "cancelled"), (88, 6, 6))[0]
                self.add(person, leave_type, *span, state=state)

    def waiting_requests(self) -> None:
        """Requests waiting for the measured approvers (added first: they claim their days)."""
        rng, cal = self.rng, self.calendar
        by_dept = defaultdict(list)
        for p in self.people:
            if p.active and p.id not in self.present_today:
                by_dept[p.department_id].append(p)
        ahead = [d for d in cal.workdays if self.today < d <= self.today + timedelta(days=AHEAD_DAYS)]
        accounts = self.company.accounts
        overseen = [d for d in self.departments.values() if d.deputy_id == accounts["deputy"]]
        invest = next(d for d in self.departments.values() if d.head_id == accounts["invest-head"])
        heads = [p for p in self.people if p.active and p.rank in ("department_head", "branch_manager")
                 and p.id not in self.present_today]
        staff_all = [p for p in self.people if p.active and p.rank == "staff" and p.id not in self.present_today]
        plans = {
            "deputy": lambda: (rng.choice(by_dept[rng.choice(overseen).id] or staff_all), rng.randint(2, 3), None),
            "invest-head": lambda: (rng.choice(by_dept[invest.id]), 1, rng.choice((None, "am", "pm"))),
            "gm": lambda: (rng.choice(heads), rng.randint(1, 5), None) if rng.random() < 0.6
            else (rng.choice(staff_all), rng.randint(4, 8), None),
        }
        for account, count in WAITING_FOR.items():
            made, tries = 0, 0
            while made < count and tries < 200:
                tries += 1
                person, days, half = plans[account]()
                if person.rank != "staff" and account != "gm":
                    continue
                span = self.span(rng.choice(ahead), days, half)
                # (one routed elsewhere, e.g. a head's short leave, is kept: it waits in another inbox)
                if self.add(person, rng.choice(("personal", "annual", "sick")), *span, state="submitted"):
                    made += self.requests[-1]["approver_id"] == accounts[account]

    def insert_requests(self) -> None:
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.requests]
        ids = db.session.scalars(insert(LeaveRequest).returning(LeaveRequest.id, sort_by_parameter_order=True),
                                 rows).all()
        events = []
        for ident, r in zip(ids, self.requests):
            created, who = r["created_at"], r["employee_id"]
            events.append({"request_id": ident, "at": created, "kind": "submitted", "actor_id": who,
                           "on_behalf_of_id": None, "detail": ""})
            events.append({"request_id": ident, "at": created + timedelta(seconds=1), "kind": "routed",
                           "actor_id": r["approver_id"], "on_behalf_of_id": None, "detail": r["_routed"]})
            if r["decided_at"]:
                events.append({"request_id": ident, "at": r["decided_at"], "kind": "decided",
                               "actor_id": r["decided_by_id"], "on_behalf_of_id": None, "detail": r["state"]})
            if "_cancelled" in r:
                events.append({"request_id": ident, "at": r["_cancelled"], "kind": "cancelled", "actor_id": who,
                               "on_behalf_of_id": None, "detail": ""})
            if r["reported_back_at"]:
                events.append({"request_id": ident, "at": r["reported_back_at"], "kind": "reported_back",
                               "actor_id": who, "on_behalf_of_id": r["decided_by_id"], "detail": ""})
        db.session.execute(insert(LeaveEvent), events)

    # --- the register, spot checks ------------------------------------------------------------

    def register(self) -> None:
        rng, cal, today = self.rng, self.calendar, self.today
        codes, weights = list(CODE_WEIGHTS), list(CODE_WEIGHTS.values())
        # A few people absent often: reaching or nearing the alarms (30 in 3 months, 60 in 6).
        # At least one in the departments each deputy manager oversees (their alarm lists and
        # home pages then run the same statements at every company size).
        truant_since = rules.add_months(today, -4)
        active = [p for p in self.people if p.active and p.rank == "staff" and p.hire_date < truant_since]
        chosen = []
        for deputy in sorted({d.deputy_id for d in self.departments.values() if d.deputy_id}):
            theirs = [p for p in active if self.departments[p.department_id].deputy_id == deputy]
            if theirs:
                chosen.append(rng.choice(theirs))
        others = [p for p in active if p not in chosen]
        chosen += rng.sample(others, max(0, min(len(others), len(self.people) // 250 - len(chosen))))
        truants = {p.id: (0.6, 0.5, 0.45, 0.55, 0.5)[i % 5] for i, p in enumerate(chosen)}
        inspectors = [p.id for p in self.people if p.active and "inspector" in (p.roles or "").split()]
        days = [d for d in cal.workdays if self.first <= d <= today]
        recorded_today = {d: rng.random() < 0.6 for d in self.departments}   # the day's register is in progress
        over_leave = self.absent_under_leave()
        random, choices = rng.random, rng.choices
        rows, spot = [], []
        spot_rate = SPOT_CHECKS_PER_DAY_PER_1000 / 1000
        for person in self.people:
            if not person.active:
                continue
            head = self.departments[person.department_id].head_id
            hired = person.hire_date
            truant = truants.get(person.id)
            drawn = iter(choices(codes, weights, k=len(days)))
            for day in days:
                code = next(drawn)
                if (person.id, day) in over_leave:
                    code = rules.ABSENT
                elif day < hired or (person.id, day) in self.full_leave:
                    continue
                if day == today and not recorded_today[person.department_id]:
                    continue
                if truant and day >= truant_since and random() < truant:
                    code = rules.ABSENT
                reason = None
                if code == rules.ABSENT:
                    reason = "left_without_approval" if truant else rng.choice(rules.ABSENT_REASONS[:3])
                rows.append({"employee_id": person.id, "day": day, "code": code, "absent_reason": reason,
                             "note": "", "recorded_by_id": head, "recorded_at": _utc(day, 17, 40)})
                if inspectors and random() < spot_rate:
                    spot.append((person.id, day, code, reason))
        self.entries = rows
        self.spot_plan = spot
        self.inspectors = inspectors

    def absent_under_leave(self) -> set[tuple[int, date]]:
        """Days found 旷工 for which leave was approved afterwards (a conflict for the leave's
        approver and the office): one in 100 people, the GM's own approvals among them."""
        gm = self.company.accounts["gm"]
        recent = [r for r in self.requests if r["state"] == "approved" and r["start_part"] == "am"
                  and self.today - timedelta(days=60) <= r["start_date"] < self.today
                  and r["start_date"] in self.calendar.index]
        wanted = max(2, len(self.people) // 100)
        theirs = [r for r in recent if r["approver_id"] == gm][:wanted // 2 or 1]
        rest = [r for r in recent if r["approver_id"] != gm]
        others = self.rng.sample(rest, min(wanted - len(theirs), len(rest)))
        return {(r["employee_id"], r["start_date"]) for r in theirs + others
                if (r["employee_id"], r["start_date"]) in self.full_leave}

    def insert_register(self, missed: list[dict]) -> None:
        rows = self.entries
        taken = {(r["employee_id"], r["day"]) for r in missed}
        if taken:
            rows = [r for r in rows if (r["employee_id"], r["day"]) not in taken]
        db.session.execute(insert(AttendanceEntry), rows + missed)
        rng = self.rng
        checks = []
        for employee_id, day, code, reason in self.spot_plan:
            if rng.random() < SPOT_CHECK_CONFLICT:
                check = next(c for c in CONFLICTING_CHECKS if rules.spot_check_conflicts(code, c[0]))
            else:
                check = (code, reason)
            checks.append({"employee_id": employee_id, "day": day, "code": check[0], "absent_reason": check[1],
                           "note": "", "checked_by_id": rng.choice(self.inspectors),
                           "checked_at": _utc(day, rng.randint(8, 16), rng.randint(0, 59))})
        if checks:
            db.session.execute(insert(SpotCheck), checks)

    # --- duty, overtime --------------------------------------------------------------------------

    def duty(self) -> list[dict]:
        """Insert the shifts; returns the register entries of the missed ones."""
        rng, cal, today = self.rng, self.calendar, self.today
        office = self.company.accounts["office"]
        pool = [p.id for p in self.people if p.active and p.rank == "staff"]
        last = today + timedelta(days=35)
        rows, missed = [], []
        day = self.first
        while day <= last:
            if not cal.is_working(day):
                people = rng.sample(pool, min(len(pool), len(rules.DUTY_POSTS)))
                for post, person in zip(rules.DUTY_POSTS, people):
                    status = rules.ASSIGNED
                    if day <= today:
                        status = rules.MISSED if rng.random() < 0.02 else rules.DONE
                    elif day <= today + timedelta(days=28) and rng.random() < 0.1:
                        person = None
                    rows.append({"day": day, "employee_id": person, "post": post, "status": status,
                                 "assigned_by_id": office, "created_at": _utc(day - timedelta(days=20), 9)})
                    if status == rules.MISSED:
                        missed.append({"employee_id": person, "day": day, "code": rules.ABSENT,
                                       "absent_reason": "missed_duty_shift", "note": post,
                                       "recorded_by_id": office, "recorded_at": _utc(day + timedelta(days=1), 9)})
            day += timedelta(days=1)
        db.session.execute(insert(DutyShift), rows)
        return missed

    def overtime(self) -> None:
        rng, today = self.rng, self.today
        gm = self.gm_id
        members = defaultdict(list)
        for p in self.people:
            if p.active and p.rank == "staff":
                members[p.department_id].append(p.id)
        rows = []
        for dept in self.departments.values():
            if dept.kind == "leadership" or not members[dept.id] or dept.head_id is None:
                continue
            day = self.first + timedelta(days=rng.randint(0, 14))
            while day <= today + timedelta(days=7):
                taken = set()
                for _ in range(rng.randint(1, 3)):
                    person = rng.choice(members[dept.id])
                    if person in taken:
                        continue
                    taken.add(person)
                    reported = min(_utc(day - timedelta(days=rng.randint(0, 5)), 10), self.now - timedelta(hours=3))
                    state = "submitted" if day >= today - timedelta(days=10) and rng.random() < 0.5 else \
                        rng.choices(("approved", "refused"), (88, 12))[0]
                    rows.append({"department_id": dept.id, "employee_id": person, "day": day,
                                 "days": rng.choice(rules.OVERTIME_STEPS), "reason": rng.choice(
                                     ("换热站抢修。", "管网漏水抢修。", "供暖期前设备检修。", "用户集中报修。")),
                                 "state": state, "reported_by_id": dept.head_id,
                                 "decided_by_id": gm if state != "submitted" else None,
                                 "decided_at": reported + timedelta(days=1) if state != "submitted" else None,
                                 "decision_note": "不属于加班范围。" if state == "refused" else "",
                                 "created_at": reported})
                day += timedelta(days=rng.randint(10, 20))
        db.session.execute(insert(OvertimeReport), rows)


def build(company: Build) -> None:
    """Two years of history; records the landmarks preview_start and preview_end."""
    history = LeaveHistory(company)
    history.waiting_requests()
    history.random_requests()
    history.insert_requests()
    history.register()
    missed = history.duty()
    history.insert_register(missed)
    history.overtime()
    today = history.today
    preview = history.calendar.next_working(today + timedelta(days=7))
    company.landmarks.update(preview_start=preview.isoformat(),
                             preview_end=history.calendar.next_working(preview).isoformat())
