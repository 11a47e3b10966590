"""Listings split by date (periods.py): which pages a plan makes, and where each entry goes."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.content import periods
from generator.content.model import PartialDate


def test_a_small_listing_keeps_one_page() -> None:
    assert periods.plan(Counter({(2024, 3, 15): 3, (): 2}), limit=5) is None


def test_a_large_listing_gets_a_page_per_year_then_month_then_day() -> None:
    counts = Counter({(2023, 5, 1): 4,                   # a small year: one page
                      (2024, 1, 2): 3, (2024, 2): 2,     # a small month in a split year
                      (2024, 3, 1): 4, (2024, 3, 2): 4,  # a month too large: by day
                      (2024, 3): 1,                      # known only to the month
                      (2024,): 1,                        # known only to the year
                      (): 1})                            # no date
    plan = periods.plan(counts, limit=5)
    # 2024 and its March are split: each keeps a page linking what is inside it.
    assert plan == ((), (2023,), (2024,), (2024, 1), (2024, 2), (2024, 3), (2024, 3, 1),
                    (2024, 3, 2))
    pages = set(plan)
    assert periods.page_of((2023, 5, 1), pages) == (2023,)
    assert periods.page_of((2024, 3, 2), pages) == (2024, 3, 2)
    assert periods.page_of((2024, 3), pages) == (2024, 3)
    assert periods.page_of((2024,), pages) == (2024,)
    assert periods.page_of((), pages) == ()
    assert periods.within((2024, 3), pages) == [(2024, 3, 1), (2024, 3, 2)]
    # Every entry has exactly one page, and no page but a day's holds more than the limit.
    on_page: Counter[tuple[int, ...]] = Counter()
    for when, number in counts.items():
        on_page[periods.page_of(when, pages)] += number
    assert sum(on_page.values()) == sum(counts.values())
    assert all(n <= 5 for page, n in on_page.items() if len(page) < 3)


def test_a_day_is_never_split() -> None:
    assert periods.plan(Counter({(2024, 3, 1): 9}), limit=5) == ((2024,), (2024, 3),
                                                                  (2024, 3, 1))


def test_a_split_period_keeps_a_page_that_links_what_is_inside_it() -> None:
    """Without it, the index would link every day of a busy month: 171 KB at 3,000 deals."""
    counts = Counter({(2024, 3, day): 4 for day in range(1, 32)})
    plan = periods.plan(counts, limit=5)
    assert plan is not None and plan[:2] == ((2024,), (2024, 3)) and len(plan) == 33
    assert periods.within((), plan) == [(2024,)]
    assert periods.within((2024,), plan) == [(2024, 3)]
    assert len(periods.within((2024, 3), plan)) == 31
    own = Counter({periods.page_of(when, set(plan)): n for when, n in counts.items()})
    assert periods.totals(own)[(2024,)] == periods.totals(own)[(2024, 3)] == 124


@pytest.mark.parametrize(("when", "period", "address"), [
    (PartialDate(2024, 3, 5), (2024, 3, 5), "2024-03-05"),
    (PartialDate(2024, 3), (2024, 3), "2024-03"),
    (PartialDate(2024), (2024,), "2024"),
    (None, (), "undated")])
def test_periods_are_dates_as_precise_as_known(when: PartialDate | None,
                                               period: tuple[int, ...], address: str) -> None:
    assert periods.of_date(when) == period
    assert periods.address(period) == address


def test_a_page_that_dates_cannot_split_goes_on_over_parts() -> None:
    """3,000 entries known only to their year: the year's page and its parts, none with
    more than the limit, each entry on one, in order."""
    entries = list(range(3_000))
    pages = periods.paged([((2024,), entries), ((2023,), [1, 2])], limit=250)
    assert [period for period, _listed in pages][:3] == [(2024,), (2024, -2), (2024, -3)]
    assert len(pages) == 12 + 1
    assert max(len(listed) for _period, listed in pages) == 250
    assert [e for period, listed in pages if periods.base(period) == (2024,)
            for e in listed] == entries
    plan = [period for period, _listed in pages]
    assert periods.address((2024, -2)) == "2024-part-2"
    assert periods.address((2024, 3, 15, -4)) == "2024-03-15-part-4"
    assert periods.address((-2,)) == "undated-part-2"
    assert periods.within((), plan) == [(2024,), (2023,)]  # parts are no finer periods
    assert periods.parts((2024, -5), plan)[:2] == [(2024,), (2024, -2)]
    assert periods.parts((2023,), plan) == []
