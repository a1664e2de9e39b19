"""The 13 regulations shipped with the portal (portal/handbook/regulations/*.toml), loaded
into the database as their first revision, with the errata of the source text."""

import tomllib
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from .models import Regulation, RegulationRevision

SOURCE = Path(__file__).parent / "regulations"
COMPILATION_TITLE = "昌黎县热力供应公司制度汇编"
COMPILATION_DATE = "二〇〇四年四月二十八日"
ORIGINAL_DATE = date(2004, 4, 28)
FIRST_NOTE = "依据2004年4月28日印发的《昌黎县热力供应公司制度汇编》录入，修正了网页转存造成的错误及原文的明显笔误，见勘误表。"


def shipped() -> list[dict]:
    regulations = []
    for path in sorted(SOURCE.glob("[0-9][0-9]-*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        data["articles"] = [{"label": a["label"].strip(), "text": a["text"].strip()} for a in data["articles"]]
        regulations.append(data)
    return regulations


def errata_by_regulation() -> dict[int, list[dict]]:
    with (SOURCE / "errata.toml").open("rb") as f:
        corrections = tomllib.load(f)["corrections"]
    grouped: dict[int, list[dict]] = {}
    for c in corrections:
        grouped.setdefault(c["regulation"], []).append(
            {"article": c["article"].strip(), "original": c["original"],
             "corrected": c["corrected"], "reason": c["reason"]})
    return grouped


def install() -> int:
    """Add the shipped regulations that are not in the database yet; returns how many."""
    existing = set(db.session.scalars(select(Regulation.number)))
    errata = errata_by_regulation()
    added = 0
    for data in shipped():
        if data["number"] in existing:
            continue
        regulation = Regulation(number=data["number"], slug=data["slug"], audience=data["audience"])
        regulation.revisions.append(RegulationRevision(
            revision_no=1, title=data["title"], preamble=data.get("preamble", "").strip(),
            articles=data["articles"], closing=data.get("closing", "").strip(),
            effective_date=ORIGINAL_DATE, note=FIRST_NOTE, errata=errata.get(data["number"], []),
        ))
        db.session.add(regulation)
        added += 1
    db.session.commit()
    return added
