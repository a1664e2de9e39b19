"""Directory and record rules as pure functions (plain values in, plain values out)."""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pypinyin import Style, lazy_pinyin

RANKS = ("staff", "department_head", "branch_manager", "deputy_manager", "general_manager")
"""Lowest first."""
ROLES = ("admin", "office", "guard", "driver", "customer_service", "inspector")
DEPARTMENT_KINDS = ("leadership", "office", "section", "labour", "branch", "guard")
"""labour: the labour and wages section (劳资科), which pays wages and reads every register."""

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


# --- who approves what: only an administrator changes it, recorded --------------------------

AUTHORITY_FIELDS = {
    "employee": ("rank", "roles"),
    "department": ("head", "deputy"),
    "post": ("substitute",),
}
"""What decides who approves what (regulation 1's approval levels, substitutes, roles)."""

CONFIRM_AFTER = timedelta(minutes=15)
"""An administrator who authenticated longer ago than this confirms their password first."""


def can_change_authority(viewer_roles: frozenset[str]) -> bool:
    return "admin" in viewer_roles


def authority_changes(subject: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(field, old, new) for each authority field of `subject` whose value differs."""
    return [(name, before.get(name, ""), after.get(name, ""))
            for name in AUTHORITY_FIELDS[subject] if before.get(name, "") != after.get(name, "")]


def must_confirm_password(authenticated_at: datetime | None, now: datetime) -> bool:
    """Whether a change of authority needs the administrator's password again."""
    return authenticated_at is None or now - authenticated_at > CONFIRM_AFTER


def can_read_org_changes(viewer_roles: frozenset[str], viewer_rank: str) -> bool:
    return "admin" in viewer_roles or viewer_rank == "general_manager"


# --- a post's substitute (代岗人, regulation 4) ------------------------------------------------

ONLY_HOLDER = "only_holder"


def substitute_problem(substitute_id: int | None, holder_ids: Collection[int]) -> str | None:
    """A post cannot be its own substitute: ONLY_HOLDER when the one person holding it is
    named as its substitute (nobody would stand in while they are away)."""
    if substitute_id is not None and set(holder_ids) == {substitute_id}:
        return ONLY_HOLDER
    return None


def effective_substitute(substitute_id: int | None, holder_ids: Collection[int]) -> int | None:
    """The post's substitute as it works: none ("未指定代岗人") when its only holder is named."""
    return None if substitute_problem(substitute_id, holder_ids) else substitute_id
