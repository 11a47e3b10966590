"""The languages a site can be published in: one entry each, and nothing language-specific
anywhere else.

Adding a language is an entry here, a catalog of the pages' words
(``generator/locales/<code>/LC_MESSAGES/messages.po``) and texts in the records; a site
publishes it once ``plugins.briefing.languages`` in mkdocs.yml lists it. What derives from
an entry: the language keys the check accepts in texts and its messages, money, numbers and
dates (Babel, with the entry's amount style), quotation marks, the sentences a page's
description is cut at, the page head's ``og:locale``, the language menu and the root page,
the open data's columns, the skeletons of new records and the translation report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal


@dataclass(frozen=True)
class AmountStyle:
    """How a newsroom writes an amount of money: "50 Mrd. US-Dollar", "$50 billion",
    "50 milliards de dollars"."""

    # Babel's compact form of figures from a million: "50 Mrd." (short), "50 billion" (long).
    scale: Literal["short", "long"]
    # The currency as its name ("US-Dollar", plural where the figure asks for it) or as its
    # symbol ("$"; a currency without a symbol of its own is written as its code).
    unit: Literal["name", "symbol"]
    # Where figure and unit stand; {number} is the figure, {unit} the name or symbol. The
    # space between them is a no-break space: "50 Mrd." never ends a line before
    # "US-Dollar" (typography.py ties the figures editors type alike).
    pattern: str = "{number}\u00a0{unit}"
    # A currency without a symbol of its own: "CHF 750,000".
    pattern_without_symbol: str = "{unit}\u00a0{number}"
    # Figures from a million, where they read otherwise ("2 millions de dollars").
    scaled_pattern: str | None = None
    # Written before a unit that begins with a vowel, in place of the first: ("de ", "d’").
    elision: tuple[str, str] | None = None
    # The space between a scaled figure and its word, where Babel writes a plain one.
    scale_space: str = "\u00a0"
    # Names newsrooms use where Babel's differ ("dollars des États-Unis" is "dollars").
    unit_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # A range names the unit once when both ends share it: "15 bis 35 Mrd. US-Dollar".
    range_shares_unit: bool = False


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: the key of a text in a record, the site's folder, hreflang
    name: str  # in English, as editors' messages name it
    native_name: str  # in itself: the language menu, the root page
    locale: str  # Babel's locale: numbers, dates, currency and language names
    og_locale: str  # Open Graph's og:locale
    quotes: tuple[str, str]  # around a title: „…“, “…”, « … »
    amounts: AmountStyle
    # Words that end in a full stop without ending a sentence ("Mrd.", "Inc."), lower case
    # and without the stop; single letters and German ordinals ("27.") never end one.
    abbreviations: frozenset[str]
    # Between a label and what it labels: "Stand: …", "Situation au … : …" (French sets a
    # no-break space before the colon).
    colon: str = ":"
    # Between a date or a name and a text that may itself hold a colon ("16. Dezember
    # 2025 – The Information berichtet: …"): never two colons in a line. The no-break space
    # before it keeps the dash from starting a line.
    dash: str = "\u00a0– "
    # The first day of a month in a date, where newsrooms write it otherwise: "1er mars".
    first_of_month: str | None = None
    # Words that follow a figure and stay on its line (typography.py): scales, currencies,
    # percent and the units of the deals' facts ("2 Gigawatt").
    units: frozenset[str] = frozenset()
    # Words between a scale and its currency: "50 milliards de dollars", "d’euros".
    unit_joiners: frozenset[str] = frozenset()


GERMAN = Language(
    code="de", name="German", native_name="Deutsch", locale="de_DE", og_locale="de_DE",
    quotes=("„", "“"),
    amounts=AmountStyle(scale="short", unit="name", range_shares_unit=True),
    abbreviations=frozenset({
        "mrd", "mio", "bio", "tsd", "nr", "dr", "prof", "ca", "bzw", "vgl", "inkl", "zzgl",
        "etc", "usw", "sog", "evtl", "ggf", "abs", "art", "str", "jan", "feb", "apr", "jun",
        "jul", "aug", "sep", "sept", "okt", "nov", "dez", "inc", "corp", "co", "ltd"}),
    units=frozenset({
        "Tsd.", "Mio.", "Mrd.", "Bio.", "Million", "Millionen", "Milliarde", "Milliarden",
        "Billion", "Billionen", "US-Dollar", "Dollar", "Euro", "Prozent", "%", "Gigawatt",
        "Megawatt", "GW", "MW"}),
)
ENGLISH = Language(
    code="en", name="English", native_name="English", locale="en_US", og_locale="en_US",
    quotes=("“", "”"),
    amounts=AmountStyle(scale="long", unit="symbol", pattern="{unit}{number}"),
    dash="\u00a0— ",
    abbreviations=frozenset({
        "inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc",
        "approx", "no", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec"}),
    units=frozenset({
        "thousand", "million", "billion", "trillion", "dollars", "euros", "percent", "%",
        "gigawatt", "gigawatts", "megawatt", "megawatts", "GW", "MW"}),
)
FRENCH = Language(
    code="fr", name="French", native_name="Français", locale="fr_FR", og_locale="fr_FR",
    quotes=("«\u202f", "\u202f»"),  # with narrow no-break spaces, as French typesetting has it
    amounts=AmountStyle(scale="long", unit="name", scaled_pattern="{number}\u00a0de\u00a0{unit}",
                        elision=("de\u00a0", "d’"),
                        unit_names=MappingProxyType({"USD": "dollars"}),
                        range_shares_unit=True),
    abbreviations=frozenset({
        "md", "mds", "mrd", "env", "etc", "cf", "mme", "mlle", "dr", "pr", "inc", "corp", "co",
        "ltd", "janv", "févr", "avr", "juill", "sept", "oct", "nov", "déc"}),
    colon="\u00a0:", first_of_month="1er",
    units=frozenset({
        "million", "millions", "milliard", "milliards", "billion", "billions", "dollars",
        "euros", "%", "pour cent", "gigawatt", "gigawatts", "GW", "MW"}),
    unit_joiners=frozenset({"de", "d’", "d'"}),
)

LANGUAGES: Mapping[str, Language] = MappingProxyType(
    {language.code: language for language in (GERMAN, ENGLISH, FRENCH)})
# A site's languages unless mkdocs.yml says otherwise; the first is the original.
DEFAULT_SITE_LANGUAGES = ("de", "en")


def language(code: str) -> Language:
    return LANGUAGES[code]


def names(codes: Iterable[str]) -> str:
    """The languages in words, as editors' messages list them: "German and English"."""
    return _listing([LANGUAGES[code].name if code in LANGUAGES else code for code in codes])


def names_with_codes(codes: Iterable[str]) -> str:
    """ "German, de, and English, en": each language with the key its texts have."""
    parts = [f"{LANGUAGES[code].name if code in LANGUAGES else code}, {code}" for code in codes]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _listing(words: list[str]) -> str:
    if len(words) < 3:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def abbreviations(codes: Iterable[str]) -> frozenset[str]:
    """The abbreviations of these languages together: a text shown in another language
    than its page's (not yet translated) is still cut at its own sentences."""
    return frozenset().union(*(LANGUAGES[code].abbreviations for code in codes))
