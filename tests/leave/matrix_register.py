"""Access matrix rows of the attendance register, spot checks and absence alarms.

{department} is 投资发展部 (head invest-head, overseen by deputy2 — not a demo role of the
matrix), {employee} is 林静 of that department; {register_day} a past working day."""

from datetime import timedelta

from portal.leave import rules
from portal.clock import local_today
from tests.roles import GM, INSPECTORS, OFFICE

REGISTER_READERS = GM | {"deputy"} | OFFICE | {"office-head", "cs-head", "invest-head", "branch-mgr"}

MATRIX = [
    ("GET", "/leave/register", REGISTER_READERS),
    # Another department's register: its head, the office and the GM; not other heads, nor a
    # deputy who does not oversee it.
    ("GET", "/leave/register?dept={department}&month=2026-10", GM | OFFICE | {"invest-head"}),
    ("GET", "/leave/spot-checks", GM | {"deputy"} | INSPECTORS),
    ("GET", "/leave/spot-checks?conflicts=1", GM | {"deputy"} | INSPECTORS),
    ("GET", "/leave/alarms", GM | {"deputy"} | OFFICE | INSPECTORS),
    # Posting nothing: refused with a message, nothing saved (the head of the department only).
    ("POST", "/leave/register/{employee}/{register_day}", {"invest-head"}),
    ("POST", "/leave/spot-checks", INSPECTORS),
]


def ids(app) -> dict:
    day = local_today() - timedelta(days=1)
    while not rules.is_working_day(day):
        day -= timedelta(days=1)
    return {"register_day": day.isoformat()}
