"""The yearly account of duties (述职, regulation 4 岗位责任制度 §9) as pure functions.

Every post holder writes, once a year, how they carried out their post's written duties,
tasks and goals; the head of their department comments on it; the account is the main basis
of the yearly review. The office sees who has not written the year's account yet."""

from collections import Counter
from collections.abc import Collection
from datetime import date

REVIEW_SEASON = (12, 1, 2)
"""The months in which the accounts are written and commented on (the yearly review around
the turn of the year): the home page reminds holders, heads and the office then."""

MISSING, WRITTEN, COMMENTED = "missing", "written", "commented"
STATES = (MISSING, WRITTEN, COMMENTED)
SCOPE_ALL = "all"
ACCOUNT_MAX = 10000
COMMENT_MAX = 2000


def review_year(today: date) -> int:
    """The year whose account is due: in January and February still last year's (the review
    of the year just ended), else this year's."""
    return today.year - 1 if today.month in (1, 2) else today.year


def tally(states) -> dict[str, int]:
    """How many accounts are in each state (every state named, zeros included)."""
    found = Counter(states)
    return {s: found[s] for s in STATES}


def department_tally(rows) -> dict[int, tuple[dict[str, int], int]]:
    """{department: (tally of its accounts' states, how many are the viewer's to comment on)}
    from (department id, state, the viewer's to comment on) rows."""
    states: dict[int, list[str]] = {}
    mine: Counter = Counter()
    for department_id, state, to_comment in rows:
        states.setdefault(department_id, []).append(state)
        mine[department_id] += bool(to_comment)
    return {d: (tally(found), mine[d]) for d, found in states.items()}


def in_season(today: date) -> bool:
    return today.month in REVIEW_SEASON


def state(written: bool, commented: bool) -> str:
    if not written:
        return MISSING
    return COMMENTED if commented else WRITTEN


def commenter(holder_id: int, holder_rank: str, head_id: int | None, deputy_id: int | None,
              gm_id: int | None) -> int | None:
    """Who comments on a holder's account: the head of their department; on the head's own
    account, the deputy manager who oversees the department (or, without one, the general
    manager); on a deputy manager's, the general manager. Nobody comments on the general
    manager's own, nor ever on one's own account."""
    if holder_rank == "general_manager":
        chosen = None
    elif holder_rank == "deputy_manager":
        chosen = gm_id
    elif head_id is not None and head_id != holder_id:
        chosen = head_id
    else:
        chosen = deputy_id or gm_id
    return None if chosen == holder_id else chosen


def can_write(viewer_id: int, holder_id: int, commented: bool) -> bool:
    """Only the holder writes their account, and changes it until it has been commented on."""
    return viewer_id == holder_id and not commented


def can_comment(viewer_id: int, commenter_id: int | None, written: bool, commented: bool) -> bool:
    """The commenter, once, on a written account."""
    return written and not commented and commenter_id is not None and viewer_id == commenter_id


def overview_line(viewer_id: int, holder_id: int, holder_rank: str, head_id: int | None, deputy_id: int | None,
                  gm_id: int | None, written: bool, commented: bool) -> tuple[str, bool]:
    """An account as the overview shows it: its state, and whether it is the viewer's to comment on."""
    return state(written, commented), can_comment(
        viewer_id, commenter(holder_id, holder_rank, head_id, deputy_id, gm_id), written, commented)


def can_read(viewer_id: int, viewer_rank: str, viewer_roles: Collection[str], holder_id: int,
             commenter_id: int | None, department_head_id: int | None,
             department_deputy_id: int | None) -> bool:
    """The holder, the commenter, the head of the holder's department and the deputy manager
    who oversees it, the general manager and the office (who keeps the staff records)."""
    return (viewer_id in {holder_id, commenter_id, department_head_id, department_deputy_id} - {None}
            or viewer_rank == "general_manager" or "office" in viewer_roles)


def overview_scope(viewer_rank: str, viewer_roles: Collection[str], headed: Collection[int],
                   overseen: Collection[int]) -> str | frozenset[int]:
    """Whose accounts a user sees listed: the office and the general manager every
    department's ("all"); heads and deputy managers those of the departments in their charge."""
    if "office" in viewer_roles or viewer_rank == "general_manager":
        return SCOPE_ALL
    return frozenset(headed) | frozenset(overseen)
