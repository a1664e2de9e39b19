"""A deputy manager's day of decisions in a real browser: from the 审批 entry of the menu to
/decisions, a leave request approved in its row — the row says so, the message is green, the
badge counts one less — with axe on every page. (The GM's roster and overtime, a head's
register conflict and connection application have journeys of their own.)"""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login

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
