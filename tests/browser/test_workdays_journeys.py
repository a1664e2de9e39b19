"""The office enters a year's holiday schedule in a real browser (phone and desktop), every
page checked with axe-core. Each viewport enters its own year (no package knows either), so
the journeys do not depend on each other."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, expect_status, login, visit

YEAR = {390: 2029, 1280: 2030}


def test_the_office_previews_and_enters_a_schedule(page: Page):
    year = YEAR[page.viewport_size["width"]]
    login(page, "office")
    visit(page, f"/leave/duty?month={year}-01")
    notice = page.locator(".provisional")
    expect(notice).to_contain_text(f"{year}年放假安排尚未录入，按法定节假日暂计")
    notice.get_by_role("link", name="录入放假安排").click()
    expect(page).to_have_url(re.compile(rf"/admin/calendar/\?year={year}$"))
    expect(page.locator("main h1")).to_have_text("工作日历")
    audit(page)

    page.get_by_label("放假日期（节假日）").fill(f"{year}年1月1日\n2月30日")
    expect_status(page, 422, "/admin/calendar/")      # refused: the form comes back with its message
    page.get_by_role("button", name="预览").click()
    expect(page.locator("#holidays-msg")).to_contain_text("“2月30日”不是存在的日期")
    expect(page.get_by_label("放假日期（节假日）")).to_have_value(f"{year}年1月1日\n2月30日")
    audit(page)

    page.get_by_label("放假日期（节假日）").fill(f"元旦：{year}年1月1日\n2月1日至7日")
    page.get_by_label("调休上班日期").fill("")
    page.get_by_role("button", name="预览").click()
    preview = page.locator("section", has=page.get_by_role("heading", name=re.compile("^预览")))
    expect(preview).to_contain_text("2月1日至7日")
    audit(page)

    page.get_by_role("button", name="录入放假安排").click()
    expect(page.locator(".flash-success")).to_contain_text(f"{year}年放假安排已录入")
    expect(page.locator(".workdays-history")).to_contain_text("陈晓燕")
    audit(page)

    visit(page, f"/leave/duty?month={year}-02")
    expect(page.locator(".provisional")).to_have_count(0)


def test_staff_cannot_open_the_working_calendar(page: Page):
    login(page, "staff")
    visit(page, "/admin/calendar/", status=403)
