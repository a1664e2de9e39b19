"""The SQL budget: every page the benchmark measures (each area's bench.PAGES) answers its role
with the same number of SQL statements at two company sizes, and no more than its budget
(`page(…, max_sql=…)`, 12 by default). Time varies between machines; statement counts do not.
Runs on SQLite, and on PostgreSQL when PORTAL_TEST_POSTGRES_URL is set."""

import difflib
import os
import uuid

import pytest
from werkzeug.security import generate_password_hash

from portal import create_app
from portal.bench.company import BENCH_PASSWORD, build_company
from portal.bench.pages import measured_pages
from portal.bench.sqlcount import count_statements
from portal.extensions import db
from portal.staff import bench as staff_bench
from tests.conftest import BASE_CONFIG, POSTGRES_URL, _pg_admin, _pg_url

PAGES = measured_pages()
SIZES = (40, 120)


@pytest.fixture(scope="module")
def counts(tmp_path_factory):
    """{size: [Counted per page]} for a synthetic company of each size."""
    folder = tmp_path_factory.mktemp("sql-budget")
    created, result = [], {}
    with pytest.MonkeyPatch.context() as patch:   # a one-round hash: logging in costs nothing
        patch.setattr(staff_bench, "password_hash",
                      lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
        for size in SIZES:
            if POSTGRES_URL:
                name = f"portal_budget_{os.getpid()}_{uuid.uuid4().hex[:6]}"
                _pg_admin(f"CREATE DATABASE {name}")
                created.append(name)
                uri = _pg_url(name)
            else:
                uri = f"sqlite:///{folder / f'company-{size}.sqlite3'}"
            app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": uri})
            build = build_company(app, size)
            result[size] = count_statements(app, PAGES, build.landmarks, BENCH_PASSWORD)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    yield result
    for name in created:
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize("index", range(len(PAGES)), ids=[p.label for p in PAGES])
def test_page_stays_within_its_sql_budget_at_any_size(counts, index):
    page = PAGES[index]
    small, large = counts[SIZES[0]][index], counts[SIZES[1]][index]
    assert small.status == large.status == 200, page.label
    assert small.count == large.count, (
        f"{page.label}: {small.count} statements at {SIZES[0]} people, {large.count} at {SIZES[1]}:\n"
        + "\n".join(difflib.unified_diff(small.statements, large.statements, lineterm="", n=0)))
    assert 0 < large.count <= page.max_sql, (
        f"{page.label}: {large.count} statements, budget {page.max_sql}:\n" + "\n---\n".join(large.statements))
