"""Demo content of the customer-service desk (see portal/demo.py): three hundred households in
six estates, each with the branch in charge and some cold; a heating season's contacts (some
passed on and waiting to be accepted); tickets in every state — cleared, on site, open with
time left, one emergency overdue; complaints with their steps, one corrected by an added entry
and one closed with its result told, waiting for its return visit; a return visit that sent a
re-measurement back to the branch."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from random import Random

from sqlalchemy import select

from ..clock import local_to_utc, to_local
from ..demo import seeder
from ..extensions import db
from ..staff.models import Department, Employee
from . import operations, rules
from ..workdays.queries import current as working_calendar
from .models import (ColdFile, Complaint, ComplaintEntry, ConnectionApplication, ConnectionApproval,
                     Contact, Household, PlannedMeasurement, ReturnVisit, Ticket, TicketEvent, WebReport)

ESTATES = ("和平小区", "碣阳小区", "滦河家园", "民生小区", "金凤苑", "凤凰城")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ("建国", "秀英", "桂兰", "玉兰", "志强", "海燕", "春生", "淑珍", "国庆", "丽华", "振华", "文革", "建华", "凤英")
# minutes before now it came in, situation, category, fault, estate index, arrived after (min), cleared after (min)
TICKETS = [
    (20, "resident_leak", "repair", "", 0, None, None),          # an emergency, 20 minutes old: 10 minutes left
    (95, "building_cold", "heating_quality", "", 1, None, None),  # an emergency over its 30 minutes: overdue
    (180, "air_or_blockage", "repair", "air_lock", 2, 45, None),   # on site; 3 hours to clear the air lock
    (300, "drip", "repair", "", 3, None, None),                   # urgent repair call: 60 minutes promised, overdue
    (600, "measure_request", "heating_quality", "", 4, None, None),
    (1500, "area_recheck", "billing", "", 5, 300, 600),
    (3000, "air_or_blockage", "repair", "blockage", 0, 40, 400),
    (4500, "resident_leak", "repair", "", 1, 25, 150),
]


@seeder
def seed_service(now: datetime, password: str) -> None:
    if db.session.scalar(select(Household.id).limit(1)) is not None:
        return
    rng = Random(13)
    branches = list(db.session.scalars(select(Department).where(Department.kind == "branch").order_by(Department.id)))
    accounts = {e.username: e for e in db.session.scalars(select(Employee).where(Employee.username.is_not(None)))}
    desk, head = accounts["cs"], accounts["cs-head"]
    households = []
    for n in range(300):
        estate = ESTATES[n % len(ESTATES)]
        households.append(Household(
            estate=estate, building=str(1 + n // 60 + (n % 7)), unit=str(1 + n % 3), room=f"{1 + n % 6}0{1 + n % 2}",
            name=SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)], phone=f"1{3 + n % 6}{rng.randint(100000000, 999999999)}",
            heated_area=Decimal(rng.randint(5500, 13000)) / 100, branch_id=branches[n % len(branches)].id if branches else None,
            cold=n % 23 == 0))
    db.session.add_all(households)
    db.session.flush()

    on_site = _someone_in_each(branches)
    for minutes, situation, category, fault, h, arrived, cleared in TICKETS:
        household = households[h * 7]
        received = now - timedelta(minutes=minutes)
        urgency = rules.classify(situation)
        ticket = Ticket(
            household_id=household.id, address=household.address, caller=household.name, phone=household.phone,
            category=category, situation=situation, urgency=urgency, fault=fault, received_at=received,
            received_by_id=desk.id, arrive_by=rules.arrival_deadline(received, urgency),
            promised_by=rules.promised_arrival(received, urgency, category),
            clear_by=rules.clear_deadline(received, fault), branch_id=household.branch_id,
            arrived_at=received + timedelta(minutes=arrived) if arrived else None,
            cleared_at=received + timedelta(minutes=cleared) if cleared else None,
            result="已排气，暖气恢复正常" if cleared else "", description="用户来电反映")
        db.session.add(ticket)
        db.session.flush()
        _ticket_history(ticket, on_site.get(ticket.branch_id, desk).id)

    # the first-contact ledger: calls answered on the spot, one passed on and not yet accepted
    for n in range(24):
        household = households[n * 11]
        db.session.add(Contact(received_at=now - timedelta(hours=6 * n + 1), channel=rules.CHANNELS[n % len(rules.CHANNELS)],
                               name=household.name, phone=household.phone, address=household.address,
                               household_id=household.id, matter="咨询本季热费缴纳时间和方式", receiver_id=desk.id,
                               outcome="answered"))
    invest = next((d for d in db.session.scalars(select(Department).where(Department.name == "投资发展部"))), None)
    db.session.add(Contact(received_at=now - timedelta(hours=2), channel="visit", name="张建华", phone="13933512345",
                           address="凤凰城2号楼1单元301", matter="新建商铺申请入网，询问需要哪些手续",
                           receiver_id=accounts["staff"].id, outcome="passed_on",
                           passed_to_id=invest.id if invest else None, passed_at=now - timedelta(hours=1, minutes=50)))

    # complaints and their steps (only ever added)
    first = Complaint(received_at=now - timedelta(days=3), received_by_id=desk.id, name=households[30].name,
                      phone=households[30].phone, address=households[30].address, household_id=households[30].id,
                      source="hotline_12345", category="heating_quality", content="家中卧室温度只有14度，多次反映未解决")
    second = Complaint(received_at=now - timedelta(days=10), received_by_id=desk.id, name=households[61].name,
                       phone=households[61].phone, address=households[61].address, household_id=households[61].id,
                       source="phone", category="repair", content="维修人员上门晚了两个小时，态度不好")
    db.session.add_all([first, second])
    db.session.flush()
    steps = [
        (first, rules.OWNER, "", desk.id, None, 0),
        (first, rules.ASKED_UNIT, "已请第一分公司核实：该楼供水温度偏低", None, None, 2),
        (first, rules.PLAN, "调整二次网平衡阀，三日内复测", None, None, 5),
        (second, rules.OWNER, "", desk.id, None, 0),
        (second, rules.ASKED_UNIT, "第二分公司说明：当日同时处理两处漏水", None, None, 3),
        (second, rules.EXPLAINED, "向用户说明原因并道歉，已批评教育相关人员", None, None, 30),
        (second, rules.TOLD_RESULT, "电话告知用户处理结果，用户表示接受", None, None, 31),
        (second, rules.CLOSED, "", None, None, 32),
    ]
    entries = {}
    for complaint, kind, text, owner, corrects, hours in steps:
        entry = ComplaintEntry(complaint_id=complaint.id, kind=kind, text=text, owner_id=owner, corrects_id=corrects,
                               by_id=desk.id, at=complaint.received_at + timedelta(hours=hours))
        db.session.add(entry)
        db.session.flush()
        entries[(complaint.id, kind)] = entry
    db.session.add(ComplaintEntry(complaint_id=first.id, kind=rules.CORRECTION,
                                  text="核实单位记错：该楼属第二分公司，已转第二分公司核实",
                                  corrects_id=entries[(first.id, rules.ASKED_UNIT)].id, by_id=head.id,
                                  at=first.received_at + timedelta(hours=4)))
    # a billing complaint handled and called back a week ago: the weekly summary has a visit
    third = Complaint(received_at=now - timedelta(days=12), received_by_id=desk.id, name=households[92].name,
                      phone=households[92].phone, address=households[92].address, household_id=households[92].id,
                      source="visit", category="billing", content="停暖期间仍按全额收取热费")
    db.session.add(third)
    db.session.flush()
    for kind, text, hours in ((rules.OWNER, "", 0), (rules.EXPLAINED, "核实后说明：按供热面积收费，停暖时间已按比例退费", 20),
                              (rules.TOLD_RESULT, "当面告知用户退费金额，用户表示认可", 22), (rules.CLOSED, "", 23)):
        db.session.add(ComplaintEntry(complaint_id=third.id, kind=kind, text=text, owner_id=desk.id if kind == rules.OWNER else None,
                                      by_id=desk.id, at=third.received_at + timedelta(hours=hours)))
    db.session.add(ReturnVisit(complaint_id=third.id, method="phone", satisfaction=rules.SATISFIED, in_time=True,
                               matches_record=True, note="用户对退费结果表示满意", by_id=accounts["cs"].id,
                               at=third.received_at + timedelta(days=3)))
    # a return visit found the re-measured area disputed: back to the branch as a new ticket
    cleared = db.session.scalar(select(Ticket).where(Ticket.situation == "area_recheck"))
    visited = now - timedelta(hours=3)
    again = Ticket(household_id=cleared.household_id, address=cleared.address, caller=cleared.caller, phone=cleared.phone,
                   category=cleared.category, situation=cleared.situation, urgency=cleared.urgency,
                   description="回访后重新处理：用户说复核面积时没有量阳台", received_at=visited,
                   received_by_id=accounts["cs"].id, branch_id=cleared.branch_id,
                   arrive_by=rules.arrival_deadline(visited, cleared.urgency),
                   promised_by=rules.promised_arrival(visited, cleared.urgency, cleared.category))
    db.session.add(again)
    db.session.flush()
    db.session.add(ReturnVisit(ticket_id=cleared.id, method="phone", satisfaction=rules.UNSATISFIED, in_time=True,
                               matches_record=False, note="用户说复核面积时没有量阳台", by_id=accounts["cs"].id,
                               at=visited, reopened_ticket_id=again.id))
    db.session.add_all([
        TicketEvent(ticket_id=cleared.id, kind="sent_back", at=visited, by_id=accounts["cs"].id,
                    note="用户说复核面积时没有量阳台", other_ticket_id=again.id),
        TicketEvent(ticket_id=again.id, kind="reopened", at=visited, by_id=accounts["cs"].id, other_ticket_id=cleared.id)])
    _seed_connections(now, accounts)
    _seed_measurements(now, households, on_site, desk)
    # a resident reported on the public pages 25 minutes ago: waiting for the desk's call-back
    db.session.add(WebReport(received_at=now - timedelta(minutes=25), name=households[45].name, phone=households[45].phone,
                             address=households[45].address, situation="air_or_blockage",
                             text="卧室暖气片上半截不热，放过气还是不行", client="demo"))
    # this month's plan: every cold household and a score of others, planned on the 1st
    first = to_local(now).date().replace(day=1)
    db.session.add_all(PlannedMeasurement(month=first, household_id=h.id, planned_by_id=desk.id,
                                          planned_at=local_to_utc(datetime.combine(first, time(8, 30))))
                       for h in [h for h in households if h.cold] + [h for h in households if not h.cold][:20])
    db.session.commit()


def _someone_in_each(departments) -> dict[int, Employee]:
    """Who records arrival and clearing for each branch in the demo: someone of its people."""
    found = {}
    for employee in db.session.scalars(select(Employee).where(
            Employee.active, Employee.department_id.in_([d.id for d in departments])).order_by(Employee.id)):
        found.setdefault(employee.department_id, employee)
    return found


def _ticket_history(ticket: Ticket, worker_id: int) -> None:
    """A demo ticket's history as the desk and the branch would have written it."""
    db.session.add(TicketEvent(ticket_id=ticket.id, kind="received", at=ticket.received_at, by_id=ticket.received_by_id))
    if ticket.arrived_at:
        db.session.add(TicketEvent(ticket_id=ticket.id, kind="arrived", at=ticket.arrived_at, by_id=worker_id))
    if ticket.cleared_at:
        db.session.add(TicketEvent(ticket_id=ticket.id, kind="cleared", at=ticket.cleared_at, by_id=worker_id,
                                   note=ticket.result))


def _seed_measurements(now: datetime, households, on_site, desk) -> None:
    """A season's measurements across the branches, cold households first: most up to standard,
    a handful below, one refusal to sign, one in a cold snap (not answerable), one objection
    measured again, one not valid by the method."""
    calendar = working_calendar()
    days = calendar.working_days_before(to_local(now).date(), 30)
    cold = [h for h in households if h.cold]
    chosen = cold + [h for h in households if not h.cold][:40 - len(cold)]
    for n, household in enumerate(chosen):
        day = days[n % len(days)]
        entered = datetime.combine(day, time(9 + n % 9, 5 * (n % 6)))
        below = n % 9 == 4
        bedroom = Decimal("17.2") if below else Decimal(18 + n % 4) + Decimal("0.4")
        case = {"signature": "signed", "objection": "", "again_requested": False, "exemption": "", "outdoor": Decimal(-6 + n % 5)}
        if n == 7:
            case.update(signature="refused")
        elif n == 11:
            case.update(outdoor=Decimal("-12.5"))
        elif n == 13:
            case.update(signature="signed_with_objection", objection="用户认为卧室温度计放在暖气旁边，要求复测",
                        again_requested=True)
            bedroom = Decimal("17.6")
        started = entered + timedelta(minutes=15 if n != 17 else 5)        # n = 17: started too soon
        first = operations.measured(
            on_site.get(household.branch_id, desk).id, household, entered_at=local_to_utc(entered),
            started_at=local_to_utc(started), ended_at=local_to_utc(started + timedelta(minutes=12)),
            doors_windows_closed=True, outdoor_c=case["outdoor"], signature=case["signature"], objection=case["objection"],
            again_requested=case["again_requested"], exemption=case["exemption"], with_whom="",
            rooms=[{"room": "bedroom", "heated": True, "open_to_balcony": False, "reading_c": bedroom},
                   {"room": "living", "heated": True, "open_to_balcony": False, "reading_c": Decimal("19.1")},
                   {"room": "kitchen", "heated": True, "open_to_balcony": False, "reading_c": Decimal("16.8")}],
            now=now)
        db.session.add(first)
        db.session.flush()
        if first.verdict == rules.BELOW and not first.problems:
            operations.open_cold_file(first)
        if n == 13:                                   # measured again three days later: up to standard
            again = datetime.combine(days[min(n % len(days) + 3, len(days) - 1)], time(10, 0))
            db.session.add(operations.measured(
                on_site.get(household.branch_id, desk).id, household, entered_at=local_to_utc(again),
                started_at=local_to_utc(again + timedelta(minutes=16)), ended_at=local_to_utc(again + timedelta(minutes=30)),
                doors_windows_closed=True, outdoor_c=Decimal("-5"), signature="signed", objection="", again_requested=False,
                exemption="", with_whom="客服中心 刘淑芬",
                rooms=[{"room": "bedroom", "heated": True, "open_to_balcony": False, "reading_c": Decimal("18.3")}], now=now))
            db.session.flush()
            cold_file = db.session.scalar(select(ColdFile).where(ColdFile.household_id == household.id))
            cold_file.closed_at, cold_file.closed_by_id = local_to_utc(again) + timedelta(hours=2), desk.id
            cold_file.result = "复测时将温度计移至房间中央，卧室 18.3 ℃，达标；已向用户说明测温方法"


def _seed_connections(now: datetime, accounts) -> None:
    """Two connection applications: one two working days from its answer, 财务科 approved and the
    others still to decide; one answered with its charge."""
    from flask import current_app
    calendar = working_calendar()
    today = to_local(now).date()
    departments = list(db.session.scalars(select(Department).where(
        Department.name.in_(current_app.config["SERVICE_CONNECTION_DEPARTMENTS"])).order_by(Department.id)))
    applied = calendar.working_days_before(today, 13)[0]      # 13 working days ago: 2 left of the 15
    near = ConnectionApplication(applicant="昌黎县第二中学", phone="03357123456", address="民生路88号新建教学楼",
                                 heated_area=Decimal("6800.00"), applied_on=applied,
                                 answer_by=rules.answer_deadline(applied, calendar), accepted_by_id=accounts["cs"].id,
                                 guide_id=accounts["cs-head"].id, appointment="12月3日上午现场勘察")
    done = ConnectionApplication(applicant="凤凰城物业公司", phone="13933587654", address="凤凰城三期商业楼",
                                 heated_area=Decimal("2400.00"), applied_on=applied - timedelta(days=30),
                                 answer_by=rules.answer_deadline(applied - timedelta(days=30), calendar),
                                 accepted_by_id=accounts["cs"].id, guide_id=accounts["cs"].id,
                                 answered_on=applied - timedelta(days=12), answer="同意入网，按方案施工", charge_yuan=Decimal("86400.00"))
    db.session.add_all([near, done])
    db.session.flush()
    for department in departments:
        head, first = department.head_id, department.name == "财务科"
        db.session.add(ConnectionApproval(application_id=near.id, department_id=department.id,
                                          state="approved" if first else "pending",
                                          decided_by_id=head if first else None,
                                          decided_at=now - timedelta(days=3) if first else None))
        db.session.add(ConnectionApproval(application_id=done.id, department_id=department.id, state="approved",
                                          decided_by_id=head, decided_at=now - timedelta(days=40)))
