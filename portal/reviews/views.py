"""The yearly account of duties (述职): the holder writes it against the post's written duties
and goals, the head of their department comments on it, the office sees who has not written."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import local_today
from ..presence.queries import general_manager_id
from ..staff import queries as staff_queries
from ..web.access import LOGGED_IN, allow, declare, either, rank, role
from ..web.args import int_arg
from . import operations, queries, rules
from .forms import AccountForm, CommentForm
from .labels import STATE_LABELS
from ..web.templating import template_names

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
declare(bp, LOGGED_IN)

OVERVIEW = either(role("office"), rank("general_manager", "deputy_manager", "department_head", "branch_manager"))


template_names(bp, REVIEW_STATE_LABELS=STATE_LABELS)


def _commenter_of(employee) -> int | None:
    dept = employee.department
    return rules.commenter(employee.id, employee.rank, dept.head_id, dept.deputy_id, general_manager_id())


# --- my account ------------------------------------------------------------------------------

def _mine_page(form, status=200):
    user = queries.holder(current_user.id)
    year = rules.review_year(local_today())
    review = queries.own(user.id, year)
    if review is not None and form.account.data is None:
        form.account.data = review.account
    return render_template("reviews/mine.html", user=user, year=year, review=review, form=form,
                           can_write=user.post is not None and rules.can_write(
                               user.id, user.id, review is not None and review.commented_at is not None),
                           history=[r for r in queries.years_of(user.id) if r.year != year]), status


@bp.get("/")
def mine():
    return _mine_page(AccountForm(formdata=None))


@bp.post("/")
def write():
    form = AccountForm()
    user = queries.holder(current_user.id)
    if user.post is None:
        flash(_("You hold no post, so there is no account of duties to write."), "error")
        return redirect(url_for("reviews.mine"))
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _mine_page(form, 422)
    year = rules.review_year(local_today())
    if operations.write(user, year, form.account.data) is None:
        flash(_("Your account has been commented on meanwhile and can no longer be changed."), "error")
        return redirect(url_for("reviews.mine"))
    flash(_("Your account of %(year)d has been saved. The head of your department can read and comment on it.",
            year=year), "success")
    return redirect(url_for("reviews.mine"))


# --- one account ---------------------------------------------------------------------------------

def _visible(review_id: int):
    review = queries.review_page(review_id) or abort(404)
    holder = review.employee
    commenter_id = _commenter_of(holder)
    if not rules.can_read(current_user.id, current_user.rank, current_user.role_set, holder.id, commenter_id,
                          holder.department.head_id, holder.department.deputy_id):
        abort(403)
    return review, commenter_id


def _detail_page(review, commenter_id, form, status=200):
    commenter = staff_queries.people({commenter_id}).get(commenter_id) if commenter_id else None
    return render_template("reviews/detail.html", review=review, commenter=commenter, form=form,
                           can_comment=rules.can_comment(current_user.id, commenter_id, True,
                                                         review.commented_at is not None)), status


@bp.get("/<int:review_id>")
def detail(review_id: int):
    review, commenter_id = _visible(review_id)
    return _detail_page(review, commenter_id, CommentForm(formdata=None))


@bp.post("/<int:review_id>/comment")
def comment(review_id: int):
    review, commenter_id = _visible(review_id)
    if not rules.can_comment(current_user.id, commenter_id, True, review.commented_at is not None):
        if review.commented_at is not None:
            flash(_("%(name)s has already commented on this account.", name=review.commented_by.name
                    if review.commented_by else "—"), "error")
            return redirect(url_for("reviews.detail", review_id=review.id))
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _detail_page(review, commenter_id, form, 422)
    if not operations.comment(review, current_user.id, form.comment.data):
        flash(_("Someone commented on this account meanwhile."), "error")
    else:
        flash(_("Your comment on the account of %(name)s has been saved.", name=review.employee.name), "success")
    return redirect(url_for("reviews.detail", review_id=review.id))


# --- who has written, who has not ------------------------------------------------------------

@bp.get("/overview")
@allow(OVERVIEW)
def overview():
    today = local_today()
    current = rules.review_year(today)
    year = int_arg("year") or current
    if not current - 10 <= year <= current:
        year = current
    user = current_user._get_current_object()     # asked once per person of the company below
    headed, overseen = staff_queries.charge_of(user.id)
    scope = rules.overview_scope(user.rank, user.role_set, headed, overseen)
    department_ids = None if scope == rules.SCOPE_ALL else scope
    gm = general_manager_id()
    viewer = user.id
    # unpacked, not read by name: a thousand rows, and a Row's attribute costs half a microsecond
    facts = [(department, *rules.overview_line(viewer, holder, rank, head, deputy, gm, written, commented))
             for holder, rank, department, head, deputy, written, commented
             in queries.overview_facts(department_ids, year)]
    counts = rules.tally(state for _dept, state, _mine in facts)
    only = int_arg("missing") == 1
    # Over several departments the page is a line per department; one department lists its people.
    departments = staff_queries.departments({dept for dept, *_rest in facts})
    dept_id = int_arg("dept")
    if dept_id is None and len(departments) == 1:
        dept_id = departments[0].id
    summary, lines = None, []
    if dept_id is None:
        tallies = rules.department_tally(facts)
        summary = [(d, *tallies[d.id]) for d in departments]
    elif any(d.id == dept_id for d in departments):
        for holder, review in queries.overview([dept_id], year):
            dept = holder.department
            written, commented = review is not None, review is not None and review.commented_at is not None
            lines.append((holder, review, *rules.overview_line(user.id, holder.id, holder.rank, dept.head_id,
                                                               dept.deputy_id, gm, written, commented)))
    return render_template("reviews/overview.html", year=year, current=current, lines=lines, counts=counts,
                           only_missing=only, years=list(range(current, current - 4, -1)),
                           company=scope == rules.SCOPE_ALL, summary=summary, dept_id=dept_id,
                           department=next((d for d in departments if d.id == dept_id), None))
