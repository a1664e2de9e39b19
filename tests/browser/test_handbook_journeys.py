"""The regulations (规章制度) in a real browser, walked as the demo users would walk them.

Each test runs at phone and at desktop size (the `page` fixture); every page on the way is
checked with axe-core, and any console error, failed request or unexpected error status
fails the test (see conftest.py).

The live portal is shared by the tests of this module (one demo company per module), so a
journey that changes something uses data of its own for each viewport, and none of them
relies on what another journey did or did not do before it.
"""

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, visit

HEADING = "main h1"
NAV = "nav.menu"

# Whose reading is confirmed at which size: each has the second revision of the hygiene
# regulation still unread in the demo, so the phone run does not use up the desktop's.
READERS = {390: "staff", 1280: "driver"}  # 林静, 孙志强


def toc_entry(page: Page, title: str):
    """The line of a regulation in the table of contents of /handbook/."""
    return page.locator("ol.toc-list > li").filter(
        has=page.get_by_role("link", name=re.compile(re.escape(title) + "$")))


def test_read_a_regulation_and_confirm_it(page: Page):
    login(page, READERS[page.viewport_size["width"]])

    page.locator(NAV).get_by_role("link", name="规章制度").click()
    expect(page).to_have_url(re.compile(r"/handbook/$"))
    expect(page.locator(HEADING)).to_have_text("公司规章制度")
    expect(page.locator(NAV).get_by_role("link", name="规章制度")).to_have_attribute("aria-current", "page")
    audit(page)

    unread = page.locator("ol.toc-list > li").filter(has=page.locator(".tag", has_text=re.compile("^未读$")))
    expect(unread).not_to_have_count(0)
    link = unread.first.get_by_role("link")
    title = re.sub(r"^\d+\s*", "", link.inner_text()).strip()  # "2 卫生管理制度"
    link.click()
    expect(page).to_have_url(re.compile(r"/handbook/[\w-]+$"))
    expect(page.locator(HEADING)).to_have_text(title)
    number = int(re.search(r"第(\d+)版", page.locator("main p.muted").first.inner_text()).group(1))
    expect(page.locator("main article .article").first).to_be_visible()
    audit(page)

    page.get_by_role("button", name="我已阅读").click()
    expect(page.locator("#messages")).to_contain_text(f"已确认：您已阅读《{title}》第{number}版。")
    expect(page.locator("main .actions")).to_contain_text("您已确认阅读本版")
    expect(page.get_by_role("button", name="我已阅读")).to_have_count(0)
    audit(page)

    page.locator("main nav.crumbs").get_by_role("link", name="规章制度").click()
    expect(page).to_have_url(re.compile(r"/handbook/$"))
    entry = toc_entry(page, title)
    expect(entry.locator(".tag.ok")).to_have_text("已读")
    expect(entry.locator(".tag.warn")).to_have_count(0)
    audit(page)


def test_search_as_you_type_and_jump_to_the_article(page: Page):
    login(page, "staff")
    visit(page, "/handbook/search")
    expect(page.locator(HEADING)).to_have_text("搜索制度")
    expect(page.locator("#hits .hits")).to_have_count(0)  # nothing asked yet
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads

    page.locator("#hq").press_sequentially("旷工", delay=80)
    expect(page).to_have_url(re.compile(r"/handbook/search\?q=" + re.escape(quote("旷工")) + "$"))
    hits = page.locator("#hits ul.hits > li")
    expect(page.locator("#hits .result-count")).to_have_text(re.compile(r"^找到 \d+ 处$"))
    count = int(re.search(r"\d+", page.locator("#hits .result-count").inner_text()).group())
    expect(hits).to_have_count(count)
    assert count > 1, "旷工 is in several articles of the attendance regulation"
    marks = hits.locator("mark")
    expect(marks).to_have_count(count)
    assert set(marks.all_inner_texts()) == {"旷工"}, "every hit highlights the word searched for"
    expect(hits.first).to_contain_text("考勤制度")
    expect(page.locator("#hits")).to_contain_text("离岗告知制度")
    assert page.evaluate("() => window.sameDocument") is True, "the search reloaded the page"
    audit(page)

    first = hits.first.get_by_role("link")
    href = first.get_attribute("href")
    article = re.fullmatch(r"/handbook/attendance#(art-\d+)", href)
    assert article, f"the first hit links to an article of the attendance regulation, not {href}"
    first.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator(HEADING)).to_have_text("考勤制度")
    target = page.locator(f"#{article.group(1)}")
    expect(target).to_contain_text("旷工")
    expect(target.locator(f"a[href='#{article.group(1)}']")).to_be_visible()
    expect(target).to_be_in_viewport()
    assert page.evaluate("() => document.querySelector(':target')?.id") == article.group(1)
    audit(page)


def test_download_the_handbook_pdf(page: Page):
    login(page, "staff")
    visit(page, "/handbook/")
    link = page.get_by_role("link", name="制度汇编 PDF（A4）")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == "/handbook/handbook.pdf", href

    # Fetched with the page's cookies rather than opened: a PDF is not a page axe can check.
    response = page.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-"), body[:20]
    assert len(body) > 100_000, f"the handbook is only {len(body)} bytes"
    assert "A4" in response.headers.get("content-disposition", "")
    etag = response.headers.get("etag")
    assert etag, "the handbook PDF has no ETag"

    again = page.request.get(href, headers={"If-None-Match": etag})
    assert again.status == 304, f"asked again with its ETag, {href} answered {again.status}"
    assert again.headers.get("etag") == etag

    a5 = page.request.get(page.get_by_role("link", name="A5 小册子").get_attribute("href"))
    assert a5.status == 200 and a5.headers["content-type"] == "application/pdf"
    assert a5.headers.get("etag") not in (None, etag), "the A5 booklet is a different document"


def test_office_saves_a_new_revision(page: Page):
    width = page.viewport_size["width"]
    new_text = (f"公司车辆由办公室统一管理、调度。出车前驾驶员须检查车况并登记（试行{width}号）。")
    note = f"第一条增加出车前检查登记（{width}）。"
    login(page, "office")
    visit(page, "/handbook/vehicles")
    expect(page.locator(HEADING)).to_have_text("车辆管理制度")
    old = int(re.search(r"第(\d+)版", page.locator("main p.muted").first.inner_text()).group(1))

    page.locator("main .actions").get_by_role("link", name="编辑", exact=True).click()
    expect(page).to_have_url(re.compile(r"/handbook/vehicles/edit$"))
    expect(page.locator(HEADING)).to_have_text("修订《车辆管理制度》")
    audit(page)

    text = page.locator("#articles-0-text")
    expect(text).to_have_value(re.compile("^公司车辆由办公室统一管理"))
    text.fill(new_text)
    today = page.locator("#effective_date").input_value()  # the form proposes today
    # The note is asked for before the preview: the preview validates the whole form, and
    # without a note it shows no preview, only an error at the foot of the form.
    page.locator("#note").fill(note)
    page.get_by_role("button", name="预览", exact=True).click()
    preview = page.get_by_role("region", name="预览")
    expect(preview).to_be_visible()
    expect(preview.locator("#art-1")).to_have_text("一、" + new_text)
    expect(text).to_have_value(new_text)
    audit(page)

    expect(page.locator("#note")).to_have_value(note)
    page.get_by_role("button", name="保存为新版本", exact=True).click()
    expect(page).to_have_url(re.compile(r"/handbook/vehicles/history$"))
    year, month, day = (int(part) for part in today.split("-"))
    expect(page.locator("#messages")).to_contain_text(f"第{old + 1}版已保存，自{year}年{month}月{day}日起施行。")
    row = page.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text(re.compile(rf"^第{old + 1}版\s*现行$"))
    expect(row.locator("td").nth(1)).to_have_text(f"{year}年{month}月{day}日")
    expect(row.locator("td").nth(2)).to_have_text(note)
    expect(row.locator("td").nth(3)).to_have_text("陈晓燕")
    expect(page.locator("tbody .tag", has_text="现行")).to_have_count(1)
    audit(page)

    page.locator("main nav.crumbs").get_by_role("link", name="车辆管理制度").click()
    expect(page).to_have_url(re.compile(r"/handbook/vehicles$"))
    expect(page.locator("main p.muted").first).to_contain_text(f"第{old + 1}版，自{year}年{month}月{day}日起施行")
    expect(page.locator("#art-1")).to_have_text("一、" + new_text)
    audit(page)


def test_a_resident_reads_the_service_commitments(page: Page):
    visit(page, "/public/")
    expect(page.locator(HEADING)).to_have_text("我们对用户的承诺")
    expect(page.locator("main")).not_to_contain_text("考勤制度")  # the staff's own rules

    page.get_by_role("link", name="服务承诺制度").click()
    expect(page).to_have_url(re.compile(r"/public/regulations/service-commitments$"))
    expect(page.locator(HEADING)).to_have_text("服务承诺制度")
    expect(page.locator("main article")).to_contain_text("用户报修60分钟内到达现场")
    expect(page.locator("header")).not_to_contain_text("退出")
    audit(page)

    visit(page, "/handbook/")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)handbook(/|%2F)$"))
    expect(page.locator("#username")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("考勤制度")
