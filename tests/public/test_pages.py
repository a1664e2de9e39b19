"""The residents' commitments page: regulation 13's promises with figures counted from the
records — the right counts for the season and for a month, a word (never an error) for a month
that is not one of the season's, no resident named, no script or inline style, a fixed number of
statements whatever the history, and the figures kept a few minutes per worker but never stale
after a change made here."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import event, insert, select

from portal.clock import local_to_utc, local_today, utcnow
from portal.extensions import db
from portal.public import queries, rules
from portal.service import operations, rules as service_rules
from portal.service.models import Complaint, Contact, Household, Measurement, Ticket
from portal.staff.models import Employee
from tests import factories


def _months():
    today = local_today()
    return rules.season_months(service_rules.heating_season(today), today)


def _now_figures(month: int | None):
    """The figures as the page computes them, not remembered."""
    queries.forget()
    months = _months()
    return rules.commitments(queries.season_counts(months), months, month)


def _pair(figure) -> tuple[int, int]:
    return figure["part"], figure["whole"]


def _section(page: str, key: str) -> str:
    start = page.index(f'<section class="figure" id="{key}"')
    return page[start:page.index("</section>", start)]


def _counts_shown(page: str, key: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r'<p class="count">(\d+) / (\d+)', _section(page, key))]


def _base_time():
    """A moment in the season's latest month: a day and a half back when the month allows; in
    summer (the season over) its last month's first morning."""
    first, last = _months()[-1]
    if local_today() > last:
        return local_to_utc(datetime.combine(first, time(10)))
    return max(utcnow() - timedelta(hours=30), local_to_utc(datetime.combine(first, time())) + timedelta(minutes=1))


def _day():
    """A day of the season's latest month: today, or in summer the season's last day."""
    return min(local_today(), _months()[-1][1])


def test_the_page_lists_every_promise_with_its_figure_target_and_period(client):
    page = client.get("/public/commitments")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for words in ("用户室温合格率达到98%", "准确率达99%", "15个工作日内给予答复", "用户报修60分钟内到达现场",
                  "集气故障3小时内排除，物堵故障24小时内排除", "用户来信、来电、来访及投诉处理达100%"):
        assert words in body, words
    for key in ("temperature", "connections", "repairs", "faults", "complaints", "contacts"):
        assert _counts_shown(body, key), key          # numerator / denominator with its unit
    assert body.count("暂无系统数据") == 2              # billing and facilities: no records, no invented figure
    first = _months()[0][0]
    assert f"{first.year}年{first.month}月{first.day}日" in body     # the period
    assert "承诺标准：不低于98%" in body and "承诺标准：不低于100%" in body
    with client.application.app_context():
        counted = any(entry["season"]["share"] is not None for entry in _now_figures(None).values())
    if counted:                                                        # the charts, as images
        assert "data:image/svg+xml;base64," in body
    else:                                                              # the demo has nothing this season yet
        assert "<img" not in body and "暂无数据" in body
    assert "<script" not in body and "style=" not in body and "<style" not in body   # nothing the CSP refuses
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    # nothing that identifies a resident: no household's name, phone or address
    with client.application.app_context():
        names = db.session.execute(select(Household.name, Household.phone, Household.estate)).all()
    assert not any(name in body or phone in body for name, phone, _estate in names)
    assert not any(estate in body for _name, _phone, estate in names)


def test_the_residents_page_links_to_the_figures(client):
    assert "/public/commitments" in client.get("/public/").get_data(as_text=True)


def test_a_month_that_is_not_one_of_the_season_shows_the_season_with_a_word_why(client):
    month = _months()[-1][0]
    chosen = client.get(f"/public/commitments?month={month:%Y-%m}").get_data(as_text=True)
    assert f'aria-current="page">{month.year}年{month.month}月' in chosen
    for asked, word in (("2026-13", "不是有效的月份"), ("abc", "不是有效的月份"), ("²⁰²⁶-¹¹", "不是有效的月份"),
                        (f"{month.year + 1}-{month.month:02d}", "不在本采暖期"),
                        (f"{_months()[0][0].year - 1}-12", "不在本采暖期")):      # the season before
        response = client.get("/public/commitments", query_string={"month": asked})
        assert response.status_code == 200, asked
        body = response.get_data(as_text=True)
        assert word in body and "flash-warning" in body, asked
        assert 'aria-current="page">本采暖期' in body


def test_the_figures_change_by_exactly_what_is_recorded(app, client):
    """Tickets through the desk's operations, measurements inserted as the register keeps them,
    complaints, first contacts and connection applications: the season's and the month's figures
    move by exactly those counts, on the page as in the counts."""
    this_month = len(_months()) - 1
    with app.app_context():
        before_season, before_month = _now_figures(None), _now_figures(this_month)
        desk = db.session.scalar(select(Employee.id).where(Employee.username == "cs"))
        base = _base_time()
        today = _day()

        def at(minutes):
            return base + timedelta(minutes=minutes)

        # repair calls (60 minutes promised): on site in 30 minutes, in 90, not yet
        for arrive in (30, 90, None):
            ticket = operations.open_ticket(desk, at(0), "repair", "drip", "")
            if arrive is not None:
                assert operations.ticket_arrived(ticket.id, desk, at(arrive))
        # air locks (3 hours) and blockages (24 hours), also repair calls, all reached within 30 minutes:
        # an air lock cleared in 2 hours, a blockage in 26, an air lock not yet
        for fault, cleared in (("air_lock", 120), ("blockage", 26 * 60), ("air_lock", None)):
            ticket = operations.open_ticket(desk, at(0), "repair", "air_or_blockage", fault)
            assert operations.ticket_arrived(ticket.id, desk, at(20))
            if cleared is not None:
                assert operations.ticket_cleared(ticket.id, desk, at(cleared), "已排除")
        # a heating-quality call counts for none of these
        operations.open_ticket(desk, at(0), "heating_quality", "measure_request", "")
        # room temperatures, in six households of their own: the latest valid measurement counts
        households = db.session.execute(insert(Household).returning(Household.id), [
            {"estate": "测试小区", "building": "1", "unit": "1", "room": f"10{n}", "name": f"测试户{n}", "phone": ""}
            for n in range(6)]).scalars().all()
        db.session.execute(insert(Measurement), [
            {"household_id": households[h], "measured_by_id": desk, "entered_at": at(m - 20), "started_at": at(m),
             "ended_at": at(m + 15), "doors_windows_closed": True, "signature": "signed", "verdict": verdict,
             "problems": problems}
            for h, m, verdict, problems in (
                (0, 10, service_rules.MEETS, ""), (1, 10, service_rules.BELOW, ""),
                (2, 10, service_rules.DEEMED_MEETS, ""), (3, 10, service_rules.EXEMPT, ""),    # exempt: left out
                (4, 10, service_rules.BELOW, ""), (4, 60, service_rules.MEETS, ""),          # measured again: meets
                (5, 10, service_rules.MEETS, "too_short"))])                               # invalid: not counted
        db.session.commit()
        # complaints: one closed once told, one open, one whose closing was taken back by a correction
        fields = {"name": "某住户", "phone": "139", "address": "某地", "source": "phone", "category": "other",
                  "content": "不热"}
        complaints = [operations.receive_complaint(desk, received_at=at(0), **fields).id for _ in range(3)]
        operations.add_entry(complaints[0], service_rules.TOLD_RESULT, desk, at(30), text="已告知")
        operations.add_entry(complaints[0], service_rules.CLOSED, desk, at(31))
        operations.add_entry(complaints[2], service_rules.TOLD_RESULT, desk, at(30), text="已告知")
        closing = operations.add_entry(complaints[2], service_rules.CLOSED, desk, at(31))
        operations.add_entry(complaints[2], service_rules.CORRECTION, desk, at(32), text="误点办结",
                             corrects_id=closing.id)
        # first contacts: one answered, one passed on (still its receiver's), one open
        contacts = [operations.log_contact(desk, at(0), channel="phone", name="某住户", matter="咨询").id
                    for _ in range(3)]
        assert operations.close_contact(contacts[0], "answered")
        department = db.session.scalar(select(Employee.department_id).where(Employee.username == "staff"))
        assert operations.pass_contact(contacts[1], department, at(5))
        # connection applications made today: answered in time, answered late, not yet answered
        applications = [operations.accept_application(desk, today, answer_by, [], applicant="某单位", phone="139",
                                                      address="某地").id
                        for answer_by in (today + timedelta(days=20), today - timedelta(days=1), today)]
        assert operations.answer_application(applications[0], "同意", today, None)
        assert operations.answer_application(applications[1], "同意", today, None)

        after_season, after_month = _now_figures(None), _now_figures(this_month)

    def moved(key, after, before, period="season"):
        return tuple(a - b for a, b in zip(_pair(after[key][period]), _pair(before[key][period])))

    for after, before, period in ((after_season, before_season, "season"), (after_month, before_month, "month")):
        assert moved(rules.REPAIRS, after, before, period) == (1 + 3, 2 + 3)     # late: 90 min; faults reached in 20
        assert after[rules.REPAIRS]["open"] - before[rules.REPAIRS]["open"] == 1
        assert moved(rules.FAULTS, after, before, period) == (1, 2)
        assert after[rules.FAULTS]["open"] - before[rules.FAULTS]["open"] == 1
        assert moved(rules.TEMPERATURE, after, before, period) == (3, 4)
        assert moved(rules.COMPLAINTS, after, before, period) == (1, 3)
        assert moved(rules.CONTACTS, after, before, period) == (1, 3)
        assert moved(rules.CONNECTIONS, after, before, period) == (1, 2)
        assert after[rules.CONNECTIONS]["open"] - before[rules.CONNECTIONS]["open"] == 1

    # the page shows exactly those counts: the month's figure first, then the season's
    month = _months()[-1][0]
    body = client.get(f"/public/commitments?month={month:%Y-%m}").get_data(as_text=True)
    for key in (rules.REPAIRS, rules.FAULTS, rules.TEMPERATURE, rules.COMPLAINTS, rules.CONTACTS, rules.CONNECTIONS):
        assert _counts_shown(body, key) == [_pair(after_month[key]["month"]), _pair(after_season[key]["season"])], key
    season_body = client.get("/public/commitments").get_data(as_text=True)
    assert _counts_shown(season_body, rules.REPAIRS) == [_pair(after_season[rules.REPAIRS]["season"])]


def test_the_season_figure_for_temperature_is_the_registers_own(app):
    """The month by month counts follow the register's reading (each household's latest valid
    verdict): over a one-month season both agree."""
    from portal.service.queries_temperature import latest_verdicts
    with app.app_context():
        months = _months()
        counts = queries.season_counts(months)
        first, last = months[-1]
        begins = local_to_utc(datetime.combine(first, time()))
        ends = local_to_utc(datetime.combine(last + timedelta(days=1), time()))
        assert rules.compliance_from_counts(counts[rules.TEMPERATURE][-1]) == \
            service_rules.compliance_counts(latest_verdicts(begins, ends))


def test_the_figures_are_remembered_until_a_change_is_committed_here(app, client):
    client.get("/public/commitments")
    with app.app_context():
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        client.get("/public/commitments")
        assert statements == []                         # anonymous and remembered: no statement at all
        desk = db.session.scalar(select(Employee.id).where(Employee.username == "cs"))
    before = _counts_shown(client.get("/public/commitments").get_data(as_text=True), rules.COMPLAINTS)[0]
    with app.app_context():
        operations.receive_complaint(desk, received_at=_base_time(), name="某住户", phone="139", address="某地",
                                     source="phone", category="other", content="不热")
    after = _counts_shown(client.get("/public/commitments").get_data(as_text=True), rules.COMPLAINTS)[0]
    assert after == (before[0], before[1] + 1)


def test_the_figures_cost_the_same_few_statements_whatever_the_history(app, client):
    def counted():
        with app.app_context():
            queries.forget()
        statements = []
        with app.app_context():
            listener = lambda *args: statements.append(args[2])   # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get("/public/commitments").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = counted()
    with app.app_context():
        desk = db.session.scalar(select(Employee.id).where(Employee.username == "cs"))
        base = _base_time()
        db.session.execute(insert(Ticket), [
            {"category": "repair", "situation": "drip", "urgency": "urgent", "received_at": base, "received_by_id": desk,
             "arrive_by": base, "promised_by": base + timedelta(hours=1), "arrived_at": base + timedelta(minutes=n % 90)}
            for n in range(300)])
        db.session.execute(insert(Contact), [
            {"received_at": base, "channel": "phone", "name": "住户", "matter": "咨询", "receiver_id": desk,
             "outcome": "answered"} for _ in range(300)])
        db.session.execute(insert(Complaint), [
            {"received_at": base, "received_by_id": desk, "name": "住户", "phone": "", "address": "", "source": "phone",
             "category": "other", "content": "不热"} for _ in range(100)])
        db.session.commit()
    assert counted() == few <= 8


def test_no_month_chart_before_anything_is_counted(app):
    from portal.public import charts
    months = [(datetime(2026, 11, 15).date(), datetime(2026, 11, 30).date())]
    with app.test_request_context():
        assert charts.months_chart(months, [rules.figure(0, 0, 98)], 98, None) is None
        svg = charts.months_chart(months, [rules.figure(412, 418, 98)], 98, 0)
    assert svg.startswith("data:image/svg+xml;base64,")
    assert Decimal("98.5") == rules.figure(412, 418, 98)["share"]


PUBLIC_PAGES = ("/public/", "/public/report", "/public/track", "/public/commitments", "/public/regulations/service-commitments")


def test_every_public_page_shows_the_hotline_as_a_phone_link(make_app):
    client = make_app(SERVICE_HOTLINE="0335-2028890").test_client()
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<p class="hotline">客服热线：<a href="tel:03352028890">0335-2028890</a></p>' in response.get_data(as_text=True), path


def test_no_hotline_set_shows_none_rather_than_a_blank(make_app):
    client = make_app(SERVICE_HOTLINE="").test_client()
    for path in PUBLIC_PAGES:
        page = client.get(path).get_data(as_text=True)
        assert 'class="hotline"' not in page and "客服热线" not in page and "tel:" not in page, path


def test_the_hotline_setting_comes_from_the_environment_as_text(monkeypatch, make_app):
    monkeypatch.setenv("FLASK_SERVICE_HOTLINE", "12345")          # parsed as JSON: a number
    assert make_app().config["SERVICE_HOTLINE"] == "12345"
    monkeypatch.delenv("FLASK_SERVICE_HOTLINE")
    assert make_app().config["SERVICE_HOTLINE"] == "0335-2021003"   # the demo's, outside production


def test_the_away_cards_status_page_is_a_residents_page_with_the_hotline(make_app):
    """Whoever scans an away card's QR code (a resident at the service hall, say) reads where the
    person is in the residents' frame, with the hotline — not the intranet's."""
    app = make_app(SERVICE_HOTLINE="0335-2028890")
    with app.app_context():
        notice = factories.notice(factories.person(name="扫码人"))
        token = notice.status_token
    page = app.test_client().get(f"/absence/status/{token}").get_data(as_text=True)
    assert "扫码人" in page and '<a href="tel:03352028890">0335-2028890</a>' in page
    assert "内网门户" not in page and "用户服务" in page
