"""The one PDF helper: its file cache is keyed by the document and by what else decides how it
looks, so that a PDF made before the Chinese fonts were installed is not served afterwards."""

import pytest

from portal.web import pdf

HTML = '<html lang="zh-CN"><body><p>供热</p></body></html>'


@pytest.fixture
def fingerprint(monkeypatch):
    """Set the CJK fonts the renderer sees; the fingerprint is recomputed."""
    def set_fonts(files: list[str]):
        monkeypatch.setattr(pdf, "_cjk_fonts", lambda: files)
        pdf.renderer_fingerprint.cache_clear()
    yield set_fonts
    pdf.renderer_fingerprint.cache_clear()


def test_installing_the_cjk_fonts_makes_a_new_cache_entry(app, fingerprint):
    made = []

    def make():
        made.append(1)
        return pdf.render(HTML)

    with app.app_context():
        fingerprint([])                                   # a machine without the fonts
        before = pdf.cached("doc", make)
        assert pdf.cached("doc", make) == before and len(made) == 1   # from the cache
        fingerprint(["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"])
        after = pdf.cached("doc", make)
    assert after != before and len(made) == 2 and after.read_bytes().startswith(b"%PDF")
    assert after.stem != before.stem                      # the ETag changes with it


def test_the_fingerprint_follows_weasyprint_and_the_stylesheets(fingerprint, monkeypatch):
    fingerprint(["a.ttc"])
    first = pdf.renderer_fingerprint()
    monkeypatch.setattr(pdf.weasyprint, "__version__", "0.0-other")
    pdf.renderer_fingerprint.cache_clear()
    assert pdf.renderer_fingerprint() != first


def test_warm_up_loads_the_fonts_and_stylesheets():
    pdf.stylesheet.cache_clear()
    pdf.warm_up()
    assert pdf.stylesheet.cache_info().currsize == len(list(pdf.STATIC_CSS.glob("*.css")))
