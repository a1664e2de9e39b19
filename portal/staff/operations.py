"""Everything that changes the organisation: departments, posts, employees and their accounts.
The only staff code that writes and commits."""

from ..auth import passwords, sessions
from ..extensions import db
from . import rules
from .models import Department, Employee, Post


def save_department(dept: Department | None, *, name: str, kind: str, phone: str | None, location: str | None,
                    head_id: int | None, deputy_id: int | None, sort_order: int) -> Department:
    dept = dept or Department()
    dept.name, dept.kind, dept.phone, dept.location = name, kind, phone, location
    dept.head_id, dept.deputy_id, dept.sort_order = head_id, deputy_id, sort_order
    db.session.add(dept)
    db.session.commit()
    return dept


def save_post(post: Post | None, *, department_id: int, title: str, duties: str, goals: str,
              substitute_id: int | None, sort_order: int) -> Post:
    post = post or Post()
    post.department_id, post.title, post.duties, post.goals = department_id, title, duties, goals
    post.substitute_id, post.sort_order = substitute_id, sort_order
    db.session.add(post)
    db.session.commit()
    return post


def save_employee(person: Employee | None, *, roles: list[str] | None, **fields) -> Employee:
    """Create or update an employee record; `roles` None leaves the roles as they are."""
    person = person or Employee()
    for name, value in fields.items():
        setattr(person, name, value)
    person.name_pinyin, person.name_initials = rules.name_search_keys(person.name)
    if roles is not None:
        person.set_roles(roles)
    db.session.add(person)
    db.session.commit()
    return person


def reset_password(person: Employee, new_password: str) -> None:
    """A new password set by the administrator; every session of the person ends."""
    person.password_hash = passwords.hash_password(new_password)
    sessions.end_all(person.id)
    db.session.commit()


def set_active(person: Employee, active: bool) -> None:
    """Deactivating also ends the person's sessions at once."""
    person.active = active
    if not active:
        sessions.end_all(person.id)
    db.session.commit()
