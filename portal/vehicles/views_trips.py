"""Trips (regulation 3 车辆管理制度): a head asks the office for a car and sees at once whether it
is normally given and where the request stands in today's queue; the office serves the queue
in the regulation's order, giving each request a car and a driver free for its time."""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import quote

from flask import (abort, current_app, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import force_locale, gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..clock import local_to_utc, to_local, utcnow
from ..leave.reports import XLSX_MIMETYPE
from ..presence import queries as presence_queries
from ..web import htmx, pdf
from ..web.access import allow
from ..web.args import int_form, month_arg
from ..web.forms import form_problems
from ..workdays.months import add_months, parse_month
from ..workdays.queries import current as working_calendar
from . import labels, operations, queries, reports, rules
from .models import QUEUED_STATES
from .blueprint import DRIVERS, FLEET_KEEPERS, GATE, GATE_READERS, OFFICE, REQUESTERS, bp
from .forms import AssignForm, CarRequestForm, FuelForm, GateCorrectionForm, GateForm, RefuseForm
from .labels import ODOMETER_PROBLEMS, PRE_APPROVAL_LABELS

# --- asking for a car --------------------------------------------------------------------------

def _request_form(formdata=None) -> CarRequestForm:
    form = CarRequestForm(formdata=formdata) if formdata is not None else CarRequestForm()
    form.wants_car_id.choices = [SelectChoice(0, _("Any car of the office"))] + [
        SelectChoice(c.id, f"{c.plate} {c.model}（{c.department.name}）") for c in queries.department_cars()]
    return form


def _wanted_car(form: CarRequestForm):
    """The department's car asked for by name (one of the form's choices), or None."""
    offered = {choice.value for choice in form.wants_car_id.choices}
    return queries.car(form.wants_car_id.data) if form.wants_car_id.data and form.wants_car_id.data in offered else None


def _outlook(form: CarRequestForm) -> dict:
    """What the requester sees while filling in: is a car normally given, and the place such a
    request would take in the queue now (with the reason of the one it would follow)."""
    kind = form.destination_kind.data
    needed = rules.car_needed(form.passengers.data or 1, bool(form.within_town.data), current_user.rank,
                              kind) if kind in rules.DESTINATIONS else None     # nothing to say yet
    waiting = queries.waiting_requests()
    mine = {"id": 0, "rank": current_user.rank, "urgency": form.urgency.data or rules.ORDINARY,
            "purpose": form.purpose.data or rules.WORK, "requested_at": utcnow()}
    place, behind = rules.place_in_queue(queries.queue_facts(waiting), mine)
    wanted = _wanted_car(form)
    first = rules.pre_approval(bool((form.outside_org.data or "").strip()), wanted.department_id if wanted else None,
                               current_user.department_id)
    return {"needed": needed, "place": place, "waiting": len(waiting), "behind": behind, "first": first}


def _index_page(form: CarRequestForm, status: int = 200):
    response = htmx.render("vehicles/index.html", "vehicles/_outlook.html", form=form,
                           outlook=_outlook(form), mine=queries.my_requests(current_user.id))
    response.status_code = status
    return response


@bp.get("/")
@allow(REQUESTERS)
def index():
    return _index_page(_request_form())


@bp.post("/outlook")
@allow(REQUESTERS)
def outlook():
    """The live hint of the form (htmx): nothing is filed."""
    return render_template("vehicles/_outlook.html", outlook=_outlook(_request_form(request.form)))


@bp.post("/")
@allow(REQUESTERS)
def submit():
    form = _request_form(request.form)
    if not form.validate():
        return _index_page(form, 422)
    if form.ends_at.data <= form.starts_at.data:
        form.ends_at.errors = [_("The car comes back after it leaves: the time back must come after the time it is needed.")]
        return _index_page(form, 422)
    wanted = _wanted_car(form)
    outlook = _outlook(form)
    first = outlook["first"]
    car_request = operations.file_request(
        current_user.id, current_user.department_id, utcnow(), reason=form.reason.data,
        destination=form.destination.data, destination_kind=form.destination_kind.data,
        within_town=bool(form.within_town.data), passengers=form.passengers.data,
        starts_at=local_to_utc(form.starts_at.data), ends_at=local_to_utc(form.ends_at.data),
        urgency=form.urgency.data, purpose=form.purpose.data, outside_org=(form.outside_org.data or "").strip(),
        wants_car_id=wanted.id if wanted else None, approver_id=queries.approver(first, wanted))
    message = (_("Request sent: %(first)s", first=PRE_APPROVAL_LABELS[first]) if car_request.state == "awaiting"
               else _("Request sent to the office."))
    return htmx.respond("vehicles/_outlook.html", redirect_to=url_for("vehicles.index"), message=message,
                        outlook=outlook)


# --- the office's queue -------------------------------------------------------------------------

def _choices(car_request, cars, drivers, trips) -> tuple[list, list]:
    """Cars and drivers free for the request's time (a driver away then is not free)."""
    span = (car_request.starts_at, car_request.ends_at)
    taken_cars = rules.busy(((t.car_id, t.starts_at, t.ends_at) for t in trips), *span)
    taken_drivers = rules.busy(((t.driver_id, t.starts_at, t.ends_at) for t in trips), *span)
    ids = [d.id for d in drivers]
    away = presence_queries.away_among(ids, car_request.starts_at) | presence_queries.away_among(ids, car_request.ends_at)
    return ([c for c in cars if c.id not in taken_cars and rules.car_offered(
                c.department_id, c.id, car_request.department_id, car_request.wants_car_id)],
            [d for d in drivers if d.id not in taken_drivers and d.id not in away])


def _needed(car_request) -> bool:
    return rules.car_needed(car_request.passengers, car_request.within_town, car_request.requester.rank,
                            car_request.destination_kind)


@bp.get("/dispatch")
@allow(OFFICE)
def dispatch():
    waiting = queries.waiting_requests()
    facts = queries.dispatch_facts(waiting)
    rows = [(r, reason, *_choices(r, *facts), _needed(r)) for r, reason in queries.queue(waiting)]
    return render_template("vehicles/dispatch.html", rows=rows, assign_form=AssignForm(), refuse_form=RefuseForm(),
                           car_options=labels.car_options(facts[0]),
                           without_trip=queries.left_without_trip(_today()[0] - timedelta(days=7)))


@bp.post("/requests/<int:request_id>/assign")
@allow(OFFICE)
def assign(request_id: int):
    car_request = queries.car_request(request_id) or abort(404)
    form = AssignForm(request.form)
    cars, drivers = _choices(car_request, *queries.dispatch_facts([car_request]))
    if form.car_id.data not in {c.id for c in cars} or form.driver_id.data not in {d.id for d in drivers}:
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"), status=409,
                            message=_("That car or driver is not free for this trip: choose again."))
    if not _needed(car_request) and not (form.not_needed_reason.data or "").strip():
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"), status=422,
                            message=_("A car is not normally given for this trip: say why you give one."))
    result = operations.assign(request_id, form.car_id.data, form.driver_id.data, current_user.id, utcnow(),
                               not_needed_reason=form.not_needed_reason.data or "")
    messages = {operations.TAKEN: _("Someone served this request meanwhile."),
                operations.BUSY: _("Someone gave that car or driver a trip at that time meanwhile: choose again.")}
    if isinstance(result, str):
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"), status=409,
                            message=messages[result])
    return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"),
                        message=_("%(plate)s with %(driver)s assigned.", plate=result.car.plate,
                                  driver=result.driver.name))


@bp.post("/requests/<int:request_id>/refuse")
@allow(OFFICE)
def refuse(request_id: int):
    car_request = queries.car_request(request_id) or abort(404)
    form = RefuseForm(request.form)
    if not form.validate():
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"), status=422,
                            message=_("Say why, so that they know."))
    if car_request.state not in QUEUED_STATES or not operations.refuse(request_id, car_request.state, current_user.id,
                                                                           form.note.data):
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"), status=409,
                            message=_("Someone served this request meanwhile."))
    return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.dispatch"),
                        message=_("Request refused; the requester sees why."))


# --- the gate (the guard's page, phone first) ---------------------------------------------------

def _today() -> tuple[datetime, datetime]:
    """Today in the company's zone, as UTC [midnight, next midnight)."""
    midnight = local_to_utc(datetime.combine(to_local(utcnow()).date(), time()))
    return midnight, midnight + timedelta(days=1)


def _gate_context(q: str = "") -> dict:
    rows = queries.gate_rows(*_today(), q)
    parked = rules.must_be_in_compound(to_local(utcnow()).replace(tzinfo=None), working_calendar())
    outside = [(car, entry) for car, entry, _trip in rows if entry is not None and entry.direction == rules.OUT]
    return {"rows": rows, "q": q, "after_hours": parked, "outside": outside, "form": GateForm()}


@bp.get("/gate")
@allow(GATE_READERS)
def gate():
    q = _gate_q(request.args)
    return htmx.render("vehicles/gate.html", "vehicles/_gate_rows.html", **_gate_context(q))


@bp.post("/gate/<int:car_id>")
@allow(GATE)
def gate_log(car_id: int):
    car = queries.car(car_id) or abort(404)
    form = GateForm(request.form)
    last = queries.last_gate_entry(car.id)
    direction = rules.next_direction(last.direction if last else None)
    problem = None if not form.validate() else rules.odometer_problem(car.odometer_km, form.odometer_km.data)
    if problem:
        form.odometer_km.errors = [str(ODOMETER_PROBLEMS[problem]) % {
            "last": f"{car.odometer_km:,}", "max": f"{rules.MAX_KM_BETWEEN_READINGS:,}"}]
    if form.errors:
        message = form_problems(form)
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.gate"), status=422, message=message)
    now = utcnow()
    trip = None
    if direction == rules.OUT:
        trip = next((t for c, _e, t in queries.gate_rows(*_today()) if c.id == car.id), None)
    elif last is not None:
        trip = last.trip_id and queries.trip(last.trip_id)
    note = form.note.data or ""
    if direction == rules.OUT and trip is None:
        note = (_("Left without a dispatched trip.") + " " + note).strip()
    if operations.log_gate(car.id, direction, form.odometer_km.data, current_user.id, now, seen_last_id=int_form("seen"),
                           trip_id=trip.id if trip else None, note=note) is None:
        return _gate_moved(car)
    message = (_("%(plate)s out at %(time)s.", plate=car.plate, time=to_local(now).strftime("%H:%M"))
               if direction == rules.OUT else
               _("%(plate)s back at %(time)s.", plate=car.plate, time=to_local(now).strftime("%H:%M")))
    if direction == rules.OUT and trip is None:
        message += " " + _("No dispatched trip: the office is told.")
    return htmx.respond("vehicles/_gate_rows.html", redirect_to=url_for("vehicles.gate"), message=message,
                        **_gate_context(_gate_q(request.form)))


def _gate_q(values) -> str:
    """The plate the guard searched for: the list stays filtered after a tap."""
    return values.get("q", "").strip()[:12]


def _gate_moved(car):
    """Someone logged the car since this page was drawn (a double tap, another guard's phone):
    nothing is written; the list shows the car as it is now, and who logged it."""
    last = queries.last_gate_entry(car.id)
    message = _("%(plate)s was logged %(what)s at %(time)s by %(guard)s meanwhile; nothing was added. The list now shows it as it is.",
                plate=car.plate, what=_("out") if last.direction == rules.OUT else _("back in"),
                time=to_local(last.at).strftime("%H:%M"), guard=last.guard.name)
    return htmx.respond("vehicles/_gate_rows.html", redirect_to=url_for("vehicles.gate"), status=409, message=message,
                        **_gate_context(_gate_q(request.form)))


@bp.post("/gate/<int:car_id>/correct")
@allow(GATE)
def gate_correct(car_id: int):
    """A mistaken entry is never changed: a new entry says how things really are and why,
    naming the car's latest entry as the one it corrects."""
    car = queries.car(car_id) or abort(404)
    last = queries.last_gate_entry(car.id) or abort(404)
    form = GateCorrectionForm(request.form)
    if not form.validate():
        message = form_problems(form)
        return htmx.respond("vehicles/_nothing.html", redirect_to=url_for("vehicles.gate"), status=422, message=message)
    if operations.log_gate(car.id, form.direction.data, form.odometer_km.data, current_user.id, utcnow(),
                           seen_last_id=int_form("seen"), trip_id=last.trip_id, note=form.reason.data,
                           corrects_id=last.id) is None:
        return _gate_moved(car)
    return htmx.respond("vehicles/_gate_rows.html", redirect_to=url_for("vehicles.gate"),
                        message=_("%(plate)s corrected; the mistaken entry stays in the log.", plate=car.plate),
                        **_gate_context(_gate_q(request.form)))


# --- the fleet ---------------------------------------------------------------------------------

@bp.get("/cars")
@allow(FLEET_KEEPERS)
def cars():
    today = to_local(utcnow()).date()
    rows = [(car, rules.paper_status(car.insurance_due, today), rules.paper_status(car.road_fee_due, today))
            for car in queries.cars()]
    return render_template("vehicles/cars.html", rows=rows)


# --- the trip sheet 派车单 ---------------------------------------------------------------------

def _sheet(trip_id: int) -> dict:
    found = queries.trip_sheet(trip_id) or abort(404)
    trip, entries = found
    if not rules.can_see_trip(current_user.id, current_user.role_set, current_user.rank,
                              trip.request.requester_id if trip.request else None, trip.driver_id):
        abort(403)
    return {"trip": trip, "entries": entries, "distance": rules.trip_distance(e.odometer_km for e in entries)}


@bp.get("/trips/<int:trip_id>")
def trip_sheet(trip_id: int):
    return render_template("vehicles/sheet.html", **_sheet(trip_id))


@bp.get("/trips/<int:trip_id>.pdf")
def trip_sheet_pdf(trip_id: int):
    with force_locale("zh_CN"):          # a paper form of the company: always in Chinese
        html = render_template("vehicles/sheet_pdf.html", **_sheet(trip_id))
    key = "trip-" + hashlib.sha256(html.encode()).hexdigest()[:32]
    path = pdf.cached(key, lambda: pdf.render(html, ("vehicles-sheet.css",)))
    return pdf.send(path, f"派车单-{trip_id}.pdf", etag=path.stem)


# --- the fuel ledger 用油台帐 -----------------------------------------------------------------------

def _fuel_form(formdata=None) -> FuelForm:
    form = FuelForm(formdata=formdata) if formdata is not None else FuelForm()
    form.car_id.choices = [SelectChoice(c.id, c.plate) for c in queries.cars()]
    form.approved_by_id.choices = [SelectChoice(0, "—")] + [SelectChoice(p.id, p.name) for p in queries.leaders()]
    return form


def _fuel_page(first: date, form: FuelForm | None, status: int = 200):
    """The month's page with `form`; without a form, the month as an Excel workbook."""
    last = add_months(first, 1) - timedelta(days=1)
    starts, ends = local_to_utc(datetime.combine(first, time())), local_to_utc(datetime.combine(last + timedelta(days=1), time()))
    month = queries.fuel_month(first, last, starts, ends)
    issued: dict[int, Decimal] = {}
    for line in month["lines"]:
        issued[line.car_id] = issued.get(line.car_id, Decimal(0)) + line.litres
    rows = [(car, distance, rules.reconcile(distance, car.fuel_norm, issued.get(car.id, Decimal(0))))
            for car in month["cars"]
            for distance in [rules.month_distance(month["before"].get(car.id), month["readings"].get(car.id, []))]]
    if form is None:                      # the workbook
        response = make_response(reports.fuel_workbook(current_app.config["COMPANY_NAME"], first.strftime("%Y-%m"),
                                                       rows, month["lines"], month["closed"] is not None))
        response.mimetype = XLSX_MIMETYPE
        response.headers["Content-Disposition"] = (
            f"attachment; filename=fuel-{first:%Y-%m}.xlsx; filename*=UTF-8''{quote(f'用油台帐-{first:%Y-%m}.xlsx')}")
        return response
    response = make_response(render_template(
        "vehicles/fuel.html", first=first, rows=rows, lines=month["lines"], closed=month["closed"], form=form,
        month_over=first < to_local(utcnow()).date().replace(day=1),
        prev_month=add_months(first, -1).strftime("%Y-%m"), next_month=add_months(first, 1).strftime("%Y-%m")))
    response.status_code = status
    return response


@bp.get("/fuel")
@allow(OFFICE)
def fuel():
    today = to_local(utcnow()).date()
    year, month, problem = month_arg(today)
    if problem:
        flash(problem, "error")
    form = _fuel_form()
    form.day.data = today
    return _fuel_page(date(year, month, 1), form)


@bp.get("/fuel.xlsx")
@allow(OFFICE)
def fuel_xlsx():
    year, month, _problem = month_arg(to_local(utcnow()).date())
    return _fuel_page(date(year, month, 1), None)


@bp.post("/fuel")
@allow(OFFICE)
def fuel_add():
    form = _fuel_form(request.form)
    if not form.validate():
        day = form.day.data if form.day.data and not form.day.errors else to_local(utcnow()).date()
        return _fuel_page(day.replace(day=1), form, 422)
    entry = operations.add_fuel(form.car_id.data, form.day.data, form.litres.data, form.amount_yuan.data,
                                form.station.data or "", bool(form.designated.data), form.approved_by_id.data or None,
                                current_user.id, utcnow())
    month = form.day.data.strftime("%Y-%m")
    if entry is None:
        flash(_("%(month)s is closed: no fuelling is added to it.", month=month), "error")
    elif not entry.reimbursable:
        flash(_("Entered. Fuelled elsewhere without a leader’s approval beforehand: not reimbursed."), "warning")
    else:
        flash(_("Entered."), "success")
    return redirect(url_for("vehicles.fuel", month=month))


@bp.post("/fuel/close")
@allow(OFFICE)
def fuel_close():
    parsed = parse_month(request.form.get("month", ""))
    if parsed is None:
        abort(404)
    first = date(*parsed, 1)
    if first >= to_local(utcnow()).date().replace(day=1):
        flash(_("A month is closed once it is over."), "error")
    elif not operations.close_fuel_month(first, current_user.id, utcnow()):
        flash(_("This month was closed already."), "error")
    else:
        flash(_("%(month)s closed.", month=first.strftime("%Y-%m")), "success")
    return redirect(url_for("vehicles.fuel", month=first.strftime("%Y-%m")))


# --- the driver's own page -----------------------------------------------------------------------

@bp.get("/mine")
@allow(DRIVERS)
def mine():
    today = to_local(utcnow()).date()
    cars = [(car, rules.paper_status(car.insurance_due, today), rules.paper_status(car.road_fee_due, today))
            for car in queries.cars_of_driver(current_user.id)]
    return render_template("vehicles/mine.html", cars=cars, trips=queries.drivers_trips(current_user.id, _today()[0]))
