"""Listings split by date so that no page grows without bound: a period is a year, a month
or a day, written as the leading parts of a date: ``(2024,)``, ``(2024, 3)``,
``(2024, 3, 15)``; ``()`` holds what has no date at all.

``plan`` chooses the pages: one page for everything while it is small; else one page per
year, a year with too many entries one per month, a month with too many one per day. A
year or month so split keeps a page of its own that links its months or days (so that no
list of links grows past 31) and lists the entries dated no more precisely (a source known
only to its month, in a month listed by day). A day is never split further.

The plan depends only on how many entries each date has, so an entry keeps its page while
others come and go, until a period crosses the limit.

Dates cannot split everything: 3,000 deals known only to their year are one year, and a
day is never split. A page that lists more entries of its own than the limit goes on over
numbered parts (``paged``): ``(2024, -2)`` is the second part of 2024's page, at
``2024-part-2``; the first part is the period's page itself. A part is no finer period:
``within`` leaves parts out, and ``base`` gives the period a part belongs to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TypeVar

from .model import PartialDate

Period = tuple[int, ...]
Entry = TypeVar("Entry")


def of_date(when: PartialDate | None) -> Period:
    """A date as a period, as precise as it is known."""
    if when is None:
        return ()
    return tuple(part for part in when if part)


def plan(counts: Mapping[Period, int], limit: int) -> tuple[Period, ...] | None:
    """The periods with a page of their own, in order (undated first, then oldest first),
    given how many entries each date has; None while every entry fits one page."""
    within: Counter[Period] = Counter()  # entries in each period, its months and days
    for when, number in counts.items():
        for length in range(len(when) + 1):
            within[when[:length]] += number
    if within[()] <= limit:
        return None

    def split(period: Period) -> bool:
        return not period or (within[period] > limit and len(period) < 3)

    pages = []
    for period in sorted(within):  # each period before the finer ones inside it
        if not all(split(period[:length]) for length in range(len(period))):
            continue  # inside a period whose page lists it whole
        if period or counts.get(period):  # undated: a page only if there are such entries
            pages.append(period)
    return tuple(pages)


def page_of(when: Period, plan: AbstractSet[Period]) -> Period:
    """The period whose page lists an entry dated ``when``: the most precise period of the
    plan (as a set: this runs for every entry) that holds it."""
    for length in range(len(when), -1, -1):
        if when[:length] in plan:
            return when[:length]
    raise ValueError(f"no page of the plan holds {when}")


def address(period: Period) -> str:
    """A period as it stands in a page's address: 2024, 2024-03, 2024-03-15, undated, and
    a part of one: 2024-part-2."""
    if part_of(period) > 1:
        return f"{address(base(period))}-part-{part_of(period)}"
    if not period:
        return "undated"
    return "-".join([f"{period[0]:04d}", *(f"{part:02d}" for part in period[1:])])


def part_of(period: Period) -> int:
    """Which part of its period's page ``period`` is: 1 for the page itself."""
    return -period[-1] if period and period[-1] < 0 else 1


def base(period: Period) -> Period:
    """The period a part of a page belongs to (a period itself for its first part)."""
    return period[:-1] if part_of(period) > 1 else period


def paged(pages: Iterable[tuple[Period, list[Entry]]], limit: int) -> list[
        tuple[Period, list[Entry]]]:
    """Each page with more than ``limit`` entries of its own cut into parts of ``limit``,
    in order: the period's page holds the first, ``period + (-2,)`` the next, and so on.
    Whatever the dates' precision, no page lists more than ``limit`` entries."""
    out: list[tuple[Period, list[Entry]]] = []
    for period, entries in pages:
        out.append((period, entries[:limit]))
        for number, start in enumerate(range(limit, len(entries), limit), start=2):
            out.append(((*period, -number), entries[start:start + limit]))
    return out


def parts(period: Period, periods: Iterable[Period]) -> list[Period]:
    """Every part of the page of ``period`` (or of the period a part belongs to) in
    ``periods``, the page itself first; none when it has no further parts."""
    own = base(period)
    found = [other for other in periods if base(other) == own and (
        other == own or part_of(other) > 1)]
    return found if len(found) > 1 else []


def on_pages(counts: Mapping[Period, int], plan: Iterable[Period]) -> dict[Period, int]:
    """How many entries each page of ``plan`` lists itself, in the plan's order, from how
    many each date has (a split period's own page may list none)."""
    listed = dict.fromkeys(plan, 0)
    for when, number in counts.items():
        listed[page_of(when, listed.keys())] += number
    return listed


def within(period: Period, periods: Iterable[Period]) -> list[Period]:
    """The periods of a plan directly inside ``period`` (its months' or days' pages; for
    ``()``, the years'), in order."""
    return [other for other in periods
            if len(other) == len(period) + 1 and other[:len(period)] == period
            and other[-1] > 0]


def totals(counts: Mapping[Period, int]) -> dict[Period, int]:
    """Entries on each period's page and on the pages inside it, from each page's own."""
    found: dict[Period, int] = {}
    for period, number in counts.items():
        for length in range(1, len(period) + 1):
            found[period[:length]] = found.get(period[:length], 0) + number
        if not period:
            found[period] = found.get(period, 0) + number
    return found
