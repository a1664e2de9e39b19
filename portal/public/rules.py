"""Regulation 13 (服务承诺制度) as residents see it, as pure functions: each promise's figure
(numerator, denominator, share, target, kept or not), the months of a heating season and the
month a resident may ask for. No database, no Flask; `today` is passed in.

A share is a percentage with one decimal, rounded *down* (412 of 418 is 98.5 %, 2 of 3 is
66.6 %): the page never shows a promise as kept that is not. A promise is met when the exact
share reaches the target, which — rounded down to one decimal — is the same as the shown share
reaching it. Nothing measured (a denominator of 0) has no share and is neither met nor missed."""

from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from ..service import rules as service_rules
from ..workdays.months import add_months, parse_month

# The promises of regulation 13 (三、承诺标准) and their targets in per cent.
TEMPERATURE, REPAIRS, FAULTS, CONNECTIONS, COMPLAINTS, CONTACTS = (
    "temperature", "repairs", "faults", "connections", "complaints", "contacts")
TARGETS = {TEMPERATURE: 98, REPAIRS: 100, FAULTS: 100, CONNECTIONS: 100, COMPLAINTS: 100, CONTACTS: 100}
BILLING_TARGET, FACILITIES_TARGET = 99, 98     # no records in the portal (yet): promise only

NOT_A_MONTH, OUTSIDE_SEASON = "not_a_month", "outside_season"


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal, rounded down; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def figure(part: int, whole: int, target_percent: int | float | Decimal) -> dict:
    """One figure: {part, whole, share (one decimal, rounded down, or None), target, met (None
    when nothing was counted)}. Met when part / whole >= target, computed exactly."""
    part, whole = int(part or 0), int(whole or 0)
    target = Decimal(str(target_percent))
    met = None if whole == 0 else Decimal(100 * part) >= target * whole
    return {"part": part, "whole": whole, "share": share(part, whole), "target": target_percent, "met": met}


def compliance_from_counts(counts: dict[str, int]) -> tuple[int, int]:
    """`service.rules.compliance_counts` over counts per verdict instead of a list of verdicts:
    (meeting or deemed to meet, counted), exempt households left out."""
    counted = sum(n for verdict, n in counts.items() if verdict != service_rules.EXEMPT)
    meeting = sum(counts.get(v, 0) for v in (service_rules.MEETS, service_rules.DEEMED_MEETS))
    return meeting, counted


# --- the season and its months ----------------------------------------------------------------------

def season_so_far(season: tuple[date, date], today: date) -> tuple[date, date]:
    """The part of the season that has begun: its first day to today (or to its last day)."""
    first, last = season
    return first, max(first, min(today, last))


def season_months(season: tuple[date, date], today: date) -> list[tuple[date, date]]:
    """The season's months that have begun by `today`, each cut to the season (15–30 November,
    December …, 1–15 March): (first day, last day)."""
    first, last = season
    months, start = [], first
    while start <= last and start <= today:
        following = add_months(start.replace(day=1), 1)
        months.append((start, min(following - timedelta(days=1), last)))
        start = following
    return months or [(first, first)]


def month_key(first: date) -> str:
    return f"{first:%Y-%m}"


def chosen_month(text: str | None, months: list[tuple[date, date]]) -> tuple[int | None, str | None]:
    """Which of `months` ?month=YYYY-MM asks for: (its index, None); (None, None) when nothing is
    asked; (None, NOT_A_MONTH) for anything that is not a month; (None, OUTSIDE_SEASON) for a
    month outside the season or not yet begun."""
    text = (text or "").strip()
    if not text:
        return None, None
    parsed = parse_month(text)
    if parsed is None:
        return None, NOT_A_MONTH
    for index, (first, _last) in enumerate(months):
        if (first.year, first.month) == parsed:
            return index, None
    return None, OUTSIDE_SEASON


def bucket_starts(months: list[tuple[date, date]]) -> list[date]:
    """The first day of every month after the first: where a record moves to the next month."""
    return [first for first, _last in months[1:]]


# --- the figures of the page -----------------------------------------------------------------------

def _sum(rows, index: int) -> int:
    return sum(row[index] for row in rows)


def commitments(counts: dict, months: list, chosen: int | None) -> dict:
    """Every figure of the page from the counts of the season (`queries.season_counts`): per
    promise, the season's figure, the chosen month's (or None), one per month (for the chart)
    and what is still open."""

    def per_month(key, part_at, whole_at):
        return [figure(row[part_at], row[whole_at], TARGETS[key]) for row in counts[key]]

    def entry(key, season_figure, monthly, open_rows=None, open_at=None):
        return {"season": season_figure, "months": monthly,
                "month": monthly[chosen] if chosen is not None else None,
                "open": None if open_rows is None else (
                    _sum(open_rows, open_at) if chosen is None else open_rows[chosen][open_at])}

    temperature = [compliance_from_counts(by_verdict) for by_verdict in counts[TEMPERATURE]]
    result = {
        # rows: (received, arrived, arrived in time, not yet reached)
        REPAIRS: entry(REPAIRS, figure(_sum(counts[REPAIRS], 2), _sum(counts[REPAIRS], 1), TARGETS[REPAIRS]),
                       per_month(REPAIRS, 2, 1), counts[REPAIRS], 3),
        # rows: (received, cleared, cleared in time, not yet cleared)
        FAULTS: entry(FAULTS, figure(_sum(counts[FAULTS], 2), _sum(counts[FAULTS], 1), TARGETS[FAULTS]),
                      per_month(FAULTS, 2, 1), counts[FAULTS], 3),
        # rows: (applied, answered, answered in time, awaiting an answer)
        CONNECTIONS: entry(CONNECTIONS, figure(_sum(counts[CONNECTIONS], 2), _sum(counts[CONNECTIONS], 1),
                                               TARGETS[CONNECTIONS]),
                           per_month(CONNECTIONS, 2, 1), counts[CONNECTIONS], 3),
        # rows: (received, closed)
        COMPLAINTS: entry(COMPLAINTS, figure(_sum(counts[COMPLAINTS], 1), _sum(counts[COMPLAINTS], 0),
                                             TARGETS[COMPLAINTS]), per_month(COMPLAINTS, 1, 0)),
        # rows: (logged, with an outcome)
        CONTACTS: entry(CONTACTS, figure(_sum(counts[CONTACTS], 1), _sum(counts[CONTACTS], 0), TARGETS[CONTACTS]),
                        per_month(CONTACTS, 1, 0)),
        TEMPERATURE: entry(TEMPERATURE, figure(*counts["temperature_season"], TARGETS[TEMPERATURE]),
                           [figure(part, whole, TARGETS[TEMPERATURE]) for part, whole in temperature]),
    }
    return result


def within_limit(recent: int, limit: int) -> bool:
    """Whether one more from the same address is allowed (`recent`: how many in the last hour)."""
    return recent < limit


def phone_matches(phone: str, last_four: str) -> bool:
    """The check when following a report: the last four digits of the phone it was made with."""
    digits = "".join(c for c in phone if c.isdigit())
    return len(last_four) == 4 and last_four.isdigit() and digits.endswith(last_four)


def entered_figures(latest: dict) -> dict:
    """Each figure the office entered, with its share against the commitment's target (None
    when the office has entered nothing for it this season)."""
    targets = {"billing_accuracy": BILLING_TARGET, "facilities_good": FACILITIES_TARGET}
    return {kind: {**latest[kind], "figure": figure(latest[kind]["part"], latest[kind]["whole"], target)}
            if kind in latest else None for kind, target in targets.items()}
