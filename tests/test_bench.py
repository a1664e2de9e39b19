"""The benchmark's parts (`flask --app app bench` itself is a measurement, not a test):
the synthetic company, the statement counter and the verdicts."""

import pytest
from sqlalchemy import func, select, text

from werkzeug.security import generate_password_hash

from portal import create_app
from portal.bench import organisation
from portal.bench.company import BENCH_PASSWORD, ROLE_ACCOUNTS, build_company
from portal.bench.load import LoadResult
from portal.bench.pages import PAGES, Page
from portal.bench.report import Row
from portal.bench.sqlcount import Counted, StatementCounter, count_statements, log_in
from portal.extensions import db
from portal.staff.demo_data import DEPARTMENTS as DEMO_DEPARTMENTS
from portal.staff.models import Department, Employee, Post
from tests.conftest import BASE_CONFIG


@pytest.fixture
def company(tmp_path, monkeypatch):
    """company(n) -> (app, build): a synthetic company of n people in its own SQLite file.
    Its accounts get a one-round hash, so logging in costs nothing (the benchmark uses scrypt)."""
    monkeypatch.setattr(organisation, "password_hash",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    apps = []

    def make(n: int):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'bench-{n}.sqlite3'}"})
        apps.append(app)
        return app, build_company(app, n)

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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


def test_every_page_opens_for_its_role(company):
    app, build = company(30)
    clients = {}
    for page in PAGES:
        if page.role not in clients:
            clients[page.role] = app.test_client()
            log_in(clients[page.role], page.role, BENCH_PASSWORD)
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


def test_bench_command_is_registered(company):
    app, _build = company(30)
    result = app.test_cli_runner().invoke(args=["bench", "--help"])
    assert result.exit_code == 0 and "--employees" in result.output
