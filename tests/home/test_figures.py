"""The company now, in figures, on the home page of the leadership (and the office's people
part): the same counts as the board's summary and the commitments page, each leading to its
list; nobody else sees it; a change made here shows at once."""

import re

from portal.home import figures
from tests.absence.test_board_filters import chips


def card(html: str) -> dict[str, tuple[str, str]]:
    """The card's figures: label -> (value, link)."""
    found = re.search(r'<section class="card figures".*?</section>', html, re.S)
    if not found:
        return {}
    return {label: (value, href.replace("&amp;", "&")) for href, value, label in re.findall(
        r'<a href="([^"]+)"><span class="value">([^<]+)</span><span class="label">([^<]+)</span>', found.group(0))}


def test_the_gm_reads_the_company_now_as_the_board_and_the_commitments_page_count_it(as_user):
    gm = as_user("gm")
    home = gm.get("/").get_data(as_text=True)
    shown = card(home)
    board = chips(gm.get("/absence/").get_data(as_text=True))
    for label in ("在岗", "请假", "出差", "值班", "超时未归", "擅自离岗"):
        assert shown[label] == (str(board[label][1]), board[label][0]), label
    assert shown["不在岗"] == (str(board["只看不在岗"][1]), "/absence/?show=away")
    assert shown["当前在外的车辆"][1] == "/vehicles/gate"
    late = re.search(r'<span class="count">(\d+)</span> 已超时限、尚未到场的工单', home).group(1)
    assert shown["已超时限、尚未到场的工单"] == (late, "/service/tickets") and int(late) > 0   # as the to-do list says
    commitments = gm.get("/public/commitments").get_data(as_text=True)
    share, link = shown["室温达标率"]
    assert link == "/public/commitments"
    shown_there = ('<p class="share share-none">' if share == "—"      # a season with nothing measured yet
                   else f'<p class="share">{share.removesuffix("%")}<span class="percent">%</span>')
    assert shown_there in commitments
    chart = 'img class="figure-chart" src="data:image/svg+xml;base64,' in gm.get("/").get_data(as_text=True)
    assert chart == (share != "—")            # month by month, once anything was measured


def test_who_sees_which_figures(as_user):
    deputy = card(as_user("deputy").get("/").get_data(as_text=True))
    assert "超时未归" in deputy and "室温达标率" in deputy
    assert "当前在外的车辆" not in deputy                 # the gate is the GM's and the guard's
    office = card(as_user("office").get("/").get_data(as_text=True))
    assert "超时未归" in office and "室温达标率" not in office and "已超时限、尚未到场的工单" not in office
    for who in ("staff", "guard", "driver", "cs", "invest-head"):
        assert "公司此刻" not in as_user(who).get("/").get_data(as_text=True), who


def test_a_finding_at_the_board_shows_on_the_gm_home_at_once(app, as_user):
    from tests import factories
    with app.app_context():
        worker = factories.person()
        worker_id = worker.id
    gm = as_user("gm")
    before = int(card(gm.get("/").get_data(as_text=True))["擅自离岗"][0])
    response = as_user("office").post(f"/absence/presence/{worker_id}",
                                      data={"found": "away_without_notice", "confirm": "yes"})
    assert response.status_code in (200, 302, 303)
    assert int(card(gm.get("/").get_data(as_text=True))["擅自离岗"][0]) == before + 1


def test_the_card_is_made_once_for_everyone_who_sees_the_same(app, as_user, monkeypatch):
    made = []
    source = next(s for s in figures.SOURCES if s.name.endswith("people_now"))
    monkeypatch.setattr(figures, "SOURCES", [figures.Source(source.name, source.shown_to, source.order,
                                                            lambda: made.append(1) or source.make())])
    office, office_head = as_user("office"), as_user("office-head")      # logging in commits
    figures.CARD.clear()
    office.get("/")
    office_head.get("/")
    assert len(made) == 1
