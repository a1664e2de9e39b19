"""An area's sub-menu on a phone is one row that scrolls sideways: the page's heading is on the
first screen (the leave area's eleven entries took three rows before), and the page does not
grow wider than the phone."""

from playwright.sync_api import Page

from tests.browser.conftest import login, visit


def test_a_sub_menu_is_one_row_on_a_phone(page: Page):
    login(page, "office")
    visit(page, "/leave/")
    menu = page.locator("nav.subnav ul")
    height = menu.evaluate("ul => ul.getBoundingClientRect().height")
    item = page.locator("nav.subnav li").first.evaluate("li => li.getBoundingClientRect().height")
    if page.viewport_size["width"] < 720:
        assert height < item * 1.6, f"the sub-menu takes {height:.0f} px, an entry {item:.0f} px"
        assert page.locator("h1").evaluate("h => h.getBoundingClientRect().top") < 320
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
