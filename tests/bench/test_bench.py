"""The benchmark's parts (`flask --app app bench` itself is a measurement, not a test):
the synthetic company, the statement counter and the verdicts."""

import shutil
from collections import Counter
from datetime import timedelta
import threading
import time

import pytest
from sqlalchemy import func, select, text

from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from portal import areas, create_app
from portal.bench.company import BENCH_PASSWORD, ROLE_ACCOUNTS, area_modules, build_company
from portal.bench.load import HOST, LoadResult, login, shares
from portal.bench.pages import Page, measured_pages
from portal.bench.pdfs import PdfCheck, PdfResult, measure_pdfs, measured_pdfs
from portal.bench.report import PdfRow, Row
from portal.bench.sqlcount import Counted, StatementCounter, count_statements, log_in
from portal.extensions import db
from portal.handbook import queries as handbook_queries
from portal.handbook.models import Acknowledgement, Regulation, RegulationRevision
from portal.staff import bench as staff_bench
from portal.staff.demo_data import DEPARTMENTS as DEMO_DEPARTMENTS
from portal.staff.models import Department, Employee, Post
from portal.clock import local_today
from tests.conftest import BASE_CONFIG

PAGES = measured_pages()
PDFS = measured_pdfs()


@pytest.fixture
def company(tmp_path, monkeypatch):
    """company(n, **config) -> (app, build): a synthetic company of n people in its own SQLite
    file. Its accounts get a one-round hash, so logging in costs nothing (the benchmark uses scrypt)."""
    monkeypatch.setattr(staff_bench, "password_hash",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    apps = []

    def make(n: int, **config):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'bench-{n}.sqlite3'}",
                          **config})
        apps.append(app)
        return app, build_company(app, n)

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_every_area_brings_its_builder_and_pages_in_its_own_bench_module():
    modules = area_modules()
    assert [m.__name__ for m in modules] == ["portal.home.bench", "portal.staff.bench", "portal.handbook.bench",
                                            "portal.public.bench", "portal.leave.bench", "portal.absence.bench",
                                            "portal.reviews.bench",
                                            "portal.vehicles.bench", "portal.hygiene.bench",
                                            "portal.service.bench"]
    assert [m.__name__ for m in modules] == areas.bench_modules()
    for module in modules:
        assert callable(module.build) and module.PAGES, module.__name__
    assert [p.label for p in PAGES[:len(ROLE_ACCOUNTS)]] == [f"home ({r})" for r in ROLE_ACCOUNTS]
    assert PAGES == [p for m in modules for p in m.PAGES]
    assert len({p.label for p in PAGES}) == len(PAGES) and len({p.label for p in PDFS}) == len(PDFS)


def test_tiny_company_has_the_organisation_and_the_role_accounts(company):
    app, build = company(30)
    demo = {p[1]: p for d in DEMO_DEPARTMENTS for p in d["people"] if p[1]}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Employee)) == 30
        assert db.session.scalar(select(func.count()).select_from(Department)) == build.departments == 8
        accounts = {e.username: e for e in db.session.scalars(
            select(Employee).where(Employee.username.in_(ROLE_ACCOUNTS)))}
        assert set(accounts) == set(ROLE_ACCOUNTS) == set(build.accounts)
        for username, person in accounts.items():
            assert (person.rank, person.role_set) == (demo[username][2], frozenset(demo[username][4])), username
            assert person.password_hash
        assert accounts["office-head"].department.head_id == accounts["office-head"].id
        assert accounts["branch-mgr"].department.kind == "branch"
        overseen = set(db.session.scalars(select(Department.name).where(
            Department.deputy_id == accounts["deputy"].id)))
        assert {"办公室", "客服中心"} <= overseen
        assert db.session.scalar(select(func.count()).select_from(Department).where(Department.head_id.is_(None))) == 0
        for post in db.session.scalars(select(Post)):
            assert post.substitute is not None and post.substitute.post_id != post.id, post.title
        names = db.session.scalars(select(Employee.name_pinyin)).all()
        assert all(names)


def test_company_is_deterministic(company, tmp_path):
    app, _build = company(30)
    other = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'again.sqlite3'}"})
    build_company(other, 30)

    def people(a):
        with a.app_context():
            rows = db.session.execute(text("SELECT username, name, phone, department_id, post_id FROM employees "
                                           "ORDER BY id")).all()
            db.session.remove()
            db.engine.dispose()
            return rows
    assert people(app) == people(other)


def test_statement_counter_counts_each_statement(company):
    app, _build = company(30)
    with app.app_context():
        with StatementCounter(db.engine) as counter:
            db.session.execute(text("SELECT 1"))
            db.session.scalars(select(Employee.id)).all()
        db.session.execute(text("SELECT 2"))  # after the block: not counted
    assert counter.count == 2 and "SELECT 1" in counter.statements[0]


@pytest.mark.parametrize("fragment", [
    next(p for p in PAGES if p.htmx and p.path.startswith("/staff/?q=")),   # the benchmark's search
    Page("whole directory (htmx)", "staff", "/staff/?q=", htmx=True),        # every employee listed
])
def test_directory_fragment_runs_as_many_statements_at_two_sizes(company, fragment):
    small_app, small = company(30)
    large_app, large = company(90)
    at_small, = count_statements(small_app, [fragment], small.landmarks, BENCH_PASSWORD)
    at_large, = count_statements(large_app, [fragment], large.landmarks, BENCH_PASSWORD)
    assert at_small.status == at_large.status == 200
    assert 0 < at_small.count == at_large.count <= fragment.max_sql


def test_handbook_has_two_second_revisions_and_most_but_not_all_confirmations(company):
    app, build = company(30)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Regulation)) == 13
        current = {r.regulation.slug: r for r in handbook_queries.current_revisions(local_today())}
        assert len(current) == 13
        assert {slug for slug, r in current.items() if r.revision_no == 2} == {"attendance", "hygiene"}
        assert db.session.scalar(select(func.count()).select_from(RegulationRevision)) == 15
        readers = set(db.session.scalars(select(Employee.id).where(
            Employee.active, Employee.password_hash.is_not(None))))
        read = {}
        for employee_id, revision_id in db.session.execute(select(Acknowledgement.employee_id,
                                                                  Acknowledgement.revision_id)):
            read.setdefault(employee_id, set()).add(revision_id)
        assert set(read) <= readers   # nobody without an account, nobody deactivated
        in_force = {r.id for r in current.values()}
        everything = [e for e in readers if in_force <= read.get(e, set())]
        assert 0 < len(everything) < len(readers)
        confirmed = sum(len(in_force & read.get(e, set())) for e in readers)
        assert 0.8 < confirmed / (len(readers) * len(in_force)) < 1
    assert build.landmarks["regulation_slug"] == "attendance"


def test_page_paths_are_percent_encoded():
    page = next(p for p in PAGES if p.path.startswith("/handbook/search"))
    assert page.url({}) == "/handbook/search?q=%E6%97%B7%E5%B7%A5"
    assert Page("x", "staff", "/staff/departments/{department_id}").url({"department_id": 7}) == "/staff/departments/7"




def test_every_page_opens_for_its_role(company):
    app, build = company(30)
    clients = {}
    for page in PAGES:
        if page.role not in clients:
            clients[page.role] = app.test_client()
            log_in(clients[page.role], page.username(build.landmarks), BENCH_PASSWORD)
        response = clients[page.role].get(page.url(build.landmarks), headers=page.headers)
        assert response.status_code == 200, page.label


def test_verdicts_flag_growing_statements_and_slow_pages():
    page = Page("x", "staff", "/")
    fast = LoadResult(latencies_ms=[5.0] * 20, statuses={200: 20}, seconds=0.1)
    slow = LoadResult(latencies_ms=[5.0] * 10 + [80.0] * 10, statuses={200: 20}, seconds=0.5)
    assert Row(page, Counted(3, 200), Counted(3, 200), fast).verdict == "ok"
    assert Row(page, Counted(3, 200), Counted(4, 200), fast).verdict == "FAIL SQL grows"
    assert Row(page, Counted(13, 200), Counted(13, 200), fast).verdict == "FAIL SQL>12"
    assert Row(page, Counted(3, 200), Counted(3, 200), slow).verdict == "FAIL p95>50ms"
    report = Page("report", "office", "/", p95_ms=100)      # a page with a target of its own says so
    assert Row(report, Counted(3, 200), Counted(3, 200), slow).verdict == "ok (its target: p95 ≤ 100 ms)"
    fragment = Page("x", "staff", "/", htmx=True, max_bytes=20_000, min_floor_share=0.25)
    big = LoadResult(latencies_ms=[5.0] * 20, statuses={200: 20}, seconds=0.1, bytes=25_000)
    floor = LoadResult(latencies_ms=[1.0] * 20, statuses={200: 20}, seconds=0.01)
    assert Row(fragment, Counted(3, 200), Counted(3, 200), big, floor).verdict == (
        "FAIL bytes>20,000, req/s<25% of floor")
    small = LoadResult(latencies_ms=[5.0] * 20, statuses={200: 20}, seconds=0.02, bytes=9_000)
    assert Row(fragment, Counted(3, 200), Counted(3, 200), small, floor).verdict == "ok"


def test_a_pages_requests_in_rounds_add_up_to_one_measurement():
    assert shares(200, 4) == [50, 50, 50, 50] and shares(10, 4) == [3, 3, 2, 2] and shares(2, 4) == [1, 1]
    measured = LoadResult(latencies_ms=[5.0] * 3, statuses=Counter({200: 3}), bytes=4_000, seconds=0.1)
    measured.add(LoadResult(latencies_ms=[80.0], statuses=Counter({200: 1, 500: 1}), seconds=0.2, errors=["reset"]))
    assert measured.count == 4 and measured.statuses == {200: 4, 500: 1} and measured.bad_statuses == {500: 1}
    assert measured.bytes == 4_000 and measured.seconds == pytest.approx(0.3) and measured.errors == ["reset"]
    assert measured.per_second == pytest.approx(4 / 0.3) and measured.p95_ms > 50


def test_pdf_verdicts_and_the_away_card_hooks():
    check = PdfCheck("book", "staff", "/handbook/handbook.pdf", cold_s=1.5, warm_ms=10)
    fast = PdfResult(check, cold=[1.0, 1.2, 2.0], warm_ms=[4.0] * 20)
    assert fast.cold_s == 1.2 and PdfRow(fast).verdict == "ok"
    slow = PdfResult(check, cold=[1.6, 1.7, 1.0], warm_ms=[4.0] * 10 + [20.0] * 10)
    assert PdfRow(slow).verdict == "FAIL cold>1.5s, warm p95>10ms"
    first = PdfResult(check, cold=[1.4], first_of_worker=True)   # no warm figures of its own
    assert PdfRow(first).verdict == "ok" and PdfRow(first).label == "book, first PDF of a worker"
    cards = [p for p in PDFS if "away card" in p.label]
    assert [c.cold_s for c in cards] == [0.15, 1.0] and all(c.path for c in cards)
    assert PdfRow(PdfResult(PdfCheck("later", "staff", None, cold_s=1))).verdict.startswith("pending")


def test_pdf_timings_render_into_an_emptied_cache_then_answer_from_it(company, tmp_path):
    cache = tmp_path / "server-cache"
    app, build = company(30, PORTAL_CACHE_FOLDER=str(cache), WTF_CSRF_ENABLED=True)
    server = make_server(HOST, 0, app, threaded=True)   # one process: every request reaches the same "worker"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cookies = {"staff": login(server.server_port, "staff", BENCH_PASSWORD)}
        checks = [PdfCheck("card", "staff", None, cold_s=0.15),
                  PdfCheck("regulation", "staff", "/handbook/{regulation_slug}/print.pdf", cold_s=60, warm_ms=1000)]
        pending, first, regulation = measure_pdfs(server.server_port, checks, build.landmarks, cookies, cache,
                                                  warm_requests=3, cold_rounds=2, server_cpu=time.process_time)
    finally:
        server.shutdown()
        thread.join()
    assert pending.pending and not pending.cold
    assert first.first_of_worker and len(first.cold) == 1 and not first.warm_ms
    assert len(regulation.cold) == 2 and len(regulation.warm_ms) == 3 and regulation.bytes > 10_000
    assert len(regulation.cold_cpu) == 2 and regulation.cold_cpu_s > 0
    assert regulation.problems() == []
    assert len(list((cache / "pdf").glob("*.pdf"))) == 1
    if shutil.which("pdfinfo"):
        assert regulation.pages == first.pages == 1


def test_bench_command_is_registered(company):
    app, _build = company(30)
    result = app.test_cli_runner().invoke(args=["bench", "--help"])
    assert result.exit_code == 0 and "--employees" in result.output


def test_leave_history_has_every_state_waiting_inboxes_and_a_register(company):
    from portal.leave import rules
    from portal.leave.models import AttendanceEntry, DutyShift, LeaveRequest, OvertimeReport, SpotCheck
    app, build = company(30)
    today = local_today(build.now)
    with app.app_context():
        states = dict(db.session.execute(select(LeaveRequest.state, func.count()).group_by(LeaveRequest.state)).all())
        assert set(states) == {"submitted", "approved", "refused", "cancelled"}
        assert states["approved"] > states["refused"] + states["cancelled"] + states["submitted"]
        waiting = set(db.session.scalars(select(LeaveRequest.approver_id).where(LeaveRequest.state == "submitted")))
        assert {build.accounts[a] for a in ("deputy", "invest-head", "gm")} <= waiting
        assert db.session.scalar(select(func.count()).select_from(LeaveRequest).where(
            LeaveRequest.state == "approved", LeaveRequest.start_date <= today, LeaveRequest.end_date >= today))
        days = db.session.scalars(select(AttendanceEntry.day).where(AttendanceEntry.absent_reason.is_distinct_from(
            "missed_duty_shift")).distinct()).all()
        assert len(days) > 400 and all(rules.is_working_day(d) for d in days)
        shifts = db.session.scalars(select(DutyShift.day).distinct()).all()
        assert shifts and not any(rules.is_working_day(d) for d in shifts if d.year <= 2026)
        assert db.session.scalar(select(func.count()).select_from(OvertimeReport))
        assert db.session.scalar(select(func.count()).select_from(SpotCheck))
    assert build.landmarks["largest_head"] and build.landmarks["preview_start"]


def test_fleet_history_logs_every_trip_out_and_in_at_the_gate(company):
    """The guard logs a dispatched car against its trip: the office's queue lists no car "out
    without a dispatched trip" in the synthetic company (it listed every trip of the last week)."""
    from portal.vehicles import queries
    from portal.vehicles.models import GateEntry, Trip
    app, build = company(30)
    with app.app_context():
        trips = db.session.scalar(select(func.count()).select_from(Trip))
        logged = dict(db.session.execute(select(GateEntry.direction, func.count(GateEntry.trip_id.distinct()))
                                         .group_by(GateEntry.direction)).all())
        assert trips > 100 and logged == {"out": trips, "in": trips}
        assert queries.left_without_trip(build.now - timedelta(days=30)) == []
