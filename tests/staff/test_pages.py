"""The directory, profiles, departments and the administration pages, used as people would."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.staff.models import Department, Employee, Post
from tests import factories


def _id(app, model, **where):
    with app.app_context():
        stmt = select(model.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return db.session.scalar(stmt)


@pytest.mark.parametrize("query, finds, misses", [
    ("王建国", "王建国", "张立军"),
    ("wjg", "王建国", "张立军"),          # pinyin initials
    ("WJG", "王建国", "张立军"),
    ("jianguo", "王建国", "林静"),        # part of the full pinyin
    ("驾驶员", "孙志强", "林静"),          # by post
    ("100%", None, "张立军"),             # LIKE wildcards are taken literally
])
def test_directory_search(as_user, query, finds, misses):
    results = as_user("staff").get("/staff/", query_string={"q": query}, headers={"HX-Request": "true"})
    page = results.get_data(as_text=True)
    if finds:
        assert finds in page
    assert misses not in page


def test_directory_search_by_phone(app, as_user):
    with app.app_context():
        person = db.session.scalar(select(Employee).where(Employee.username == "gm"))
        fragment = person.phone[3:8]
    page = as_user("staff").get("/staff/", query_string={"q": fragment}).get_data(as_text=True)
    assert "张立军" in page


def test_directory_filters_by_department(app, as_user):
    dept = _id(app, Department, name="警卫班")
    page = as_user("staff").get("/staff/", query_string={"dept": dept}).get_data(as_text=True)
    assert "邹德明" in page and "张立军" not in page
    assert "共 5 人" in page


def test_directory_answers_htmx_with_the_fragment_only(as_user):
    response = as_user("staff").get("/staff/?q=wjg", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "王建国" in body
    assert "<html" not in body and "topbar" not in body
    assert "HX-Request" in response.headers["Vary"]
    full = as_user("staff").get("/staff/?q=wjg")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]


def test_directory_bad_department_parameter_is_ignored(as_user):
    response = as_user("staff").get("/staff/?dept=abc&q=" + "x" * 500)
    assert response.status_code == 200


def test_profile_shows_post_duties_and_substitute(app, as_user):
    with app.app_context():
        dept = factories.department()
        stand_in = factories.person(dept)
        post = factories.post(dept, duties="出车前检查车况，按调度安排出车。", substitute=stand_in)
        holder = factories.person(dept, post=post)
    page = as_user("staff").get(f"/staff/{holder.id}").get_data(as_text=True)
    assert post.title in page and "岗位职责" in page and "出车前检查车况" in page
    assert stand_in.name in page  # the post's substitute


@pytest.fixture
def company(app):
    """A worker with the head of their department and the deputy manager overseeing it, the
    head and deputy manager of another department, an office clerk and the general manager."""
    with app.app_context():
        team, elsewhere = factories.team(), factories.team()
        return {"worker": team.worker, "head": team.head, "deputy": team.deputy,
                "other_head": elsewhere.head, "other_deputy": elsewhere.deputy,
                "office": factories.person(roles=["office"]), "gm": factories.general_manager()}


@pytest.mark.parametrize("viewer, target, sees_record", [
    ("worker", "worker", True),          # oneself
    ("worker", "head", False),           # a colleague sees the directory entry only
    ("head", "worker", True),            # head of the department
    ("office", "worker", True),          # the office keeps records
    ("other_head", "worker", False),     # head of another department
    ("other_deputy", "worker", False),   # a deputy manager not overseeing the department
    ("deputy", "worker", True),          # the deputy manager overseeing it
    ("gm", "worker", True),
])
def test_personnel_record_only_for_those_entitled(as_user, company, viewer, target, sees_record):
    page = as_user(company[viewer].username).get(f"/staff/{company[target].id}").get_data(as_text=True)
    assert ("人事信息" in page) is sees_record
    assert ("入职日期" in page) is sees_record


def test_department_page_lists_head_deputy_members_and_posts(app, as_user):
    with app.app_context():
        dept = factories.department()
        head = factories.person(dept, head_of=dept)
        deputy = factories.person(oversees=dept)
        post = factories.post(dept)
        member = factories.person(dept, post=post)
    page = as_user("staff").get(f"/staff/departments/{dept.id}").get_data(as_text=True)
    for text in (head.name, deputy.name, member.name, post.title, "成员"):
        assert text in page
    assert '<span class="muted">（2）</span>' in page and "代岗人：" in page   # Chinese punctuation


def test_unknown_ids_are_404_in_chinese(as_user):
    client = as_user("staff")
    for url in ("/staff/99999", "/staff/departments/99999"):
        response = client.get(url)
        assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)


def test_admin_creates_an_employee_who_is_then_found(app, as_user):
    admin = as_user("admin")
    dept = _id(app, Department, name="客服中心")
    post = _id(app, Post, title="接线员")
    response = admin.post("/staff/admin/employees/new", data={
        "name": "欧阳晓峰", "username": "ouyangxf", "department_id": dept, "post_id": post,
        "rank": "staff", "roles": ["customer_service"], "phone": "13803351234",
        "office_phone": "", "hire_date": "2026-11-20", "emergency_contact": "", "notes": ""})
    assert response.status_code == 302
    found = admin.get("/staff/?q=oyxf").get_data(as_text=True)
    assert "欧阳晓峰" in found
    with app.app_context():
        person = db.session.scalar(select(Employee).where(Employee.username == "ouyangxf"))
        assert person.role_set == {"customer_service"} and person.password_hash is None


def test_employee_form_keeps_input_and_explains_errors(app, as_user):
    admin = as_user("admin")
    dept = _id(app, Department, name="客服中心")
    other_post = _id(app, Post, title="驾驶员")
    response = admin.post("/staff/admin/employees/new", data={
        "name": "测试员", "username": "gm", "department_id": dept, "post_id": other_post,
        "rank": "staff", "phone": "abc", "hire_date": "2026-13-45"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "测试员" in page                      # nothing typed is lost
    assert "请只填数字" in page                   # phone
    assert "不是有效的日期值" in page             # date (WTForms' own Chinese catalogue)
    response = admin.post("/staff/admin/employees/new", data={
        "name": "测试员", "username": "gm", "department_id": dept, "post_id": other_post, "rank": "staff"})
    assert "该用户名已被使用" in response.get_data(as_text=True)
    response = admin.post("/staff/admin/employees/new", data={
        "name": "测试员", "username": "ceshiyuan", "department_id": dept, "post_id": other_post, "rank": "staff"})
    assert "该岗位属于其他部门" in response.get_data(as_text=True)


def test_office_edits_records_but_cannot_grant_roles(app, as_user):
    office = as_user("office")
    target = _id(app, Employee, username="staff")
    dept = _id(app, Department, name="投资发展部")
    response = office.post(f"/staff/admin/employees/{target}/edit", data={
        "name": "林静", "username": "staff", "department_id": dept, "post_id": 0, "rank": "staff",
        "roles": ["admin"], "phone": "13800000000"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Employee, target)
        assert person.phone == "13800000000" and person.role_set == frozenset()


def test_admin_edits_post_duties_and_substitute(app, as_user):
    admin = as_user("admin")
    post = _id(app, Post, title="项目管理员")
    dept = _id(app, Department, name="投资发展部")
    substitute = _id(app, Employee, username="invest-head")
    response = admin.post(f"/staff/admin/posts/{post}/edit", data={
        "department_id": dept, "title": "项目管理员", "duties": "1、管理入网项目台账",
        "goals": "", "substitute_id": substitute, "sort_order": 10})
    assert response.status_code == 302
    page = admin.get(f"/staff/{_id(app, Employee, username='staff')}").get_data(as_text=True)
    assert "1、管理入网项目台账" in page and "罗志远" in page


def test_admin_edits_a_department_and_refuses_duplicate_names(app, as_user):
    admin = as_user("admin")
    dept = _id(app, Department, name="稽查科")
    response = admin.post(f"/staff/admin/departments/{dept}/edit", data={
        "name": "办公室", "kind": "section", "head_id": 0, "deputy_id": 0, "sort_order": 50})
    assert "已有同名部门" in response.get_data(as_text=True)
    response = admin.post("/staff/admin/departments/new", data={
        "name": "第三分公司", "kind": "branch", "head_id": 0, "deputy_id": _id(app, Employee, username="deputy2"),
        "phone": "0335-2029999", "location": "新集", "sort_order": 95})
    assert response.status_code == 302
    assert "第三分公司" in admin.get("/staff/departments").get_data(as_text=True)


def test_the_department_filters_offer_a_department_once_it_is_added(app, as_user):
    staff = as_user("staff")
    option = '>第三分公司</option>'
    assert option not in staff.get("/staff/").get_data(as_text=True)
    assert option not in staff.get("/absence/").get_data(as_text=True)
    as_user("admin").post("/staff/admin/departments/new", data={
        "name": "第三分公司", "kind": "branch", "head_id": 0, "deputy_id": 0, "sort_order": 95})
    assert option in staff.get("/staff/").get_data(as_text=True)
    assert option in staff.get("/absence/").get_data(as_text=True)


def test_deactivate_warns_about_duties_and_keeps_the_record(app, as_user):
    admin = as_user("admin")
    head = _id(app, Employee, username="invest-head")
    response = admin.post(f"/staff/admin/employees/{head}/deactivate", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "已停用" in page and "投资发展部" in page and "请另行指定" in page
    assert "罗志远" not in admin.get("/staff/").get_data(as_text=True)
    assert admin.get(f"/staff/{head}").status_code == 200  # never deleted
    admin.post(f"/staff/admin/employees/{head}/activate")
    assert "罗志远" in admin.get("/staff/").get_data(as_text=True)


def test_admin_cannot_deactivate_themself(app, as_user):
    admin = as_user("admin")
    me = _id(app, Employee, username="admin")
    page = admin.post(f"/staff/admin/employees/{me}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "不能停用自己的账号" in page
    assert admin.get("/").status_code == 200


def test_reset_password_opens_an_account(app, as_user):
    admin = as_user("admin")
    newcomer = _id(app, Employee, username="pangyutong")
    response = admin.post(f"/staff/admin/employees/{newcomer}/password",
                          data={"new_password": "warm-2026!", "confirm": "warm-2026!"})
    assert response.status_code == 302
    client = app.test_client()
    assert client.post("/login", data={"username": "pangyutong", "password": "warm-2026!"}).status_code == 302


def test_home_shows_organisation_gaps_to_the_administrator(as_user):
    page = as_user("admin").get("/").get_data(as_text=True)
    assert "尚未开通账号的员工" in page
    assert "尚未开通账号的员工" not in as_user("staff").get("/").get_data(as_text=True)


@pytest.mark.parametrize("username, sees, does_not_see", [
    ("deputy", ["办公室", "客服中心", "警卫班"], ["财务科"]),
    ("deputy2", ["财务科", "第一分公司"], ["警卫班"]),
    ("gm", ["办公室", "财务科", "警卫班"], []),
])
def test_home_lists_the_departments_a_leader_answers_for(as_user, username, sees, does_not_see):
    page = as_user(username).get("/").get_data(as_text=True)
    section = page.split("我负责的部门")[1].split("</section>")[0]
    for name in sees:
        assert name in section
    for name in does_not_see:
        assert name not in section


def test_a_head_finds_their_department_in_its_card_of_now(app, as_user):
    page = as_user("invest-head").get("/").get_data(as_text=True)
    department = _id(app, Department, name="投资发展部")
    assert "我负责的部门" not in page        # one department: the card of now names it
    card = page.split("本部门此刻")[1].split("</section>")[0]
    assert f'href="/staff/departments/{department}">投资发展部</a>' in card


def test_staff_home_has_no_departments_in_charge(as_user):
    assert "我负责的部门" not in as_user("staff").get("/").get_data(as_text=True)
