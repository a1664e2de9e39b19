"""Decisions before dispatch (the GM lends a car out, a head lends their van), repairs at the
designated garage, fines and accidents, and the fleet itself (regulation 3 §三, §四, §六, §十二)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..approvals import web as approval_web
from ..clock import local_today, utcnow
from ..presence import queries as presence_queries
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices
from ..web import htmx
from ..web.access import allow
from ..web.forms import form_problems
from . import operations, queries, rules
from .blueprint import FLEET_KEEPERS, INCIDENT_READERS, OFFICE, REPAIR_ASKERS, REPAIR_READERS, bp
from .forms import CarForm, IncidentForm, RepairDoneForm, RepairForm


def _acting_for() -> set[int]:
    return presence_queries.acting_for(current_user.id, utcnow())


def _may_decide_repairs() -> bool:
    return queries.decides_repairs(current_user, utcnow())


# --- decisions before dispatch ----------------------------------------------------------------

@bp.get("/approvals")
def approvals():
    """What waits for this person's word: requests for a loan or for their department's car,
    and (the GM) repairs the office forwarded."""
    repairs = queries.repairs_in_state(rules.FORWARDED) if _may_decide_repairs() else []
    return render_template("vehicles/approvals.html", requests=queries.awaiting_requests(_acting_for()),
                           repairs=repairs)


@bp.post("/requests/<int:request_id>/decide")
def request_decide(request_id: int):
    car_request = queries.car_request(request_id) or abort(404)
    approver_id = queries.approver_of(car_request)
    if approver_id is None or approver_id not in _acting_for():
        abort(403)
    outcome, note, problem = approval_web.read_decision()
    message, status = None, 200
    if problem:
        status = 422
    elif car_request.state != "awaiting" or not operations.decide_request(
            request_id, outcome, current_user.id, approver_id, note):
        problem, status = approval_web.already_decided(operations.APPROVAL_SUBJECT, request_id, car_request.state), 409
    else:
        message = approval_web.success_message(outcome, car_request.requester.name)
    return htmx.respond("vehicles/_approval_row.html", status=status, message=problem or message,
                        redirect_to=url_for("vehicles.approvals"), r=queries.car_request(request_id),
                        error=problem, note=note if problem else "",
                        category=approval_web.message_category(outcome) if message else None)


# --- repairs at the designated garage ------------------------------------------------------------

def _repair_cars():
    """The cars the user may list a repair for: a driver their own, the office any."""
    return queries.cars() if current_user.has_role("office") else queries.cars_of_driver(current_user.id)


def _repair_form(formdata=None) -> RepairForm:
    form = RepairForm(formdata=formdata) if formdata is not None else RepairForm()
    form.car_id.choices = [SelectChoice(c.id, f"{c.plate} {c.model}") for c in _repair_cars()]
    return form


def _repairs_page(form: RepairForm | None = None, status: int = 200):
    form = form or _repair_form()
    office = current_user.has_role("office")
    sees_all = office or current_user.rank == "general_manager"
    car_ids = None if sees_all else [c.id for c in _repair_cars()]
    done_form = RepairDoneForm(formdata=None, garage=current_app.config["VEHICLES_GARAGE"], done_on=local_today())
    return render_template(
        "vehicles/repairs.html", form=form, done_form=done_form, office=office, may_decide=_may_decide_repairs(),
        open_repairs=queries.repairs(open_=True, car_ids=car_ids),
        latest=queries.repairs(open_=False, car_ids=car_ids, limit=40),
        can_ask=bool(form.car_id.choices) and (office or current_user.has_role("driver"))), status


@bp.get("/repairs")
@allow(REPAIR_READERS)
def repairs():
    return _repairs_page()


@bp.post("/repairs")
@allow(REPAIR_ASKERS)
def repair_ask():
    form = _repair_form(request.form)
    if not form.validate():
        return _repairs_page(form, 422)
    operations.ask_repair(form.car_id.data, current_user.id, "\n".join(rules.repair_items(form.items.data)),
                          form.estimate_yuan.data, utcnow())
    flash(_("Repair list sent to the office, which asks the general manager."), "success")
    return redirect(url_for("vehicles.repairs"))


def _repair_moved():
    flash(_("This repair moved on meanwhile."), "error")
    return redirect(url_for("vehicles.repairs"))


@bp.post("/repairs/<int:repair_id>/forward")
@allow(OFFICE)
def repair_forward(repair_id: int):
    queries.repair(repair_id) or abort(404)
    if not operations.forward_repair(repair_id, current_user.id, utcnow()):
        return _repair_moved()
    flash(_("Sent to the general manager."), "success")
    return redirect(url_for("vehicles.repairs"))


@bp.post("/repairs/<int:repair_id>/decide")
def repair_decide(repair_id: int):
    repair = queries.repair(repair_id) or abort(404)
    if not _may_decide_repairs():
        abort(403)
    outcome, note, problem = approval_web.read_decision()
    message, status = None, 200
    if problem:
        status = 422
    elif repair.state != rules.FORWARDED or not operations.decide_repair(
            repair_id, outcome, current_user.id, presence_queries.general_manager_id(), note):
        problem, status = approval_web.already_decided(operations.REPAIR_SUBJECT, repair_id, repair.state), 409
    else:
        message = approval_web.success_message(outcome, repair.car.plate)
    return htmx.respond("vehicles/_repair_decision.html", status=status, message=problem or message,
                        redirect_to=url_for("vehicles.approvals"), repair=queries.repair(repair_id),
                        error=problem, note=note if problem else "",
                        category=approval_web.message_category(outcome) if message else None)


@bp.post("/repairs/<int:repair_id>/done")
@allow(OFFICE)
def repair_done(repair_id: int):
    queries.repair(repair_id) or abort(404)
    form = RepairDoneForm(request.form)
    if not form.validate():
        flash(form_problems(form), "error")
        return redirect(url_for("vehicles.repairs"))
    if not operations.record_repair(repair_id, form.garage.data, form.cost_yuan.data, form.done_on.data,
                                    current_user.id):
        return _repair_moved()
    flash(_("Repair recorded."), "success")
    return redirect(url_for("vehicles.repairs"))


# --- fines and accidents -----------------------------------------------------------------------

def _incident_form(formdata=None) -> IncidentForm:
    form = IncidentForm(formdata=formdata) if formdata is not None else IncidentForm(day=local_today())
    cars = queries.cars()
    form.car_id.choices = [SelectChoice(c.id, f"{c.plate} {c.model}") for c in cars]
    drivers = {c.driver.id: c.driver.name for c in cars if c.driver} | {d.id: d.name for d in queries.dedicated_drivers()}
    form.driver_id.choices = [SelectChoice(i, name) for i, name in drivers.items()]
    return form


def _incidents_page(form: IncidentForm | None = None, status: int = 200):
    return render_template("vehicles/incidents.html", form=form or _incident_form(), rows=[
        (i, rules.driver_liable(i.cause)) for i in queries.incidents()], office=current_user.has_role("office")), status


@bp.get("/incidents")
@allow(INCIDENT_READERS)
def incidents():
    return _incidents_page()


@bp.post("/incidents")
@allow(OFFICE)
def incident_add():
    form = _incident_form(request.form)
    if not form.validate():
        return _incidents_page(form, 422)
    operations.add_incident(form.car_id.data, form.driver_id.data, form.day.data, form.cause.data,
                            form.cost_yuan.data, form.description.data or "", current_user.id, utcnow())
    flash(_("Entered. The driver bears it.") if rules.driver_liable(form.cause.data)
          else _("Entered. The company decides case by case."), "success")
    return redirect(url_for("vehicles.incidents"))


# --- the fleet ---------------------------------------------------------------------------------

def _car_form(car=None, formdata=None) -> CarForm:
    form = CarForm(formdata=formdata, obj=car)
    form.driver_id.choices = grouped_choices(staff_queries.people_for_choice())
    form.department_id.choices = [SelectChoice(0, _("The office’s pool"))] + [
        SelectChoice(d.id, d.name) for d in staff_queries.departments()]
    if formdata is None and car is not None:
        form.driver_id.data = car.driver_id or 0
        form.department_id.data = car.department_id or 0
    return form


def _car_page(form: CarForm, car, status: int = 200):
    return render_template("vehicles/car_edit.html", form=form, car=car), status


@bp.route("/cars/new", methods=["GET", "POST"])
@allow(FLEET_KEEPERS)
def car_new():
    return _car_save(None)


@bp.route("/cars/<int:car_id>", methods=["GET", "POST"])
@allow(FLEET_KEEPERS)
def car_edit(car_id: int):
    return _car_save(queries.car(car_id) or abort(404))


def _car_save(car):
    if request.method == "GET":
        return _car_page(_car_form(car), car)
    form = _car_form(car, request.form)
    if not form.validate():
        return _car_page(form, car, 422)
    fields = {name: getattr(form, name).data for name in (
        "model", "seats", "fuel_norm", "odometer_km", "insurance_due", "road_fee_due", "state")}
    saved = operations.save_car(car, plate=form.plate.data.strip().upper(), driver_id=form.driver_id.data or None,
                                department_id=form.department_id.data or None, **fields)
    if saved is None:
        form.plate.errors = [_("Another car has this plate.")]
        return _car_page(form, queries.car(car.id) if car else None, 422)
    flash(_("%(plate)s saved.", plate=saved.plate), "success")
    return redirect(url_for("vehicles.cars"))
