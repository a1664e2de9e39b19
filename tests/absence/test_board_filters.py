"""The absence board at a glance: a summary at the top (在岗 / 离岗 / 请假 / 出差 / 值班 /
超时未归 / 擅自离岗 with counts), each a filter (?show=), kept by the board's own refresh and
by the search; those overdue first; the home page's 离岗超时未归人员 lands on them."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from portal.absence import rules
from portal.extensions import db
from tests import factories

POLL = {"HX-Request": "true"}


def chips(html: str) -> dict[str, tuple[str, int]]:
    """The summary's links: label -> (href, count)."""
    nav = re.search(r'<nav class="absence-filters".*?</nav>', html, re.S).group(0)
    return {label.strip(): (href.replace("&amp;", "&"), int(count)) for href, label, count in re.findall(
        r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)<strong>(\d+)</strong></a>', nav)}


def names_in_rows(html: str) -> list[str]:
    return re.findall(r'<div class="absence-who"><strong[^>]*>([^<]+)</strong>', html)


def test_the_summary_counts_and_each_count_is_a_filter(as_user):
    html = as_user("staff").get("/absence/").get_data(as_text=True)
    found = chips(html)
    # the demo company: 唐雪, 金宝山 (overdue), 叶淑华 out on approved notices, 宋建明 on a
    # pending one; 秦桂芝 found away without a notice
    assert found["离岗"] == ("/absence/?show=out", 4)
    assert found["超时未归"] == ("/absence/?show=overdue", 1)
    assert found["擅自离岗"] == ("/absence/?show=away_without_notice", 1)
    assert {"在岗", "请假", "出差", "值班", "只看不在岗"} <= set(found)
    assert found["只看不在岗"][1] == found["离岗"][1] + found["擅自离岗"][1] + found["请假"][1] + found["出差"][1]

    overdue = as_user("staff").get("/absence/?show=overdue").get_data(as_text=True)
    assert names_in_rows(overdue) == ["金宝山"] and "已超时" in overdue
    assert chips(overdue)["超时未归"][1] == 1          # the counts stay those of everyone
    away = names_in_rows(as_user("staff").get("/absence/?show=away").get_data(as_text=True))
    assert {"唐雪", "金宝山", "叶淑华", "宋建明", "秦桂芝"} <= set(away) and "林静" not in away
    at_post = names_in_rows(as_user("staff").get("/absence/?show=at_post").get_data(as_text=True))
    assert "林静" in at_post and "金宝山" not in at_post


def test_company_wide_those_overdue_come_first(as_user):
    html = as_user("staff").get("/absence/").get_data(as_text=True)
    first = html.index('class="absence-attention"')
    assert first < html.index('class="absence-summary"')          # above the departments
    attention = html[first:html.index("</section>", first)]
    assert "金宝山" in attention and "已超时" in attention and "秦桂芝" in attention
    assert "唐雪" not in attention                                  # out, not overdue


def test_in_a_list_the_overdue_come_first(app, as_user):
    with app.app_context():
        department = factories.department()
        early = factories.person(department, name="甲某某")
        factories.person(department, name="乙某某")
        late = factories.person(department, name="丙某某")
        factories.notice(late, minutes_out=90, minutes_left=-40)       # 40 minutes overdue
        factories.notice(early, minutes_out=10, minutes_left=30)
        department_id = department.id
    html = as_user("staff").get(f"/absence/?dept={department_id}").get_data(as_text=True)
    assert names_in_rows(html)[0] == "丙某某"
    href, count = chips(html)["超时未归"]
    assert count == 1 and parse_qs(urlsplit(href).query) == {"dept": [str(department_id)], "show": ["overdue"]}


def test_the_refresh_and_the_search_keep_the_filter(as_user):
    client = as_user("staff")
    fragment = client.get("/absence/?show=overdue", headers=POLL).get_data(as_text=True)
    assert "<html" not in fragment
    poll = re.search(r'<p class="muted absence-updated" hx-get="([^"]+)" hx-trigger="every 30s', fragment)
    assert poll and poll.group(1) == "/absence/?show=overdue"
    assert names_in_rows(client.get(poll.group(1), headers=POLL).get_data(as_text=True)) == ["金宝山"]
    # a search (htmx, the address pushed) answers with a fragment that refreshes itself as searched
    searched = client.get("/absence/?q=jbs&show=overdue", headers=POLL).get_data(as_text=True)
    assert 'hx-get="/absence/?q=jbs&amp;show=overdue"' in searched
    page = client.get("/absence/?show=overdue").get_data(as_text=True)
    assert '<input type="hidden" name="show" value="overdue">' in page     # the search form keeps it
    assert 'aria-current="page">超时未归' in page


@pytest.mark.parametrize("show", ["nonsense", "<script>", "overdue" * 20, ""])
def test_an_unknown_filter_is_the_whole_board(as_user, show):
    response = as_user("staff").get("/absence/", query_string={"show": show})
    assert response.status_code == 200 and 'class="absence-summary"' in response.get_data(as_text=True)


def test_the_home_page_link_lands_on_those_overdue(as_user):
    home = as_user("office").get("/").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">(?:(?!</a>).)*离岗超时未归人员', home)
    assert link, "the home panel lists the overdue"
    target = link.group(1).replace("&amp;", "&")
    assert target == "/absence/?show=overdue"
    assert names_in_rows(as_user("office").get(target).get_data(as_text=True)) == ["金宝山"]


def test_the_filtered_board_costs_the_same_statements_as_the_whole(app, as_user):
    """The counts come from the rows the board loads anyway: a filter adds no statement, and
    a larger company none either."""
    client = as_user("staff")

    def statements(url):
        with app.app_context():
            engine = db.engine
        seen = []

        def count(*args):
            seen.append(1)
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(url, headers=POLL).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    client.get("/absence/?show=away", headers=POLL)
    small = statements("/absence/?show=away")
    with app.app_context():
        department = factories.department()
        for i in range(15):
            someone = factories.person(department)
            if i % 3 == 0:
                factories.notice(someone, minutes_out=60, minutes_left=-20 - i)
    client.get("/absence/?show=away", headers=POLL)      # what is kept per worker, made afresh
    assert statements("/absence/?show=away") == small
    assert statements("/absence/?show=overdue") == small


def test_filters_in_rules():
    assert rules.row_filters(rules.ON_LEAVE_AM, False) == {rules.ON_LEAVE, rules.SHOW_AWAY}
    assert rules.row_filters(rules.OUT, True) == {rules.OUT, rules.SHOW_OVERDUE, rules.SHOW_AWAY}
    assert rules.row_filters(rules.ON_DUTY, False) == {rules.ON_DUTY}
    counts = rules.filter_counts([(rules.AT_POST, False), (rules.OUT, True), (rules.OUT, False)])
    assert counts[rules.OUT] == 2 and counts[rules.SHOW_OVERDUE] == 1 and counts[rules.SHOW_AWAY] == 2
    assert counts[rules.BUSINESS_TRIP] == 0
    ranked = sorted([(rules.AT_POST, False), (rules.AWAY_WITHOUT_NOTICE, False), (rules.OUT, True)],
                    key=lambda r: rules.attention_rank(*r))
    assert ranked == [(rules.OUT, True), (rules.AWAY_WITHOUT_NOTICE, False), (rules.AT_POST, False)]
