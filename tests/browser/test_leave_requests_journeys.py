"""Leave requests in a real browser: an employee asks for leave and sees, before submitting,
how many working days it is and who decides; the approver approves it from the inbox without
a reload; the employee reports back (销假). Phone and desktop, axe on every page.

Each viewport uses its own people and dates (the live portal is shared by the module):
phone 林静 → her head 罗志远; desktop 孙志强 → his head 周振华.
"""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from portal import clock
from portal.leave import rules
from tests.browser.conftest import audit, expect_status, login, switch_user, visit

# (requester, approver, approver's name, days ahead of today): future days, clear of the demo's
PEOPLE = {390: ("staff", "invest-head", "罗志远", 15),
          1280: ("driver", "office-head", "周振华", 22)}


def _working_day(days_ahead: int):
    return rules.next_working_day(clock.local_today() + timedelta(days=days_ahead))


def test_ask_approve_and_report_back(page: Page):
    requester, approver, approver_name, after = PEOPLE[page.viewport_size["width"]]
    day = _working_day(after)

    login(page, requester)
    page.locator("nav.menu").get_by_role("link", name="请假").click()
    expect(page.locator("main h1")).to_have_text("我的请假")
    audit(page)

    page.get_by_label("请假类别").select_option("personal")
    page.get_by_label("开始日期").fill(day.isoformat())
    page.get_by_label("结束日期").fill(day.isoformat())
    page.get_by_label("结束日期").dispatch_event("change")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("共 1 个工作日")
    expect(preview).to_contain_text(f"由部门负责人 {approver_name} 审批")
    page.get_by_label("结束于").select_option("am")
    expect(preview).to_contain_text("共 0.5 个工作日")
    audit(page)
    page.get_by_label("请假事由").fill("家里有事，需要半天。")
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(re.compile(r"/leave/\d+$"))
    expect(page.locator("#messages")).to_contain_text(f"已送 {approver_name} 审批")
    request_id = re.search(r"/leave/(\d+)$", page.url).group(1)
    audit(page)

    switch_user(page, approver)
    visit(page, "/leave/inbox")
    page.evaluate("() => { window.sameDocument = true; }")
    row = page.locator(f"#leave-row-{request_id}")
    expect_status(page, 422, f"/leave/{request_id}/decide")   # refusing without a reason
    row.get_by_role("button", name="不批准").click()
    expect(page.locator(f"#leave-row-{request_id}")).to_contain_text("不批准时请填写理由")
    audit(page)
    _assert_decision_usable(page, f"#leave-row-{request_id}")
    page.locator(f"#leave-row-{request_id}").get_by_role("button", name=re.compile("^批准")).click()
    expect(page.locator(f"#leave-row-{request_id}")).to_contain_text("已批准")
    assert page.evaluate("() => window.sameDocument === true"), "the inbox reloaded"
    audit(page)

    # The requester reports back from the leave they took earlier.
    switch_user(page, requester)
    visit(page, "/leave/")
    page.locator("main table").get_by_role("link").filter(has_text="病假").first.click()
    expect(page.locator("main h1")).to_contain_text("病假")
    audit(page)
    page.get_by_role("button", name="销假").click()
    expect(page.locator("#messages")).to_contain_text("欢迎回来")
    expect(page.locator(".leave-history")).to_contain_text("已销假")
    audit(page)


def _assert_decision_usable(page: Page, row: str):
    """After a refusal without a reason the row keeps its layout: the reason box as wide as
    the decision cell's content, each button on one line, the message under them."""
    sizes = page.evaluate("""(row) => {
        const cell = document.querySelector(row + ' form.decide').closest('td');
        const box = (el) => el.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(cell).lineHeight) || 24;
        return {cell: box(cell).width, form: box(cell.querySelector('form.decide')).width,
                note: box(cell.querySelector('input[name=note]')).width,
                error: box(cell.querySelector('.errors')).width,
                buttons: [...cell.querySelectorAll('.decide-buttons button')].map(
                    b => ({width: box(b).width, height: box(b).height, text: b.scrollWidth})),
                line};
    }""", row)
    if page.viewport_size["width"] < 600:   # the row is a card: the decision takes the cell's width
        assert sizes["form"] >= 0.6 * sizes["cell"], sizes
        assert sizes["note"] >= 0.95 * sizes["form"], sizes
        assert sizes["error"] >= 0.6 * sizes["cell"], sizes
    for button in sizes["buttons"]:
        assert button["height"] < 2 * sizes["line"], sizes    # one line, not a character a line
