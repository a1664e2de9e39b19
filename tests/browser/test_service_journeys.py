"""A call from a resident in a real browser: an ordinary employee takes it and passes it to
customer service, the desk accepts it and makes it an emergency ticket, the board counts it
down, the arrival and the clearing are recorded, and later the resident is called back. Phone and desktop, axe on every page.

Each viewport uses its own employee and resident: phone 孙志强 (a driver) for 王秀英, desktop
林静 (投资发展部) for 赵建国."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, switch_user, visit

PEOPLE = {390: ("driver", "王秀英", "13903351234", "和平小区3号楼2单元501"),
          1280: ("staff", "赵建国", "13903357777", "碣阳小区5号楼1单元302")}


def test_a_call_passed_to_the_desk_becomes_an_emergency_ticket_that_is_cleared(page: Page):
    employee, resident, phone, address = PEOPLE[page.viewport_size["width"]]
    matter = f"{resident}家暖气片漏水，水流到楼下"

    login(page, employee)
    visit(page, "/service/contacts/new")
    page.locator("#channel").select_option("phone")
    page.locator("#name").fill(resident)
    page.locator("#phone").fill(phone)
    page.locator("#address").fill(address)
    page.locator("#matter").fill(matter)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("由您负责")
    audit(page)
    card = page.locator(".service-contact", has_text=matter)
    card.locator("select[name=department_id]").select_option(label="客服中心")
    card.get_by_role("button", name="转办").click()
    expect(page.locator("#messages")).to_contain_text("对方接收之前仍由您负责")
    audit(page)

    switch_user(page, "cs")
    expect(page.locator("main")).to_contain_text("转到本部门、待接收的来电来访")
    visit(page, "/service/")
    page.locator(".service-contact", has_text=matter).get_by_role("button", name="接收，由我部门办理").click()
    expect(page.locator("#messages")).to_contain_text("已接收")
    audit(page)
    page.locator(".service-contact", has_text=matter).get_by_role("link", name="转为工单").click()
    audit(page)
    page.locator("#situation").select_option("resident_leak")
    page.get_by_role("button", name="建立工单").click()
    expect(page.locator("#messages")).to_contain_text("须于")
    ticket_no = re.search(r"/service/tickets/(\d+)$", page.url).group(1)
    audit(page)

    visit(page, "/service/tickets")
    item = page.locator(".service-ticket", has_text=f"#{ticket_no}")
    expect(item).to_contain_text("紧急")
    expect(item.locator(".service-countdown")).to_have_text(re.compile(r"^还有 \d+分钟$"))
    item.get_by_role("link", name=f"#{ticket_no}").click()
    audit(page)
    page.get_by_role("button", name="已到现场").click()
    expect(page.locator("#messages")).to_contain_text("已登记到达现场")
    audit(page)
    page.locator("#result").fill("更换暖气片接头，已不漏水")
    page.get_by_role("button", name="处理完毕").click()
    expect(page.locator("#messages")).to_contain_text("已处理完毕")
    expect(page.locator("main")).to_contain_text("按时")
    audit(page)

    # Later the desk calls the resident back, from the cleared ticket.
    page.reload()
    audit(page)
    visit_form = page.locator("form.service-visit")
    visit_form.get_by_label("满意", exact=True).check()
    visit_form.get_by_label("用户反映").fill("已不漏水，谢谢")
    visit_form.get_by_role("button", name="登记回访").click()
    expect(page.locator("#messages")).to_contain_text("回访已登记")
    expect(page.locator("main")).to_contain_text("已不漏水，谢谢")
    audit(page)
