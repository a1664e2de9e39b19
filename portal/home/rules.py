"""What the home page says about its reader, as pure functions."""


def role_line(department: str | None, department_kind: str | None, post: str | None, rank: str) -> list[str]:
    """Who the reader is, the way a colleague would say it: the department and the post
    ("警卫班 · 门卫"); a company leader by the post alone ("总经理"); the rank (already a label)
    when there is no post; nothing said twice."""
    parts = [] if department_kind == "leadership" or not department else [department]
    parts.append(post or rank)
    return list(dict.fromkeys(p for p in parts if p))


def rows_per_kind(kinds: int, most: int, page_rows: int, least: int) -> int:
    """How many rows of each kind of decision the decisions page shows: `most` while few kinds
    wait, fewer when many do, so that the page stays about `page_rows` rows long on a phone —
    never fewer than `least` (the rest are on each kind's own page)."""
    return min(most, max(least, page_rows // max(kinds, 1)))
