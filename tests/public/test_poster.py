"""The commitments poster for the service hall (服务承诺公示): one A3 page, open to anyone, in
Chinese whatever the reader's language, every promise with this season's figure exactly as the
commitments page counts and words it, a QR code to the live page, rendered once per content."""

import io
import subprocess
from urllib.parse import unquote

import zxingcpp
from flask import url_for
from flask_babel import force_locale, gettext
from PIL import Image
from pypdf import PdfReader

from portal.clock import local_today
from portal.public import queries, rules
from portal.service import rules as service_rules
from portal.web import pdf

POSTER = "/public/commitments/poster.pdf"
UNITS = {rules.TEMPERATURE: "%(part)s / %(whole)s households", rules.CONNECTIONS: "%(part)s / %(whole)s applications",
         rules.REPAIRS: "%(part)s / %(whole)s calls", rules.FAULTS: "%(part)s / %(whole)s faults",
         rules.COMPLAINTS: "%(part)s / %(whole)s complaints", rules.CONTACTS: "%(part)s / %(whole)s contacts"}
TITLES = ("Heating quality", "Collecting heating fees", "Connecting to the network", "Repair service",
          "Handling complaints", "Room temperature compliance", "Billing accuracy", "Answered within 15 working days",
          "Repair calls reached within 60 minutes", "Air locks and blockages cleared in time",
          "Heating facilities in good order", "Complaints handled", "Letters, calls and visits handled")


def _expected(app):
    """The season's figures as the commitments page computes them, in its Chinese words; and the
    absolute address of the page."""
    with app.test_request_context(), force_locale("zh_CN"):
        today = local_today()
        months = rules.season_months(service_rules.heating_season(today), today)
        queries.forget()
        figures = rules.commitments(queries.season_counts(months), months, None)
        shown = {key: (figures[key]["season"], gettext(unit, part=figures[key]["season"]["part"],
                                                       whole=figures[key]["season"]["whole"]))
                 for key, unit in UNITS.items()}
        return shown, [gettext(t) for t in TITLES], gettext("No data in the system yet"), \
            url_for("public.commitments", _external=True)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_poster_is_one_a3_page_with_every_promise_and_its_figure(app):
    response = app.test_client().get(POSTER, headers={"Accept-Language": "en"})   # no login; an English browser
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = unquote(response.headers["Content-Disposition"])
    assert f"服务承诺公示-{local_today().isoformat()}.pdf" in disposition
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 841.9) < 1 and abs(float(box.height) - 1190.6) < 1     # A3 portrait
    text = _flat(reader.pages[0].extract_text())
    shown, titles, no_records, _url = _expected(app)
    for title in titles:
        assert _flat(title) in text, title
    assert "让用户享受温暖的热" in text
    assert text.count(_flat(no_records)) == 2          # billing and facilities: no records, no invented figure
    for key, (figure, count) in shown.items():
        assert _flat(count) in text, (key, count)
        if figure["share"] is not None:
            assert f"{figure['share']}%" in text, (key, figure["share"])
    kept = sum(1 for figure, _count in shown.values() if figure["met"])
    missed = sum(1 for figure, _count in shown.values() if figure["met"] is False)
    assert text.count("已达到") == kept and text.count("未达到") == missed
    first = rules.season_so_far(service_rules.heating_season(local_today()), local_today())[0]
    assert f"{first.year}年{first.month}月{first.day}日" in text                     # the period


def test_the_poster_code_leads_to_the_commitments_page(app, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(app.test_client().get(POSTER).data)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / "poster")], check=True)
    read = [found.text for page in sorted(tmp_path.glob("poster-*.png"))
            for found in zxingcpp.read_barcodes(Image.open(page))]
    assert read == [_expected(app)[3]]


def test_the_poster_is_rendered_once_then_served_from_the_cache(app, monkeypatch):
    client = app.test_client()
    first = client.get(POSTER)
    calls = []
    render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *args: calls.append(args) or render(*args))
    again = client.get(POSTER)
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"] and not calls
    assert client.get(POSTER, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_figure_the_office_entered_shows_on_the_poster_marked_as_entered(app, as_user):
    answer = as_user("office").post("/service/temperatures/figures",
                                    data={"kind": "billing_accuracy", "part": "985", "whole": "1000"})
    assert answer.status_code < 400, answer.get_data(as_text=True)[:300]
    reader = PdfReader(io.BytesIO(app.test_client().get(POSTER).data))
    text = _flat(reader.pages[0].extract_text())
    assert len(reader.pages) == 1
    assert "98.5%" in text and "985/1000" in text and "由办公室人工录入" in text
    assert text.count("暂无系统数据") == 1               # facilities: still nothing entered


def test_the_poster_gives_the_hotline_and_none_when_unset(make_app):
    with_number = make_app(SERVICE_HOTLINE="0335-2028890").test_client().get(POSTER)
    assert "客服热线：0335-2028890" in _flat(PdfReader(io.BytesIO(with_number.data)).pages[0].extract_text())
    without = make_app(SERVICE_HOTLINE="").test_client().get(POSTER)
    assert "客服热线" not in _flat(PdfReader(io.BytesIO(without.data)).pages[0].extract_text())
