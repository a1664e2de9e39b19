"""Factories: departments, posts and people built for one test, so that a test about who
someone is in the organisation — a worker whose head is away, a deputy manager who oversees a
department, a post and its substitute — states that situation itself instead of relying on
who the demo company happens to hold.

Call them inside an app context, on the test's fresh copy of the demo company:

    with app.app_context():
        sales = factories.department()
        head = factories.person(sales, head_of=sales)                # rank department_head
        deputy = factories.person(oversees=[sales])                  # rank deputy_manager
        worker = factories.person(sales)
        factories.on_leave(head)                                     # away now
    client = as_user(worker.username)                                # the demo password

Names are unique and of one width ("员工00012", never a prefix of another), so a test may
assert that a name is or is not on a page. Every call commits (the test client's requests
read through sessions of their own) and returns the model object; the columns of everything
the factories made or changed in this app context stay loaded, so `worker.id`,
`worker.username`, `sales.name` … can be read after the context has ended (relationships
cannot: read what you need inside it).

The company's own general manager and office head are not built: routing finds the first
of each (`general_manager()`, `office_head()` return them).
"""

import itertools
import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from portal.absence.models import LeavePostNotice
from portal.absence.queries import office_head_id
from portal.auth.passwords import hash_password
from portal.cli import DEMO_PASSWORD
from portal.clock import local_today, utcnow
from portal.extensions import db
from portal.leave import rules as leave_rules
from portal.leave.models import LeaveRequest
from portal.presence.queries import general_manager_id
from portal.staff import rules as staff_rules
from portal.staff.models import Department, Employee, Post

_numbers = itertools.count(1)


def _number() -> str:
    return f"{next(_numbers):05d}"


@cache
def _password_hash(password: str) -> str:
    return hash_password(password)  # scrypt is slow on purpose: once per password


def _save(*objects) -> None:
    """Commit, then load again the columns of everything made or changed so far in this
    session (a commit expires them all)."""
    db.session.add_all(objects)
    db.session.commit()
    made = db.session.info.setdefault("factories", [])
    made.extend(o for o in objects if not any(o is m for m in made))
    for obj in made:
        db.session.refresh(obj)


def _as_list(departments: "Department | Iterable[Department] | None") -> list[Department]:
    if departments is None:
        return []
    if isinstance(departments, Department):
        return [departments]
    return list(departments)


# --- the organisation ---------------------------------------------------------------------

def department(*, name: str | None = None, kind: str = "section", head: Employee | None = None,
               deputy: Employee | None = None, **fields) -> Department:
    """A new active department ("部门00003"), optionally with its head and the deputy manager
    who oversees it (分管经理). `fields`: any other Department column (phone, location, …)."""
    dept = Department(name=name or f"部门{_number()}", kind=kind, head_id=head.id if head else None,
                      deputy_id=deputy.id if deputy else None, **fields)
    _save(dept)
    return dept


def post(department: Department, *, title: str | None = None, substitute: Employee | None = None,
         duties: str = "", **fields) -> Post:
    """A post (岗位) in `department`, optionally with its substitute (代岗人), who stands in
    for whoever holds the post while they are away."""
    p = Post(department_id=department.id, title=title or f"岗位{_number()}", duties=duties,
             substitute_id=substitute.id if substitute else None, **fields)
    _save(p)
    return p


_new_department, _new_post = department, post   # `person` takes parameters of these names


def person(department: Department | None = None, *, rank: str | None = None, roles: Iterable[str] = (),
           post: Post | None = None, substitute: Employee | None = None,
           head_of: "Department | Iterable[Department] | None" = None,
           oversees: "Department | Iterable[Department] | None" = None,
           name: str | None = None, username: str | None = None, password: str | None = DEMO_PASSWORD,
           **fields) -> Employee:
    """A staff member with a login (the demo password unless `password` says otherwise; None:
    no login yet).

    department: where they work; default the post's department, else a new department.
    rank: default "department_head" with `head_of`, "deputy_manager" with `oversees`, else "staff".
    roles: portal roles ("office", "admin", "inspector", …).
    post: the post they hold; with `substitute` and no post, a new post of theirs in their
        department whose substitute (代岗人) is `substitute`.
    head_of: the department(s) they head (Department.head).
    oversees: the department(s) they oversee as deputy manager (Department.deputy, 分管).
    fields: any other Employee column (phone, hire_date, active, …).
    """
    heads, overseen = _as_list(head_of), _as_list(oversees)
    if rank is None:
        rank = "department_head" if heads else "deputy_manager" if overseen else "staff"
    if department is None:
        if post is not None:
            department = db.session.get(Department, post.department_id)
        else:
            department = _new_department(kind="leadership" if rank in staff_rules.LEADER_RANKS
                                         else "section")
    if post is None and substitute is not None:
        post = _new_post(department, substitute=substitute)
    number = _number()
    name = name or f"员工{number}"
    values = {"phone": f"1390{number:0>7}", "hire_date": date(2015, 3, 1), **fields}
    employee = Employee(name=name, username=username or f"p{number}", department_id=department.id,
                        post_id=post.id if post else None, rank=rank,
                        password_hash=_password_hash(password) if password else None, **values)
    employee.name_pinyin, employee.name_initials = staff_rules.name_search_keys(name)
    employee.set_roles(roles)
    _save(employee)
    for dept in heads:
        dept.head_id = employee.id
    for dept in overseen:
        dept.deputy_id = employee.id
    if heads or overseen:
        _save(*heads, *overseen)
    return employee


class Team(NamedTuple):
    department: Department
    head: Employee
    deputy: Employee      # the deputy manager who oversees the department
    worker: Employee


def team(**worker_fields) -> Team:
    """A new department with its head, the deputy manager who oversees it and one worker
    (rank staff; `worker_fields` go to `person`)."""
    dept = department()
    return Team(dept, person(dept, head_of=dept), person(oversees=dept), person(dept, **worker_fields))


def general_manager() -> Employee:
    """The company's general manager: the one leave and notices are routed to."""
    gm = db.session.get(Employee, general_manager_id())
    _save(gm)
    return gm


def office_head() -> Employee:
    """The head of the company's office (办公室): where a leave-post notice goes when its
    approver cannot be reached (regulation 7)."""
    head = db.session.get(Employee, office_head_id())
    _save(head)
    return head


# --- being away -----------------------------------------------------------------------------

def leave(employee: Employee, start: date | None = None, end: date | None = None, *,
          start_part: str = "am", end_part: str = "pm", leave_type: str = "personal",
          state: str = "approved", approver: Employee | None = None,
          approver_level: str = "department_head", reason: str = "", **fields) -> LeaveRequest:
    """A leave request of `employee`, as stored after filing (state "submitted") or deciding
    (default "approved", decided by the approver): no history entries, no ledger row.
    start/end: default today. approver: default the head of the employee's department.
    days: counted on the working calendar (at least half a day)."""
    start = start or local_today()
    end = end or start
    if approver is None:
        dept = db.session.get(Department, employee.department_id)
        approver_id = dept.head_id
    else:
        approver_id = approver.id
    try:
        days = leave_rules.leave_length(start, start_part, end, end_part)
    except leave_rules.NoWorkingDay:
        days = Decimal("0.5")
    decided = state in ("approved", "refused")
    values = {"days": days, "decided_by_id": approver_id if decided else None,
              "decided_at": utcnow() if decided else None, **fields}
    request = LeaveRequest(employee_id=employee.id, leave_type=leave_type, start_date=start,
                           start_part=start_part, end_date=end, end_part=end_part, state=state,
                           approver_level=approver_level, approver_id=approver_id,
                           reason=reason, **values)
    _save(request)
    return request


def on_leave(employee: Employee, **fields) -> LeaveRequest:
    """Approved leave from yesterday to tomorrow, not reported back: `employee` is away now,
    at any hour of today (`fields` go to `leave`)."""
    today = local_today()
    return leave(employee, today - timedelta(days=1), today + timedelta(days=1), **fields)


def notice(employee: Employee, *, state: str = "approved", minutes_out: int = 5, minutes_left: int = 30,
           category: str = "meeting", approver: Employee | None = None, details: str = "",
           **fields) -> LeavePostNotice:
    """A leave-post notice (离岗告知, regulation 7) of `employee`: by default approved, left
    `minutes_out` ago and expected back in `minutes_left`, so out now."""
    now = utcnow()
    if approver is None:
        approver_id = db.session.get(Department, employee.department_id).head_id
    else:
        approver_id = approver.id
    values = {"contact_phone": "13800000000", "decided_by_id": approver_id if state != "pending" else None,
              "decided_at": now if state != "pending" else None, **fields}
    n = LeavePostNotice(employee_id=employee.id, category=category, details=details,
                        left_at=now - timedelta(minutes=minutes_out),
                        expected_back=now + timedelta(minutes=minutes_left), state=state,
                        approver_id=approver_id, status_token=secrets.token_urlsafe(16)[:22], **values)
    _save(n)
    return n
