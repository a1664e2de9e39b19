"""Command-line: init-db, seed-demo, create-user, sweep-notices (cron: the end-of-day sweep of
leave-post notices)."""

import importlib

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from . import backup
from .absence.cli import sweep_notices
from .auth.passwords import DEMO_PASSWORD  # kept here too: portal.cli.DEMO_PASSWORD
from .bench.measure import bench_command
from .extensions import db
from .clock import utcnow
from .staff import rules as staff_rules


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(load_regulations)
    app.cli.add_command(bench_command)
    app.cli.add_command(backup.backup)
    app.cli.add_command(backup.restore)
    app.cli.add_command(sweep_notices)


@click.command("init-db")
@with_appcontext
def init_db():
    """Bring the database to the current schema (runs the migrations)."""
    upgrade()
    click.echo("数据库已是最新结构。Database is at the current schema.")


@click.command("seed-demo")
@with_appcontext
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Password of the demo accounts.")
def seed_demo(password: str):
    """Fill a demo company (idempotent). Refused in production."""
    if current_app.config.get("PORTAL_PRODUCTION"):
        raise click.ClickException(
            "生产环境（FLASK_PORTAL_PRODUCTION=true）不能填充演示数据：演示账号的密码是公开的。"
            " seed-demo refuses to run in production: the demo accounts' password is public.")
    from . import areas, demo
    for module in areas.demo_modules():
        importlib.import_module(module)  # each registers its seeder
    from .staff.demo import DEMO_ACCOUNTS
    from .staff.models import Employee

    upgrade()
    now = utcnow()
    for seed in demo.SEEDERS:
        seed(now, password)
    click.echo("演示数据已就绪。Demo company ready. Accounts (password: %s):" % password)
    rows = db.session.execute(
        select(Employee.username, Employee.name, Employee.rank).where(Employee.username.in_(DEMO_ACCOUNTS))).all()
    order = {u: i for i, u in enumerate(DEMO_ACCOUNTS)}
    for username, name, rank in sorted(rows, key=lambda r: order[r[0]]):
        click.echo(f"  {username:<12} {name}  ({rank})")


@click.command("create-user")
@with_appcontext
@click.option("--username", required=True)
@click.option("--name", required=True, help="Full name in Chinese.")
@click.option("--department", required=True, help="Department name; created if it does not exist.")
@click.option("--rank", default="staff", show_default=True,
              type=click.Choice(staff_rules.RANKS))
@click.option("--role", "roles", multiple=True,
              type=click.Choice(staff_rules.ROLES))
@click.option("--department-kind", default="section", show_default=True,
              type=click.Choice(staff_rules.DEPARTMENT_KINDS),
              help="Kind of the department when it is created (办公室 is 'office').")
@click.password_option()
def create_user(username, name, department, rank, roles, password, department_kind):
    """Create a real account from the command line. The person changes the password given
    here at their first login."""
    from .auth.passwords import hash_password, problems
    from .staff.models import Department, Employee
    from .staff.rules import name_search_keys

    username = username.strip().lower()
    if db.session.scalar(select(Employee.id).where(Employee.username == username)):
        raise click.ClickException(f"用户名 {username} 已存在。")
    issues = problems(password, username)
    if issues:
        raise click.ClickException("密码不符合要求：" + "；".join(str(i) for i in issues))
    dept = db.session.scalar(select(Department).where(Department.name == department))
    if dept is None:
        dept = Department(name=department, kind=department_kind)
        db.session.add(dept)
    person = Employee(username=username, name=name, department=dept, rank=rank,
                      password_hash=hash_password(password), password_must_change=True)
    person.name_pinyin, person.name_initials = name_search_keys(name)
    person.set_roles(roles)
    db.session.add(person)
    db.session.commit()
    click.echo(f"已创建账号 {username}（{name}，{department}），首次登录时须修改密码。")


@click.command("load-regulations")
@with_appcontext
def load_regulations():
    """Load the 13 regulations shipped with the portal (those not yet in the database)."""
    from .handbook.loader import install

    added = install()
    click.echo(f"已载入 {added} 项制度。Loaded {added} regulations.")
