"""Leave-post notices in a real browser: an employee steps out from a phone, the head approves
with one click, the board — already open — shows them out with a countdown without a reload,
and the employee taps 我回来了. Phone and desktop, axe on every page.

Each viewport uses its own people: phone 林静 → 罗志远; desktop 孙志强 → 周振华."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, switch_user, visit

PEOPLE = {390: ("staff", "林静", "invest-head"), 1280: ("driver", "孙志强", "office-head")}


def test_step_out_approve_watch_and_come_back(page: Page):
    requester, name, approver = PEOPLE[page.viewport_size["width"]]

    login(page, requester)
    page.locator("nav.menu").get_by_role("link", name="在岗情况").click()
    expect(page.locator("main h1")).to_have_text("在岗情况")
    audit(page)
    page.get_by_role("link", name="我要离岗").click()
    audit(page)
    page.get_by_label("事由").select_option("site_visit")
    page.get_by_role("button", name="提交审批").click()
    expect(page).to_have_url(re.compile(r"/absence/\d+$"))
    expect(page.locator("#messages")).to_contain_text("已请")
    expect(page.locator("main h1")).to_contain_text("待批准")
    notice_id = re.search(r"/absence/(\d+)$", page.url).group(1)
    audit(page)

    # The head keeps the board open, approves (one click, as from another tab) …
    switch_user(page, approver)
    visit(page, f"/absence/?q={name}")
    page.evaluate("() => { window.sameDocument = true; }")
    row = page.locator(".absence-person", has_text=name)
    expect(row).to_contain_text("待批准")
    token = page.evaluate("() => JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']")
    response = page.request.post(f"/absence/{notice_id}/decide", form={"outcome": "approve", "csrf_token": token})
    assert response.ok
    # … and the board refreshes itself (every 30 s; here the same refresh, triggered now).
    page.evaluate("() => document.body.dispatchEvent(new Event('absence-refresh'))")
    expect(row).not_to_contain_text("待批准")
    expect(row.locator(".absence-countdown")).to_have_text(re.compile(r"^还有 \d+ (小时|分钟)"))
    assert page.evaluate("() => window.sameDocument === true")   # no reload
    audit(page)

    visit(page, "/absence/approvals")
    expect(page.locator(f"#notice-{notice_id}")).to_have_count(0)   # decided: off the list

    # Back at the desk.
    switch_user(page, requester)
    visit(page, "/absence/")
    page.get_by_role("button", name="我回来了").click()
    expect(page.locator("#messages")).to_contain_text("欢迎回来")
    expect(page.locator(".absence-mine")).to_have_count(0)
    audit(page)
