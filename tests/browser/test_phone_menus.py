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


def test_the_company_report_on_a_phone_reads_the_total_first(page: Page):
    """The monthly report of the whole company on a phone: the company's total on the first
    screen, how the days are counted folded away, each department a card of what happened."""
    login(page, "office")
    visit(page, "/leave/report")
    total = page.locator(".report-table tbody tr").first
    assert "全公司合计" in total.inner_text()
    legend = page.locator("details.report-legend")
    assert legend.get_attribute("open") is None and legend.locator("summary").inner_text() == "统计口径"
    if page.viewport_size["width"] < 720:
        # it begins on the first screen, under the filter (and a note on a year without its holidays)
        assert total.evaluate("tr => tr.getBoundingClientRect().top") < page.viewport_size["height"] - 100
        zero = page.locator(".report-table td.zero").first
        assert zero.count() and not zero.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
