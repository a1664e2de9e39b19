"""Everything that changes the organisation: departments, posts, employees and their accounts.
The only staff code that writes and commits. Changes to who approves what (rank, roles,
heads, deputies in charge, substitutes) are recorded in the org-change log in the same
transaction."""

from ..auth import passwords, sessions
from ..extensions import db
from . import rules
from .models import Department, Employee, OrgChange, Post


def authority_of(subject: str, record) -> dict[str, str]:
    """The authority fields of a department, post or employee as text (ids of people); for a
    new one, what it starts with (a staff member without roles, nobody named)."""
    if record is None:
        return {"rank": "staff", "roles": ""} if subject == "employee" else {}
    if subject == "employee":
        return {"rank": record.rank or "", "roles": record.roles or ""}
    if subject == "department":
        return {"head": str(record.head_id or ""), "deputy": str(record.deputy_id or "")}
    return {"substitute": str(record.substitute_id or "")}


def _save(subject: str, record, before: dict[str, str], by_id: int):
    db.session.add(record)
    db.session.flush()
    for name, old, new in rules.authority_changes(subject, before, authority_of(subject, record)):
        db.session.add(OrgChange(changed_by_id=by_id, subject=subject, subject_id=record.id, field=name,
                                 old_value=old, new_value=new))
    db.session.commit()
    return record


def save_department(dept: Department | None, *, by_id: int, name: str, kind: str, phone: str | None,
                    location: str | None, head_id: int | None, deputy_id: int | None, sort_order: int) -> Department:
    before = authority_of("department", dept)
    dept = dept or Department()
    dept.name, dept.kind, dept.phone, dept.location = name, kind, phone, location
    dept.head_id, dept.deputy_id, dept.sort_order = head_id, deputy_id, sort_order
    return _save("department", dept, before, by_id)


def save_post(post: Post | None, *, by_id: int, department_id: int, title: str, duties: str, goals: str,
              sort_order: int, **authority) -> Post:
    """`substitute_id` only when the caller may change it (an administrator)."""
    before = authority_of("post", post)
    post = post or Post()
    post.department_id, post.title, post.duties, post.goals = department_id, title, duties, goals
    post.sort_order = sort_order
    if "substitute_id" in authority:
        holders = [e.id for e in post.holders if e.active] if post.id else []
        if rules.substitute_problem(authority["substitute_id"], holders):
            raise ValueError("a post cannot be its own substitute (its only holder)")
        post.substitute_id = authority["substitute_id"]
    return _save("post", post, before, by_id)


def save_employee(person: Employee | None, *, by_id: int, roles: list[str] | None, **fields) -> Employee:
    """Create or update an employee record; `roles` None leaves the roles as they are, and
    `rank` left out of `fields` leaves the rank (a new employee starts as staff)."""
    before = authority_of("employee", person)
    person = person or Employee(rank="staff")
    for name, value in fields.items():
        setattr(person, name, value)
    person.name_pinyin, person.name_initials = rules.name_search_keys(person.name)
    if roles is not None:
        person.set_roles(roles)
    return _save("employee", person, before, by_id)


def reset_password(person: Employee, new_password: str) -> None:
    """A new password set by the administrator, which the person changes at their next login;
    every session of the person ends."""
    person.password_hash = passwords.hash_password(new_password)
    person.password_must_change = True
    sessions.end_all(person.id)
    db.session.commit()


def set_active(person: Employee, active: bool) -> None:
    """Deactivating also ends the person's sessions at once."""
    person.active = active
    if not active:
        sessions.end_all(person.id)
    db.session.commit()
