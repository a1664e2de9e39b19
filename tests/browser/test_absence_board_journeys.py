"""The absence board as the office uses it on a phone and at a desk: from the home page's
离岗超时未归人员 to the overdue person on the first screen, the filter kept by the board's
refresh; recording 擅自离岗 asks first and can be taken back; the away card's preview
fits the screen. Phone and desktop, axe on every page.

Each viewport uses its own people (the server is shared by the module): phone 林静, desktop
孙志强 are found away."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, visit

FOUND_AWAY = {390: "林静", 1280: "孙志强"}


def on_first_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_from_the_home_page_to_the_overdue_person(page: Page):
    login(page, "office")
    page.get_by_role("link", name="离岗超时未归人员").click()
    page.wait_for_url("**/absence/?show=overdue")
    row = page.locator(".absence-person", has_text="金宝山")
    expect(row).to_contain_text("已超时")
    expect(page.locator(".absence-person")).to_have_count(1)
    assert on_first_screen(page, row)
    expect(page.locator(".absence-filters [aria-current]")).to_contain_text("超时未归")
    audit(page)
    # the board refreshes itself (every 30 s; here the same refresh, now): still the overdue only
    page.evaluate("() => { window.sameDocument = true; document.body.dispatchEvent(new Event('absence-refresh')); }")
    page.wait_for_timeout(500)
    expect(page.locator(".absence-person")).to_have_count(1)
    expect(page.locator(".absence-filters [aria-current]")).to_contain_text("超时未归")
    assert page.evaluate("() => window.sameDocument === true")

    # company-wide, those overdue come first too
    visit(page, "/absence/")
    attention = page.locator(".absence-attention")
    expect(attention).to_contain_text("金宝山")
    assert on_first_screen(page, attention.get_by_text("金宝山"))
    page.locator(".absence-filters").get_by_role("link", name="只看不在岗").click()
    expect(page.locator(".absence-person", has_text="唐雪")).to_be_visible()
    audit(page)


def test_recording_an_absence_asks_first_and_can_be_taken_back(page: Page):
    name = FOUND_AWAY[page.viewport_size["width"]]
    login(page, "office")
    visit(page, f"/absence/?q={name}")
    row = page.locator(".absence-person", has_text=name)
    expect(row).to_contain_text("在岗")

    row.get_by_role("button", name="擅自离岗").click()
    expect(row).to_contain_text(f"确认将{name}记为擅自离岗（旷工）？")
    audit(page)
    # the board's refresh waits while the question is open
    page.evaluate("() => document.body.dispatchEvent(new Event('absence-refresh'))")
    page.wait_for_timeout(500)
    expect(row).to_contain_text("确认将")
    row.get_by_role("link", name="取消").click()
    expect(row).not_to_contain_text("确认将")
    expect(row.locator(".tag")).to_have_text("在岗")

    row.get_by_role("button", name="擅自离岗").click()
    row.get_by_role("button", name="确认记录").click()
    expect(row.locator(".tag")).to_have_text("擅自离岗")
    expect(row).to_contain_text("旷工")
    undo = row.get_by_role("button", name="撤销（1分钟内）")
    expect(undo).to_be_visible()
    audit(page)
    undo.click()
    expect(row).to_contain_text("已撤销")
    expect(row.locator(".tag")).to_have_text("在岗")
    expect(row.get_by_role("button", name="撤销（1分钟内）")).to_have_count(0)
    audit(page)


def test_the_away_card_preview_fits_the_screen(page: Page):
    login(page, "tangxue")                       # 唐雪, out on an approved notice
    visit(page, "/absence/")
    page.get_by_role("link", name="告知单和告示卡").click()
    audit(page)
    page.get_by_role("link", name="查看告示卡").click()
    audit(page)
    card = page.locator(".awaycard")
    width = page.viewport_size["width"]
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    title = page.locator(".awaycard-title")
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1")             # 离岗告示, not 离岗告
    title_box = title.bounding_box()
    assert title_box["x"] + title_box["width"] <= box["x"] + box["width"]
    code = page.locator(".awaycard-qr img")
    code_box = code.bounding_box()
    assert code_box["width"] >= 70 and code_box["x"] + code_box["width"] <= box["x"] + box["width"], code_box
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")   # no sideways scroll


def test_a_deputy_goes_from_the_company_figures_to_who_is_overdue(page: Page):
    """The leadership's home page counts who is overdue back; the figure opens the board on
    exactly those people, the first of them on the first screen."""
    login(page, "deputy")
    figure = page.locator(".figures .figure", has_text="超时未归").get_by_role("link")
    overdue = int(figure.locator(".value").inner_text())
    assert overdue > 0
    figure.click()
    page.wait_for_url("**/absence/?show=overdue")
    people = page.locator(".absence-person")
    expect(people).to_have_count(overdue)
    expect(people.first).to_contain_text("已超时")
    assert on_first_screen(page, people.first)
    audit(page)


def test_a_head_goes_from_my_department_now_to_the_board_of_the_department(page: Page):
    """The customer-service head reads who of her people is away on her home page (唐雪, out on
    a notice); the count opens the board on her department, where each of them is found away."""
    login(page, "cs-head")
    card = page.locator(".team-now")
    names = [text.split("（")[0] for text in card.locator(".team-people li").all_inner_texts()]
    assert "唐雪" in names
    card.locator("dt", has_text="此刻不在岗").locator("xpath=following-sibling::dd[1]").get_by_role("link").click()
    page.wait_for_url("**/absence/?dept=*")
    for name in names:
        expect(page.locator(".absence-person", has_text=name).locator(".tag").first).not_to_have_text("在岗")
    audit(page)


def test_the_office_head_opens_the_board_of_his_department_from_his_home_page(page: Page):
    """From 本部门此刻 on the office head's home page to the board of the office alone, its
    people listed under its name (on a phone as at a desk)."""
    login(page, "office-head")
    part = page.locator(".team-now dt", has_text="此刻不在岗").locator("xpath=following-sibling::dd[1]")
    part.get_by_role("link").click()
    page.wait_for_url("**/absence/?dept=*")
    expect(page.locator(".absence-dept h2")).to_have_text(["办公室"])
    expect(page.locator(".absence-dept .absence-person").first).to_be_visible()
    audit(page)
