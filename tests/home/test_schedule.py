"""The reader's schedule on the home page: the next duty shift (as the roster tells the same
person) and a driver's next trips (as his own page lists them); nothing planned, no card."""

import re
from datetime import timedelta

from portal.clock import local_today
from portal.extensions import db
from portal.leave.models import DutyShift
from tests import factories


def schedule(html: str) -> list[tuple[str, str, str]]:
    """(label, link, text) of each entry of the card."""
    found = re.search(r'<section class="card" aria-labelledby="schedule-title">.*?</section>', html, re.S)
    if not found:
        return []
    return [(label, href.replace("&amp;", "&"), re.sub(r"<[^>]+>", "", text).strip()) for label, href, text in re.findall(
        r'<span class="label">([^<]+)</span> <a href="([^"]+)">(.*?)</a></li>', found.group(0), re.S)]


def duty(html: str) -> list[tuple[str, str, str]]:
    return [entry for entry in schedule(html) if entry[0] == "我的下一次值班"]


def test_the_next_duty_shift_is_on_the_home_page_as_the_roster_says_it(app, as_user):
    with app.app_context():
        worker = factories.person()
        username, worker_id = worker.username, worker.id
    client = as_user(username)
    assert duty(client.get("/").get_data(as_text=True)) == []               # no shift planned: no entry
    with app.app_context():
        day = local_today() + timedelta(days=40)
        db.session.add_all([DutyShift(day=day, employee_id=worker_id, post="换热站值班"),
                            DutyShift(day=day + timedelta(days=7), employee_id=worker_id, post="公司值班")])
        db.session.commit()
    [(label, link, text)] = duty(client.get("/").get_data(as_text=True))
    roster = client.get("/leave/duty").get_data(as_text=True)
    said = re.search(r'<p><a href="([^"]+)"><strong>([^<]+)</strong></a> · ([^<\n]+)', roster)
    assert label == "我的下一次值班" and "换热站值班" in text
    assert link == said.group(1).replace("&amp;", "&") and text.startswith(said.group(2))
    assert f"#day-{day.isoformat()}" in link and client.get(link.split("#")[0]).status_code == 200


def test_a_driver_sees_his_next_trips_as_his_page_lists_them(as_user):
    driver = as_user("driver")
    trips = [entry for entry in schedule(driver.get("/").get_data(as_text=True)) if entry[0] == "出车"]
    mine = driver.get("/vehicles/mine").get_data(as_text=True)
    listed = re.findall(r'<td data-label="时间">([^<]+)</td>\s*<td data-label="车辆">([^<]+)</td>', mine)
    assert trips and len(trips) == min(3, len(listed))
    for (_label, link, text), (when, plate) in zip(trips, listed):
        assert link == "/vehicles/mine" and text.startswith(f"{when} {plate}")


def test_only_drivers_have_trips_in_their_schedule(as_user):
    for who in ("guard", "office", "staff", "gm"):
        assert all(label != "出车" for label, _link, _text in schedule(as_user(who).get("/").get_data(as_text=True))), who


def test_everyone_sees_the_places_they_keep_clean_this_week_as_the_hygiene_page_lists_them(as_user):
    for who in ("guard", "staff", "cs-head"):
        client = as_user(who)
        [(link, text)] = [(link, text) for label, link, text in schedule(client.get("/").get_data(as_text=True))
                          if label == "我的卫生责任区"]
        places = text.removeprefix("本周").strip().split("、")
        page = client.get(link).get_data(as_text=True)
        mine = re.search(r'id="mine-title".*?</section>', page, re.S).group(0)
        assert places and all(place in mine for place in places), (who, places)
        assert len(places) == mine.count("<li"), (who, places)
