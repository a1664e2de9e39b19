from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import Length, Optional

from ..clock import local_today
from ..web import pdf
from ..web.access import LOGGED_IN, allow, declare, role
from ..web.args import int_arg
from ..web.forms import clean_line
from ..web.htmx import render
from ..web.templating import cn_date, template_names
from . import book, operations, queries, rules
from .forms import RegulationForm
from .models import RegulationRevision

bp = Blueprint("handbook", __name__, url_prefix="/handbook")
declare(bp, LOGGED_IN)
OFFICE = role("office")


def _current_or_404(slug: str) -> RegulationRevision:
    return queries.current_revision(slug, local_today()) or abort(404)


template_names(bp, split_placeholders=rules.split_placeholders, display_label=rules.display_label,
               article_anchor=rules.article_anchor, article_name=rules.article_name,
               errata_place=rules.errata_place)


@bp.get("/")
def index():
    revisions = queries.current_revisions(local_today())
    read = queries.acknowledged(current_user.id, [r.id for r in revisions])
    return render_template("handbook/index.html", revisions=revisions, read=read)


@bp.get("/search")
def search():
    q = clean_line(request.args.get("q", ""))[:40]
    revisions = queries.current_revisions(local_today())
    values = queries.placeholder_values()
    hits = rules.search([rules.filled_regulation(book.as_dict(r), values) for r in revisions], q) if q else []
    return render("handbook/search.html", "handbook/_search_results.html", q=q, hits=hits)


@bp.get("/<slug>")
def regulation(slug: str):
    revision = _current_or_404(slug)
    read = bool(queries.acknowledged(current_user.id, [revision.id]))
    return render_template("handbook/regulation.html", revision=revision, read=read,
                           values=queries.placeholder_values())


@bp.post("/<slug>/acknowledge")
def acknowledge(slug: str):
    revision = _current_or_404(slug)
    if not queries.acknowledged(current_user.id, [revision.id]):
        operations.acknowledge(current_user.id, revision.id)
    flash(_("Thank you: you have confirmed reading “%(title)s” (revision %(no)d).",
            title=revision.title, no=revision.revision_no), "success")
    return redirect(url_for("handbook.regulation", slug=slug))


@bp.get("/<slug>/history")
def history(slug: str):
    revisions = queries.revisions_of(slug) or abort(404)
    current = _current_or_404(slug)
    return render_template("handbook/history.html", revisions=revisions, current=current)


@bp.get("/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    revisions = queries.revisions_of(slug)
    this = next((r for r in revisions if r.revision_no == number), None) or abort(404)
    previous = next((r for r in revisions if r.revision_no == number - 1), None)
    values = queries.placeholder_values()
    changes = rules.diff_revisions(rules.filled_regulation(book.as_dict(previous), values),
                                   rules.filled_regulation(book.as_dict(this), values)) if previous else None
    return render_template("handbook/revision.html", revision=this, previous=previous,
                           changes=changes, values=values)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@allow(OFFICE)
def edit(slug: str):
    current = _current_or_404(slug)
    latest = queries.revisions_of(slug)[-1]  # may take effect later than today
    form = RegulationForm(in_force=latest.effective_date)
    if request.method == "GET":
        form.title.data = latest.title
        form.preamble.data, form.closing.data = rules.to_editable(latest.preamble), rules.to_editable(latest.closing)
        while len(form.articles):
            form.articles.pop_entry()
        for article in latest.articles + [{"label": "", "text": ""}]:
            form.articles.append_entry({"marker": article["label"], "text": rules.to_editable(article["text"])})
        form.effective_date.data = local_today()
    preview = None
    if request.form.get("action") == "preview":  # the change note is needed to save, not to look
        form.note.validators = [Optional(), Length(max=2000)]
    if form.validate_on_submit():
        articles = rules.articles_from_form([(a.marker.data or "", rules.from_editable(a.text.data or ""))
                                             for a in form.articles])
        typed = {"title": form.title.data, "preamble": rules.from_editable(form.preamble.data or ""),
                 "articles": articles, "closing": rules.from_editable(form.closing.data or "")}
        if not articles:
            flash(_("A regulation needs at least one article."), "error")
        elif request.form.get("action") == "preview":
            preview = typed
        elif rules.same_text(book.as_dict(latest), typed):
            flash(_("Nothing has changed from revision %(no)d: a new revision would only ask everyone to read "
                    "the same text again. Change the text, or cancel.", no=latest.revision_no), "error")
        else:
            revision = operations.add_revision(
                latest, title=typed["title"], preamble=typed["preamble"], articles=articles,
                closing=typed["closing"], effective_date=form.effective_date.data, note=form.note.data,
                by_id=current_user.id)
            flash(_("Revision %(no)d saved; it takes effect on %(date)s. Everyone is asked to read it again.",
                    no=revision.revision_no, date=cn_date(revision.effective_date)), "success")
            return redirect(url_for("handbook.history", slug=slug))
    refused = request.method == "POST" and preview is None   # what was typed comes back, with why
    return render_template("handbook/edit.html", form=form, current=current, latest=latest, preview=preview,
                           values=queries.placeholder_values(), tokens=rules.PLACEHOLDER_NAMES), 422 if refused else 200


@bp.get("/acknowledgements")
@allow(OFFICE)
def acknowledgements():
    revisions = queries.current_revisions(local_today())
    ids = [r.id for r in revisions]
    per_revision, per_department = queries.unread_counts(ids)
    department_id = int_arg("dept")
    people = []
    if department_id:
        titles = {r.id: r.title for r in revisions}
        grouped: dict[tuple[int, str], list[str]] = {}
        for employee_id, name, revision_id in queries.unread_in_department(ids, department_id):
            grouped.setdefault((employee_id, name), []).append(titles[revision_id])
        people = [(name, unread) for (_id, name), unread in grouped.items()]
    return render_template("handbook/acknowledgements.html", revisions=revisions,
                           per_revision=per_revision, per_department=per_department,
                           department_id=department_id, people=people)


def _size() -> str:
    size = request.args.get("size", "a4").lower()
    return size if size in book.SIZES else "a4"


@bp.get("/handbook.pdf")
def handbook_pdf():
    size = _size()
    path, etag = book.handbook(local_today(), queries.placeholder_values(), size)
    return pdf.send(path, f"昌黎县热力供应公司制度汇编-{size.upper()}.pdf", etag=etag)


@bp.get("/<slug>/print.pdf")
def regulation_pdf(slug: str):
    revision = _current_or_404(slug)
    size = _size()
    path, etag = book.regulation(revision, queries.placeholder_values(), size)
    return pdf.send(path, f"{revision.title}-第{revision.revision_no}版.pdf", etag=etag)
