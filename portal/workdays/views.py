"""The office's page for the working calendar: a year's holiday schedule typed or pasted,
previewed month by month, entered (with who and when), and the history of entries. Also the
provisional notice every area shows for a year counted from the statutory holidays only."""

from datetime import date

from babel.dates import format_interval, format_skeleton
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, ngettext
from flask_login import current_user

from ..clock import local_today
from ..web.access import declare, role
from . import operations, queries, rules
from .labels import SOURCE_LABELS, SOURCE_TAGS, provisional_message
from .forms import ScheduleForm

bp = Blueprint("workdays", __name__, url_prefix="/admin/calendar")
declare(bp, role("office", "admin"))

# --- the provisional notice, for every area --------------------------------------------------

def provisional_years(first: date, last: date | None = None) -> list[int]:
    """The years from `first` to `last` whose counts are provisional (no schedule entered,
    not in the package)."""
    return queries.current().provisional_years(first, last)


@bp.record_once
def _template_globals(state) -> None:
    """For templates/workdays/_provisional.html, which any area's template may import."""
    state.app.jinja_env.globals.update(provisional_years=provisional_years, provisional_message=provisional_message)


# --- the page --------------------------------------------------------------------------------

def default_year(today: date) -> int:
    """The year that needs the office: this year while it is provisional, next year from
    November, else this year."""
    calendar = queries.current()
    if calendar.is_provisional(today.year):
        return today.year
    return today.year + 1 if today.month >= 11 else today.year


def _year_arg(today: date) -> int:
    raw = request.args.get("year", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and rules.FIRST_YEAR <= int(raw) <= rules.LAST_YEAR:
        return int(raw)
    if raw:
        flash(_("Choose a year from %(min)s to %(max)s.", min=rules.FIRST_YEAR, max=rules.LAST_YEAR), "error")
    return default_year(today)


def _run_label(first: date, last: date) -> str:
    """"2月5日周五" for a day, "2月5日至11日" for a run of days (in the user's language)."""
    locale = get_locale()
    if first == last:
        return format_skeleton("MMMEd", first, locale=locale)
    return format_interval(first, last, "MMMd", locale=locale)


def month_rows(schedule: rules.YearSchedule) -> list[dict]:
    """One row per month with a day off or a make-up working day: the runs of each, labelled."""
    off, on = rules.by_month(schedule.holidays), rules.by_month(schedule.workdays)
    rows = []
    for month in sorted(set(off) | set(on)):
        rows.append({
            "month": format_skeleton("MMM", date(2000, month, 1), locale=get_locale()),
            "off": [(_run_label(a, b), (b - a).days + 1) for a, b in off.get(month, [])],
            "on": [(_run_label(a, b), (b - a).days + 1) for a, b in on.get(month, [])],
        })
    return rows


def _page(year: int, form: ScheduleForm, preview: tuple[list, list] | None = None):
    today = local_today()
    calendar = queries.current()
    shown = calendar.with_entered(year, *preview) if preview else calendar
    schedule = shown.schedule(year)
    picker = sorted({*range(today.year - 1, today.year + 3), year})
    history = queries.history(year)
    return render_template(
        "workdays/index.html", form=form, year=year, today=today, previewing=preview is not None,
        source=shown.source(year), current_source=calendar.source(year), SOURCE_LABELS=SOURCE_LABELS, SOURCE_TAGS=SOURCE_TAGS,
        years=[(y, calendar.source(y)) for y in picker], months=month_rows(schedule),
        working=shown.count_working_days(date(year, 1, 1), date(year, 12, 31)),
        weekdays_off=sum(1 for d in schedule.holidays if d.weekday() < 5 and d not in schedule.workdays),
        makeup=len(schedule.workdays), history=history,
        runs=lambda text: "、".join(_run_label(a, b) for a, b in rules.runs(rules.read_dates_text(text))),
        recount=queries.recount(year, shown) if preview else None)


@bp.get("/")
def index():
    year = _year_arg(local_today())
    latest = next(iter(queries.history(year)), None)
    form = ScheduleForm(formdata=None, year=year,
                        holidays=rules.compact_text(rules.read_dates_text(latest.holidays)) if latest else "",
                        workdays=rules.compact_text(rules.read_dates_text(latest.workdays)) if latest else "")
    return _page(year, form)


@bp.post("/")
def enter():
    form = ScheduleForm()
    valid = form.validate_on_submit()
    year = form.year.data if not form.year.errors and form.year.data else default_year(local_today())
    if form.year.errors:
        flash(_("Choose a year from %(min)s to %(max)s.", min=rules.FIRST_YEAR, max=rules.LAST_YEAR), "error")
    if not valid:
        flash(_("Please correct the marked fields."), "error")
        return _page(year, form), 422
    if request.form.get("action") == "preview":
        return _page(year, form, preview=(form.holiday_dates, form.workday_dates))
    entered = operations.enter_schedule(year, form.holiday_dates, form.workday_dates, current_user)
    flash(_("The %(year)d holiday schedule is entered: %(off)d days off, %(on)d make-up working days.",
            year=year, off=len(form.holiday_dates), on=len(form.workday_dates)), "success")
    if entered.recounted:
        flash(ngettext("The working days of %(num)d leave request were recounted.",
                       "The working days of %(num)d leave requests were recounted.", len(entered.recounted)),
              "success")
    return redirect(url_for("workdays.index", year=year))
