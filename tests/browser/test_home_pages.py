"""Every demo account's home page, at phone and desktop size: it passes axe-core with no console
error (login audits where it lands), greets the person, fits the screen, and shows what that
role acts on now — the leadership the company's figures, a head their department now, everyone
the places they keep clean this week; the menu is not repeated on the page."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import login
from tests.roles import HEADS, LEADERS, LOGGED_IN


@pytest.mark.parametrize("username", sorted(LOGGED_IN | {"deputy2"}))
def test_each_role_home_page_is_their_day(page: Page, username: str):
    login(page, username)
    assert page.locator("h1").inner_text().startswith("您好，")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    cards = page.locator("main h2").all_inner_texts()
    assert "待办事项" in cards
    assert ("公司此刻" in cards) == (username in LEADERS | {"deputy2"} | {"office", "office-head"}), cards
    assert any(title.startswith("本部门此刻") for title in cards) == (username in HEADS), cards
    assert "常用功能" not in cards
    assert page.locator(".schedule .label", has_text="我的卫生责任区").count() == 1
