"""A deputy manager's day of decisions in a real browser: from the 审批 entry of the menu to
/decisions, a leave request approved in its row — the row says so, the message is green, the
badge counts one less — with axe on every page. (The GM's roster and overtime, a head's
register conflict and connection application have journeys of their own.)"""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, expect_status, login

# deputy2 decides for the deputy too while the deputy is away (the demo): a row per size.
ROW = {390: 0, 1280: 1}


def test_a_deputy_approves_leave_in_its_row_on_the_decisions_page(page: Page):
    login(page, "deputy2")
    menu = page.get_by_role("link", name=re.compile("^审批"))
    badge = int(re.sub(r"\D", "", menu.inner_text()) or 0)
    assert badge > 0
    menu.click()
    expect(page.locator("main h1")).to_have_text("待我审批")
    audit(page)
    row = page.locator("#leave tbody tr").nth(ROW[page.viewport_size["width"]])
    name = row.locator("td").first.locator("a").inner_text()
    row.get_by_role("button", name=re.compile("^批准")).click()
    expect(page.locator("#messages .flash-success")).to_contain_text(f"已批准：{name}")
    expect(row).to_contain_text("已批准")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(menu).to_contain_text(str(badge - 1))
    audit(page)


def test_leave_approved_over_absence_is_resolved_on_the_decisions_page(page: Page):
    """The demo's 方玉洁: found 旷工 by the office, sick leave for the day approved afterwards by
    her branch manager. On a phone the manager finds it under 审批 and is asked for the reason;
    on a desktop the office clerk resolves it for the leave, and it leaves the badge."""
    phone = page.viewport_size["width"] < 600
    login(page, "liaochunsheng" if phone else "office")
    menu = page.get_by_role("link", name=re.compile("^审批"))
    badge = int(re.sub(r"\D", "", menu.inner_text()) or 0)
    menu.click()
    audit(page)
    section = page.locator("#leave-conflicts")
    expect(section.locator("h2")).to_contain_text("已批准请假与旷工冲突")
    row = section.locator("li", has_text="方玉洁")
    expect(row).to_contain_text("病假")
    if phone:
        expect_status(page, 422, row.locator("form").get_attribute("action"))   # no reason yet
        row.get_by_role("button", name=re.compile("^按请假处理")).click()
        expect(row.locator(".errors")).to_have_text("请填写处理理由。")
        expect(menu).to_contain_text(str(badge))
    else:
        row.get_by_role("textbox").fill("医院证明已补交，按病假计。")
        row.get_by_role("button", name=re.compile("^按请假处理")).click()
        expect(page.locator("#messages .flash-success")).to_contain_text("方玉洁")
        expect(row).to_contain_text("按请假处理 · 陈晓燕")
        expect(row.get_by_role("button")).to_have_count(0)
        expect(menu).to_have_text(f"审批 {badge - 1}" if badge > 1 else "审批")
    audit(page)
