"""One page of every decision waiting for a user (leave, notices, overtime, leave approved over
a 旷工, car requests and repairs, connection applications), decided in their rows, under one 审批 badge that counts all of it; people who never
decide anything have no 审批 in their menu."""

import re


from portal.extensions import db
from portal.leave.models import LeaveRequest
from portal.staff.demo import DEMO_ACCOUNTS

HX = {"HX-Request": "true"}


def _badge(client) -> int:
    text = client.get("/decisions/badge", headers=HX).get_data(as_text=True)
    found = re.search(r'nav-count">(\d+)', text)
    return int(found.group(1)) if found else 0


def _sections(page: str) -> dict[str, int]:
    """{section anchor: rows listed in the index}"""
    return {key: int(n) for key, n in re.findall(r'href="#([\w-]+)">[^<]*<span class="nav-count">(\d+)</span>', page)}


def test_the_gm_sees_every_kind_and_the_badge_counts_them_all(as_user):
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    sections = _sections(page)
    assert {"leave", "overtime", "car-requests", "car-repairs"} <= set(sections)
    assert 'id="leave-row-' in page and 'id="ot-' in page and 'id="car-request-' in page and 'id="repair-' in page
    assert _badge(gm) == sum(sections.values()) > 0
    menu = gm.get("/").get_data(as_text=True).split('aria-label="主导航"')[1].split("</nav>")[0]
    assert 'href="/decisions"' in menu and "/decisions/badge" in menu
    assert 'href="/leave/inbox"' not in menu                    # one 审批 in the menu


def test_a_decision_made_on_the_page_leaves_the_page_and_the_badge(app, as_user):
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    before = _badge(gm)
    request_id = int(re.search(r'id="leave-row-(\d+)"', page).group(1))
    row = gm.post(f"/leave/{request_id}/decide", data={"outcome": "approve"}, headers=HX)
    assert row.status_code == 200 and f'id="leave-row-{request_id}"' in row.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LeaveRequest, request_id).state == "approved"
    assert _badge(gm) == before - 1
    assert f'id="leave-row-{request_id}"' not in gm.get("/decisions").get_data(as_text=True)


def test_a_head_sees_the_notices_of_their_people(as_user):
    head = as_user("invest-head")
    page = head.get("/decisions").get_data(as_text=True)
    assert _badge(head) == sum(_sections(page).values())


def test_who_never_decides_has_no_approvals_in_the_menu(as_user):
    for who in ("guard", "driver", "staff", "cs", "inspector"):
        client = as_user(who)
        menu = client.get("/").get_data(as_text=True).split('aria-label="主导航"')[1].split("</nav>")[0]
        assert "/decisions" not in menu and "审批" not in menu, who
        page = client.get("/decisions").get_data(as_text=True)   # a stand-in still finds the page
        assert "目前没有等待您审批的事项。" in page and _badge(client) == 0, who


def test_a_long_kind_shows_its_first_rows_and_sends_to_its_page_for_the_rest(as_user, monkeypatch):
    from portal.home import decisions
    monkeypatch.setattr(decisions, "SHOWN", 1)
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    overtime = page.split('id="overtime"')[1].split("</section>")[0]
    total = _sections(page)["overtime"]
    assert total > 1 and overtime.count('class="overtime-item"') == 1
    assert f"另有{total - 1}项，请到原页面处理" in overtime and 'href="/leave/overtime"' in overtime
    # only the rows shown are loaded whole; the count is of all that wait (the inbox lists them all)
    leave = page.split('id="leave"')[1].split("</section>")[0]
    waiting = gm.get("/leave/inbox").get_data(as_text=True).count('id="leave-row-')
    assert waiting > 1 and _sections(page)["leave"] == waiting and leave.count('id="leave-row-') == 1
    assert f"另有{waiting - 1}项，请到原页面处理" in leave



def test_when_many_kinds_wait_each_shows_fewer_rows(as_user, monkeypatch):
    from portal.home import decisions
    gm = as_user("gm")

    def overtime_shown(page_rows: int) -> tuple[int, str]:
        monkeypatch.setattr(decisions, "PAGE_ROWS", page_rows)
        page = gm.get("/decisions").get_data(as_text=True)
        assert len(_sections(page)) >= 6, "the GM decides many kinds"
        overtime = page.split('id="overtime"')[1].split("</section>")[0]
        return overtime.count('class="overtime-item"'), overtime

    monkeypatch.setattr(decisions, "LEAST", 1)
    waiting = _sections(gm.get("/decisions").get_data(as_text=True))["overtime"]
    assert 1 < waiting <= decisions.SHOWN
    assert overtime_shown(100)[0] == waiting                  # a long page allowed: all of them
    shown, overtime = overtime_shown(6)                        # six kinds or more in six rows: one of each
    assert shown == 1 and f"另有{waiting - 1}项，请到原页面处理" in overtime

def test_a_refusal_on_the_page_is_neutral_whatever_the_kind(as_user):
    from tests.absence.test_refusal import messages
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    for row_id, action in (("car-request", "/vehicles/requests/{}/decide"), ("repair", "/vehicles/repairs/{}/decide"),
                           ("ot", "/leave/overtime/{}/decide")):
        found = re.search(rf'id="{row_id}-(\d+)"', page)
        assert found, row_id
        answer = gm.post(action.format(found.group(1)), data={"outcome": "refuse", "note": "预算不足，下月再议。"}, headers=HX)
        assert answer.status_code == 200 and messages(answer.get_data(as_text=True))[0][0] == "info", row_id


def test_the_badge_counts_exactly_the_home_items_that_wait_for_a_decision(as_user):
    """Every demo account: the home page's items leading to /decisions add up to the badge (the
    badge asks only the providers registered as deciding, so an item left out of them would show
    on the home page and be missing from the badge)."""
    for who in DEMO_ACCOUNTS:
        client = as_user(who)
        home = client.get("/").get_data(as_text=True)
        decisions = sum(int(n) for n in re.findall(r'<a href="/decisions#[\w-]+"><span class="count">(\d+)</span>', home))
        assert _badge(client) == decisions, who


def test_a_head_decides_a_connection_application_on_the_page_as_the_badge_counted_it(app, as_user):
    from portal.service.models import ConnectionApproval
    from tests.absence.test_refusal import messages
    head = as_user("invest-head")
    page = head.get("/decisions").get_data(as_text=True)
    listed = re.findall(r'id="conn-approval-(\d+)"', page)
    assert _sections(page)["connections"] == len(listed) > 0 and _badge(head) == sum(_sections(page).values())
    approval_id = int(listed[0])
    row = page.split(f'id="conn-approval-{approval_id}"')[1].split("</li>")[0]
    assert "入网申请 #" in row and "答复期限" in row and "投资发展部" not in row.split("</h3>")[1]
    action = f"/service/connections/approvals/{approval_id}/decide"
    refused = head.post(action, data={"outcome": "refuse", "note": ""}, headers=HX)      # a reason is needed
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    badge = _badge(head)
    answer = head.post(action, data={"outcome": "refuse", "note": "管网容量不足，须先扩容。"}, headers=HX)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and f'id="conn-approval-{approval_id}"' in body and "管网容量不足" in body
    applicant = re.search(r"入网申请 #\d+ · ([^<]+)</a>", row).group(1)
    assert messages(body)[0] == ("info", f"未批准：{applicant}。")        # which application, not whose department
    assert 'name="outcome"' not in body.split('id="messages"')[0]
    assert _badge(head) == badge - 1
    again = head.post(action, data={"outcome": "approve"}, headers=HX)
    assert again.status_code == 409
    with app.app_context():
        assert db.session.get(ConnectionApproval, approval_id).state == "refused"


def test_a_refusal_without_a_reason_is_said_once_beside_the_reason(as_user):
    """In its row (the box marked invalid, the message under it) and not a second time at the top
    of the page: a screen reader would read it twice, a phone would show it twice."""
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    rows = [("leave-row", "/leave/{}/decide"), ("car-request", "/vehicles/requests/{}/decide"),
            ("repair", "/vehicles/repairs/{}/decide"), ("ot", "/leave/overtime/{}/decide")]
    for row_id, action in rows:
        found = re.search(rf'id="{row_id}-(\d+)"', page)
        assert found, row_id
        answer = gm.post(action.format(found.group(1)), data={"outcome": "refuse", "note": ""}, headers=HX)
        html = answer.get_data(as_text=True)
        row, _sep, messages = html.partition('<div id="messages"')
        assert answer.status_code == 422 and 'aria-invalid="true"' in row and "请填写理由" in row, row_id
        assert messages and "请填写理由" not in messages and 'class="flash' not in messages, row_id


def test_deciding_in_a_row_tells_the_page_to_count_the_badge_again(as_user):
    gm = as_user("gm")
    page = gm.get("/decisions").get_data(as_text=True)
    assert 'hx-trigger="load, every 60s, decided from:body"' in page       # the badge listens
    leave_id = re.search(r'id="leave-row-(\d+)"', page).group(1)
    refused = gm.post(f"/leave/{leave_id}/decide", data={"outcome": "refuse", "note": ""}, headers=HX)
    assert refused.status_code == 422 and "HX-Trigger" not in refused.headers   # nothing was decided
    answer = gm.post(f"/leave/{leave_id}/decide", data={"outcome": "approve", "note": ""}, headers=HX)
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "decided"
    plain = gm.get("/decisions")
    assert "HX-Trigger" not in plain.headers


def test_leave_approved_over_absence_waits_on_the_page_of_its_approver_and_the_office(as_user):
    """Sick leave approved for a day the office had found 旷工 (the demo's 方玉洁, 第二分公司):
    resolved by the head who approved it or by the office clerk — on their decisions page, counted
    by their badge — with a reason; once resolved it leaves both pages and both badges."""
    office, approver, other_head = as_user("office"), as_user("liaochunsheng"), as_user("invest-head")
    menu = office.get("/").get_data(as_text=True).split('aria-label="主导航"')[1].split("</nav>")[0]
    assert 'href="/decisions"' in menu                          # the office clerk decides this
    badges = {}
    for client in (office, approver):
        page = client.get("/decisions").get_data(as_text=True)
        assert _sections(page)["leave-conflicts"] == 1 and "方玉洁" in page.split('id="leave-conflicts"')[1]
        badges[client] = _badge(client)
        assert badges[client] == sum(_sections(page).values())
    assert "leave-conflicts" not in _sections(other_head.get("/decisions").get_data(as_text=True))
    assert 'href="/decisions#leave-conflicts"' in approver.get("/").get_data(as_text=True)

    page = office.get("/decisions").get_data(as_text=True)
    leave_id, day = re.search(r'id="leave-conflict-(\d+)-([\d-]+)"', page).groups()
    url = f"/leave/conflicts/leave/{leave_id}/{day}/decide"
    refused = office.post(url, data={"outcome": "approve"}, headers=HX)
    assert refused.status_code == 422 and "请填写处理理由" in refused.get_data(as_text=True)
    row = office.post(url, data={"outcome": "approve", "note": "医院证明已补交"}, headers=HX)
    assert row.status_code == 200 and "按请假处理" in row.get_data(as_text=True)
    for client in (office, approver):
        assert "leave-conflicts" not in _sections(client.get("/decisions").get_data(as_text=True))
        assert _badge(client) == badges[client] - 1
