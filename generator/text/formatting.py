"""Money, numbers, percentages and dates as newsrooms write them, per language (Babel and
each language's amount style, languages.py).

German: „mindestens 10 Mrd. US-Dollar“, „16. Dezember 2025“, „27 %“.
English: "at least $10 billion", "December 16, 2025", "27%".
French: « au moins 10 milliards de dollars », « 16 décembre 2025 », « 27 % ».
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_symbol,
    parse_pattern,
)

from ..content.languages import language
from ..content.model import Money, PartialDate
from .labels import QUALIFIER

Gettext = Callable[[str], str]

NBSP = "\u00a0"
# Below a million, newsrooms write the full figure; above, the short scale.
COMPACT_FROM = 1_000_000
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüAEIOUYÉÈÊ")


def locale(lang: str) -> str:
    """Babel's locale of a language."""
    return language(lang).locale


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in running text of ``lang``: "Englisch", "français"."""
    return str(Locale.parse(locale(lang)).languages.get(code, code))


def compact_number(value: int, lang: str, scale: str, fraction_digits: int = 2) -> str:
    """A figure in the words of its scale: "1,25 Mrd.", "50 billion", "1 milliard".

    As Babel's ``format_compact_decimal``, with one difference: the plural of the scale's
    word follows the figure as written, as CLDR asks. Babel takes the "other" form for
    exactly one of a unit whose locale has a special "1" entry for a smaller unit only,
    and so writes "1 milliards" in French.
    """
    babel_locale = Locale.parse(locale(lang))
    formats = babel_locale.compact_decimal_formats[scale]
    number = Decimal(value)
    chosen = None
    for magnitude in sorted((int(m) for m in formats["other"]), reverse=True):
        if abs(number) < magnitude:
            continue
        pattern = parse_pattern(formats["other"][str(magnitude)]).pattern
        if pattern == "0":
            break
        number = number / (magnitude // (10 ** (pattern.count("0") - 1)))
        form = babel_locale.plural_form(abs(number))
        if form not in formats or str(magnitude) not in formats[form]:
            form = "other"
        chosen = formats[form][str(magnitude)]
        number = round(number, fraction_digits)
        break
    if chosen is None:
        return format_decimal(value, locale=babel_locale)
    return str(parse_pattern(chosen).apply(number, babel_locale, decimal_quantization=False))


# Babel parses its patterns on every call (about 50 µs); a site repeats the same figures
# and dates on deal pages, company pages and overviews, so each is formatted once.
@lru_cache(maxsize=65536)
def amount_text(value: int, currency: str, lang: str) -> str:
    """One figure with its currency: "10 Mrd. US-Dollar", "$10 billion"."""
    style = language(lang).amounts
    scaled = value >= COMPACT_FROM
    if scaled:
        number = compact_number(value, lang, style.scale).replace(" ", style.scale_space)
    else:
        number = format_decimal(value, locale=locale(lang))
    pattern = (style.scaled_pattern if scaled and style.scaled_pattern else style.pattern)
    if style.unit == "name":
        unit = style.unit_names.get(currency) or get_currency_name(currency, value,
                                                                   locale=locale(lang))
    else:
        unit = get_currency_symbol(currency, locale=locale(lang))
        if unit == currency:  # no symbol of its own: "CHF 5 billion"
            pattern = style.pattern_without_symbol
    text = pattern.format(number=number, unit=unit)
    if style.elision and unit[:1] in _VOWELS:
        full, elided = style.elision
        text = text.replace(full + unit, elided + unit)
    return text


def money_text(money: Money, lang: str, _: Gettext) -> str:
    if money.qualifier == "range":
        assert money.min is not None and money.max is not None
        low = amount_text(money.min, money.currency, lang)
        high = amount_text(money.max, money.currency, lang)
        # „15 bis 35 Mrd. US-Dollar“: the unit named once when both ends share it.
        low_number, gap, low_unit = low.partition("\u00a0")
        if language(lang).amounts.range_shares_unit and gap and (
                low_unit == high.partition("\u00a0")[2]):
            low = low_number
        between = QUALIFIER["range"]
        return _(between) % {"low": low, "high": high}
    assert money.value is not None
    return qualified(amount_text(money.value, money.currency, lang), money.qualifier, _)


def qualified(text: str, qualifier: str, _: Gettext) -> str:
    """An amount with the words of its precision: "about $10 billion"."""
    message = QUALIFIER[qualifier]
    return _(message) % {"amount": text} if message else text


def percent_text(percent: Decimal, qualifier: str, lang: str, _: Gettext) -> str:
    text = format_percent(percent / 100, locale=locale(lang), decimal_quantization=False)
    return qualified(text, qualifier, _)


def number_text(value: int | Decimal, lang: str) -> str:
    return format_decimal(value, locale=locale(lang))


@lru_cache(maxsize=65536)
def date_text(when: PartialDate, lang: str) -> str:
    """ "16. Dezember 2025" / "December 16, 2025"; "Dezember 2025" where only the month is
    known. Its spaces are no-break spaces: a date never breaks across lines."""
    return _date_words(when, lang).replace(" ", NBSP)


@lru_cache(maxsize=65536)
def short_date_text(when: PartialDate, lang: str) -> str:
    """A date in a table's column, where a phone has little room, in one style whatever its
    precision, so that a column reads as one: "16. Dez. 2025", "Dez. 2025", "2019" (English
    "Dec 16, 2025", "Dec 2025"). Babel's "medium" day ("16.12.2025") beside a month in
    words read as two formats."""
    if when.precision == "day":
        text = format_skeleton("yMMMd", date(when.year, when.month, when.day), locale=locale(lang))
    elif when.precision == "month":
        text = format_skeleton("yMMM", date(when.year, when.month, 1), locale=locale(lang))
    else:
        text = str(when.year)
    return text.replace(" ", NBSP)


def _date_words(when: PartialDate, lang: str) -> str:
    if when.precision == "day":
        text = format_date(date(when.year, when.month, when.day), "long", locale=locale(lang))
        first = language(lang).first_of_month
        if when.day == 1 and first:  # "1er mars 2025"
            text = re.sub(r"(?<!\d)1(?!\d)", first, text, count=1)
        return text
    if when.precision == "month":
        return format_skeleton("yMMMM", date(when.year, when.month, 1), locale=locale(lang))
    return str(when.year)


def quoted(text: str, lang: str) -> str:
    """A title in the language's quotation marks: „…“, “…”, « … »."""
    opening, closing = language(lang).quotes
    return f"{opening}{text}{closing}"


def clear_caches() -> None:
    amount_text.cache_clear()
    date_text.cache_clear()
    short_date_text.cache_clear()
