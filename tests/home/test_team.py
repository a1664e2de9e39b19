"""A head's own department now on the home page (本部门此刻): who is away from the post — on
leave, out on a notice, overdue back first and in red — as the absence board says, and how far
today's register is kept."""

import re
from datetime import timedelta

from portal.clock import local_today
from portal.extensions import db
from portal.leave.models import AttendanceEntry
from portal.workdays.queries import current as working_calendar
from tests import factories


def card(html: str) -> str | None:
    found = re.search(r'<section class="card team-now".*?</section>', html, re.S)
    return found.group(0) if found else None


def facts(html: str) -> dict[str, tuple[str, list[tuple[str, bool]]]]:
    """{label: (value, [(person line, in red)])} of the card."""
    result = {}
    for label, body in re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", card(html), re.S):
        value = re.sub(r"<[^>]+>", "", body.split("<ul")[0]).strip()
        people = [(re.sub(r"<[^>]+>", "", text), ' class="alert"' in attrs)
                  for attrs, text in re.findall(r"<li([^>]*)>(.*?)</li>", body, re.S)]
        result[label] = (value, people)
    return result


def test_the_head_sees_who_of_the_department_is_away_and_who_is_overdue_back(app, as_user):
    with app.app_context():
        crew = factories.team()
        late = factories.person(crew.department, name="晚归者")
        factories.on_leave(crew.worker)
        factories.notice(late, minutes_out=90, minutes_left=-60)            # due back an hour ago
        factories.notice(factories.person(crew.department, name="外出者"), minutes_left=45)
        factories.on_leave(factories.person(name="别部门"))                  # another department
        head, department_id, worker = crew.head.username, crew.department.id, crew.worker.name
    html = as_user(head).get("/").get_data(as_text=True)
    value, people = facts(html)["此刻不在岗"]
    assert value == "3人，其中1人超时未归"
    assert people[0][1] and people[0][0].startswith("晚归者（离岗，") and "超时未归" in people[0][0]
    assert (f"{worker}（请假）", False) in people and not any("别部门" in line for line, _red in people)
    assert any(line.startswith("外出者（离岗，预计") and not red for line, red in people)
    link = re.search(r'<dd><a href="([^"]+)" class="alert">3人', html).group(1).replace("&amp;", "&")
    board = as_user(head).get(link).get_data(as_text=True)
    assert link == f"/absence/?dept={department_id}" and all(name in board for name in ("晚归者", "外出者", worker))


def test_the_card_tells_how_far_todays_register_is_kept(app, as_user):
    with app.app_context():
        crew = factories.team()
        today = local_today()
        head = crew.head.username
        working = working_calendar().is_working_day(today)
    client = as_user(head)
    if not working:        # a rest day: no register to keep, no line
        assert "今天的考勤" not in facts(client.get("/").get_data(as_text=True))
        return
    assert facts(client.get("/").get_data(as_text=True))["今天的考勤"][0] == "已记0人，未记2人"
    with app.app_context():
        db.session.add(AttendanceEntry(employee_id=crew.worker.id, day=today, code="present"))
        db.session.add(AttendanceEntry(employee_id=crew.head.id, day=today - timedelta(days=1), code="present"))
        db.session.commit()
    assert facts(client.get("/").get_data(as_text=True))["今天的考勤"][0] == "已记1人，未记1人"
    with app.app_context():
        db.session.add(AttendanceEntry(employee_id=crew.head.id, day=today, code="present"))
        db.session.commit()
    assert facts(client.get("/").get_data(as_text=True))["今天的考勤"][0] == "2人已全部记好"


def test_only_a_department_head_has_the_card(app, as_user):
    with app.app_context():
        crew = factories.team()
        worker, deputy = crew.worker.username, crew.deputy.username
    for who in (worker, deputy, "staff", "guard"):
        assert card(as_user(who).get("/").get_data(as_text=True)) is None, who
    assert card(as_user("branch-mgr").get("/").get_data(as_text=True)) is not None
