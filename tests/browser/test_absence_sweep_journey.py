"""A notice does not protect forever, in a real browser: a worker steps out — first told who
could cover the post, since someone must — the head approves, the worker never comes back;
the next morning the head opens the absence board (which runs the end-of-day sweep) and finds
旷工 in the register on the day of the notice, not on the day it was found.

Each viewport uses its own people: phone 林静 (投资发展部, head invest-head), desktop 黄丽娜
(客服中心, head cs-head)."""

import re
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from portal import clock
from tests.browser.conftest import audit, expect_status, login, switch_user, visit

PEOPLE = {390: ("staff", "林静", "invest-head"), 1280: ("cs", "黄丽娜", "cs-head")}


def test_a_notice_never_returned_from_is_absence_on_its_day(page: Page):
    worker, name, head = PEOPLE[page.viewport_size["width"]]
    day = clock.local_today()

    # The worker steps out without naming anyone to cover the post: refused, with who could.
    login(page, worker)
    visit(page, "/absence/new")
    page.get_by_label("事由").select_option("business")
    page.get_by_label("代岗人", exact=True).select_option("0")
    expect_status(page, 422, "/absence/new")
    page.get_by_role("button", name="提交审批").click()
    error = page.locator("#substitute_id-msg")
    expect(error).to_contain_text("请指定离岗期间代岗的人")
    expect(error).to_contain_text("可以代岗的人：")
    audit(page)
    cover = re.search(r"可以代岗的人：([^（、。]+)", error.inner_text()).group(1)
    page.get_by_label("代岗人", exact=True).select_option(label=cover)
    page.get_by_role("button", name="提交审批").click()
    expect(page).to_have_url(re.compile(r"/absence/\d+$"))
    notice_id = re.search(r"/absence/(\d+)$", page.url).group(1)
    audit(page)

    # The head approves it.
    switch_user(page, head)
    visit(page, "/absence/approvals")
    row = page.locator(f"#notice-{notice_id}")
    row.get_by_role("button", name=re.compile(r"^批准")).click()
    expect(row).to_contain_text("已批准")
    audit(page)

    # The worker never comes back. The next morning the head opens the board: the sweep has
    # closed the notice, and the register holds 旷工 on the notice's day.
    next_morning = clock.local_to_utc(datetime.combine(day + timedelta(days=1), datetime.min.time())
                                      .replace(hour=8, minute=30))
    with clock.travel_to(next_morning):
        switch_user(page, head)             # a night later the session has ended anyway
        visit(page, "/absence/")
        visit(page, f"/absence/{notice_id}")
        expect(page.locator("main h1")).to_contain_text("未返回")
        expect(page.locator(".absence-outcome")).to_contain_text("下班前未返回：记为旷工")
        visit(page, f"/leave/register?month={day:%Y-%m}")
        person_row = page.locator("table.register tbody tr").filter(has=page.get_by_role("rowheader", name=name))
        cell = person_row.locator(f"td[id$='-{day:%m%d}']")
        expect(cell).to_have_class(re.compile(r"\bc-absent\b"))
        expect(cell.locator("select.reason")).to_have_value("left_without_approval")
        if (day + timedelta(days=1)).month == day.month:      # the next day's cell stays empty
            expect(person_row.locator(f"td[id$='-{day + timedelta(days=1):%m%d}']")).not_to_have_class(
                re.compile(r"\bc-absent\b"))
