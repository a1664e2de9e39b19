"""Regulation 3 (车辆管理制度) rules, at their boundaries."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from portal.vehicles import rules
from portal.workdays.rules import WorkingCalendar

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)


def request(rid, rank="staff", urgency="ordinary", purpose="other", minutes=0):
    return {"id": rid, "rank": rank, "urgency": urgency, "purpose": purpose, "requested_at": T0 + minutes * MIN}


# --- dispatch order: rank, then urgency, then purpose, then first come -----------------------------

@pytest.mark.parametrize("first, second, reason", [
    # superiors before subordinates, whatever else
    (request(1, "general_manager", minutes=9), request(2, "deputy_manager", "urgent", "work"), "rank"),
    (request(1, "deputy_manager", minutes=9), request(2, "department_head", "urgent", "work"), "rank"),
    (request(1, "department_head", minutes=9), request(2, "staff", "urgent", "work"), "rank"),
    (request(1, "branch_manager", minutes=9), request(2, "staff", "urgent", "reception"), "rank"),
    # a department head and a branch manager are one level: urgency decides
    (request(1, "branch_manager", "urgent", minutes=9), request(2, "department_head"), "urgency"),
    (request(1, "department_head", "urgent", minutes=9), request(2, "branch_manager", purpose="work"), "urgency"),
    # same rank: urgent before ordinary, even if the ordinary one is for work and earlier
    (request(1, urgency="urgent", minutes=9), request(2, purpose="work"), "urgency"),
    # same rank and urgency: work and reception before anything else
    (request(1, purpose="work", minutes=9), request(2), "purpose"),
    (request(1, purpose="reception", minutes=9), request(2), "purpose"),
    (request(1, "deputy_manager", "urgent", "reception", 9), request(2, "deputy_manager", "urgent", "other"), "purpose"),
    # then first come, first served — a minute is enough
    (request(1, minutes=0), request(2, minutes=1), "earlier"),
    (request(1, purpose="work", minutes=0), request(2, purpose="reception", minutes=1), "earlier"),
])
def test_dispatch_reason_names_the_first_principle_that_separates_two_requests(first, second, reason):
    assert rules.dispatch_reason(first, second) == reason
    assert rules.dispatch_reason(second, first) is None
    assert rules.dispatch_order([second, first]) == [first["id"], second["id"]]


def test_work_and_reception_are_one_level():
    work, reception = request(1, purpose="work", minutes=5), request(2, purpose="reception", minutes=1)
    assert rules.dispatch_order([work, reception]) == [2, 1]
    assert rules.dispatch_reason(reception, work) == "earlier"


def test_two_requests_alike_in_everything_keep_their_ids_order_and_neither_goes_before_the_other():
    a, b = request(7), request(3)
    assert rules.dispatch_order([a, b]) == [3, 7]
    assert rules.dispatch_reason(a, b) is None and rules.dispatch_reason(b, a) is None


def test_a_queue_of_every_kind_in_the_regulations_order():
    queue = [
        request(1, "staff", "ordinary", "other", 0),
        request(2, "staff", "ordinary", "work", 5),
        request(3, "staff", "urgent", "other", 10),
        request(4, "department_head", "ordinary", "other", 15),
        request(5, "branch_manager", "urgent", "work", 20),
        request(6, "deputy_manager", "ordinary", "other", 25),
        request(7, "general_manager", "ordinary", "other", 30),
        request(8, "staff", "ordinary", "work", 1),
    ]
    assert rules.dispatch_order(queue) == [7, 6, 5, 4, 3, 8, 2, 1]
    reasons = rules.queue_reasons(queue)
    assert [reasons[i] for i in (7, 6, 5, 4, 3, 8, 2, 1)] == [
        "rank", "rank", "urgency", "rank", "urgency", "earlier", "purpose", None]


# --- whether a car is normally given ---------------------------------------------------------------

@pytest.mark.parametrize("passengers, within_town, rank, destination, expected", [
    (1, True, "staff", "other", False),               # one person, in town, an ordinary place: no car
    (1, True, "department_head", "other", False),     # heads too
    (1, True, "branch_manager", "other", False),
    (2, True, "staff", "other", True),                # two people
    (1, False, "staff", "other", True),               # out of town
    (1, True, "staff", "government", True),           # to 有关部门
    (1, True, "staff", "work_site", True),            # to a 工地
    (1, True, "deputy_manager", "other", True),       # company leaders excepted
    (1, True, "general_manager", "other", True),
    (0, True, "staff", "other", False),               # nobody but the driver: no
])
def test_car_needed(passengers, within_town, rank, destination, expected):
    assert rules.car_needed(passengers, within_town, rank, destination) is expected


# --- every car in the compound after hours and on days off ---------------------------------------

# 2027 is in no package here: a schedule entered by the office decides (as it will in the portal).
CALENDAR = WorkingCalendar({2027: ([date(2027, 10, 1), date(2027, 10, 4)], [date(2027, 9, 26)])})


@pytest.mark.parametrize("at, expected", [
    (datetime(2027, 9, 28, 7, 59), True),      # Tuesday, before the day starts
    (datetime(2027, 9, 28, 8, 0), False),      # the day starts
    (datetime(2027, 9, 28, 12, 30), False),    # lunch is inside the working day
    (datetime(2027, 9, 28, 17, 29), False),
    (datetime(2027, 9, 28, 17, 30), True),     # the day has ended
    (datetime(2027, 9, 28, 23, 0), True),
    (datetime(2027, 9, 25, 10, 0), True),      # an ordinary Saturday: all day
    (datetime(2027, 9, 26, 10, 0), False),     # a make-up working Sunday (调休上班): a working day
    (datetime(2027, 9, 26, 18, 0), True),      # … until it ends
    (datetime(2027, 10, 1, 10, 0), True),      # National Day: all day
    (datetime(2027, 10, 4, 10, 0), True),      # a Monday holiday
])
def test_must_be_in_compound(at, expected):
    assert rules.must_be_in_compound(at, CALENDAR) is expected


def test_the_portals_own_hours_decide_the_working_day():
    tuesday = datetime(2027, 9, 28, 8, 15)
    assert rules.must_be_in_compound(tuesday, CALENDAR, day_starts=datetime(2027, 1, 1, 8, 30).time())


# --- fuel ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("distance, norm, litres", [
    ("100", "8.5", "8.50"),
    ("0", "12", "0.00"),
    ("37.4", "9.8", "3.67"),       # 3.6652 → 3.67
    ("1234.5", "11.0", "135.80"),
    ("1", "0.01", "0.00"),         # less than a centilitre
])
def test_fuel_allowance(distance, norm, litres):
    assert rules.fuel_allowance(Decimal(distance), Decimal(norm)) == Decimal(litres)


# --- who bears fines and losses ------------------------------------------------------------------

@pytest.mark.parametrize("cause, liable", [
    ("unlicensed", True), ("unauthorised_lending", True), ("traffic_violation", True),
    ("accident", False), ("force_majeure", False),
])
def test_driver_liable(cause, liable):
    assert rules.driver_liable(cause) is liable


def test_an_unknown_cause_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        rules.driver_liable("bad_luck")


@pytest.mark.parametrize("due, status", [
    (None, None),
    (date(2027, 3, 9), "overdue"),      # yesterday
    (date(2027, 3, 10), "soon"),        # today
    (date(2027, 4, 9), "soon"),         # the 30th day
    (date(2027, 4, 10), None),          # the 31st
])
def test_paper_status(due, status):
    assert rules.paper_status(due, date(2027, 3, 10)) == status


@pytest.mark.parametrize("designated, approved, expected", [
    (True, False, True), (False, True, True), (False, False, False), (True, True, True)])
def test_reimbursable(designated, approved, expected):
    assert rules.reimbursable(designated, approved) is expected


@pytest.mark.parametrize("before, readings, km", [
    (None, [], 0),
    (1000, [], 0),
    (1000, [1000, 1040, 1100], 100),      # from the last reading before the month
    (None, [500, 560], 60),               # a car new to the log: from its first reading
    (1000, [1200], 200),
])
def test_month_distance(before, readings, km):
    assert rules.month_distance(before, readings) == km


@pytest.mark.parametrize("km, norm, issued, difference, share, over", [
    (1000, "10", "100", "0.00", "0.0", False),       # exactly the allowance
    (1000, "10", "100.01", "0.01", "0.0", True),     # a centilitre over is over
    (1000, "10", "112", "12.00", "12.0", True),
    (1000, "10", "90", "-10.00", "-10.0", False),
    (0, "10", "20", "20.00", None, True),            # fuel without a kilometre driven
])
def test_reconcile(km, norm, issued, difference, share, over):
    month = rules.reconcile(km, Decimal(norm), Decimal(issued))
    assert month["difference"] == Decimal(difference) and month["over"] is over
    assert month["share"] == (Decimal(share) if share is not None else None)


def test_place_in_queue_and_why_the_one_before_goes_first():
    waiting = [request(1, "general_manager"), request(2, "staff", urgency="urgent", minutes=1)]
    assert rules.place_in_queue(waiting, request(0, "deputy_manager", minutes=5)) == (2, "rank")
    assert rules.place_in_queue(waiting, request(0, "staff", minutes=5)) == (3, "urgency")
    assert rules.place_in_queue([], request(0)) == (1, None)


# --- who agrees before dispatch (§三 a loan, §四 the van) --------------------------------------

POOL, INVEST, CS = None, 7, 3


@pytest.mark.parametrize("outside_org, car_department, requester_department, expected", [
    (False, POOL, CS, None),                                  # a pool car for the company's own work
    (False, INVEST, INVEST, None),                            # 投资发展部 takes its own van
    (False, INVEST, CS, rules.BY_OWNING_HEAD),                # another department asks for the van
    (True, POOL, CS, rules.BY_GENERAL_MANAGER),               # lent to another organisation
    (True, INVEST, CS, rules.BY_GENERAL_MANAGER),             # the van lent out: the GM, above the head
    (True, INVEST, INVEST, rules.BY_GENERAL_MANAGER),
])
def test_pre_approval(outside_org, car_department, requester_department, expected):
    assert rules.pre_approval(outside_org, car_department, requester_department) == expected


@pytest.mark.parametrize("car_department, car, request_department, wanted, expected", [
    (POOL, 10, CS, None, True),          # the office's pool serves everyone
    (INVEST, 11, CS, None, False),       # the van is not handed to another department unasked
    (INVEST, 11, INVEST, None, True),    # its own department's request
    (INVEST, 11, CS, 11, True),          # asked for by name (and approved by its head)
    (POOL, 10, CS, 11, False),           # asked for the van: that car, no other
])
def test_car_offered(car_department, car, request_department, wanted, expected):
    assert rules.car_offered(car_department, car, request_department, wanted) is expected


@pytest.mark.parametrize("text, items", [
    ("前刹车片磨损\n左前大灯不亮", ["前刹车片磨损", "左前大灯不亮"]),
    ("1. 换机油\n2、换机滤\n\n  3）后轮胎鼓包  ", ["换机油", "换机滤", "后轮胎鼓包"]),
    ("   \n\n", []),
])
def test_repair_items_one_a_line(text, items):
    assert rules.repair_items(text) == items
