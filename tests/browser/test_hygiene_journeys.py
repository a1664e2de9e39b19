"""The office's hygiene round in a real browser: an inspection on a phone-sized screen (and at the
desk), a failed item photographed, the fix on the guards' home page, marked fixed by the guard,
closed by the office, and the score in the month. Axe on every page.

Each viewport inspects its own place of the guards': phone 警卫室, desktop 院内厕所."""

import io
import re

from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import audit, login, switch_user, visit

PLACES = {390: ("警卫室", "floor", "地面无污物、污水、浮土"), 1280: ("院内厕所", "toilet_dry", "墙面四角保持干燥，无蛛网")}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (150, 110, 70)).save(out, "PNG")
    return out.getvalue()


def test_an_inspection_with_a_failure_reaches_the_guard_and_is_closed(page: Page):
    place, item, item_text = PLACES[page.viewport_size["width"]]

    login(page, "office")
    visit(page, "/hygiene/inspections/new")
    page.get_by_role("link", name=place, exact=True).click()
    expect(page.locator("main h1")).to_contain_text(place)
    audit(page)
    fieldset = page.locator(f"#item-{item}")
    expect(fieldset.locator("input[type=file]")).to_be_hidden()          # a photo only for a failure
    fieldset.get_by_label("不达标", exact=True).check()
    fieldset.locator("input[type=file]").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": _png()}])
    page.get_by_role("button", name="保存检查结果").click()
    expect(page.locator("#messages")).to_contain_text(f"{place}：")
    expect(page.locator("#messages")).to_contain_text("1项待整改")
    score = int(re.search(r"：(\d+)分", page.locator("#messages").inner_text()).group(1))
    audit(page)

    # The guard: on the home page, then on the hygiene page with the photo; marks it fixed.
    switch_user(page, "guard")
    expect(page.locator("main")).to_contain_text("待整改的卫生问题")
    page.get_by_role("link", name=re.compile("待整改的卫生问题")).click()
    row = page.locator(".hygiene-fixes li", has_text=item_text).filter(has_text=place)
    expect(row.get_by_role("link", name="照片")).to_be_visible()
    audit(page)
    row.get_by_role("button", name="已整改").click()
    expect(page.locator("#messages")).to_contain_text("办公室将复查")
    expect(page.locator(".hygiene-fixes li", has_text=item_text).filter(has_text=place)).to_have_count(0)
    audit(page)

    # The office looks again and closes it; the score is in the month.
    switch_user(page, "office")
    visit(page, "/hygiene/")
    row = page.locator("li", has_text=item_text).filter(has_text=place).filter(has_text="已整改，待复查")
    row.get_by_role("button", name="复查达标").click()
    expect(page.locator("#messages")).to_contain_text("已复查")
    audit(page)
    visit(page, "/hygiene/report")
    expect(page.locator("main")).to_contain_text(place)
    assert score < 100
