"""The bound handbook (or one regulation) as a PDF, through the shared PDF helper."""

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import render_template

from .. import derived_cache
from ..web import pdf
from . import queries, rules
from .loader import COMPILATION_DATE, COMPILATION_TITLE, errata_by_regulation

SIZES = {"a4": "handbook-a4.css", "a5": "handbook-a5.css"}
COMMON_CSS = "handbook-book.css"
TEMPLATE = "handbook/book.html"
_ROOT = Path(__file__).resolve().parent.parent.parent


@lru_cache(maxsize=None)
def layout_version() -> str:
    """Changes when the book's template or stylesheets change, so cached PDFs are remade."""
    digest = hashlib.sha256()
    for path in [_ROOT / "templates" / TEMPLATE, pdf.STATIC_CSS / COMMON_CSS,
                 *(pdf.STATIC_CSS / css for css in SIZES.values())]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def source_errata() -> dict[int, list[dict]]:
    """The corrections of the 2004 source text, shipped with the portal (regulations/errata.toml):
    the book's appendix lists them whatever revision of a regulation is in force."""
    return errata_by_regulation()


def as_dict(revision) -> dict:
    return {"number": revision.regulation.number, "slug": revision.regulation.slug,
            "title": revision.title, "revision_no": revision.revision_no,
            "effective_date": revision.effective_date.isoformat(), "preamble": revision.preamble,
            "articles": revision.articles, "closing": revision.closing,
            "errata": source_errata().get(revision.regulation.number, revision.errata)}


def handbook(today: date, values: dict, size: str) -> tuple[Path, str]:
    """(cached file, ETag) of the whole handbook in force on `today`. Its texts and the file's key
    are kept per worker until a revision changes (derived_cache): a request for a PDF already
    made reads one row instead of loading and hashing thirteen regulations' texts."""
    def texts() -> tuple[list[dict], str]:
        regulations = [as_dict(r) for r in queries.current_revisions(today)]
        return regulations, _key(regulations, values, size, whole=True)
    regulations, key = derived_cache.remembered("handbook_texts", (today, size, *sorted(values.items())), texts)
    return _cached(key, regulations, values, size, whole=True)


def regulation(revision, values: dict, size: str) -> tuple[Path, str]:
    """(cached file, ETag) of a single regulation, in the book's layout."""
    regulations = [as_dict(revision)]
    return _cached(_key(regulations, values, size, whole=False), regulations, values, size, whole=False)


def _key(regulations: list[dict], values: dict, size: str, whole: bool) -> str:
    return rules.content_hash(regulations, values, f"{layout_version()}-{size}-{whole}")


def _cached(key: str, regulations: list[dict], values: dict, size: str, whole: bool) -> tuple[Path, str]:
    def make() -> bytes:
        html = render_template(TEMPLATE, regulations=regulations, values=values, whole=whole,
                               title=COMPILATION_TITLE, date=COMPILATION_DATE, size=size,
                               split=rules.marked_placeholders, label=rules.display_label, place=rules.errata_place,
                               cn=rules.cn_number)
        return pdf.render(html, (COMMON_CSS, SIZES[size]))

    path = pdf.cached(key, make)
    return path, path.stem
