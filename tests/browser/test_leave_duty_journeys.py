"""Duty roster and overtime in a real browser (phone and desktop), every page checked with
axe-core. The live portal is shared by this module's tests, so each viewport uses its own
people and days, and no journey relies on another."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from portal.clock import local_today
from portal.leave import rules

from tests.browser.conftest import audit, expect_status, login, visit

# Whom the office puts on duty at which size.
ASSIGN = {390: "曹磊", 1280: "黄丽娜"}


def _days_off_ahead(count: int) -> list:
    """The next `count` weekends or holidays after today."""
    days = (local_today() + timedelta(days=n) for n in range(1, 60))
    return [d for d in days if not rules.is_working_day(d)][:count]


def test_the_office_assigns_a_duty_shift(page: Page):
    name = ASSIGN[page.viewport_size["width"]]
    unfilled_day = _days_off_ahead(3)[-1]   # the demo leaves the third day off ahead unfilled
    login(page, "office")
    visit(page, f"/leave/duty?month={unfilled_day:%Y-%m}")
    expect(page.locator("main h1")).to_have_text("周末及节假日值班表")
    expect(page.locator("#unfilled")).to_contain_text("换热站值班")

    # A day of this month ahead of today on which this person has no shift yet.
    day = next(d.isoformat() for d in _days_off_ahead(20)
               if f"{d:%Y-%m}" == f"{unfilled_day:%Y-%m}"
               and page.locator(f"#day-{d.isoformat()}", has_text=name).count() == 0)
    form = page.locator("form.duty-add")
    form.get_by_label("日期").select_option(day)
    form.get_by_label("值班岗位").select_option("调度值班")
    form.get_by_label("值班人员").select_option(label=name)
    page.evaluate("() => { window.sameDocument = true; }")
    form.get_by_role("button", name="安排").click()

    card = page.locator(f"#day-{day}")
    row = card.locator("tr", has_text=name)
    expect(row).to_contain_text("调度值班")
    expect(row).to_contain_text("已安排")
    expect(page.locator("#roster .flash-success")).to_contain_text(name)
    assert page.evaluate("() => window.sameDocument === true"), "htmx swapped the roster in place"
    audit(page)

    # The same person cannot stand two shifts that day.
    form = page.locator("form.duty-add")
    form.get_by_label("日期").select_option(day)
    form.get_by_label("值班人员").select_option(label=name)
    form.get_by_role("button", name="安排").click()
    expect(page.locator("#roster .flash-error")).to_contain_text("已有值班安排")
    expect(page.locator(f"#day-{day} tr", has_text=name)).to_have_count(1)
    audit(page)


def test_everyone_sees_the_roster_and_their_own_shift(page: Page):
    # The demo roster gives 林静 the first weekend or holiday after today.
    day = _days_off_ahead(1)[0]
    login(page, "staff")
    visit(page, f"/leave/duty?month={day:%Y-%m}")
    mine = page.locator("tr.mine")
    expect(mine.first).to_contain_text("林静")
    expect(mine.first).to_contain_text("我的值班")
    expect(page.locator("form.duty-add")).to_have_count(0)
    visit(page, "/leave/duty?month=2027-01")
    expect(page.locator("#roster")).to_contain_text("2027年放假安排尚未录入，按法定节假日暂计")
    visit(page, "/leave/overtime", status=403)


def test_the_gm_approves_an_overtime_report(page: Page):
    login(page, "gm")
    visit(page, "/leave/overtime")
    items = page.locator("#pending article.overtime-item")
    expect(items.first).to_be_visible()
    before = items.count()

    # Refusing without a reason is explained, nothing changes.
    first = items.first
    heading = first.locator("h3").inner_text()
    report_id = first.get_attribute("id").removeprefix("ot-")
    expect_status(page, 422, f"/leave/overtime/{report_id}/decide")
    first.get_by_role("button", name="不批准").click()
    expect(page.locator(f"#ot-{report_id} .errors")).to_contain_text("不批准时请填写理由")
    expect(items).to_have_count(before)
    audit(page)

    who = heading.split()[0]
    page.locator(f"#ot-{report_id}").get_by_role("button", name=re.compile("^批准")).click()
    expect(page.locator("#messages .flash-success")).to_contain_text(f"已批准：{who}")
    expect(page.locator(f"#ot-{report_id}")).to_contain_text("已批准 · 张立军")
    expect(page.locator(f"#ot-{report_id}").get_by_role("button")).to_have_count(0)
    audit(page)

    visit(page, "/leave/report?month=" + "2026-11")
    expect(page.locator("main h1")).to_contain_text(re.compile("考勤月报"))
    expect(page.locator("table.report-table").first).to_be_visible()


def test_the_gm_approves_next_months_roster_from_the_decisions_page(page: Page):
    """From the home page's item to /decisions, where the month's roster is one row: he looks at
    the roster, comes back, approves it in its row; the badge counts one less."""
    login(page, "gm")
    page.get_by_role("link", name=re.compile("等待您批准的值班表")).click()
    audit(page)
    row = page.locator(".roster-decisions li").first
    expect(row).to_contain_text("个班次尚未批准")
    month = row.get_attribute("id").removeprefix("roster-")
    if page.viewport_size["width"] == 390:   # the desktop run approves it: the demo company is shared
        expect(row.get_by_role("button", name=re.compile("^批准.*值班表$"))).to_be_visible()
        return
    badge = int(page.locator("nav .nav-count").first.inner_text().split()[0])
    row.get_by_role("link", name="查看值班表").click()
    expect(page).to_have_url(re.compile(rf"/leave/duty\?month={month}"))
    audit(page)
    page.go_back()
    audit(page)
    page.locator(f"#roster-{month}").get_by_role("button", name=re.compile("^批准")).click()
    expect(page).to_have_url(re.compile(r"/decisions#roster$"))
    expect(page.locator("#messages .flash-success")).to_contain_text("值班表已批准")
    expect(page.locator(f"#roster-{month}")).to_have_count(0)
    expect(page.locator("nav .nav-count").first).to_contain_text(str(badge - 1))
    audit(page)
