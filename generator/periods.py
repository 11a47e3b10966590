"""Listings split by date so that no page grows without bound: a period is a year, a month
or a day, written as the leading parts of a date: ``(2024,)``, ``(2024, 3)``,
``(2024, 3, 15)``; ``()`` holds what has no date at all.

``plan`` chooses the pages: one page for everything while it is small; else one page per
year, a year with too many entries one per month, a month with too many one per day. An
entry dated less precisely than its period was split (a source known only to its month, in a
month listed by day) stays on the coarser period's own page. A day is never split further.

The plan depends only on how many entries each date has, so an entry keeps its page while
others come and go, until a period crosses the limit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from .model import PartialDate

Period = tuple[int, ...]


def of_date(when: PartialDate | None) -> Period:
    """A date as a period, as precise as it is known."""
    if when is None:
        return ()
    return tuple(part for part in when if part)


def plan(counts: Mapping[Period, int], limit: int) -> tuple[Period, ...] | None:
    """The periods with a page of their own, in order (undated first, then oldest first),
    given how many entries each date has; None while every entry fits one page."""
    if sum(counts.values()) <= limit:
        return None
    pages: list[Period] = []
    _split((), counts, limit, pages, always=True)
    return tuple(pages)


def _split(prefix: Period, counts: Mapping[Period, int], limit: int, pages: list[Period],
           always: bool = False) -> None:
    if not always and (sum(counts.values()) <= limit or len(prefix) == 3):
        pages.append(prefix)
        return
    if counts.get(prefix):  # dated no more precisely than this period
        pages.append(prefix)
    finer: dict[Period, Counter[Period]] = {}
    for when, number in counts.items():
        if len(when) > len(prefix):
            finer.setdefault(when[:len(prefix) + 1], Counter())[when] += number
    for child in sorted(finer):
        _split(child, finer[child], limit, pages)


def page_of(when: Period, periods: Iterable[Period]) -> Period:
    """The period whose page lists an entry dated ``when``: the most precise period of the
    plan that holds it."""
    chosen = set(periods)
    for length in range(len(when), -1, -1):
        if when[:length] in chosen:
            return when[:length]
    raise ValueError(f"no page of the plan holds {when}")


def address(period: Period) -> str:
    """A period as it stands in a page's address: 2024, 2024-03, 2024-03-15, undated."""
    if not period:
        return "undated"
    return "-".join([f"{period[0]:04d}", *(f"{part:02d}" for part in period[1:])])


def within(period: Period, periods: Iterable[Period]) -> list[Period]:
    """The periods of a plan inside ``period`` (its months' or days' pages), in order."""
    return [other for other in periods
            if len(other) > len(period) and other[:len(period)] == period]
