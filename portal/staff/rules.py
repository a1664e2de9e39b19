"""Directory and record rules as pure functions (plain values in, plain values out)."""

import re
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

RANKS = ("staff", "department_head", "branch_manager", "deputy_manager", "general_manager")
"""Lowest first."""
ROLES = ("admin", "office", "guard", "driver", "customer_service", "inspector")
DEPARTMENT_KINDS = ("leadership", "office", "section", "branch", "guard")

HEAD_RANKS = frozenset({"department_head", "branch_manager"})
LEADER_RANKS = frozenset({"deputy_manager", "general_manager"})


def name_search_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name, lower case: 王建国 -> ("wangjianguo", "wjg")."""
    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore")]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


_PHONE = re.compile(r"^[\d\- ]{3,}$")
_LATIN = re.compile(r"^[A-Za-z ]+$")


def classify_query(query: str) -> tuple[str, str]:
    """What a directory search means: ("phone", digits), ("pinyin", letters), ("name", text) or ("all", "")."""
    text = query.strip()
    if not text:
        return "all", ""
    if _PHONE.match(text):
        return "phone", re.sub(r"\D", "", text)
    if _LATIN.match(text):
        return "pinyin", text.replace(" ", "").lower()
    return "name", text


@dataclass(frozen=True)
class Viewer:
    id: int
    rank: str
    roles: frozenset[str] = frozenset()
    headed_department_ids: frozenset[int] = field(default_factory=frozenset)
    overseen_department_ids: frozenset[int] = field(default_factory=frozenset)


def can_view_record(viewer: Viewer, target_id: int, target_department_id: int) -> bool:
    """Personnel details (hire date, emergency contact, notes) beyond the public directory:
    the person themself, the office and administrators, the GM, the head of the person's
    department and the deputy manager overseeing it."""
    if viewer.id == target_id:
        return True
    if viewer.roles & {"admin", "office"} or viewer.rank == "general_manager":
        return True
    return (target_department_id in viewer.headed_department_ids
            or target_department_id in viewer.overseen_department_ids)


def can_edit_employee(viewer_roles: frozenset[str]) -> bool:
    return bool(viewer_roles & {"admin", "office"})


def can_assign_roles(viewer_roles: frozenset[str]) -> bool:
    return "admin" in viewer_roles

