"""The attendance register in a real browser: a department head fills cells with the
keyboard, sees each saved without a reload, and finds them again after reloading; the
leadership reads the alarms and their follow-up, and decides a head's entry that differs from a
spot check's 旷工; the inspector records a spot check.

Each test runs at phone and desktop size on the module's shared demo company, so the two
sizes fill different rows (different people) of 投资发展部's register."""

import re

from playwright.sync_api import Page, expect

from portal.clock import local_today
from portal.leave import rules

from tests.browser.conftest import audit, expect_status, login, visit

ROWS = {390: "宋建明", 1280: "梁艳"}


def test_a_head_fills_the_register_with_the_keyboard(page: Page):
    login(page, "invest-head")
    today = local_today()
    # This month, or the last one while this month has fewer than four working days so far.
    month = today if len(rules.working_days_between(today.replace(day=1), today)) >= 4 else rules.add_months(today, -1)
    visit(page, f"/leave/register?month={month:%Y-%m}")
    expect(page.locator("main h1")).to_have_text("考勤记录 · 投资发展部")
    expect(page.locator("nav.subnav a[aria-current=page]")).to_have_text("考勤记录")
    page.evaluate("() => { window.sameDocument = true; }")   # gone if the page reloads

    row = page.locator("table.register tbody tr").filter(
        has=page.get_by_role("rowheader", name=ROWS[page.viewport_size["width"]]))
    before = re.search(r"旷工(\d+)", row.locator("td.totals").inner_text())
    absent_before = int(before.group(1)) if before else 0     # the demo may hold a 旷工 of theirs already
    # Plain cells come as text; focusing one puts its select in (static/js/leave-register.js).
    cells = row.locator("td.e").evaluate_all("els => els.slice(0, 4).map(e => e.id)")
    assert len(cells) == 4, "the row has editable days"
    ids = ["c" + i.removeprefix("td") for i in cells]
    first, second, third, fourth = (f"#{i}" for i in ids)

    page.locator("#" + cells[0]).focus()
    expect(page.locator(first)).to_be_focused()
    page.keyboard.press("2")                                  # late, and on to the next cell
    expect(page.locator(second)).to_be_focused()
    expect(page.locator("#register-status")).to_contain_text("迟到")
    page.keyboard.press("3")                                  # left early
    expect(page.locator(third)).to_be_focused()
    expect(page.locator("#register-status")).to_contain_text("早退")
    page.keyboard.press("6")                                  # absent: the cell asks for the reason
    reason = page.locator("#r" + ids[2][1:])
    expect(reason).to_be_focused()
    expect(page.locator("#register-status")).to_contain_text("旷工须选择原因")
    _assert_prompt_outside_the_cell(page, "#td" + ids[2][1:], row)
    page.keyboard.press("1")                                  # left the post without approval
    expect(page.locator("#register-status")).to_contain_text("已保存")
    expect(page.locator("#register-status")).to_contain_text("未经批准擅自离岗")
    expect(page.locator(fourth)).to_be_focused()
    page.keyboard.press("ArrowLeft")                          # arrows move between cells
    expect(page.locator(third)).to_be_focused()

    expect(page.locator(first)).to_have_value("late")
    expect(page.locator(first).locator("xpath=..")).to_have_class(re.compile(r"\bc-late\b"))
    assert page.evaluate("() => window.sameDocument === true"), "saving a cell reloaded the page"
    audit(page)

    page.reload()      # plain cells come as their short code; a 旷工 with its reason in full
    expect(page.locator("#" + cells[0])).to_have_class(re.compile(r"\bc-late\b"))
    expect(page.locator("#" + cells[0])).to_have_text("迟到")
    expect(page.locator("#" + cells[1])).to_have_class(re.compile(r"\bc-left_early\b"))
    expect(page.locator(third)).to_have_value("absent")
    expect(reason).to_have_value("left_without_approval")
    expect(row.locator("td.totals")).to_contain_text(f"旷工{absent_before + 1}")
    audit(page)


def _assert_prompt_outside_the_cell(page: Page, cell: str, row):
    """Asking for the reason of a 旷工 keeps the cell compact: the prompt is read above the
    grid (and by screen readers from the cell's description), not printed into the cell, and
    on a desktop the row's totals stay in view."""
    width = page.viewport_size["width"]
    sizes = page.evaluate("""([cell, wrap]) => {
        const box = (el) => el.getBoundingClientRect();
        const td = document.querySelector(cell);
        const other = td.parentElement.querySelector('td.e') || td;
        return {cell: box(td).width, plain: box(other).width, height: box(td).height,
                plainHeight: box(other).height,
                totals: box(td.parentElement.querySelector('td.totals')).right, wrap: box(document.querySelector(wrap)).right};
    }""", [cell, ".register-wrap"])
    assert sizes["cell"] <= 1.7 * sizes["plain"], sizes          # the reason's select, no paragraph
    assert sizes["height"] <= 2.2 * sizes["plainHeight"], sizes
    if width >= 1280:
        assert sizes["totals"] <= sizes["wrap"] + 1, sizes        # the totals are not pushed out of view
    expect(page.locator(cell + " .cell-msg")).to_have_attribute("title", re.compile("旷工须选择原因"))
    expect(page.locator(cell + " select.code")).to_have_accessible_description(re.compile("旷工须选择原因"))
    expect(page.locator("table.register thead th.totals")).to_have_text("本月合计")


def test_leaders_follow_the_alarms_up_and_decide_a_register_conflict(page: Page):
    login(page, "gm")
    alarms = page.locator("main ul.waiting li.urgent").filter(has_text="旷工预警待处理")
    expect(alarms).to_have_count(1)
    alarms.get_by_role("link").click()
    expect(page.locator("main h1")).to_have_text("旷工预警")
    expect(page.locator("#talk-reached")).to_contain_text("付强")
    expect(page.locator("#talk-reached")).to_contain_text("✗ 约谈")
    expect(page.locator("#talk-near")).to_contain_text("孟凡利")
    expect(page.locator("#follow-ups")).to_contain_text("夏立平")         # the talk already held
    audit(page)

    # the GM's entry beside a spot check's 旷工: decided with his other decisions, kept as 旷工, with the reason
    visit(page, "/")
    page.locator("main ul.waiting li.urgent").filter(has_text="考勤冲突").get_by_role("link").click()
    expect(page.locator("main h1")).to_have_text("待我审批")
    item = page.locator("#conflicts ul.conflict-list li").filter(has_text="钟建华")
    expect(item).to_contain_text("考勤抽查")
    expect(item).to_contain_text("部门负责人记录：出勤")
    audit(page)
    if page.viewport_size["width"] == 390:   # the desktop run decides it: the demo company is shared
        return
    expect_status(page, 422, item.locator("form").get_attribute("action"))   # no reason yet
    item.get_by_role("button", name="维持旷工").click()
    expect(item.locator(".errors")).to_contain_text("请填写处理理由")      # said beside the box, once
    expect(page.locator("#messages")).not_to_contain_text("请填写处理理由")
    item.get_by_placeholder("理由（必填）").fill("抽查时本人确不在岗，已电话核实")
    item.get_by_role("button", name="维持旷工").click()
    expect(page.locator("#messages")).to_contain_text("维持旷工")
    expect(page.locator("#conflicts ul.conflict-list li").filter(has_text="钟建华")).to_contain_text("抽查时本人确不在岗")


def test_the_inspector_records_a_spot_check(page: Page):
    login(page, "inspector")
    visit(page, "/leave/spot-checks")
    who = {390: "谭志明", 1280: "汪秀兰"}[page.viewport_size["width"]]
    page.get_by_label("人员").select_option(label=who)
    page.get_by_label("抽查所见").select_option(label="迟到")
    page.get_by_label("备注").fill("8:40 到岗")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#messages")).to_contain_text("抽查记录已保存")
    expect(page.locator("main table")).to_contain_text(who)
    audit(page)
