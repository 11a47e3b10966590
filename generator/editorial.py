"""The rules a newsroom's review applies to a record before readers see it.

Beside check.py's rules on form and references, these ask what an editor would ask:
can a reader find each source, does an amount claim more certainty than its tranches give,
do the record's own dates (first published, last updated, last reviewed, corrected) hang
together, is the article's key-facts box about one of its deals, and has anyone checked the
record against its sources lately. ``check_document`` is called once per record by
check.py's second pass, with the pass itself to report through.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from .load import Document, Path_
from .model import PartialDate, review_overdue

WEB_SOURCE_NEEDS = ("publisher", "published", "accessed")
DOCUMENT_NEEDS = ("kind", "title", "published")


class Reports(Protocol):
    """Where a rule reports what it finds, and the site's languages."""

    languages: tuple[str, ...]

    def add(self, doc: Document, path: Path_, message: str, severity: str = "error") -> None: ...


class Reporter(Reports, Protocol):
    """What check.py's rules on one document offer these rules."""

    today: date
    review_after_days: int

    def check_date(self, doc: Document, path: Path_,
                   value: Any) -> tuple[int, int, int] | None: ...


def check_document(rules: Reporter, doc: Document) -> None:
    data = doc.data
    for i, source in enumerate(_list(data.get("sources"))):
        if isinstance(source, dict):
            check_source_form(rules, doc, ("sources", i), source)
    check_record_dates(rules, doc)
    if doc.kind == "deal":
        check_amount_certainty(rules, doc)
    elif doc.kind == "article":
        check_key_facts(rules, doc)


# --- sources a reader can find ---------------------------------------------------------------

def check_source_form(rules: Reporter, doc: Document, path: Path_,
                      source: dict[str, Any]) -> None:
    """A source is a web source (an address with publisher, date and the day it was opened)
    or a document precise enough to look up (kind, title, date, publisher or author).
    "Company disclosures" or "an announcement" are neither: a reader cannot find them."""
    if "url" in source:
        missing = [name for name in WEB_SOURCE_NEEDS if name not in source]
        if missing:
            rules.add(doc, path, f"a source with an address needs {_and(WEB_SOURCE_NEEDS)} "
                                 f"(missing: {', '.join(missing)})")
        return
    missing = [name for name in DOCUMENT_NEEDS if name not in source]
    if "publisher" not in source and "author" not in source:
        missing.append("publisher or author")
    if missing:
        rules.add(doc, path, "a source without an address needs kind, title, published and "
                             f"publisher or author (missing: {', '.join(missing)})")
    published = source.get("published")
    if isinstance(published, str) and len(published) == 4 and published.isdigit():
        rules.add(doc, path + ("published",), f"'{published}' gives only the year; a document "
                  "without an address is found by its day, or at least its month (expected "
                  "YYYY-MM-DD, or YYYY-MM where only the month is known)")


# --- amounts as committed ------------------------------------------------------------------------

def check_amount_certainty(rules: Reporter, doc: Document) -> None:
    amount = doc.data.get("amount")
    if not isinstance(amount, dict) or amount.get("qualifier") != "exact":
        return
    conditional = [i for i, tranche in enumerate(_list(doc.data.get("tranches")))
                   if isinstance(tranche, dict) and tranche.get("conditional") is True]
    if conditional:
        which = ", ".join(f"tranches[{i}]" for i in conditional)
        rules.add(doc, ("amount", "qualifier"), f"'exact', but {which} "
                  f"{'is' if len(conditional) == 1 else 'are'} conditional: readers would take "
                  "the whole amount as certain (expected up-to, with the part paid without "
                  "conditions in its own tranche)", "warning")


# --- the record's own dates ---------------------------------------------------------------------

def check_record_dates(rules: Reporter, doc: Document) -> None:
    data = doc.data
    published = rules.check_date(doc, ("published",), data.get("published"))
    updated = rules.check_date(doc, ("updated",), data.get("updated"))
    reviewed = rules.check_date(doc, ("reviewed",), data.get("reviewed"))
    if published and updated and updated < published:
        rules.add(doc, ("updated",), f"'{data['updated']}' is before published "
                                     f"'{data['published']}' (expected the day of the last "
                                     "substantive change since)")
    if published and reviewed and reviewed < published:
        rules.add(doc, ("reviewed",), f"'{data['reviewed']}' is before published "
                                      f"'{data['published']}' (expected the day the record "
                                      "was last checked against its sources)")
    previous: tuple[int, int, int] | None = None
    for i, correction in enumerate(_list(data.get("corrections"))):
        if not isinstance(correction, dict):
            continue
        when = rules.check_date(doc, ("corrections", i, "date"), correction.get("date"))
        if when and published and when < published:
            rules.add(doc, ("corrections", i, "date"), f"'{correction['date']}' is before "
                      f"published '{data['published']}' (a correction comes after publication)")
        if when and previous and when < previous:
            rules.add(doc, ("corrections", i, "date"), "corrections are out of order "
                                                       "(expected oldest first)")
        previous = when or previous
    if reviewed and isinstance(data.get("reviewed"), str):
        last = PartialDate(*reviewed)
        if review_overdue(last, rules.today, rules.review_after_days):
            days = (rules.today - last.as_date()).days
            rules.add(doc, ("reviewed",), f"last checked against its sources {days} days ago "
                      f"(on {data['reviewed']}; review_after_days is "
                      f"{rules.review_after_days}): the page says it may be out of date "
                      "until an editor checks it and sets reviewed", "notice")


# --- articles: their own key facts, their other languages --------------------------------------

def check_key_facts(rules: Reporter, doc: Document) -> None:
    ident = doc.data.get("key_facts")
    deals = [d for d in _list(doc.data.get("deals")) if isinstance(d, str)]
    if isinstance(ident, str) and ident not in deals:
        listed = f"one of: {', '.join(deals)}" if deals else "a deal listed in deals first"
        rules.add(doc, ("key_facts",), f"'{ident}' is not one of this article's deals "
                                       f"(expected {listed})")


def check_other_languages(rules: Reports, doc: Document,
                          versions: dict[str, Document]) -> None:
    """``versions``: the article's versions in other languages (paired by translation key);
    a question across records, asked by check.py's rules across records."""
    others = doc.data.get("other_languages")
    if not isinstance(others, dict):
        return
    for code in others:
        path = ("other_languages", code)
        if code == doc.lang:
            rules.add(doc, path, f"'{code}' is the article's own language (expected the "
                                 "languages it is not written in)")
        elif code not in rules.languages:
            rules.add(doc, path, f"'{code}' is not one of the site's languages (expected one "
                                 f"of: {', '.join(rules.languages)})")
        elif code in versions:
            rules.add(doc, path, f"the article has its own {code} version, "
                                 f"{versions[code].file}; other_languages is for languages "
                                 "without one")


def _and(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
