"""A post cannot be its own substitute (regulation 4): the administrator cannot name its only
holder, and a post whose only holder is named shows as 未指定代岗人 everywhere."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.presence.queries import substitutes_of
from portal.staff.models import OrgChange, Post
from tests import factories


def _form(post, dept, substitute_id) -> dict:
    return {"department_id": dept.id, "title": post.title, "duties": "1、巡检换热站", "goals": "",
            "substitute_id": substitute_id, "sort_order": 10}


def test_the_administrator_cannot_name_the_only_holder_as_substitute(app, as_user):
    with app.app_context():
        dept = factories.department()
        post = factories.post(dept)
        holder = factories.person(dept, post=post)
        colleague = factories.person(dept)
        changes = db.session.scalar(select(func.count()).select_from(OrgChange))
    admin = as_user("admin")
    page = admin.post(f"/staff/admin/posts/{post.id}/edit", data=_form(post, dept, holder.id)).get_data(as_text=True)
    assert "岗位不能由本人代岗" in page
    with app.app_context():
        assert db.session.get(Post, post.id).substitute_id is None
        assert db.session.scalar(select(func.count()).select_from(OrgChange)) == changes   # nothing logged
    assert admin.post(f"/staff/admin/posts/{post.id}/edit", data=_form(post, dept, colleague.id)).status_code == 302
    with app.app_context():
        assert db.session.get(Post, post.id).substitute_id == colleague.id


def test_one_of_two_holders_may_stand_in_for_the_other(app, as_user):
    with app.app_context():
        dept = factories.department()
        post = factories.post(dept)
        first = factories.person(dept, post=post)
        factories.person(dept, post=post)
    assert as_user("admin").post(f"/staff/admin/posts/{post.id}/edit",
                                 data=_form(post, dept, first.id)).status_code == 302


def test_a_post_whose_only_holder_is_its_substitute_shows_none(app, as_user):
    """Made so before the rule (or by giving the substitute the post): shown as 未指定代岗人,
    listed for the administrator, and nobody stands in for the holder."""
    with app.app_context():
        dept = factories.department()
        post = factories.post(dept, title="换热站巡检员")
        holder = factories.person(dept, post=post)
        post.substitute_id = holder.id
        db.session.commit()
        assert substitutes_of({holder.id}) == {holder.id: None}
        db.session.refresh(dept)
        db.session.refresh(holder)
    client = as_user(holder.username)
    for url in (f"/staff/{holder.id}", f"/staff/departments/{dept.id}", "/"):
        assert "未指定代岗人" in client.get(url).get_data(as_text=True), url
    department = client.get(f"/staff/departments/{dept.id}").get_data(as_text=True)
    assert f"代岗人：{holder.name}" not in department.replace(" ", "")
    results = client.get("/staff/", query_string={"q": holder.name}, headers={"HX-Request": "true"})
    assert "未指定代岗人" in results.get_data(as_text=True)
    admin = as_user("admin").get("/staff/admin").get_data(as_text=True)
    assert "换热站巡检员" in admin and "即本岗位唯一在岗人员" in admin
