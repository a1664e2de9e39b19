"""A department head's own department now ("本部门此刻") on the home page: the areas register
what they know of it — who is away from the post and who is overdue back (absence), how far
today's register is kept (leave). Shown to whoever heads a department (a branch manager his
branch), of that department; the leadership has the company's figures instead."""

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..staff.rules import LEADER_RANKS


@dataclass(frozen=True)
class Person:
    name: str
    note: str               # "请假" / "离岗，预计 14:30 返回"
    alert: bool = False     # overdue back


@dataclass(frozen=True)
class Part:
    label: object
    value: str              # "2 人", "已记 4 人，未记 1 人"
    url: str | None = None
    alert: bool = False
    people: tuple[Person, ...] = ()


SOURCES: list[tuple[int, Callable[[object, datetime], list[Part]]]] = []


def source(order: int):
    """Register `func(department, now_utc) -> [Part]`; the card's parts go by `order`."""
    def register(func):
        SOURCES.append((order, func))
        SOURCES.sort(key=lambda entry: entry[0])
        return func
    return register


def headed_department(user):
    """The department `user` heads (loaded with the login), or None; the leadership's is the
    company, in its figures."""
    department = user.department
    if department is None or department.head_id != user.id or user.rank in LEADER_RANKS:
        return None
    return department


def card_for(user, now_utc: datetime):
    """(department, parts) for the head of a department, else None."""
    department = headed_department(user)
    if department is None:
        return None
    return department, [part for _order, find in SOURCES for part in find(department, now_utc)]
