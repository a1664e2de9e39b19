"""The temperature register (regulation 10) through its pages: a branch measures a household's
rooms, sees the verdict while filling the form, and the record — standards, method, verdict —
is kept as judged; a measurement not valid by the method says why."""

import base64
from decimal import Decimal
from io import BytesIO

from sqlalchemy import delete, func, select

from portal.clock import local_today, to_local
from portal.extensions import db
from portal.service.models import ColdFile, Household, Measurement, PlannedMeasurement
from portal.staff.models import Employee

HX = {"HX-Request": "true"}


def _household(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Household.id).where(Household.cold).order_by(Household.id).limit(1))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Measurement))


def _drawing() -> str:
    """A signature as the canvas sends it: a PNG data URL."""
    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 90), (80, 20), (150, 95), (290, 30)], fill=(0, 0, 0, 255), width=3)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


SIGNED = _drawing()


def _form(household_id: int, **changes) -> dict:
    data = {"signature_png": SIGNED, "household_id": str(household_id), "day": local_today().isoformat(), "entered_at": "09:00",
            "started_at": "09:15", "ended_at": "09:25", "doors_windows_closed": "y", "at_centre": "y", "outdoor_c": "-6.5",
            "signature": "signed", "exemption": "",
            "rooms-0-room": "bedroom", "rooms-0-heated": "y", "rooms-0-reading_c": "17.6",
            "rooms-1-room": "living", "rooms-1-heated": "y", "rooms-1-reading_c": "18.4",
            "rooms-2-room": "kitchen", "rooms-2-heated": "y", "rooms-2-open_to_balcony": "y", "rooms-2-reading_c": "14.0"}
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_a_branch_measures_a_household_and_the_record_keeps_the_verdict(app, as_user):
    branch = as_user("branch-mgr")
    household = _household(app)
    page = branch.get(f"/service/temperatures/new?household={household}").get_data(as_text=True)
    assert "进户 15 分钟后开始" in page and 'name="rooms-0-reading_c"' in page
    judged = branch.post("/service/temperatures/judge", data=_form(household), headers=HX).get_data(as_text=True)
    assert "不达标" in judged and "低于 18 ℃" in judged and "无标准：只记录，不评判" in judged     # kitchen open to a balcony
    response = branch.post("/service/temperatures/new", data=_form(household))
    assert response.status_code == 302
    with app.app_context():
        m = db.session.scalar(select(Measurement).order_by(Measurement.id.desc()).limit(1))
        assert (m.household_id, m.verdict, m.problems) == (household, "below", "")
        assert [(r.room, r.standard_c, r.reading_c) for r in m.rooms] == [
            ("bedroom", 18, Decimal("17.6")), ("living", 18, Decimal("18.4")), ("kitchen", None, Decimal("14.0"))]
        measurement_id = m.id
    record = branch.get(f"/service/temperatures/{measurement_id}").get_data(as_text=True)
    assert "不达标" in record and "有效" in record and "-6.5" in record
    drawn = branch.get(f"/service/temperatures/{measurement_id}/signature.png")     # signed on the screen, kept
    assert f"/service/temperatures/{measurement_id}/signature.png" in record and drawn.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"/service/temperatures/{measurement_id}" in branch.get(f"/service/households/{household}").get_data(as_text=True)
    assert f"/service/temperatures/{measurement_id}" in as_user("gm").get("/service/temperatures/").get_data(as_text=True)


def test_a_measurement_against_the_method_is_kept_as_not_valid_and_says_why(app, as_user):
    branch = as_user("branch-mgr")
    household = _household(app)
    assert branch.post("/service/temperatures/new", data=_form(household, started_at="09:10", ended_at="09:18",
                                                                doors_windows_closed=None)).status_code == 302
    with app.app_context():
        m = db.session.scalar(select(Measurement).order_by(Measurement.id.desc()).limit(1))
        assert m.problems == "too_soon,too_short,doors_open"
    page = branch.get(f"/service/temperatures/{m.id}").get_data(as_text=True)
    assert "进户不足 15 分钟即开始测温" in page and "测温不足 10 分钟" in page and "门窗未关闭" in page


def test_a_refusal_to_sign_counts_as_up_to_standard_and_a_cold_snap_is_not_answerable(app, as_user):
    branch = as_user("branch-mgr")
    household = _household(app)
    branch.post("/service/temperatures/new", data=_form(household, signature="refused"))
    branch.post("/service/temperatures/new", data=_form(household, outdoor_c="-11.5"))
    with app.app_context():
        verdicts = list(db.session.scalars(select(Measurement.verdict).order_by(Measurement.id.desc()).limit(2)))
    assert verdicts == ["exempt", "deemed_meets"]


def test_bad_or_missing_input_is_refused_in_chinese_and_nothing_is_stored(app, as_user):
    branch = as_user("branch-mgr")
    household, before = _household(app), _count(app)
    cases = [(_form(household, at_centre=None), "房间中央"),
             (_form(household, signature="signed_with_objection"), "请写明用户的异议"),
             (_form(household, **{"rooms-0-room": "", "rooms-1-room": "", "rooms-2-room": ""}), "请至少测量一个房间"),
             (_form(household, **{"rooms-0-reading_c": ""}), "请填写每个所测房间的温度读数"),
             (_form(household, **{"rooms-0-reading_c": "99"}), "rooms-0-reading_c"),
             (_form(household, day="1999-01-01"), "1999-01-01"),
             (_form(0), "请选择用户"),
             (_form(household, signature_png=""), "用户须在屏幕上签字"),
             (_form(household, signature_png="data:image/png;base64,PGh0bWw+"), "只接受 PDF、JPEG 或 PNG 文件")]  # not a PNG
    for data, expected in cases:
        response = branch.post("/service/temperatures/new", data=data)
        assert response.status_code == 422 and expected in response.get_data(as_text=True), expected
    assert _count(app) == before
    assert as_user("staff").post("/service/temperatures/new", data=_form(household)).status_code == 403


def test_below_standard_opens_one_cold_file_which_the_desk_closes_with_the_result(app, as_user):
    branch, desk = as_user("branch-mgr"), as_user("cs")
    with app.app_context():
        household = db.session.scalar(select(Household.id).where(~Household.cold, Household.id.not_in(
            select(ColdFile.household_id))).order_by(Household.id.desc()).limit(1))
    branch.post("/service/temperatures/new", data=_form(household))                    # below: a file opens
    branch.post("/service/temperatures/new", data=_form(household))                    # below again: the same file
    with app.app_context():
        files = list(db.session.scalars(select(ColdFile).where(ColdFile.household_id == household)))
    assert len(files) == 1 and files[0].closed_at is None
    page = desk.get(f"/service/temperatures/files/{files[0].id}").get_data(as_text=True)
    assert page.count("不达标") >= 2 and "关闭档案" in page
    assert "请写明采取的措施和结果" in desk.post(f"/service/temperatures/files/{files[0].id}/close", data={"result": " "},
                                               follow_redirects=True).get_data(as_text=True)
    assert desk.post(f"/service/temperatures/files/{files[0].id}/close", data={"result": "调整平衡阀后复测达标"}).status_code == 302
    assert "调整平衡阀后复测达标" in branch.get(f"/service/temperatures/files/{files[0].id}").get_data(as_text=True)
    assert branch.post(f"/service/temperatures/files/{files[0].id}/close", data={"result": "x"}).status_code == 403


def test_two_measurements_below_at_the_same_moment_open_one_file_and_keep_both(app):
    # Two measurers' phones (threads of a live server) record the same household below standard at once.
    from tests.approvals.test_concurrent_decisions import Browser, at_once
    from tests.conftest import serve
    with app.app_context():
        own = db.session.scalar(select(Employee.department_id).where(Employee.username == "branch-mgr"))
        households = list(db.session.scalars(select(Household.id).where(   # the branch's own: it measures only those
            Household.branch_id == own, Household.id.not_in(select(ColdFile.household_id)))
            .order_by(Household.id.desc()).limit(3)))
    assert len(households) == 3
    with serve(app) as base:
        phones = Browser(base, "branch-mgr"), Browser(base, "cs")
        for household in households:
            before = _count(app)
            answers = at_once(*(lambda p=p: p.post("/service/temperatures/new", _form(household)) for p in phones))
            assert [status for status, _body in answers] == [302, 302], answers
            with app.app_context():
                opened = db.session.scalar(select(func.count()).select_from(ColdFile).where(ColdFile.household_id == household))
            assert _count(app) == before + 2 and opened == 1


def test_the_month_plan_puts_cold_households_first_and_shows_which_are_measured(app, as_user):
    desk, branch = as_user("cs"), as_user("branch-mgr")
    first = local_today().replace(day=1)
    with app.app_context():
        db.session.execute(delete(PlannedMeasurement).where(PlannedMeasurement.month == first))
        db.session.commit()
        cold = db.session.scalar(select(func.count()).select_from(Household).where(Household.cold))
        own = db.session.scalar(select(Employee.department_id).where(Employee.username == "branch-mgr"))
        own_cold = db.session.scalar(select(func.count()).select_from(Household).where(Household.cold, Household.branch_id == own))
    # a branch adds its own cold households; the desk then adds the rest
    assert f"已将 {own_cold} 户不热户列入测温计划" in branch.post("/service/temperatures/plan/cold", data={
        "month": first.strftime("%Y-%m")}, follow_redirects=True).get_data(as_text=True)
    assert f"已将 {cold - own_cold} 户不热户列入测温计划" in desk.post("/service/temperatures/plan/cold", data={
        "month": first.strftime("%Y-%m")}, follow_redirects=True).get_data(as_text=True)
    household = _household(app)                       # a cold one, now planned: measure it
    branch.post("/service/temperatures/new", data=_form(household))
    page = desk.get(f"/service/temperatures/plan?month={first:%Y-%m}").get_data(as_text=True)
    assert f"本月计划测温 {cold} 户，已测" in page and "未测" in page
    with app.app_context():
        plan_id = db.session.scalar(select(PlannedMeasurement.id).where(PlannedMeasurement.household_id == household,
                                                                        PlannedMeasurement.month == first))
    assert desk.post(f"/service/temperatures/plan/{plan_id}/remove", data={"month": first.strftime("%Y-%m")}).status_code == 302
    assert as_user("staff").post("/service/temperatures/plan/cold", data={}).status_code == 403


def test_the_branch_home_page_counts_its_planned_households_not_measured(app, as_user):
    page = as_user("branch-mgr").get("/").get_data(as_text=True)
    assert "本月测温计划中尚未测温的用户" in page
    assert "本月测温计划中尚未测温的用户" not in as_user("staff").get("/").get_data(as_text=True)


def test_the_measurement_form_prints_two_copies_on_one_page(app, as_user):
    from pypdf import PdfReader
    with app.app_context():
        m = db.session.scalar(select(Measurement).order_by(Measurement.id).limit(1))
        address = m.household.address
    response = as_user("branch-mgr").get(f"/service/temperatures/{m.id}.pdf")
    reader = PdfReader(BytesIO(response.data))
    text = reader.pages[0].extract_text().replace(" ", "")       # the title is letter-spaced
    assert response.mimetype == "application/pdf" and len(reader.pages) == 1
    assert text.count("测温记录表") >= 2 and "公司存档联" in text and "用户留存联" in text and address in text


def test_the_office_spot_checks_a_measurement_and_the_month_counts_it(app, as_user):
    office = as_user("office")
    with app.app_context():
        m = db.session.scalar(select(Measurement).order_by(Measurement.started_at.desc()).limit(1))
        month = to_local(m.started_at).strftime("%Y-%m")
    assert "登记抽查" in office.get(f"/service/temperatures/{m.id}").get_data(as_text=True)
    refused = office.post(f"/service/temperatures/{m.id}/check", data={"outcome": "differs"}, follow_redirects=True)
    assert "不符时写明抽查所见" in refused.get_data(as_text=True)
    office.post(f"/service/temperatures/{m.id}/check", data={"outcome": "differs", "note": "复核卧室 17.1 ℃"})
    page = office.get(f"/service/temperatures/{m.id}").get_data(as_text=True)
    assert "与记录不符" in page and "复核卧室 17.1 ℃" in page
    summary = office.get(f"/service/temperatures/summary?month={month}").get_data(as_text=True)
    assert "其中 1 次与记录不符" in summary
    assert as_user("branch-mgr").post(f"/service/temperatures/{m.id}/check", data={"outcome": "agrees"}).status_code == 403


def test_the_month_summary_as_excel_has_the_figures_by_branch_and_estate(app, as_user):
    from openpyxl import load_workbook
    with app.app_context():
        m = db.session.scalar(select(Measurement).where(Measurement.problems == "").order_by(Measurement.started_at.desc()).limit(1))
        month, estate = to_local(m.started_at).strftime("%Y-%m"), m.household.estate
    response = as_user("gm").get(f"/service/temperatures/summary.xlsx?month={month}")
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["汇总", "按分公司", "按小区", "本月尚未测温的不热户"]
    assert "测温月度汇总分析" in book["汇总"]["A1"].value and book["汇总"]["A3"].value == "达标"
    assert estate in [row[0].value for row in book["按小区"].iter_rows(min_row=2)]


def test_the_summary_counts_every_cold_household_not_measured_though_it_lists_only_the_first(app, as_user, monkeypatch):
    from portal.service import views_temperature
    from openpyxl import load_workbook
    month = local_today().strftime("%Y-%m")
    with app.app_context():
        cold = db.session.scalar(select(func.count()).select_from(Household).where(Household.cold))
        unmeasured = db.session.scalars(select(Household).where(Household.cold).order_by(Household.id)).all()
        for h in db.session.scalars(select(Household).where(~Household.cold).order_by(Household.id).limit(3)):
            h.cold = True                                    # three more, never measured this month
        db.session.commit()
        first = local_today().replace(day=1)
        from datetime import datetime, time
        from portal.clock import local_to_utc
        from portal.service import queries_temperature
        from portal.workdays.months import add_months
        starts, ends = (local_to_utc(datetime.combine(d, time())) for d in (first, add_months(first, 1)))
        missing = len(queries_temperature.cold_not_measured(starts, ends, None))
    assert missing >= 3 and unmeasured is not None
    monkeypatch.setattr(views_temperature, "SUMMARY_LISTS_MISSING", 2)
    page = as_user("gm").get(f"/service/temperatures/summary?month={month}").get_data(as_text=True)
    assert f"{cold + 3 - missing}／{cold + 3}" in page
    assert f"共{missing}户未测，这里列出前2户" in page, page[page.index("本月尚未测温"):][:600]
    book = load_workbook(BytesIO(as_user("gm").get(f"/service/temperatures/summary.xlsx?month={month}").data))
    assert book["本月尚未测温的不热户"].max_row == missing + 1


def test_a_branch_measures_and_plans_only_its_own_households(app, as_user):
    # The lists show a branch its own households only; an address typed into a form or a URL
    # naming another branch's household changes nothing there.
    branch, desk = as_user("branch-mgr"), as_user("cs")
    first = local_today().replace(day=1)
    month = first.strftime("%Y-%m")
    with app.app_context():
        own = db.session.scalar(select(Employee.department_id).where(Employee.username == "branch-mgr"))
        other = db.session.scalar(select(Household.id).where(Household.branch_id != own).order_by(Household.id).limit(1))
        db.session.execute(delete(PlannedMeasurement).where(PlannedMeasurement.household_id == other))
        db.session.commit()
    before = _count(app)
    assert branch.get(f"/service/temperatures/new?household={other}").status_code == 404
    response = branch.post("/service/temperatures/new", data=_form(other))
    assert response.status_code == 422 and "请选择用户" in response.get_data(as_text=True)
    assert _count(app) == before

    def planned() -> list[int]:
        with app.app_context():
            return list(db.session.scalars(select(PlannedMeasurement.id).where(
                PlannedMeasurement.household_id == other, PlannedMeasurement.month == first)))
    branch.post("/service/temperatures/plan", data={"month": month, "household_id": other})
    assert planned() == []
    desk.post("/service/temperatures/plan", data={"month": month, "household_id": other})
    plan_id, = planned()
    page = branch.post(f"/service/temperatures/plan/{plan_id}/remove", data={"month": month}, follow_redirects=True)
    assert "该户不在测温计划中" in page.get_data(as_text=True) and planned() == [plan_id]
    desk.post(f"/service/temperatures/plan/{plan_id}/remove", data={"month": month})
    assert planned() == []
