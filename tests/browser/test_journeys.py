"""Journeys through the portal in a real browser, walked as the demo users would walk them.

Each test runs at phone and at desktop size (the `page` fixture); every page on the way is
checked with axe-core, and any console error, failed request or unexpected error status
fails the test (see conftest.py).
"""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, login_with_keyboard, visit

HEADING = "main h1"


def test_log_in_with_the_keyboard_only(page: Page):
    login_with_keyboard(page, "staff")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(HEADING)).to_have_text("您好，林静")


def test_directory_search_as_you_type(page: Page):
    login(page, "staff")
    visit(page, "/staff/")
    results = page.locator("#results")
    count = results.locator(".result-count")
    full_list = "只显示前 50 条结果，请输入更多内容缩小范围。"  # 63 people, 50 shown at most
    expect(count).to_have_text(full_list)
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads

    page.locator("#q").press_sequentially("wjg", delay=50)
    expect(page).to_have_url(re.compile(r"/staff/\?q=wjg(&|$)"))
    expect(results.locator("table")).to_contain_text("王建国")
    expect(count).to_have_text("共 1 人")
    audit(page)

    page.locator("#q").fill("")
    expect(count).to_have_text(full_list)
    page.locator("#dept").select_option(label="警卫班")
    expect(page).to_have_url(re.compile(r"[?&]dept=\d+"))
    expect(count).to_have_text("共 5 人")
    expect(results.locator("table")).to_contain_text("邹德明")
    expect(results.locator("table")).not_to_contain_text("王建国")
    assert page.evaluate("() => window.sameDocument") is True, "the directory reloaded the page"
    audit(page)

    results.get_by_role("link", name="邹德明").click()
    expect(page).to_have_url(re.compile(r"/staff/\d+$"))
    expect(page.locator(HEADING)).to_have_text("邹德明")
    expect(page.get_by_role("heading", name=re.compile("^岗位职责"))).to_be_visible()
    substitute = page.locator("dt", has_text=re.compile("^代岗人$"))
    expect(substitute).to_be_visible()
    expect(substitute.locator("xpath=following-sibling::dd[1]/a")).not_to_have_count(0)
    audit(page)


def test_admin_edits_a_phone_number(page: Page):
    new_phone = f"1390335{page.viewport_size['width']:04d}"  # differs per viewport
    contact = f"曹母 0335-202{page.viewport_size['width']:04d}"
    login(page, "admin")
    visit(page, "/staff/?q=曹磊")
    page.locator("#results").get_by_role("link", name="曹磊").click()
    expect(page.locator(HEADING)).to_have_text("曹磊")
    audit(page)

    page.get_by_role("link", name="编辑", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/admin/employees/\d+/edit$"))
    audit(page)

    page.locator("#emergency_contact").fill(contact)
    page.locator("#phone").fill("139-电话")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#phone-msg")).to_have_text("请只填数字，例如 13803351234 或 0335-2021234。")
    expect(page.locator("#phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#phone")).to_have_value("139-电话")
    expect(page.locator("#emergency_contact")).to_have_value(contact)
    audit(page)

    page.locator("#phone").fill(new_phone)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/\d+$"))
    expect(page.locator("#messages")).to_contain_text("已保存。")
    expect(page.locator("dt:text-is('手机') + dd")).to_have_text(new_phone)
    expect(page.locator("dt:text-is('紧急联系人') + dd")).to_have_text(contact)
    audit(page)


def test_staff_cannot_open_the_administration(page: Page):
    login(page, "staff")
    visit(page, "/staff/admin", status=403)
    expect(page.locator(HEADING)).to_have_text("无权访问")
    expect(page.locator("main")).to_contain_text("您没有打开此页面的权限。")


def test_switch_to_english_and_back(page: Page):
    login(page, "staff")
    visit(page, "/staff/?q=wjg")
    expect(page.locator(HEADING)).to_have_text("员工通讯录")

    page.locator("footer").get_by_role("button", name="English").click()
    expect(page.locator(HEADING)).to_have_text("Staff directory")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/staff/\?q=wjg$"))  # back on the same page
    expect(page.locator("#results table")).to_contain_text("王建国")
    audit(page)

    page.locator("footer").get_by_role("button", name="中文").click()
    expect(page.locator(HEADING)).to_have_text("员工通讯录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_url(re.compile(r"/staff/\?q=wjg$"))
    audit(page)


def test_log_out_and_back_is_the_login_page(page: Page):
    login(page, "staff")
    expect(page.locator(HEADING)).to_have_text("您好，林静")

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("#messages")).to_contain_text("您已退出登录。")
    audit(page)

    page.go_back()  # the browser's Back button, to the home page it showed before
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)$"))
    expect(page.locator("#username")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("林静")
    audit(page)

    visit(page, "/")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)$"))
    expect(page.locator("#username")).to_be_visible()
