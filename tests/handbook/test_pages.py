"""The regulations as employees, the office and residents use them; the bound handbook PDF."""

import html
import re
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.handbook.models import Acknowledgement, RegulationRevision
from portal.settings import HOLIDAY_ALLOWANCE, set_setting
from portal.clock import local_today


def _edit_form(client, slug):
    """The edit form's current values, as the browser would submit them."""
    page = client.get(f"/handbook/{slug}/edit").get_data(as_text=True)
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrf_token":
            data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>\r?\n?(.*?)</textarea>', page, re.S):
        data[name] = html.unescape(value)
    return data


def test_table_of_contents_shows_read_status(as_user):
    page = as_user("office-head").get("/handbook/").get_data(as_text=True)
    assert page.count('class="tag ok">已读') == 13  # the office head has read everything
    assert "考勤制度" in page and "服务承诺制度" in page


def test_regulation_page_has_article_anchors_and_the_configured_allowance(as_user):
    page = as_user("staff").get("/handbook/attendance").get_data(as_text=True)
    assert 'id="art-3"' in page and "3天以上的，报总经理批准" in page
    assert '<span class="filled">50</span>元' in page


def test_blank_allowance_is_a_visible_blank(app, as_user):
    with app.app_context():
        set_setting(HOLIDAY_ALLOWANCE, "")
        db.session.commit()
    page = as_user("staff").get("/handbook/attendance").get_data(as_text=True)
    assert 'class="blank"' in page and "{holiday_allowance}" not in page


def test_acknowledging_the_current_revision(app, as_user):
    client = as_user("driver")
    client.post("/handbook/attendance/acknowledge")
    client.post("/handbook/attendance/acknowledge")  # twice is harmless
    page = client.get("/handbook/attendance").get_data(as_text=True)
    assert "您已确认阅读本版" in page and "我已阅读" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Acknowledgement).join(
            RegulationRevision).where(RegulationRevision.title == "考勤制度",
                                      Acknowledgement.employee_id == _id(app, "driver"))) == 1


def _id(app, username):
    from portal.staff.models import Employee
    with app.app_context():
        return db.session.scalar(select(Employee.id).where(Employee.username == username))


def test_search_highlights_hits_and_links_to_the_article(as_user):
    client = as_user("staff")
    fragment = client.get("/handbook/search?q=旷工", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "HX-Request" in fragment.headers["Vary"]
    assert "<mark>旷工</mark>" in body and "/handbook/attendance#art-5" in body
    hostile = client.get("/handbook/search", query_string={"q": "<script>x</script>"}).get_data(as_text=True)
    assert "<script>x</script>" not in hostile and "没有制度包含" in hostile


def test_search_snippets_show_the_allowance_not_its_placeholder(as_user):
    body = as_user("staff").get("/handbook/search?q=补助", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "每天<mark>补助</mark>50元" in body and "{holiday_allowance}" not in body and "holiday_allowance" not in body


def test_the_editor_shows_the_allowance_by_name_and_saving_keeps_it_filled_in(app, as_user):
    office = as_user("office")
    page = office.get("/handbook/attendance/edit").get_data(as_text=True)
    assert "holiday_allowance" not in page
    assert "每天补助〔值班补助金额〕元" in page and "正文中写〔值班补助金额〕的地方" in page and "现为每天50元" in page
    data = _edit_form(office, "attendance")
    assert "〔值班补助金额〕" in data["articles-7-text"]
    data["articles-7-text"] += "（修订）"
    data.update(effective_date=local_today().isoformat(), note="第八条加注。", action="preview")
    preview = office.post("/handbook/attendance/edit", data=data).get_data(as_text=True)
    assert '每天补助<span class="filled">50</span>元' in preview and "holiday_allowance" not in preview
    data["action"] = "save"
    assert office.post("/handbook/attendance/edit", data=data).status_code == 302
    with app.app_context():
        set_setting(HOLIDAY_ALLOWANCE, "60")
        db.session.commit()
    assert '每天补助<span class="filled">60</span>元' in office.get("/handbook/attendance").get_data(as_text=True)
    number = max(int(n) for n in re.findall(r"/handbook/attendance/revisions/(\d+)",
                                             office.get("/handbook/attendance/history").get_data(as_text=True)))
    diff = office.get(f"/handbook/attendance/revisions/{number}").get_data(as_text=True)
    assert "<ins>（修订）</ins>" in diff and "每天补助60元" in diff and "holiday_allowance" not in diff


def test_history_and_diff_of_the_hygiene_revision(as_user):
    client = as_user("staff")
    regulation = client.get("/handbook/hygiene").get_data(as_text=True)
    assert '<a href="/handbook/hygiene/history">修订历史</a>' in regulation   # one name for one page
    history = client.get("/handbook/hygiene/history").get_data(as_text=True)
    assert "第2版" in history and "现行" in history
    diff = client.get("/handbook/hygiene/revisions/2").get_data(as_text=True)
    assert "<ins>" in diff and "每周五" in diff
    assert "<title>卫生管理制度 · 修订历史" in history and "<h1>修订历史</h1>" in history
    first = client.get("/handbook/attendance/revisions/1").get_data(as_text=True)
    assert "勘误" in first and "3天以上的" in first


def test_office_edits_a_regulation_with_preview_then_saves_a_revision(app, as_user):
    office = as_user("office")
    data = _edit_form(office, "vehicles")
    assert data["title"] == "车辆管理制度" and data["articles-0-marker"] == "一、"
    data["articles-0-text"] = data["articles-0-text"] + "车辆钥匙由办公室统一保管。"
    last = max(int(k.split("-")[1]) for k in data if k.startswith("articles-"))
    data[f"articles-{last}-marker"] = "十四、"
    data[f"articles-{last}-text"] = "本制度由办公室负责解释。"
    data.update(effective_date=local_today().isoformat(), note="增加车辆钥匙保管。")
    preview = office.post("/handbook/vehicles/edit", data={**data, "action": "preview"})
    assert "<h2>预览：车辆管理制度</h2>" in preview.get_data(as_text=True)
    assert "车辆钥匙由办公室统一保管" in preview.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegulationRevision).join(
            RegulationRevision.regulation).where(RegulationRevision.title == "车辆管理制度")) == 1

    before_pdf = office.get("/handbook/handbook.pdf")
    assert office.post("/handbook/vehicles/edit", data={**data, "action": "save"}).status_code == 302
    page = office.get("/handbook/vehicles").get_data(as_text=True)
    assert "车辆钥匙由办公室统一保管" in page and "本制度由办公室负责解释" in page and "第2版" in page
    assert "我已阅读" in page  # everyone, the office included, is asked to read it again
    after_pdf = office.get("/handbook/handbook.pdf")
    assert after_pdf.headers["ETag"] != before_pdf.headers["ETag"]
    assert "车辆钥匙由办公室统一保管" in _pdf_text(after_pdf.data)


def test_edit_refuses_an_effective_date_before_the_one_in_force(as_user):
    office = as_user("office")
    data = _edit_form(office, "hygiene")
    data.update(effective_date=(local_today() - timedelta(days=400)).isoformat(), note="x", action="save")
    answer = office.post("/handbook/hygiene/edit", data=data)
    assert answer.status_code == 422 and "不能早于现行版本" in answer.get_data(as_text=True)


def test_edit_refuses_an_effective_date_far_ahead_saying_the_range_and_keeping_the_text(app, as_user):
    office = as_user("office")
    data = _edit_form(office, "hygiene")
    data["articles-0-text"] = "卫生区域每日清扫两次。"
    data.update(effective_date="2999-12-31", note="每日清扫两次。", action="save")
    page = office.post("/handbook/hygiene/edit", data=data).get_data(as_text=True)
    today = local_today()
    a_year = today.replace(year=today.year + 1)
    assert f"{a_year.year}年{a_year.month}月{a_year.day}日" in page and "一年" in page
    assert "卫生区域每日清扫两次。" in page and 'value="2999-12-31"' in page and "每日清扫两次。" in page
    with app.app_context():
        assert db.session.scalar(select(func.max(RegulationRevision.revision_no)).join(
            RegulationRevision.regulation).where(RegulationRevision.title == "卫生管理制度")) == 2
    data["effective_date"] = a_year.isoformat()  # the last day of the window is accepted
    assert office.post("/handbook/hygiene/edit", data=data).status_code == 302


def test_edit_refuses_a_revision_identical_to_the_latest(app, as_user):
    office = as_user("office")
    data = _edit_form(office, "vehicles")
    data.update(effective_date=local_today().isoformat(), note="重新发布。", action="save")
    answer = office.post("/handbook/vehicles/edit", data=data)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "与第1版相比没有任何改动" in page and "重新发布。" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegulationRevision).where(
            RegulationRevision.title == "车辆管理制度")) == 1
    assert "我已阅读" not in as_user("office-head").get("/handbook/vehicles").get_data(as_text=True)


def test_office_sees_who_has_not_read(app, as_user):
    office = as_user("office")
    page = office.get("/handbook/acknowledgements").get_data(as_text=True)
    assert "卫生管理制度" in page and "人未读" in page and "按部门" in page
    from portal.staff.models import Department, Employee
    from tests import factories
    with app.app_context():
        driver = db.session.scalar(select(Employee).where(Employee.username == "driver"))
        # Someone who has read nothing yet (reading confirmations are never deleted).
        newcomer = factories.person(db.session.get(Department, driver.department_id))
        dept, name = newcomer.department_id, newcomer.name
    detail = office.get(f"/handbook/acknowledgements?dept={dept}").get_data(as_text=True)
    row = detail.split(name)[1].split("</tr>")[0]
    assert "考勤制度" in row and "服务承诺制度" in row


def test_home_counts_regulations_to_read(as_user):
    page = as_user("driver").get("/").get_data(as_text=True)
    assert "待阅读确认的制度" in page or "待办事项" in page


def test_residents_read_the_public_regulations_without_logging_in(client):
    index = client.get("/public/").get_data(as_text=True)
    assert "服务承诺制度" in index and "限时服务制度" in index and "考勤制度" not in index
    page = client.get("/public/regulations/temperature-measurement").get_data(as_text=True)
    assert "18℃" in page and "退出" not in page
    assert client.get("/public/regulations/attendance").status_code == 404


# --- the bound handbook -----------------------------------------------------------------

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by make test")


def _pdf_text(data: bytes, *args) -> str:
    return subprocess.run(["pdftotext", "-layout", *args, "-", "-"], input=data,
                          capture_output=True, check=True).stdout.decode()


@pytest.fixture
def handbook_pdf(as_user):
    response = as_user("staff").get("/handbook/handbook.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response


@needs_poppler
def test_handbook_pdf_holds_the_regulations_in_order_and_toc_numbers_match(handbook_pdf):
    pages = _pdf_text(handbook_pdf.data).split("\f")
    toc_index = next(i for i, p in enumerate(pages) if "目" in p and "录" in p and "考勤制度" in p)
    toc = dict(re.findall(r"^\s*[一二三四五六七八九十]+、(.+?)[\s.]{2,}(\d+)\s*$", pages[toc_index], re.M))
    assert len(toc) == 13
    positions = []
    for title, number in toc.items():
        title = title.strip()
        opener = next(i for i in range(toc_index + 1, len(pages))
                      if any(line.strip() == title for line in pages[i].splitlines()))
        footer = [line.strip() for line in pages[opener].splitlines() if line.strip()][-1]
        assert footer == number, f"{title}: TOC says {number}, the page says {footer}"
        positions.append(opener)
    assert positions == sorted(positions)  # in the compilation's order


@needs_poppler
def test_the_pdf_marks_the_allowance_as_filled_in_by_the_company_and_the_errata_list_it(app, as_user, handbook_pdf):
    """The original leaves 每天补助 元 blank (1 §8): the printed article marks the company's
    amount ※ with a note under it, and the errata appendix lists the correction."""
    text = re.sub(r"[ \t]+", " ", _pdf_text(handbook_pdf.data))
    assert "每天补助50※元" in text and "※ 补助金额由公司确定，原文此处空白。" in text
    errata = text[text.index("附录 勘误表", text.index("附录 勘误表") + 1):]   # the appendix, not the TOC
    assert re.search(r"考勤制度 八、 每天补助 元 每天补助50元", errata)
    single = re.sub(r"[ \t]+", " ", _pdf_text(as_user("staff").get("/handbook/attendance/print.pdf").data))
    assert "每天补助50※元" in single
    with app.app_context():
        set_setting(HOLIDAY_ALLOWANCE, "")
        db.session.commit()
    blank = re.sub(r"[ \t]+", " ", _pdf_text(as_user("staff").get("/handbook/attendance/print.pdf").data))
    assert re.search(r"每天补助\s+※", blank) and "※ 补助金额由公司确定" in blank   # a visible blank, marked


@needs_poppler
def test_the_errata_name_title_and_preamble_in_chinese(as_user, handbook_pdf):
    text = re.sub(r"[ \t]+", " ", _pdf_text(handbook_pdf.data))
    errata = text[text.index("附录 勘误表", text.index("附录 勘误表") + 1):]
    assert re.search(r"“首问责任人”制度\s+标题\s+“首问责10、", errata)   # how a cell wraps is the layout's
    assert re.search(r"“首问责任人”制度\s+序言\s+首问责任任制度", errata)
    assert not re.search(r"\b(title|preamble|closing)\b", errata)
    page = as_user("staff").get("/handbook/first-contact/revisions/1").get_data(as_text=True)
    assert '<td data-label="位置">标题</td>' in page and '<td data-label="位置">序言</td>' in page
    assert ">title<" not in page and ">preamble<" not in page


@needs_poppler
def test_handbook_pdf_embeds_cjk_fonts_is_small_and_has_metadata(handbook_pdf):
    data = handbook_pdf.data
    assert len(data) < 2 * 1024 * 1024
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True).stdout.decode()
    if not fonts.strip():  # older pdffonts read files only
        path = "/tmp/portal-handbook-test.pdf"
        open(path, "wb").write(data)
        fonts = subprocess.run(["pdffonts", path], capture_output=True).stdout.decode()
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True).stdout.decode()
    assert "昌黎县热力供应公司制度汇编" in info


def test_handbook_is_cached_with_an_etag(as_user, handbook_pdf):
    client = as_user("staff")
    etag = handbook_pdf.headers["ETag"]
    again = client.get("/handbook/handbook.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304


@needs_poppler
def test_a5_booklet_and_a_single_regulation(as_user):
    client = as_user("staff")
    a5 = client.get("/handbook/handbook.pdf?size=a5")
    info = subprocess.run(["pdfinfo", "-"], input=a5.data, capture_output=True).stdout.decode()
    assert "420 x 595" in info or "419.528 x 595.276" in info
    single = client.get("/handbook/temperature-measurement/print.pdf")
    text = _pdf_text(single.data)
    assert "用户测温制度" in text and "考勤制度" not in text


def test_harfbuzz_subsetting_is_available():
    """Without libharfbuzz-subset0 WeasyPrint silently falls back to a 15x slower path."""
    import ctypes.util
    assert ctypes.util.find_library("harfbuzz-subset"), "install libharfbuzz-subset0 (make test does)"


def test_preview_needs_no_change_note(as_user):
    office = as_user("office")
    data = _edit_form(office, "first-contact")
    data["articles-0-text"] = "首问责任人必须热情接待。"
    data.update(effective_date=local_today().isoformat(), note="", action="preview")
    page = office.post("/handbook/first-contact/edit", data=data).get_data(as_text=True)
    assert 'class="card preview"' in page and "首问责任人必须热情接待。" in page
    data["action"] = "save"
    assert "此项必填" in office.post("/handbook/first-contact/edit", data=data).get_data(as_text=True)


def test_the_counts_of_who_has_not_read_follow_another_workers_reading(app, as_user):
    """The counts are kept per worker (derived_cache); someone confirming in another worker
    shows at once."""
    from portal.handbook.models import Acknowledgement
    from portal.staff.models import Employee

    office = as_user("office")

    def unread_of_hygiene() -> int:
        page = office.get("/handbook/acknowledgements").get_data(as_text=True)
        row = page.split("卫生管理制度", 1)[1].split("</tr>")[0]
        return int(re.search(r"(\d+)\s*人未读", row).group(1))

    unread_of_hygiene()                      # the first request of a session may commit (its last use)
    before = unread_of_hygiene()
    assert before > 0
    with app.app_context():
        revision = db.session.scalar(select(RegulationRevision.id).where(RegulationRevision.title == "卫生管理制度")
                                     .order_by(RegulationRevision.revision_no.desc()).limit(1))
        reader = db.session.scalar(select(Employee.id).where(Employee.active, ~select(Acknowledgement.id).where(
            Acknowledgement.employee_id == Employee.id, Acknowledgement.revision_id == revision).exists()).limit(1))
        with db.engine.begin() as other:
            other.execute(Acknowledgement.__table__.insert().values(employee_id=reader, revision_id=revision,
                                                                    at=datetime(2026, 11, 2)))
    assert unread_of_hygiene() == before - 1


def test_the_handbook_pdf_follows_a_revision_saved_in_another_worker(app, as_user):
    """The book's texts and its file's key are kept per worker (derived_cache); a revision saved
    by another worker makes the next request's PDF the new text."""
    staff = as_user("staff")
    staff.get("/handbook/")                          # the first request of a session may commit (its last use)
    before = staff.get("/handbook/handbook.pdf")
    assert staff.get("/handbook/handbook.pdf").headers["ETag"] == before.headers["ETag"]
    with app.app_context():
        current = db.session.scalar(select(RegulationRevision).where(RegulationRevision.title == "车辆管理制度")
                                    .order_by(RegulationRevision.revision_no.desc()).limit(1))
        articles = [*current.articles[:-1], {**current.articles[-1], "text": "车辆钥匙由办公室统一保管。"}]
        with db.engine.begin() as other:
            other.execute(RegulationRevision.__table__.insert().values(
                regulation_id=current.regulation_id, revision_no=current.revision_no + 1, title=current.title,
                preamble=current.preamble, articles=articles, closing=current.closing, effective_date=local_today(),
                note="钥匙保管。", errata=[], created_at=datetime(2026, 11, 2)))
    after = staff.get("/handbook/handbook.pdf")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "车辆钥匙由办公室统一保管" in _pdf_text(after.data)
