import re
from playwright.sync_api import Page, expect
from tests.browser.conftest import audit, login, visit


def test_pdf_probe(page: Page):
    login(page, "staff")
    visit(page, "/handbook/")
    link = page.get_by_role("link", name="制度汇编 PDF（A4）")
    page.on("framenavigated", lambda f: print("NAV", f.url))
    page.on("download", lambda d: print("DOWNLOAD", d.url))
    with page.expect_response(re.compile(r"/handbook/handbook\.pdf")) as info:
        link.click()
    r = info.value
    print("RESP", r.status, r.headers)
    page.wait_for_timeout(2000)
    print("URL", page.url)
