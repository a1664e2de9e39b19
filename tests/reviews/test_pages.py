"""The yearly account of duties (述职): the holder writes it against the post's written duties
and goals, the head comments, the office sees who has not written; the home page reminds
each of them in the review season."""

import re

from sqlalchemy import event, select

from portal.extensions import db
from portal.reviews.models import YearlyReview
from tests import factories

DUTIES, GOALS = "1、巡检换热站设备\n2、填写运行记录", "全年设备完好率98%"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def a_team(app):
    """A department with its head, the deputy manager in charge, a worker holding a post with
    written duties and goals, and a colleague without an account."""
    with app.app_context():
        team = factories.team()
        post = factories.post(team.department, title="换热站巡检员", duties=DUTIES, goals=GOALS)
        worker = factories.person(team.department, post=post)
        silent = factories.person(team.department, post=factories.post(team.department, title="运行记录员"))
    return team, worker, silent


def review_of(app, employee_id):
    with app.app_context():
        return db.session.scalar(select(YearlyReview).where(YearlyReview.employee_id == employee_id))


def test_the_holder_writes_against_the_duties_the_head_comments(app, as_user, travel):
    travel("2026-12-10T10:00")
    team, worker, silent = a_team(app)
    client = as_user(worker.username)
    page = text(client.get("/reviews/"))
    assert "2026 年度述职" in page and "1、巡检换热站设备" in page and "全年设备完好率98%" in page
    assert "您的年度述职尚未填写" in text(client.get("/"))

    assert client.post("/reviews/", data={"account": ""}).status_code == 422     # required
    assert client.post("/reviews/", data={"account": "设备巡检全年无漏检。"}).status_code == 302
    assert client.post("/reviews/", data={"account": "设备巡检全年无漏检，运行记录完整。"}).status_code == 302
    review = review_of(app, worker.id)
    assert (review.year, review.account, review.post_title) == (2026, "设备巡检全年无漏检，运行记录完整。", "换热站巡检员")
    assert review.duties == DUTIES and review.goals == GOALS
    assert "您的年度述职尚未填写" not in text(client.get("/"))

    # The head: on the home page, in the overview, and the comment (once).
    head = as_user(team.head.username)
    assert "待您写评语的述职" in text(head.get("/"))
    overview = text(head.get("/reviews/overview"))
    assert worker.name in overview and silent.name in overview and "待您写评语" in overview
    assert as_user(team.deputy.username).post(f"/reviews/{review.id}/comment", data={"comment": "好"}).status_code == 403
    assert head.post(f"/reviews/{review.id}/comment", data={"comment": ""}).status_code == 422
    assert head.post(f"/reviews/{review.id}/comment", data={"comment": "认真负责，明年加强节能。"}).status_code == 302
    assert "已为这份述职写了评语" in text(head.post(f"/reviews/{review.id}/comment", data={"comment": "再写"},
                                                 follow_redirects=True))
    assert review_of(app, worker.id).comment == "认真负责，明年加强节能。"
    assert "待您写评语的述职" not in text(head.get("/"))

    # Commented on: the account stands.
    mine = text(client.get("/reviews/"))
    assert "认真负责，明年加强节能。" in mine and 'name="account"' not in mine
    assert "已有评语，不能再修改" in text(client.post("/reviews/", data={"account": "改"}, follow_redirects=True))
    assert review_of(app, worker.id).account == "设备巡检全年无漏检，运行记录完整。"


def test_who_reads_an_account(app, as_user, travel):
    travel("2026-12-10T10:00")
    team, worker, silent = a_team(app)
    as_user(worker.username).post("/reviews/", data={"account": "全年无事故。"})
    review = review_of(app, worker.id)
    for who in (worker.username, team.head.username, team.deputy.username, "gm", "office"):
        assert as_user(who).get(f"/reviews/{review.id}").status_code == 200, who
    for who in (silent.username, "cs-head", "admin"):
        assert as_user(who).get(f"/reviews/{review.id}").status_code == 403, who
    assert as_user(worker.username).get("/reviews/999999").status_code == 404


def test_the_heads_own_account_goes_to_the_deputy_manager(app, as_user, travel):
    travel("2026-12-10T10:00")
    with app.app_context():
        dept = factories.department()
        head = factories.person(dept, head_of=dept, post=factories.post(dept, title="科长"))
        deputy_manager = factories.person(oversees=dept)
    as_user(head.username).post("/reviews/", data={"account": "带领全科完成年度任务。"})
    review = review_of(app, head.id)
    assert as_user(head.username).post(f"/reviews/{review.id}/comment", data={"comment": "自评"}).status_code == 403
    deputy = as_user(deputy_manager.username)
    assert "待您写评语的述职" in text(deputy.get("/"))
    assert deputy.post(f"/reviews/{review.id}/comment", data={"comment": "完成较好。"}).status_code == 302


def test_the_office_sees_who_has_not_written(app, as_user, travel):
    travel("2027-01-06T10:00")   # January: last year's accounts
    team, worker, silent = a_team(app)
    as_user(worker.username).post("/reviews/", data={"account": "全年无事故。"})
    assert review_of(app, worker.id).year == 2026
    office = as_user("office")
    assert "尚未填写年度述职的岗位人员" in text(office.get("/"))
    # Company-wide: a line per department with its counts; the department's name opens its people.
    company = office.get("/reviews/overview").get_data(as_text=True)
    assert f'dept={team.department.id}' in company and team.department.name in company
    assert silent.name not in company
    missing = text(office.get(f"/reviews/overview?missing=1&dept={team.department.id}"))
    assert "2026 年度述职情况" in missing and silent.name in missing and worker.name not in missing
    everyone = text(office.get(f"/reviews/overview?year=2026&dept={team.department.id}"))
    assert silent.name in everyone and worker.name in everyone and team.department.name in everyone
    # Heads see their own departments only.
    assert team.department.name not in text(as_user("cs-head").get("/reviews/overview"))
    assert as_user(worker.username).get("/reviews/overview").status_code == 403


def test_out_of_season_the_home_page_does_not_remind(app, as_user, travel):
    travel("2026-06-10T10:00")
    _team, worker, _silent = a_team(app)
    assert "您的年度述职尚未填写" not in text(as_user(worker.username).get("/"))
    assert "尚未填写年度述职的岗位人员" not in text(as_user("office").get("/"))
    assert "2026 年度述职" in text(as_user(worker.username).get("/reviews/"))   # still possible to write


def test_someone_without_a_post_has_nothing_to_write(app, as_user):
    with app.app_context():
        loose = factories.person()
    client = as_user(loose.username)
    assert "您没有岗位，无需填写述职" in text(client.get("/reviews/"))
    assert client.post("/reviews/", data={"account": "x"}).status_code == 302
    assert review_of(app, loose.id) is None


def _statements(app, client, path) -> int:
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_pages_take_few_statements_whatever_the_number_of_accounts(app, as_user, travel):
    travel("2026-12-10T10:00")
    office = as_user("office")
    before = {path: _statements(app, office, path) for path in ("/reviews/overview", "/reviews/", "/")}
    for _ in range(3):
        _team, worker, _silent = a_team(app)
        as_user(worker.username).post("/reviews/", data={"account": "全年无事故。"})
    after = {path: _statements(app, office, path) for path in before}
    assert after == before and max(after.values()) <= 12 or after == before, (before, after)
    assert _statements(app, office, "/reviews/overview") <= 12


def test_the_home_count_of_accounts_to_comment_on_is_what_the_rule_gives_every_leader(app, travel):
    """The home page asks the database only for the accounts a leader may have to comment on;
    rules.commenter decides. Counted against every uncommented account, for every leader."""
    from flask_login import login_user
    from portal.home.panels import waiting_for
    from portal.reviews import rules
    from portal.staff.models import Employee
    travel("2026-12-10T10:00")
    a_team(app)
    with app.app_context():
        headless = factories.department()                              # the GM comments on its people
        factories.person(headless, post=factories.post(headless, title="库管员"))
        alone = factories.department()                                 # no deputy: the head's goes to the GM
        lone_head = factories.person(alone, head_of=alone, post=factories.post(alone, title="站长"))
        written = select(YearlyReview.employee_id).where(YearlyReview.year == 2026)
        for holder in db.session.scalars(select(Employee).where(Employee.active, Employee.post_id.is_not(None),
                                                                Employee.id.not_in(written))):
            db.session.add(YearlyReview(employee_id=holder.id, year=2026, post_title="岗位", account="述职。"))
        db.session.commit()
        gm = db.session.scalar(select(Employee.id).where(Employee.rank == "general_manager"))
        rows = [(r.employee.id, r.employee.rank, r.employee.department.head_id, r.employee.department.deputy_id)
                for r in db.session.scalars(select(YearlyReview).where(YearlyReview.year == 2026,
                                                                       YearlyReview.commented_at.is_(None)))]
        assert any(rank == "deputy_manager" for _h, rank, _hd, _d in rows) and any(r[0] == lone_head.id for r in rows)
        for leader in db.session.scalars(select(Employee).where(Employee.active, Employee.rank != "staff")).all():
            expected = sum(1 for holder, rank, head, deputy in rows
                           if rules.commenter(holder, rank, head, deputy, gm) == leader.id)
            with app.test_request_context("/"):
                login_user(leader)
                item = next(w for w in waiting_for(leader) if str(w.label) == "待您写评语的述职")
            assert item.count == expected, (leader.name, leader.rank)


def test_the_company_overview_follows_an_account_written_in_another_worker(app, as_user, travel):
    # The company's line per department is kept per worker: an account saved by another worker
    # (another process's connection here) shows at once.
    from sqlalchemy import insert
    travel("2027-01-06T10:00")
    team, worker, _silent = a_team(app)
    office = as_user("office")

    def line():
        page = text(office.get("/reviews/overview"))
        return re.search(rf"{re.escape(team.department.name)}</a> (.*?)</li>", page).group(1)
    assert "未填写 2" in line() and "待评语 0" in line()
    with app.app_context(), db.engine.begin() as other:
        other.execute(insert(YearlyReview).values(employee_id=worker.id, year=2026, account="全年无事故。"))
    assert "未填写 1" in line() and "待评语 1" in line()
