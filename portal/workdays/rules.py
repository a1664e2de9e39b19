"""The working calendar shared by every area: which days are working days, counted how.

Pure: plain values in, plain values out; no database, no Flask. Its data, in order of
authority, for each year:

1. "entered" — the State Council's holiday schedule as the office entered it in the portal
   (holidays and make-up working days 调休上班), given to `WorkingCalendar(entered)`;
2. "package" — the `chinesecalendar` package, for the years its release covers;
3. "statutory" — for any other year: weekends plus the statutory public holidays of the
   `holidays` package, without make-up working days. Counts from it are provisional until
   the office enters that year's schedule.

Nothing is refused because a year is unknown: every date has an answer, and
`is_provisional(year)` says when that answer is a stopgap.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar
import holidays as holiday_tables

ENTERED, PACKAGE, STATUTORY = "entered", "package", "statutory"
SOURCES = (ENTERED, PACKAGE, STATUTORY)

HALF_DAY_HOURS = {"am": (time(8, 0), time(12, 0)), "pm": (time(13, 0), time(17, 30))}
"""Half-day working hours, local time (Asia/Shanghai): morning 08:00–12:00, afternoon 13:00–17:30."""

HALF_DAY = max(datetime.combine(date.min, end) - datetime.combine(date.min, start)
               for start, end in HALF_DAY_HOURS.values())
"""Half a day of working time: the longer half day (13:00–17:30, 4½ hours). Stepping out for
up to this much working time is a leave-post notice (regulation 7); more is leave."""

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years the office may enter a schedule for."""

MAX_RANGE_DAYS = 31
"""A longer range in a schedule is a typing slip (no holiday lasts a month)."""


@dataclass(frozen=True)
class YearSchedule:
    """A year's departures from Monday–Friday: days off (public holidays, including the
    weekend days inside a holiday break) and make-up working days (weekend days worked)."""
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


# --- the packages, asked once per year and process --------------------------------------

def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year, 12, 31) - first).days + 1)]


@lru_cache(maxsize=None)
def package_year(year: int) -> YearSchedule | None:
    """The year as `chinesecalendar` knows it, or None for a year its release does not cover
    (it raises NotImplementedError for those)."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    off, on = set(), set()
    for day in _days_of(year):
        working = chinese_calendar.is_workday(day)
        if day.weekday() < 5 and not working:
            off.add(day)
        elif day.weekday() >= 5 and working:
            on.add(day)
        elif day.weekday() >= 5 and chinese_calendar.get_holiday_detail(day)[1] is not None:
            off.add(day)   # a weekend day inside a named holiday break
    return YearSchedule(frozenset(off), frozenset(on))


@lru_cache(maxsize=None)
def statutory_year(year: int) -> YearSchedule:
    """Weekends plus the statutory public holidays of the `holidays` package (with its rule
    that a holiday falling on a weekend is given on the next working day); no make-up days."""
    table = holiday_tables.China(years=year)
    return YearSchedule(frozenset(d for d in table if d.year == year), frozenset())


# --- the calendar ----------------------------------------------------------------------------

class WorkingCalendar:
    """Immutable. `WorkingCalendar({2027: (holidays, workdays)})`: the schedules the office
    entered, by year; other years come from the packages."""

    __slots__ = ("_entered",)

    def __init__(self, entered: Mapping[int, tuple[Iterable[date], Iterable[date]]] | None = None):
        schedules = {}
        for year, (off, on) in (entered or {}).items():
            schedules[int(year)] = YearSchedule(frozenset(off), frozenset(on))
        object.__setattr__(self, "_entered", MappingProxyType(schedules))

    def __setattr__(self, name, value):
        raise AttributeError("a WorkingCalendar cannot be changed; use with_entered()")

    def __repr__(self) -> str:
        return f"WorkingCalendar(entered={sorted(self._entered)})"

    def with_entered(self, year: int, holidays: Iterable[date], workdays: Iterable[date]) -> "WorkingCalendar":
        """A new calendar with `year`'s schedule replaced (e.g. to preview one being typed)."""
        schedules = {y: (s.holidays, s.workdays) for y, s in self._entered.items()}
        schedules[year] = (holidays, workdays)
        return WorkingCalendar(schedules)

    # --- where a year's answers come from ---

    def source(self, year: int) -> str:
        """"entered", "package" or "statutory"."""
        if year in self._entered:
            return ENTERED
        if package_year(year) is not None:
            return PACKAGE
        return STATUTORY

    def is_provisional(self, year: int) -> bool:
        """Counts for this year come from the statutory holidays only (no schedule yet)."""
        return self.source(year) == STATUTORY

    def provisional_years(self, first: date, last: date | None = None) -> list[int]:
        """The provisional years among those from `first` to `last` (or `first` alone)."""
        last = first if last is None else last
        return [y for y in range(first.year, last.year + 1) if self.is_provisional(y)]

    def schedule(self, year: int) -> YearSchedule:
        """The year's days off and make-up working days, from whichever source answers."""
        entered = self._entered.get(year)
        if entered is not None:
            return entered
        return package_year(year) or statutory_year(year)

    # --- questions about days ---

    def is_working_day(self, day: date) -> bool:
        """Mon–Fri that are not holidays, and make-up working days (调休)."""
        if not isinstance(day, date):
            raise TypeError(f"expected a date, got {type(day).__name__}")
        return self.schedule(day.year).is_working_day(day)

    def working_days(self, first: date, last: date) -> list[date]:
        """The working days from `first` to `last`, both included ([] when last < first)."""
        days, day = [], first
        schedule, year = None, None
        while day <= last:
            if day.year != year:
                year = day.year
                schedule = self.schedule(year)
            if schedule.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def count_working_days(self, first: date, last: date) -> int:
        return len(self.working_days(first, last))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.nth_working_day_after(day, 1)

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """The working time in [start, end) (naive local times): the parts of the half-day
        hours (HALF_DAY_HOURS) of working days that lie in it; lunch, evenings, nights and
        days off do not count. timedelta(0) when end is not after start."""
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for first, last in HALF_DAY_HOURS.values():
                    overlap = min(end, datetime.combine(day, last)) - max(start, datetime.combine(day, first))
                    if overlap > timedelta(0):
                        total += overlap
            day += timedelta(days=1)
        return total

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The `n`-th working day strictly after `day` (n ≥ 1): 15 working days after a
        Friday before a week-long holiday lands 15 working days after the holiday's end."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        if not isinstance(day, date):
            raise TypeError(f"expected a date, got {type(day).__name__}")
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_before(self, day: date, n: int) -> list[date]:
        """The `n` working days strictly before `day`, oldest first (a demo's recent history)."""
        found = []
        while len(found) < n:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                found.append(day)
        return found[::-1]


PACKAGE_ONLY = WorkingCalendar()
"""The calendar with nothing entered: packages only (used outside an application)."""


# --- reading a schedule as the office types or pastes it ------------------------------------

# Problems found by parse_dates / schedule_problems.
UNREADABLE = "unreadable"       # not a date in any accepted form
IMPOSSIBLE = "impossible"       # 2月30日
OTHER_YEAR = "other_year"       # 2028-01-01 in the 2027 schedule
REVERSED = "reversed"           # a range ending before it starts
TOO_LONG = "too_long"           # a range of more than MAX_RANGE_DAYS
BOTH = "both"                   # a date both a holiday and a make-up working day
WEEKDAY_MAKEUP = "weekday_makeup"   # a make-up working day on Mon–Fri (it is one anyway)

_ZH = {
    UNREADABLE: "“{text}”无法识别为日期，请写成 2027-01-01、2027/1/1、2027年1月1日、1月1日，"
                "或 2027-02-05至2027-02-11、2月5日—11日 这样的范围",
    IMPOSSIBLE: "“{text}”不是存在的日期",
    OTHER_YEAR: "“{text}”不在{year}年内",
    REVERSED: "“{text}”的结束日期早于开始日期",
    TOO_LONG: "“{text}”超过{days}天，请检查是否写错",
    BOTH: "{text}既填为放假又填为调休上班",
    WEEKDAY_MAKEUP: "{text}是工作日（周一至周五），调休上班日应为周六或周日",
}


@dataclass(frozen=True)
class DateProblem:
    """Why part of a typed schedule was not taken: `kind` (see above), the `text` concerned
    and the schedule's `year`. str() gives the message in Chinese."""
    kind: str
    text: str
    year: int

    def __str__(self) -> str:
        return _ZH[self.kind].format(text=self.text, year=self.year, days=MAX_RANGE_DAYS)


_ITEM_SEPARATORS = re.compile(r"[\n,;、]+")        # after NFKC: ，→ ,  ；→ ;
_RANGE_SEPARATORS = re.compile(r"至|到|~|—+|–|-+")
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_DAY = re.compile(r"(\d{1,2})\s*[日号]?")
_REMARKS = re.compile(r"\([^)]*\)")               # (周五), （星期五） after NFKC


def _clean(item: str) -> str:
    item = _REMARKS.sub("", item)
    if ":" in item:                                # "元旦：1月1日" — a label before the date
        item = item.rsplit(":", 1)[1]
    return item.strip().rstrip("。.").strip()


def _point(text: str, year: int, month: int | None = None) -> tuple[int, int, int] | None:
    """(year, month, day) numbers of a date written in full, as 月日 (year given), or — as
    the end of a range only (`month` given) — as a bare day."""
    if m := _FULL.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _MONTH_DAY.fullmatch(text):
        return year, int(m[1]), int(m[2])
    if month is not None and (m := _DAY.fullmatch(text)):
        return year, month, int(m[1])
    return None


def _date(numbers: tuple[int, int, int]) -> date | None:
    try:
        return date(*numbers)
    except ValueError:
        return None


def _read_item(item: str, year: int) -> tuple[list[date], DateProblem | None]:
    text = _clean(item)
    if not text:
        return [], None
    found = _point(text, year)
    if found is not None:
        first = last = found
    else:
        first = last = None
        for sep in _RANGE_SEPARATORS.finditer(text):
            left, right = text[:sep.start()].strip(), text[sep.end():].strip()
            start = _point(left, year)
            end = _point(right, start[0], start[1]) if start else None
            if start and end:
                first, last = start, end
                break
        if first is None:
            return [], DateProblem(UNREADABLE, item.strip(), year)
    start, end = _date(first), _date(last)
    if start is None or end is None:
        return [], DateProblem(IMPOSSIBLE, item.strip(), year)
    if start.year != year or end.year != year:
        return [], DateProblem(OTHER_YEAR, item.strip(), year)
    if end < start:
        return [], DateProblem(REVERSED, item.strip(), year)
    if (end - start).days >= MAX_RANGE_DAYS:
        return [], DateProblem(TOO_LONG, item.strip(), year)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)], None


def parse_dates(text: str | None, year: int) -> tuple[list[date], list[DateProblem]]:
    """The dates in a list typed or pasted by the office: `2027-01-01`, `2027/1/1`,
    `2027年1月1日`, `1月1日` (the year is `year`), and ranges such as
    `2027-02-05至2027-02-11`, `2月5日—11日`, `2月5日~2月11日`; items separated by line
    breaks, commas, 、, ，, ; or ；. A remark in brackets (`1月1日（周五）`) and a label before a
    colon (`元旦：1月1日`) are ignored; full-width digits are read as digits.
    Returns the distinct dates in order and the problems, one per item not taken."""
    normal = unicodedata.normalize("NFKC", text or "")
    dates: set[date] = set()
    problems: list[DateProblem] = []
    for item in _ITEM_SEPARATORS.split(normal):
        days, problem = _read_item(item, year)
        dates.update(days)
        if problem:
            problems.append(problem)
    return sorted(dates), problems


def schedule_problems(holidays: Iterable[date], workdays: Iterable[date], year: int) -> list[DateProblem]:
    """What is wrong with a year's schedule as a whole: a date listed both as a holiday and
    as a make-up working day; a make-up working day that is not a Saturday or Sunday."""
    holidays, workdays = set(holidays), set(workdays)
    problems = [DateProblem(BOTH, d.isoformat(), year) for d in sorted(holidays & workdays)]
    problems += [DateProblem(WEEKDAY_MAKEUP, d.isoformat(), year)
                 for d in sorted(workdays - holidays) if d.weekday() < 5]
    return problems


def dates_text(days: Iterable[date]) -> str:
    """Dates as stored: ISO, one per line, in order."""
    return "\n".join(d.isoformat() for d in sorted(set(days)))


def read_dates_text(text: str | None) -> list[date]:
    """The inverse of dates_text."""
    return [date.fromisoformat(line) for line in (text or "").split() if line]


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive dates joined: [(first, last), …] in order."""
    result: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if result and day - result[-1][1] == timedelta(days=1):
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def compact_text(days: Iterable[date]) -> str:
    """Dates as the office would type them, one per line, runs as ranges
    ("2027-02-05至2027-02-11"); parse_dates reads it back to the same dates."""
    lines = []
    for first, last in runs(days):
        if first == last:
            lines.append(first.isoformat())
        elif (last - first).days < MAX_RANGE_DAYS:
            lines.append(f"{first.isoformat()}至{last.isoformat()}")
        else:
            lines += [d.isoformat() for d in sorted(set(days)) if first <= d <= last]
    return "\n".join(lines)


def by_month(days: Iterable[date]) -> dict[int, list[tuple[date, date]]]:
    """{month: runs of that month}, months in order, only those with a date."""
    months: dict[int, list[date]] = {}
    for day in sorted(set(days)):
        months.setdefault(day.month, []).append(day)
    return {month: runs(listed) for month, listed in months.items()}
