from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from ..auth import passwords
from ..auth.sessions import AUTHENTICATED_AT
from ..clock import utcnow
from ..web.access import LOGGED_IN, Policy, allow, declare, role
from ..web.args import int_arg
from ..web.forms import clean_line
from ..web.htmx import is_htmx, render
from . import operations, queries, rules
from .forms import (ConfirmForm, DepartmentForm, EmployeeForm, PostForm, ResetPasswordForm,
                    grouped_choices, plain_choices)
from .models import ROLES, Department, Employee, Post

bp = Blueprint("staff", __name__, url_prefix="/staff")
declare(bp, LOGGED_IN)

DIRECTORY_LIMIT = 50
ADMIN = role("admin")
RECORDS = role("admin", "office")
ORG_CHANGE_READERS = Policy("org_change_reader", True,
                            lambda user: rules.can_read_org_changes(user.role_set, user.rank))


def _may_change_authority() -> bool:
    return rules.can_change_authority(current_user.role_set)


def _confirm_needed() -> bool:
    """Whether this administrator must give their password again before changing authority."""
    raw = session.get(AUTHENTICATED_AT)
    try:
        at = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        at = None
    return rules.must_confirm_password(at, utcnow())


def _authority_confirmed(form, subject: str, record, after: dict[str, str]) -> bool:
    """True when nothing of authority changes, or the administrator's password holds; else
    the form says why and nothing is saved."""
    if not rules.authority_changes(subject, operations.authority_of(subject, record), after):
        return True
    if not _confirm_needed():
        return True
    if form.confirm_password.data and passwords.verify(current_user.password_hash, form.confirm_password.data):
        session[AUTHENTICATED_AT] = utcnow().isoformat()
        return True
    form.confirm_password.errors.append(
        _("Changing who approves what needs your password again.") if not form.confirm_password.data
        else _("The password is wrong."))
    return False


def _id_text(value) -> str:
    return str(value or "")


def _get_or_404(model, ident: int):
    return queries.record(model, ident) or abort(404)


# --- directory -------------------------------------------------------------------------

@bp.get("/")
def directory():
    q = clean_line(request.args.get("q", ""))[:50]
    department_id = int_arg("dept")
    people = queries.directory(q, department_id, DIRECTORY_LIMIT + 1)
    return render(
        "staff/directory.html", "staff/_results.html",
        people=people[:DIRECTORY_LIMIT], truncated=len(people) > DIRECTORY_LIMIT,
        q=q, department_id=department_id,
        # Only the full page has the department filter; the fragment is the hot path.
        departments=[] if is_htmx() else queries.department_options(),
    )


@bp.get("/<int:employee_id>")
def profile(employee_id: int):
    person = queries.employee_profile(employee_id) or abort(404)
    viewer = queries.viewer(current_user)
    return render_template(
        "staff/profile.html", person=person,
        show_record=rules.can_view_record(viewer, person.id, person.department_id),
        can_edit=rules.can_edit_employee(viewer.roles),
        can_admin=rules.can_assign_roles(viewer.roles),
        confirm_form=ConfirmForm(),
    )


@bp.get("/departments")
def departments():
    return render_template("staff/departments.html", rows=queries.departments_with_counts())


@bp.get("/departments/<int:department_id>")
def department(department_id: int):
    dept = queries.department_page(department_id) or abort(404)
    members = queries.department_members(department_id)
    holders: dict[int, list[int]] = {}
    for member in members:
        if member.post_id is not None:
            holders.setdefault(member.post_id, []).append(member.id)
    # Posts whose substitute in effect is nobody: none named, or only its holder (未指定代岗人).
    unsubstituted = {post.id for post in dept.posts
                     if rules.effective_substitute(post.substitute_id, holders.get(post.id, ())) is None}
    return render_template("staff/department.html", dept=dept, members=members, unsubstituted=unsubstituted)


# --- administration -----------------------------------------------------------------------

@bp.get("/admin")
@allow(RECORDS)
def admin_index():
    inactive, no_login = queries.accounts_needing_attention()
    return render_template("staff/admin_index.html", rows=queries.departments_with_counts(),
                           posts=queries.posts_without_substitute(), inactive=inactive, no_login=no_login)


def _department_form(dept: Department | None):
    form = DepartmentForm(obj=dept)
    people = grouped_choices(queries.people_for_choice())
    form.head_id.choices = people
    form.deputy_id.choices = people
    if request.method == "GET" and dept:
        form.head_id.data = dept.head_id or 0
        form.deputy_id.data = dept.deputy_id or 0
    if form.validate_on_submit():
        after = {"head": _id_text(form.head_id.data), "deputy": _id_text(form.deputy_id.data)}
        if queries.department_name_taken(form.name.data.strip(), dept.id if dept else None):
            form.name.errors.append(_("A department with this name already exists."))
        elif _authority_confirmed(form, "department", dept, after):
            dept = operations.save_department(
                dept, by_id=current_user.id, name=form.name.data.strip(), kind=form.kind.data, phone=form.phone.data or None,
                location=form.location.data or None, head_id=form.head_id.data or None,
                deputy_id=form.deputy_id.data or None, sort_order=_sort_order(form))
            flash(_("Saved."), "success")
            return redirect(url_for("staff.department", department_id=dept.id))
    return render_template("staff/edit_department.html", form=form, dept=dept, confirm_needed=_confirm_needed())


def _sort_order(form) -> int:
    return form.sort_order.data if form.sort_order.data is not None else 100


@bp.route("/admin/departments/new", methods=["GET", "POST"])
@allow(ADMIN)
def new_department():
    return _department_form(None)


@bp.route("/admin/departments/<int:department_id>/edit", methods=["GET", "POST"])
@allow(ADMIN)
def edit_department(department_id: int):
    return _department_form(_get_or_404(Department, department_id))


def _post_form(post: Post | None):
    form = PostForm(obj=post)
    may_change_authority = _may_change_authority()
    form.department_id.choices = plain_choices((d.id, d.name) for d in queries.departments())
    if may_change_authority:
        form.substitute_id.choices = grouped_choices(queries.people_for_choice())
    else:
        del form.substitute_id   # only an administrator names substitutes
    if request.method == "GET":
        if post and may_change_authority:
            form.substitute_id.data = post.substitute_id or 0
        elif not post and int_arg("department"):
            form.department_id.data = int_arg("department")
    if form.validate_on_submit():
        authority = {"substitute_id": form.substitute_id.data or None} if may_change_authority else {}
        after = {"substitute": _id_text(authority["substitute_id"])} if authority else operations.authority_of("post", post)
        if authority and post and rules.substitute_problem(authority["substitute_id"], queries.holder_ids(post.id)):
            form.substitute_id.errors.append(_("A post cannot be its own substitute: its only holder cannot stand in "
                                               "for themself. Choose someone else."))
        elif _authority_confirmed(form, "post", post, after):
            post = operations.save_post(
                post, by_id=current_user.id, department_id=form.department_id.data, title=form.title.data.strip(),
                duties=form.duties.data or "", goals=form.goals.data or "", sort_order=_sort_order(form), **authority)
            flash(_("Saved."), "success")
            return redirect(url_for("staff.department", department_id=post.department_id))
    return render_template("staff/edit_post.html", form=form, post=post, may_change_authority=may_change_authority,
                           confirm_needed=may_change_authority and _confirm_needed())


@bp.route("/admin/posts/new", methods=["GET", "POST"])
@allow(RECORDS)
def new_post():
    return _post_form(None)


@bp.route("/admin/posts/<int:post_id>/edit", methods=["GET", "POST"])
@allow(RECORDS)
def edit_post(post_id: int):
    return _post_form(_get_or_404(Post, post_id))


def _employee_form(person: Employee | None):
    form = EmployeeForm(obj=person)
    may_assign_roles = _may_change_authority()
    if not may_assign_roles:
        del form.rank            # rank and roles decide who approves what: the administrator's
    form.department_id.choices = plain_choices((d.id, d.name) for d in queries.departments())
    form.post_id.choices = grouped_choices(queries.posts_for_choice())
    if request.method == "GET" and person:
        form.post_id.data = person.post_id or 0
        form.roles.data = sorted(person.role_set)
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        post = queries.record(Post, form.post_id.data) if form.post_id.data else None
        if queries.username_taken(username, person.id if person else None):
            form.username.errors.append(_("This username is taken."))
        elif post and post.department_id != form.department_id.data:
            form.post_id.errors.append(_("This post belongs to another department."))
        elif not may_assign_roles or _authority_confirmed(form, "employee", person, _employee_authority(form)):
            authority = {"rank": form.rank.data} if may_assign_roles else {}
            person = operations.save_employee(
                person, by_id=current_user.id, roles=(form.roles.data or []) if may_assign_roles else None,
                name=form.name.data.strip(), username=username, department_id=form.department_id.data,
                post_id=post.id if post else None, **authority, phone=form.phone.data or None,
                office_phone=form.office_phone.data or None, hire_date=form.hire_date.data,
                emergency_contact=form.emergency_contact.data or None, notes=form.notes.data or "")
            flash(_("Saved."), "success")
            return redirect(url_for("staff.profile", employee_id=person.id))
    return render_template("staff/edit_employee.html", form=form, person=person,
                           may_assign_roles=may_assign_roles, confirm_needed=may_assign_roles and _confirm_needed())


def _employee_authority(form) -> dict[str, str]:
    chosen = set(form.roles.data or [])
    return {"rank": form.rank.data, "roles": " ".join(r for r in ROLES if r in chosen)}


@bp.route("/admin/employees/new", methods=["GET", "POST"])
@allow(RECORDS)
def new_employee():
    return _employee_form(None)


@bp.route("/admin/employees/<int:employee_id>/edit", methods=["GET", "POST"])
@allow(RECORDS)
def edit_employee(employee_id: int):
    return _employee_form(_get_or_404(Employee, employee_id))


@bp.route("/admin/employees/<int:employee_id>/password", methods=["GET", "POST"])
@allow(ADMIN)
def reset_password(employee_id: int):
    person = _get_or_404(Employee, employee_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problems = passwords.problems(form.new_password.data, person.username)
        if problems:
            form.new_password.errors.extend(problems)
        else:
            operations.reset_password(person, form.new_password.data)
            flash(_("The password of %(name)s has been reset. Tell them in person.", name=person.name), "success")
            return redirect(url_for("staff.profile", employee_id=person.id))
    return render_template("staff/reset_password.html", form=form, person=person)


@bp.post("/admin/employees/<int:employee_id>/deactivate")
@allow(ADMIN)
def deactivate(employee_id: int):
    person = _get_or_404(Employee, employee_id)
    if ConfirmForm().validate_on_submit():
        if person.id == current_user.id:
            flash(_("You cannot deactivate your own account."), "error")
        else:
            operations.set_active(person, False)
            flash(_("%(name)s has been deactivated and can no longer log in.", name=person.name), "success")
            departments, posts = queries.duties_held(person.id)
            if departments or posts:
                flash(_("They are still named as head, deputy or substitute of: %(what)s. Please assign someone else.",
                        what="、".join(departments + posts)), "warning")
    return redirect(url_for("staff.profile", employee_id=person.id))


@bp.post("/admin/employees/<int:employee_id>/activate")
@allow(ADMIN)
def activate(employee_id: int):
    person = _get_or_404(Employee, employee_id)
    if ConfirmForm().validate_on_submit():
        operations.set_active(person, True)
        flash(_("%(name)s is active again.", name=person.name), "success")
    return redirect(url_for("staff.profile", employee_id=person.id))


# --- who changed who approves what ------------------------------------------------------------

@bp.get("/admin/changes")
@allow(ORG_CHANGE_READERS)
def org_changes():
    changes = queries.org_changes(limit=300)
    return render_template("staff/org_changes.html", changes=changes, names=queries.names_in(changes))
