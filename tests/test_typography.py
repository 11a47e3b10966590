"""No-break spaces where a line must not break: between a figure and its unit or currency,
and inside a date, in every language of the registry, from Babel and from editors alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.model import PartialDate
from generator.text.formatting import amount_text, date_text
from generator.text.markup import escape_inline
from generator.text.typography import tie

NB = "\u00a0"
NBH = "\u2011"  # the hyphen of "US-Dollar" after a figure: no line ends at it


@pytest.mark.parametrize("typed,tied", [
    ("bis zu 50 Mrd. US-Dollar, davon 15 Mrd. sofort",
     f"bis zu 50{NB}Mrd.{NB}US{NBH}Dollar, davon 15{NB}Mrd. sofort"),
    ("$50 billion, $15 billion of it upfront", f"$50{NB}billion, $15{NB}billion of it upfront"),
    ("am 23. November 2026 und im Dezember 2025",
     f"am 23.{NB}November{NB}2026 und im Dezember{NB}2025"),
    ("on November 23, 2026, and in December 2025",
     f"on November{NB}23,{NB}2026, and in December{NB}2025"),
    ("rund 8,5 Prozent von 4.370 Stellen", f"rund 8,5{NB}Prozent von 4.370 Stellen"),
    ("about 2 gigawatts", f"about 2{NB}gigawatts"),
    ("CHF 750,000", f"CHF{NB}750,000"),
    ("50 milliards de dollars le 1er mars 2025",
     f"50{NB}milliards{NB}de{NB}dollars le 1er{NB}mars{NB}2025"),
    # Nothing else: words that only look like units, figures inside words, years alone.
    ("Trainium3 und GB200, im Jahr 2025, 10-Milliarden-Dollar-Investment",
     "Trainium3 und GB200, im Jahr 2025, 10-Milliarden-Dollar-Investment"),
    ("Seven years", "Seven years"),
])
def test_figures_and_dates_typed_by_editors_are_tied(typed: str, tied: str) -> None:
    assert tie(typed) == tied
    assert tie(tied) == tied


def test_every_text_on_a_page_is_tied() -> None:
    assert escape_inline("15 Mrd. US-Dollar am 27. Februar 2026") == (
        f"15{NB}Mrd.{NB}US{NBH}Dollar am 27.{NB}Februar{NB}2026")


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_babel_figures_and_dates_are_written_with_no_break_spaces(lang: str) -> None:
    assert " " not in amount_text(50_000_000_000, "USD", lang)
    # "750.000 Schweizer Franken": the figure stays with the name, which may break inside.
    assert re.search(r"\d |[A-Z]{3} ", amount_text(750_000, "CHF", lang)) is None
    for text in (date_text(PartialDate(2026, 11, 23), lang), date_text(PartialDate(2025, 12),
                                                                        lang)):
        assert " " not in text, repr(text)


# A figure and a unit, or the parts of a date, with a space a line may break at between them.
_BREAKABLE = r"[ \t\r\n\f]+"
BROKEN_PAIR = re.compile(
    rf"\d{_BREAKABLE}(?:Mrd\.|Mio\.|Milliarden?|Millionen?|US[-{NBH}]Dollar|Prozent|Gigawatt|%|"
    rf"billion|million|trillion|percent|gigawatts?)(?![\w-])"
    rf"|(?:Mrd\.|Mio\.|Milliarden|Millionen){_BREAKABLE}(?:US[-{NBH}]Dollar|Euro)"
    rf"|\d\.{_BREAKABLE}(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
    rf"November|Dezember)"
    rf"|(?:January|February|March|April|May|June|July|August|September|October|November|"
    rf"December|Januar|Februar|März|Juni|Juli|Oktober|Dezember){_BREAKABLE}\d")


# A tied unit with a hyphen a line may end at: "50 Mrd. US-" | "Dollar".
BROKEN_UNIT = re.compile(rf"\d{NB}(?:Mrd\.|Mio\.){NB}US-Dollar")


def visible_text(path: Path, wide_tables: bool = True) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select("script, style, svg"):  # a picture's labels never wrap
        hidden.decompose()
    if not wide_tables:
        for table in soup.select("table"):
            if len(table.select("tr:first-child > th, tr:first-child > td")) >= 4:
                table.decompose()
    assert soup.body is not None
    return soup.body.get_text()


def test_no_figure_and_unit_or_date_breaks_on_any_built_page(
        built_pages: dict[str, list[Path]]) -> None:
    """Every page's body as the browser gets it, after Markdown, MkDocs and the whitespace
    pass: the ties made at the start have survived every stage."""
    tied = kept = 0
    for paths in built_pages.values():
        for path in paths:
            text = visible_text(path)
            found = BROKEN_PAIR.search(text)
            assert found is None, f"{path}: {text[max(found.start() - 40, 0):found.end() + 20]!r}"
            tied += text.count(NB)
            # Outside the tables of four columns, which a phone's screen cannot hold with
            # "US-Dollar" whole (generator/text/typography.py), the unit's hyphen never breaks.
            prose = visible_text(path, wide_tables=False)
            broken = BROKEN_UNIT.search(prose)
            assert broken is None, f"{path}: {prose[max(broken.start() - 40, 0):broken.end()]!r}"
            kept += prose.count(f"US{NBH}Dollar")
    assert tied > 500 and kept > 20


def test_the_search_index_holds_amounts_as_the_page_writes_them(built_site: Path) -> None:
    # Pagefind reads the tie as a space and splits words at it, so "50 Mrd." typed with a
    # plain space finds it (tests/browser/test_search.py types it); the unit stays whole.
    from generator.engine import pagefind_search

    pages = pagefind_search.indexed_pages(built_site / "de")
    text = " ".join(str(page["content"]) for page in pages)
    assert f"50 Mrd. US{NBH}Dollar" in text


def test_only_tables_a_phone_cannot_hold_let_the_unit_break_at_its_hyphen() -> None:
    from generator.text.typography import unit_hyphens_may_break_in_wide_tables as loosen

    amount = tie("15 Mrd. US-Dollar")
    assert amount == f"15{NB}Mrd.{NB}US{NBH}Dollar"
    narrow = f"| Merkmal | Angaben |\n|---|---|\n| Betrag | {amount} |\n\n{amount}"
    assert loosen(narrow) == narrow
    wide = f"| Datum | Deal | Betrag | Status |\n|---|---|---|---|\n| 2026 | A | {amount} | x |"
    assert loosen(wide + "\n\n" + amount) == (
        wide.replace(NBH, "-") + "\n\n" + amount)  # the paragraph after it keeps its tie


