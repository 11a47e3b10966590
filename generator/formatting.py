"""Money, numbers, percentages and dates as newsrooms write them, per language (Babel).

German: „mindestens 10 Mrd. US-Dollar“, „16. Dezember 2025“, „27 %“.
English: "at least $10 billion", "December 16, 2025", "27%".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import (format_compact_decimal, format_decimal,
                           format_percent, get_currency_name, get_currency_symbol)

from .model import Money, PartialDate

LOCALES = {"de": "de_DE", "en": "en_US"}
Gettext = Callable[[str], str]

# Below a million, newsrooms write the full figure; above, the short scale.
COMPACT_FROM = 1_000_000


# Babel parses its patterns on every call (about 50 µs); a site repeats the same figures
# and dates on deal pages, company pages and overviews, so each is formatted once.
@lru_cache(maxsize=65536)
def amount_text(value: int, currency: str, lang: str) -> str:
    """One figure with its currency: "10 Mrd. US-Dollar", "$10 billion"."""
    locale = LOCALES[lang]
    if lang == "de":
        number = format_compact_decimal(value, format_type="short", locale=locale,
                                        fraction_digits=2) if value >= COMPACT_FROM else (
            format_decimal(value, locale=locale))
        return f"{number} {get_currency_name(currency, value, locale=locale)}"
    number = format_compact_decimal(value, format_type="long", locale=locale,
                                    fraction_digits=2) if value >= COMPACT_FROM else (
        format_decimal(value, locale=locale))
    symbol = get_currency_symbol(currency, locale=locale)
    # "$10 billion", "€5 billion"; currencies without a symbol of their own: "CHF 5 billion".
    return f"{symbol}{number}" if symbol != currency else f"{currency} {number}"


def money_text(money: Money, lang: str, _: Gettext) -> str:
    if money.qualifier == "range":
        assert money.min is not None and money.max is not None
        low = amount_text(money.min, money.currency, lang)
        high = amount_text(money.max, money.currency, lang)
        # „15 bis 35 Mrd. US-Dollar“: German names the unit once when both ends share it.
        low_number, gap, low_unit = low.partition("\u00a0")
        if lang == "de" and gap and low_unit == high.partition("\u00a0")[2]:
            low = low_number
        return _("%(low)s to %(high)s") % {"low": low, "high": high}
    assert money.value is not None
    return qualified(amount_text(money.value, money.currency, lang), money.qualifier, _)


def qualified(text: str, qualifier: str, _: Gettext) -> str:
    if qualifier == "about":
        return _("about %(amount)s") % {"amount": text}
    if qualifier == "at-least":
        return _("at least %(amount)s") % {"amount": text}
    if qualifier == "up-to":
        return _("up to %(amount)s") % {"amount": text}
    return text


def percent_text(percent: Decimal, qualifier: str, lang: str, _: Gettext) -> str:
    text = format_percent(percent / 100, locale=LOCALES[lang], decimal_quantization=False)
    return qualified(text, qualifier, _)


def number_text(value: int | Decimal, lang: str) -> str:
    return format_decimal(value, locale=LOCALES[lang])


@lru_cache(maxsize=65536)
def date_text(when: PartialDate, lang: str) -> str:
    """ "16. Dezember 2025" / "December 16, 2025"; "Dezember 2025" where only the month is known."""
    locale = LOCALES[lang]
    if when.precision == "day":
        return format_date(date(when.year, when.month, when.day), "long", locale=locale)
    if when.precision == "month":
        return format_skeleton("yMMMM", date(when.year, when.month, 1), locale=locale)
    return str(when.year)
