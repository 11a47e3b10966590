"""Money, percentages and dates as each language's newsrooms write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.content.model import Money, PartialDate
from generator.text.formatting import amount_text, date_text, money_text, percent_text
from generator.text.i18n import translations


def money(qualifier: str, value: int | None = None, low: int | None = None,
          high: int | None = None, currency: str = "USD") -> Money:
    return Money(currency, qualifier, value, low, high, ())


def words(lang: str):  # type: ignore[no-untyped-def]
    return translations(lang).ugettext


@pytest.mark.parametrize("amount,lang,expected", [
    (money("at-least", 10_000_000_000), "de", "mindestens 10 Mrd. US-Dollar"),
    (money("at-least", 10_000_000_000), "en", "at least $10 billion"),
    (money("about", 830_000_000_000), "de", "rund 830 Mrd. US-Dollar"),
    (money("up-to", 100_000_000_000), "en", "up to $100 billion"),
    (money("exact", 1_250_000_000), "de", "1,25 Mrd. US-Dollar"),
    (money("exact", 1_250_000_000), "en", "$1.25 billion"),
    (money("exact", 1_000_000_000), "de", "1 Mrd. US-Dollar"),
    (money("exact", 500_000_000, currency="EUR"), "de", "500 Mio. Euro"),
    (money("exact", 500_000_000, currency="EUR"), "en", "€500 million"),
    (money("exact", 750_000, currency="CHF"), "en", "CHF 750,000"),
    (money("exact", 750_000), "de", "750.000 US-Dollar"),
    (money("range", low=15_000_000_000, high=35_000_000_000), "de",
     "15 bis 35 Mrd. US-Dollar"),
    (money("range", low=500_000_000, high=1_200_000_000, currency="EUR"), "de",
     "500 Mio. Euro bis 1,2 Mrd. Euro"),
    (money("range", low=15_000_000_000, high=35_000_000_000), "en",
     "$15 billion to $35 billion"),
])
def test_money(amount: Money, lang: str, expected: str) -> None:
    assert money_text(amount, lang, words(lang)).replace("\u00a0", " ") == expected


def test_amounts_stay_integers_for_correct_plurals() -> None:
    # Babel says "1 Milliarden" for the float 1e9; amounts are ints end to end.
    assert amount_text(1_000_000_000, "EUR", "de").replace("\u00a0", " ") == "1 Mrd. Euro"


@pytest.mark.parametrize("when,lang,expected", [
    (PartialDate(2025, 12, 16), "de", "16. Dezember 2025"),
    (PartialDate(2025, 12, 16), "en", "December 16, 2025"),
    (PartialDate(2023, 9), "de", "September 2023"),
    (PartialDate(2023, 9), "en", "September 2023"),
    (PartialDate(2019), "en", "2019"),
])
def test_dates(when: PartialDate, lang: str, expected: str) -> None:
    assert date_text(when, lang) == expected.replace(" ", "\u00a0")


@pytest.mark.parametrize("percent,qualifier,lang,expected", [
    (Decimal(27), "about", "de", "rund 27 %"),
    (Decimal(27), "about", "en", "about 27%"),
    (Decimal("8.5"), "exact", "de", "8,5 %"),
    (Decimal("8.5"), "exact", "en", "8.5%"),
])
def test_percent(percent: Decimal, qualifier: str, lang: str, expected: str) -> None:
    assert percent_text(percent, qualifier, lang, words(lang)).replace("\u00a0", " ") == expected
