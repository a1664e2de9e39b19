"""A car from request to fuel ledger in a real browser: a head asks for a car, the office
dispatches it from the queue, the guard logs it out and back in on the gate page, and the
distance shows in the car's fuel month and on the trip sheet. Phone and desktop, axe on every page.

Each viewport uses its own requester and car: phone 刘淑芬 (客服中心) with 冀C·H5520 and 王建军;
desktop 周振华 (办公室) with 冀C·K0917 and 刘春生."""

import re

from playwright.sync_api import Page, expect

from portal.clock import to_local, utcnow
from tests.browser.conftest import audit, login, switch_user, visit

PEOPLE = {390: ("cs-head", "H5520", "冀C·H5520", "王建军", "到城南换热站送检修材料"),
          1280: ("office-head", "K0917", "冀C·K0917", "刘春生", "到县住建局报送供热方案")}
DRIVEN_KM = 37


def _month_distance(page: Page, plate: str) -> int:
    visit(page, "/vehicles/fuel")
    row = page.locator("table.fuel-month tr", has_text=plate)
    text = row.locator("td").nth(2).inner_text()
    return int(re.sub(r"[^\d]", "", text))


def test_a_head_asks_the_office_dispatches_the_guard_logs_and_the_fuel_month_counts_it(page: Page):
    requester, plate_search, plate, driver, reason = PEOPLE[page.viewport_size["width"]]
    now = to_local(utcnow())
    starts, ends = now.replace(hour=11, minute=0), now.replace(hour=13, minute=0)

    # The head, on their phone or at the desk: the form says at once where the request stands.
    login(page, requester)
    visit(page, "/vehicles/")
    page.locator("#reason").fill(reason)
    page.locator("#destination").fill("城南换热站")
    page.locator("#destination_kind").select_option("work_site")
    page.locator("#passengers").fill("2")
    page.locator("#starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#ends_at").fill(ends.strftime("%Y-%m-%dT%H:%M"))
    expect(page.locator("#car-outlook")).to_contain_text("按制度通常会派车")
    audit(page)
    page.get_by_role("button", name="提交办公室").click()
    expect(page.locator("#messages")).to_contain_text("已送交办公室")
    expect(page.locator("main")).to_contain_text("等待办公室派车")
    audit(page)

    # The office: the request in the queue, a car and its driver, one click.
    switch_user(page, "office")
    before = _month_distance(page, plate)
    visit(page, "/vehicles/dispatch")
    item = page.locator(".dispatch-item", has_text=reason)
    car_id = item.locator("select[name=car_id] option", has_text=plate).get_attribute("value")
    item.locator("select[name=car_id]").select_option(value=car_id)
    item.locator("select[name=driver_id]").select_option(label=driver)
    item.get_by_role("button", name="派车", exact=True).click()
    expect(page.locator("#messages")).to_contain_text(f"已派 {plate}")
    expect(page.locator(".dispatch-item", has_text=reason)).to_have_count(0)
    audit(page)

    # The guard at the gate: find the car, out with the reading offered, back with the new one.
    switch_user(page, "guard")
    visit(page, "/vehicles/gate")
    page.get_by_placeholder("车牌，如 A62").fill(plate_search)
    expect(page.locator(".gate-car")).to_have_count(1)       # the list filtered to this car
    card = page.locator(".gate-car", has_text=plate)
    expect(card).to_contain_text("城南换热站")
    start_km = int(card.locator("input[name=odometer_km]").first.input_value())
    card.get_by_role("button", name="出门", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("出门")
    card = page.locator(".gate-car", has_text=plate)
    expect(card.get_by_role("button", name="回场", exact=True)).to_be_visible()
    audit(page)
    card.locator("input[name=odometer_km]").first.fill(str(start_km + DRIVEN_KM))
    card.get_by_role("button", name="回场", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("回场")
    expect(page.locator(".gate-car", has_text=plate)).to_contain_text("在院内")
    expect(page.locator(".gate-car")).to_have_count(1)       # still filtered after both taps
    audit(page)

    # The office's fuel month counts the distance; the requester's trip sheet shows it.
    switch_user(page, "office")
    assert _month_distance(page, plate) == before + DRIVEN_KM
    switch_user(page, requester)
    visit(page, "/vehicles/")
    page.get_by_role("link", name="派车单").first.click()
    expect(page.locator("main")).to_contain_text(f"{DRIVEN_KM} 公里")
    audit(page)
