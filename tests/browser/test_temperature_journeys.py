"""A branch measures a household's rooms in a real browser: finds the household by typing, fills
the rooms, sees the verdict while filling, records it, and finds it in the month's register and
summary. Phone and desktop, axe on every page (each viewport its own household)."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, visit

ESTATE = {390: "和平小区", 1280: "滦河家园"}     # both of 第一分公司 (the branch manager's)


def _measured_this_month(page: Page) -> int:
    visit(page, "/service/temperatures/summary")
    row = page.locator("table.service-facts tr", has_text="测温次数")
    return int(re.match(r"\d+", row.locator("td").inner_text().strip()).group())


def test_a_branch_measures_a_household_on_a_phone_and_finds_it_in_the_month(page: Page):
    estate = ESTATE[page.viewport_size["width"]]
    login(page, "branch-mgr")
    before = _measured_this_month(page)
    visit(page, "/service/temperatures/new")
    page.locator("#pick-q").fill(estate)
    pick = page.locator("#household-pick a").first
    expect(pick).to_contain_text(estate)
    address = pick.inner_text()
    pick.click()
    expect(page.locator(".temperature-household")).to_contain_text(address)
    audit(page)
    readings = ["18.6", "17.5", "19.0", "16.2", "16.5"]          # the second bedroom is below 18 ℃
    for n, value in enumerate(readings):
        page.locator(f"#rooms-{n}-reading_c").fill(value)
    page.get_by_label("门窗关闭").check()
    page.get_by_label("测点在房间中央、距地面 1.5 米").check()
    page.locator("#outdoor_c").fill("-7")
    pad = page.locator("#signature-canvas")               # the resident signs with a finger
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * .7)
    page.mouse.down()
    for x, y in ((.3, .2), (.5, .8), (.8, .3)):
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=5)
    page.mouse.up()
    expect(page.locator("#judgement")).to_contain_text("不达标")
    expect(page.locator("#judgement")).to_contain_text("低于 18 ℃")
    audit(page)
    page.get_by_role("button", name="保存测温记录").click()
    expect(page.locator("#messages")).to_contain_text("测温记录已保存：不达标")
    expect(page.locator("main")).to_contain_text(address)
    expect(page.locator("img.measurement-signature")).to_be_visible()
    audit(page)
    visit(page, "/service/temperatures/")
    expect(page.locator("main")).to_contain_text(address)
    assert _measured_this_month(page) == before + 1
