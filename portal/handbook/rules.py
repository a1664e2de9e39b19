"""Regulation text rules as pure functions: numbering, placeholders, search, diffs, hashes."""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from ..workdays.months import add_months

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 21 -> 二十一 (for 第三条, 第十三项)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def article_anchor(position: int) -> str:
    """Articles are linked by position (1-based): /handbook/attendance#art-3 is 第三条."""
    return f"art-{position}"


def article_name(position: int) -> str:
    return f"第{cn_number(position)}条"


def split_placeholders(text: str, values: dict[str, str | None]) -> list[tuple[str, str]]:
    """Text as ("text", s) and ("value", s) / ("blank", name) parts, so a page can mark a
    configured value or show a visible blank where the original left one."""
    parts, pos = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            parts.append(("text", text[pos:match.start()]))
        value = values.get(match.group(1))
        parts.append(("value", value) if value else ("blank", match.group(1)))
        pos = match.end()
    if pos < len(text):
        parts.append(("text", text[pos:]))
    return parts


COMPANY_FILLED = {
    "holiday_allowance": "补助金额由公司确定，原文此处空白。",
}
"""Notes on the places the company fills in where the original left a blank (regulation 1
§8: 每天补助 元): the printed handbook marks each such value with its note."""


def marked_placeholders(text: str, values: dict[str, str | None]) -> list[tuple[str, str, str | None]]:
    """As split_placeholders, each part with the note of a value (or blank) the company
    fills in (COMPANY_FILLED), else None: ("text", s, None), ("value", v, note), ("blank", name, note)."""
    parts, pos = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            parts.append(("text", text[pos:match.start()], None))
        name = match.group(1)
        value = values.get(name)
        parts.append(("value", value, COMPANY_FILLED.get(name)) if value else ("blank", name, COMPANY_FILLED.get(name)))
        pos = match.end()
    if pos < len(text):
        parts.append(("text", text[pos:], None))
    return parts


def fill_placeholders(text: str, values: dict[str, str | None], blank: str = "＿＿") -> str:
    return "".join(v if kind != "blank" else blank for kind, v in split_placeholders(text, values))


def filled_regulation(reg: dict, values: dict[str, str | None], blank: str = "＿＿") -> dict:
    """A regulation dict (title, preamble, articles, closing) with its placeholders filled in,
    as a reader sees it: for search snippets and the changes between revisions."""
    def fill(text: str) -> str:
        return fill_placeholders(text or "", values, blank)
    return {**reg, "title": fill(reg["title"]), "preamble": fill(reg.get("preamble")),
            "closing": fill(reg.get("closing")),
            "articles": [{**a, "text": fill(a["text"])} for a in reg["articles"]]}


PLACEHOLDER_NAMES = {"holiday_allowance": "值班补助金额"}
"""What the office sees and writes in the editor for a value the portal fills in:
{holiday_allowance} is edited as 〔值班补助金额〕."""


def placeholder_token(name: str) -> str:
    return f"〔{PLACEHOLDER_NAMES.get(name, name)}〕"


def to_editable(text: str) -> str:
    """Stored text to the editor's: {holiday_allowance} -> 〔值班补助金额〕."""
    return PLACEHOLDER.sub(lambda m: placeholder_token(m.group(1)) if m.group(1) in PLACEHOLDER_NAMES
                           else m.group(0), text or "")


def from_editable(text: str) -> str:
    """The editor's text back to stored text: 〔值班补助金额〕 (or a typed {holiday_allowance}) -> {holiday_allowance}."""
    for name in PLACEHOLDER_NAMES:
        text = text.replace(placeholder_token(name), "{" + name + "}")
    return text


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    position: int          # 0 for the title/preamble/closing, else the article's position
    label: str
    before: str
    match: str
    after: str


def search(regulations: list[dict], query: str, context: int = 30, per_regulation: int = 5) -> list[Hit]:
    """Substring search over the text as written (Chinese needs no word splitting).
    `regulations`: [{"slug", "title", "preamble", "articles": [{"label","text"}], "closing"}]."""
    query = query.strip()
    if not query:
        return []
    hits = []
    for reg in regulations:
        parts = [(0, "", reg["title"]), (0, "", reg.get("preamble") or "")]
        parts += [(i, a["label"], a["text"]) for i, a in enumerate(reg["articles"], start=1)]
        parts.append((0, "", reg.get("closing") or ""))
        found = 0
        for position, label, text in parts:
            start = text.find(query)
            while start != -1 and found < per_regulation:
                end = start + len(query)
                hits.append(Hit(reg["slug"], reg["title"], position, label,
                                ("…" if start > context else "") + text[max(0, start - context):start],
                                text[start:end],
                                text[end:end + context] + ("…" if end + context < len(text) else "")))
                found += 1
                start = text.find(query, end)
    return hits


def diff_text(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level changes: [("same"|"del"|"ins", text)] — Chinese has no spaces to split on."""
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", old[a1:a2]))
        else:
            if a2 > a1:
                parts.append(("del", old[a1:a2]))
            if b2 > b1:
                parts.append(("ins", new[b1:b2]))
    return parts


def diff_revisions(old: dict, new: dict) -> list[dict]:
    """The changed parts of a regulation between two revisions, in reading order:
    [{"name": "标题"/"序言"/"第三条"/"结语", "parts": diff_text(...), "changed": bool}]."""
    sections = [("标题", old["title"], new["title"]),
                ("序言", old.get("preamble") or "", new.get("preamble") or "")]
    old_articles, new_articles = old["articles"], new["articles"]
    for i in range(max(len(old_articles), len(new_articles))):
        before = old_articles[i] if i < len(old_articles) else {"label": "", "text": ""}
        after = new_articles[i] if i < len(new_articles) else {"label": "", "text": ""}
        sections.append((article_name(i + 1), before["label"] + before["text"], after["label"] + after["text"]))
    sections.append(("结语", old.get("closing") or "", new.get("closing") or ""))
    return [{"name": name, "parts": diff_text(a, b), "changed": a != b}
            for name, a, b in sections if a or b]


def content_hash(regulations: list[dict], values: dict, layout: str) -> str:
    """What a handbook PDF depends on: the text, the filled-in values and the layout."""
    payload = json.dumps([regulations, values, layout], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


EFFECTIVE_MONTHS_AHEAD = 12
"""A revision is prepared for a date known now: at most a year ahead (a date like 2999-12-31
would leave the text pending forever while everyone is asked to read it)."""


def effective_date_window(today: date, in_force: date | None) -> tuple[date | None, date]:
    """The dates a new revision may take effect on: not before the latest revision (their order
    would be lost), not more than EFFECTIVE_MONTHS_AHEAD months after today."""
    latest = add_months(today, EFFECTIVE_MONTHS_AHEAD)
    return in_force, max(latest, in_force) if in_force else latest


def effective_date_problem(new: date, current: date | None, today: date) -> str | None:
    """"before_current", "too_far" or None (see effective_date_window)."""
    earliest, latest = effective_date_window(today, current)
    if earliest is not None and new < earliest:
        return "before_current"
    if new > latest:
        return "too_far"
    return None


def _comparable(reg: dict) -> tuple:
    return ((reg.get("title") or "").strip(), (reg.get("preamble") or "").strip(),
            [((a.get("label") or "").strip(), (a.get("text") or "").strip()) for a in reg.get("articles") or []],
            (reg.get("closing") or "").strip())


def same_text(old: dict, new: dict) -> bool:
    """Whether a new revision would change nothing a reader sees (title, preamble, articles,
    closing; surrounding spaces aside): such a revision is refused, not saved and re-read."""
    return _comparable(old) == _comparable(new)


def articles_from_form(entries: list[tuple[str, str]]) -> list[dict]:
    """Form rows (label, text) to articles: rows whose text is empty are dropped."""
    return [{"label": label.strip(), "text": text.strip()} for label, text in entries if text.strip()]


ERRATA_PLACES = {"title": "标题", "preamble": "序言", "closing": "结语"}
"""errata.toml names a correction's place by its article's label (二、) or by one of these keys,
shown as the revision diff names the same parts."""


def errata_place(article: str) -> str:
    return ERRATA_PLACES.get(article, article)


def display_label(label: str) -> str:
    """"一、" stays; a bare "第一章" or "一" gets a full-width space before its text."""
    label = label.strip()
    if not label or label[-1] in "、：:．.）)":
        return label
    return label + "\u3000"
