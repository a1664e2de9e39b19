"""Who approves what (ranks, roles, heads, deputies in charge, substitutes) is changed by an
administrator only, with their password again after 15 minutes, and every change is logged."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from portal.cli import DEMO_PASSWORD
from portal.clock import utcnow
from portal.extensions import db
from portal.staff import operations
from portal.staff.models import Employee, OrgChange
from tests import factories


def _employee_form(person, **changes) -> dict:
    data = {"name": person.name, "username": person.username, "department_id": person.department_id,
            "post_id": person.post_id or 0, "rank": person.rank, "roles": sorted(person.role_set), "phone": "",
            "office_phone": "", "hire_date": "", "emergency_contact": "", "notes": ""}
    return {**data, **changes}


def _fresh(app, model, ident):
    with app.app_context():
        return db.session.get(model, ident)


@pytest.mark.parametrize("target, rank", [("office", "general_manager"),   # a clerk making themselves GM
                                          ("gm", "staff")])               # or demoting the GM
def test_the_office_cannot_change_ranks(app, as_user, target, rank):
    with app.app_context():
        person = db.session.scalar(select(Employee).where(Employee.username == target))
        before = person.rank
        form = _employee_form(person, rank=rank, notes="电话已核对")
    response = as_user("office").post(f"/staff/admin/employees/{person.id}/edit", data=form)
    assert response.status_code == 302                      # the other fields still save
    after = _fresh(app, Employee, person.id)
    assert after.rank == before and after.notes == "电话已核对"
    page = as_user("office").get(f"/staff/admin/employees/{person.id}/edit").get_data(as_text=True)
    assert 'name="rank"' not in page and "只有系统管理员可以修改职级和角色" in page


def test_the_office_cannot_name_substitutes(app, as_user):
    with app.app_context():
        dept = factories.department()
        post = factories.post(dept)
        clerk = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
    as_user("office").post(f"/staff/admin/posts/{post.id}/edit", data={
        "department_id": dept.id, "title": post.title, "duties": "1、接电话", "goals": "",
        "substitute_id": clerk, "sort_order": 10})
    with app.app_context():
        saved = db.session.get(type(post), post.id)
        assert saved.substitute_id is None and saved.duties == "1、接电话"


def test_an_administrator_confirms_the_password_after_15_minutes_and_the_change_is_logged(app, as_user, travel):
    with app.app_context():
        worker = factories.person(factories.department())
        form = _employee_form(worker, rank="department_head")
    admin = as_user("admin")
    travel_to = (utcnow() + timedelta(minutes=16)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    travel(travel_to)
    refused = admin.post(f"/staff/admin/employees/{worker.id}/edit", data=form)
    assert refused.status_code == 200 and "需要再次输入您的密码" in refused.get_data(as_text=True)
    assert _fresh(app, Employee, worker.id).rank == "staff"
    wrong = admin.post(f"/staff/admin/employees/{worker.id}/edit", data={**form, "confirm_password": "nope"})
    assert "密码不正确" in wrong.get_data(as_text=True) and _fresh(app, Employee, worker.id).rank == "staff"
    saved = admin.post(f"/staff/admin/employees/{worker.id}/edit", data={**form, "confirm_password": DEMO_PASSWORD})
    assert saved.status_code == 302 and _fresh(app, Employee, worker.id).rank == "department_head"
    # Within the next 15 minutes the next change goes through without asking again.
    again = admin.post(f"/staff/admin/employees/{worker.id}/edit", data={**form, "roles": ["driver"]})
    assert again.status_code == 302 and _fresh(app, Employee, worker.id).role_set == {"driver"}
    with app.app_context():
        log = db.session.scalars(select(OrgChange).where(OrgChange.subject_id == worker.id,
                                                         OrgChange.subject == "employee")
                                 .order_by(OrgChange.id)).all()
        admin_id = db.session.scalar(select(Employee.id).where(Employee.username == "admin"))
        assert [(c.field, c.old_value, c.new_value, c.changed_by_id) for c in log] == [
            ("rank", "staff", "department_head", admin_id), ("roles", "", "driver", admin_id)]
    page = as_user("gm").get("/staff/admin/changes").get_data(as_text=True)
    assert worker.name in page and "部门负责人" in page and "驾驶员" in page


def test_changes_of_heads_deputies_and_substitutes_are_logged(app):
    with app.app_context():
        dept = factories.department()
        head = factories.person(dept)
        post = factories.post(dept)
        admin = db.session.scalar(select(Employee).where(Employee.username == "admin"))
        operations.save_department(dept, by_id=admin.id, name=dept.name, kind=dept.kind, phone=None, location=None,
                                   head_id=head.id, deputy_id=None, sort_order=5)
        operations.save_post(post, by_id=admin.id, department_id=dept.id, title=post.title, duties="", goals="",
                             sort_order=1, substitute_id=head.id)
        operations.save_post(post, by_id=admin.id, department_id=dept.id, title="改名", duties="", goals="",
                             sort_order=1)   # no authority given: nothing logged, the substitute stays
        rows = db.session.execute(select(OrgChange.subject, OrgChange.field, OrgChange.new_value).where(
            ((OrgChange.subject == "department") & (OrgChange.subject_id == dept.id))
            | ((OrgChange.subject == "post") & (OrgChange.subject_id == post.id)))).all()
        assert sorted(rows) == [("department", "head", str(head.id)), ("post", "substitute", str(head.id))]
        assert db.session.get(type(post), post.id).substitute_id == head.id


@pytest.mark.parametrize("user, status", [("gm", 200), ("admin", 200), ("office", 403), ("deputy", 403), ("staff", 403)])
def test_the_log_is_for_the_gm_and_the_administrator(as_user, user, status):
    assert as_user(user).get("/staff/admin/changes").status_code == status


@pytest.mark.parametrize("statement", ["UPDATE org_changes SET new_value = 'general_manager'",
                                       "DELETE FROM org_changes"])
def test_the_log_cannot_be_rewritten_even_in_the_database(app, statement):
    with app.app_context():
        worker = factories.person(factories.department())
        admin = db.session.scalar(select(Employee).where(Employee.username == "admin"))
        operations.save_employee(worker, by_id=admin.id, roles=["guard"], name=worker.name)
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()
        assert db.session.scalar(select(OrgChange.new_value).where(OrgChange.subject_id == worker.id)) == "guard"


def test_refusals_are_logged_with_user_and_route(as_user, caplog):
    with caplog.at_level(logging.WARNING):
        assert as_user("staff").get("/staff/admin").status_code == 403
    assert any("403" in r.getMessage() and "user=staff" in r.getMessage() and "/staff/admin" in r.getMessage()
               for r in caplog.records)
