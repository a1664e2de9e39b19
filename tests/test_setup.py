"""The schema comes only from migrations; the demo company and the command line."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from portal.cli import create_user, seed_demo
from portal.extensions import db
from portal.staff.demo import DEMO_ACCOUNTS
from portal.staff.models import Department, Employee
from tests.conftest import login


def test_migrations_match_the_models(app):
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_demo_company_is_realistic(app):
    with app.app_context():
        people = db.session.scalar(select(func.count()).select_from(Employee).where(Employee.active))
        departments = db.session.scalar(select(func.count()).select_from(Department))
        by_username = {e.username: e for e in db.session.scalars(
            select(Employee).where(Employee.username.in_(DEMO_ACCOUNTS)))}
        assert 55 <= people <= 70 and departments >= 8
        assert set(by_username) == set(DEMO_ACCOUNTS)
        assert by_username["gm"].rank == "general_manager"
        assert by_username["deputy"].rank == "deputy_manager"
        overseen = set(db.session.scalars(select(Department.name).where(
            Department.deputy_id == by_username["deputy"].id)))
        assert {"办公室", "客服中心"} <= overseen
        assert by_username["office-head"].department.head_id == by_username["office-head"].id
        assert by_username["branch-mgr"].rank == "branch_manager"
        assert by_username["branch-mgr"].department.kind == "branch"
        assert by_username["staff"].department.name == "投资发展部" and by_username["staff"].rank == "staff"
        for username, role in [("admin", "admin"), ("office", "office"), ("cs", "customer_service"),
                               ("guard", "guard"), ("driver", "driver"), ("inspector", "inspector")]:
            assert by_username[username].has_role(role)
        # Every post has a substitute, and nobody substitutes for themself.
        for person in db.session.scalars(select(Employee).where(Employee.post_id.is_not(None))):
            assert person.substitute is not None and person.substitute.id != person.id


def test_every_demo_account_logs_in_and_sees_its_home_page(app):
    for username in DEMO_ACCOUNTS:
        client = app.test_client()
        login(client, username)
        page = client.get("/").get_data(as_text=True)
        assert "您好，" in page and "待办事项" in page, username


def test_seed_demo_is_idempotent(app):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Employee))
    result = app.test_cli_runner().invoke(seed_demo)
    assert result.exit_code == 0 and "gm" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Employee)) == before


def test_create_user_from_the_command_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(create_user, ["--username", "ZhaoLei", "--name", "赵磊", "--department", "信息中心",
                                         "--role", "admin", "--password", "a-long-secret", ])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, "zhaolei", "a-long-secret").location == "/password"   # theirs to change first
    client.post("/password", data={"current_password": "a-long-secret", "new_password": "boiler-room-key-7",
                                   "confirm": "boiler-room-key-7"})
    assert "赵磊" in client.get("/").get_data(as_text=True)
    again = runner.invoke(create_user, ["--username", "zhaolei", "--name", "赵磊", "--department", "办公室",
                                        "--password", "a-long-secret"])
    assert again.exit_code != 0 and "已存在" in again.output
    weak = runner.invoke(create_user, ["--username", "weak", "--name", "弱", "--department", "办公室",
                                       "--password", "123"])
    assert weak.exit_code != 0 and "密码不符合要求" in weak.output
    common = runner.invoke(create_user, ["--username", "common", "--name", "常", "--department", "办公室",
                                         "--password", "Password1"])
    assert common.exit_code != 0 and "太容易被猜到" in common.output


def test_seed_demo_refuses_to_run_in_production(make_app, tmp_path):
    from sqlalchemy import inspect
    app = make_app(PORTAL_PRODUCTION=True, SECRET_KEY="k" * 40,
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'production.sqlite3'}")
    result = app.test_cli_runner().invoke(seed_demo)
    assert result.exit_code != 0
    assert "生产环境" in result.output and "seed-demo refuses to run in production" in result.output
    with app.app_context():
        assert not inspect(db.engine).has_table("employees")   # nothing was made
