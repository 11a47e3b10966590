"""The rules a newsroom's review applies to a record before readers see it.

Beside the rules on form and references (records.py, articles.py, across.py), these ask
what an editor would ask: can a reader find each source, does an amount claim more
certainty than its tranches give, do the record's own dates (first published, last
updated, last reviewed, corrected) hang together, is the article's key-facts box about one
of its deals, and has anyone checked the record against its sources lately; is each text
short enough to be read (the schemas' ``x-length-limits``), does a sentence stand twice, is
a sum we computed passed off as a figure of the parties. ``check_document`` is called once
per record by the runner (check.py), with the record's reporter (reporting.RecordRules) to
report through; ``check_party_sources`` by the rules across records, since it needs the
parties' names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Protocol

from ..content.load import Document, Path_, field_name
from ..content.model import PARTY_CONFIRMED_STATUSES, PartialDate, review_overdue
from ..schemas import LANGUAGE_KEY, length_limits
from ..text.messages import Message, both, commas, msg, msg_n
from ..text.sentences import sentences

# A web page's publication date may be unknown: it is cited with the day it was opened
# ("n.d.", as citation styles allow); a document without an address has no such day.
WEB_SOURCE_NEEDS = ("publisher", "accessed")
# A sentence shorter than this ("Ja.", "Nein, noch nicht.") may stand twice without saying
# the same thing twice.
REPEAT_MIN_WORDS = 5
DOCUMENT_NEEDS = ("kind", "title", "published")


class Reports(Protocol):
    """Where a rule reports what it finds, and the site's languages."""

    languages: tuple[str, ...]

    def add(self, doc: Document, path: Path_, message: str, severity: str = "error") -> None: ...


class Reporter(Reports, Protocol):
    """What the reporter of the rules on one record (reporting.RecordRules) offers."""

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
    check_lengths(rules, doc)
    check_repeated_sentences(rules, doc)
    if doc.kind == "deal":
        check_amount_certainty(rules, doc)
        check_computed_amounts(rules, doc)
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
            rules.add(doc, path, msg("a source with an address needs {names} (missing: {missing})",
                                     names=_and(WEB_SOURCE_NEEDS), missing=commas(missing)))
        return
    missing = [name for name in DOCUMENT_NEEDS if name not in source]
    if "publisher" not in source and "author" not in source:
        missing.append(msg("publisher or author"))
    if missing:
        rules.add(doc, path, msg("a source without an address needs kind, title, published and "
                                 "publisher or author (missing: {missing})",
                                 missing=commas(missing)))
    published = source.get("published")
    if isinstance(published, str) and len(published) == 4 and published.isdigit():
        rules.add(doc, path + ("published",), msg("'{published}' gives only the year; a document "
                                                  "without an address is found by its day, or at "
                                                  "least its month (expected YYYY-MM-DD, or "
                                                  "YYYY-MM where only the month is known)",
                                                  published=published))


# --- amounts as committed ------------------------------------------------------------------------

def check_amount_certainty(rules: Reporter, doc: Document) -> None:
    amount = doc.data.get("amount")
    if not isinstance(amount, dict) or amount.get("qualifier") != "exact":
        return
    conditional = [i for i, tranche in enumerate(_list(doc.data.get("tranches")))
                   if isinstance(tranche, dict) and tranche.get("conditional") is True]
    if conditional:
        which = ", ".join(f"tranches[{i}]" for i in conditional)
        rules.add(doc, ("amount", "qualifier"), msg_n("'exact', but {which} is conditional: readers "
                                                      "would take the whole amount as certain "
                                                      "(expected up-to, with the part paid "
                                                      "without conditions in its own tranche)",
                                                      "'exact', but {which} are conditional: "
                                                      "readers would take the whole amount as "
                                                      "certain (expected up-to, with the part "
                                                      "paid without conditions in its own "
                                                      "tranche)", len(conditional), which=which),
                  "warning")


def check_computed_amounts(rules: Reporter, doc: Document) -> None:
    """A figure we computed (the sum of a deal's parts) is ours, not the parties': it is
    never the headline amount (the one lists, the start page and the open data show as the
    deal's) and never marked exact. The key facts show the sum of the tranches as our
    calculation beside its parts when the record gives no amount."""
    amount = doc.data.get("amount")
    if isinstance(amount, dict) and "computed" in amount:
        rules.add(doc, ("amount", "computed"), msg("a sum we computed is never the headline "
                                                   "amount (expected: leave amount out and list "
                                                   "the parts in tranches; the key facts show "
                                                   "their sum as our calculation beside them)"))
    parts: list[tuple[Path_, Any]] = [(("amount",), amount)]
    parts += [(("tranches", i, "amount"), t.get("amount")) for i, t in enumerate(
        _list(doc.data.get("tranches"))) if isinstance(t, dict)]
    parts += [(("parties", i, "amount"), p.get("amount")) for i, p in enumerate(
        _list(doc.data.get("parties"))) if isinstance(p, dict)]
    round_ = doc.data.get("round")
    if isinstance(round_, dict):
        parts += [(("round", key), round_.get(key)) for key in ("size", "valuation")]
    for path, money in parts:
        if isinstance(money, dict) and "computed" in money and money.get("qualifier") == "exact":
            rules.add(doc, path + ("qualifier",), msg("'exact' on a sum we computed: no party "
                                                      "gave this figure (expected about, "
                                                      "at-least or up-to, as its parts allow)"))


# --- texts a reader gets through ---------------------------------------------------------------

def check_lengths(rules: Reporter, doc: Document) -> None:
    """Each text within its field's word limit (the schema's x-length-limits): a warning
    naming the field, its language and its length."""
    for pattern, limit in length_limits(doc.kind).items():
        for path, value in _at(doc.data, (), pattern.replace("[]", ".[]").split(".")):
            texts = [((), value)] if isinstance(value, str) else [
                ((lang,), text) for lang, text in value.items()] if isinstance(
                value, dict) else []
            for inner, text in texts:
                if not isinstance(text, str):
                    continue
                words = len(text.split())
                if words > limit:
                    rules.add(doc, path + inner, msg("{words} words, more than the {limit} this "
                                                     "field is read in (expected at most "
                                                     "{limit}: shorten it, or move the detail "
                                                     "where it belongs; limits: x-length-limits "
                                                     "in generator/schemas/{kind}.schema.json)",
                                                     words=words, limit=limit, kind=doc.kind), "warning")


def check_repeated_sentences(rules: Reporter, doc: Document) -> None:
    """A notice where one sentence stands twice in a record, in any two of its texts of
    one language: readers who meet it again stop reading. Sources (titles, publishers)
    and editors' remarks are not the record's own words."""
    seen: dict[tuple[str, str], Path_] = {}
    for path, lang, text in _own_texts(doc):
        for sentence in sentences(text, rules.languages):
            if len(sentence.split()) < REPEAT_MIN_WORDS:
                continue
            key = (lang, " ".join(sentence.casefold().split()))
            first = seen.setdefault(key, path)
            if first is not path:
                line = doc.locate(first)[0]
                rules.add(doc, path, msg("the sentence '{shortened}' stands already in "
                                         "{field_name} (line {line}): say it once",
                                         shortened=_shortened(sentence), field_name=field_name(first), line=line), "notice")


def _own_texts(doc: Document) -> Iterator[tuple[Path_, str, str]]:
    """The record's own texts with their language: every version of a deal's texts, an
    article's front matter texts in its language."""
    def walk(value: Any, path: Path_) -> Iterator[tuple[Path_, str, str]]:
        if path[:1] in (("sources",), ("images",)) or path[-1:] == ("remarks",):
            return
        if isinstance(value, dict):
            if doc.kind == "deal" and value and all(
                    isinstance(k, str) and re.fullmatch(LANGUAGE_KEY, k) for k in value):
                for lang, text in value.items():
                    if isinstance(text, str):
                        yield path + (lang,), lang, text
                return
            for key, inner in value.items():
                yield from walk(inner, path + (key,))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                yield from walk(inner, path + (i,))
        elif isinstance(value, str) and doc.kind == "article" and doc.lang and path[-1:] in (
                ("title",), ("summary",), ("question",), ("answer",), ("text",)):
            yield path, doc.lang, value
    yield from walk(doc.data, ())


def _shortened(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " …"


def _at(value: Any, path: Path_, steps: list[str]) -> Iterator[tuple[Path_, Any]]:
    """The values at a field path's steps ("[]": every item of a list)."""
    if not steps:
        yield path, value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        for i, item in enumerate(_list(value)):
            yield from _at(item, path + (i,), rest)
    elif isinstance(value, dict) and step in value:
        yield from _at(value[step], path + (step,), rest)


# --- statuses confirmed by the parties ---------------------------------------------------------

def check_party_sources(rules: Reports, doc: Document,
                        companies: dict[str, Document]) -> None:
    """A status confirmed by the parties (announced, signed, completed) rests on a source
    of a party's own: the event that set it cites a source whose publisher is a party
    (its name or legal name: a press release, a filing, the company's statement). Else
    the page attributes the status to the publishers it cites („laut …“), and the check
    says so; a notice, since the page is then right as it stands."""
    data = doc.data
    status = data.get("status")
    if status not in PARTY_CONFIRMED_STATUSES:
        return
    events = [e for e in _list(data.get("timeline")) if isinstance(e, dict) and e.get("status")]
    if not events or events[-1].get("status") != status:
        return  # the check of the timeline has said what is wrong
    parties = _list(data.get("parties"))
    if not parties:
        return  # the schema says what is wrong with the parties
    names = set()
    for party in parties:
        ident = party.get("company") if isinstance(party, dict) else None
        company = companies.get(ident) if isinstance(ident, str) else None
        if company is None or not isinstance(company.data, dict) or not _names(
                company.data.get("name")):
            return  # a party's names are unknown: that record's problem is reported
        names |= _names(company.data.get("name")) | _names(company.data.get("legal_name"))
    sources = {s.get("id"): s for s in _list(data.get("sources")) if isinstance(s, dict)}
    cited = [sources[ref] for ref in _list(events[-1].get("sources"))
             if isinstance(ref, str) and ref in sources]
    if cited and not any(_names(s.get("publisher")) & names for s in cited):
        publishers = dict.fromkeys(_first_name(s.get("publisher")) or str(s.get("author"))
                                   for s in cited)
        rules.add(doc, ("status",), msg("'{status}' says the parties confirmed it, but the event "
                                        "that set it cites no source of a party's own (one "
                                        "published under a party's name or legal name: its press "
                                        "release, filing or statement); the page says it is "
                                        "according to {names}",
                                        status=status, names=_and(tuple(publishers))), "notice")


def _names(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {v for v in value.values() if isinstance(v, str)}
    return set()


def _first_name(value: Any) -> str:
    """A publisher as messages name it: its name, or its first language version."""
    if isinstance(value, dict):
        return next((v for v in value.values() if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


# --- the record's own dates ---------------------------------------------------------------------

def check_record_dates(rules: Reporter, doc: Document) -> None:
    data = doc.data
    published = rules.check_date(doc, ("published",), data.get("published"))
    updated = rules.check_date(doc, ("updated",), data.get("updated"))
    reviewed = rules.check_date(doc, ("reviewed",), data.get("reviewed"))
    if published and updated and updated < published:
        rules.add(doc, ("updated",), msg("'{updated}' is before published '{published}' "
                                         "(expected the day of the last substantive change since)",
                                         updated=data['updated'], published=data['published']))
    if published and reviewed and reviewed < published:
        rules.add(doc, ("reviewed",), msg("'{reviewed}' is before published '{published}' "
                                          "(expected the day the record was last checked against "
                                          "its sources)",
                                          reviewed=data['reviewed'], published=data['published']))
    previous: tuple[int, int, int] | None = None
    for i, correction in enumerate(_list(data.get("corrections"))):
        if not isinstance(correction, dict):
            continue
        when = rules.check_date(doc, ("corrections", i, "date"), correction.get("date"))
        if when and published and when < published:
            rules.add(doc, ("corrections", i, "date"), msg("'{date}' is before published "
                                                           "'{published}' (a correction comes "
                                                           "after publication)",
                                                           date=correction['date'], published=data['published']))
        if when and previous and when < previous:
            rules.add(doc, ("corrections", i, "date"), msg("corrections are out of order "
                                                           "(expected oldest first)"))
        previous = when or previous
    if reviewed and isinstance(data.get("reviewed"), str):
        last = PartialDate(*reviewed)
        if review_overdue(last, rules.today, rules.review_after_days):
            days = (rules.today - last.as_date()).days
            rules.add(doc, ("reviewed",), msg("last checked against its sources {days} days ago "
                                              "(on {reviewed}; review_after_days is "
                                              "{review_after_days}): the page says it may be out "
                                              "of date until an editor checks it and sets "
                                              "reviewed",
                                              days=days, reviewed=data['reviewed'], review_after_days=rules.review_after_days), "notice")


# --- articles: their own key facts, their other languages --------------------------------------

def check_key_facts(rules: Reporter, doc: Document) -> None:
    ident = doc.data.get("key_facts")
    deals = [d for d in _list(doc.data.get("deals")) if isinstance(d, str)]
    if isinstance(ident, str) and ident not in deals:
        listed = (msg("one of: {deals}", deals=commas(deals)) if deals
                  else msg("a deal listed in deals first"))
        rules.add(doc, ("key_facts",), msg("'{ident}' is not one of this article's deals "
                                           "(expected {listed})",
                                           ident=ident, listed=listed))


def check_other_languages(rules: Reports, doc: Document,
                          versions: dict[str, Document]) -> None:
    """``versions``: the article's versions in other languages (paired by translation key);
    a question across records, asked by the rules across records (across.py)."""
    others = doc.data.get("other_languages")
    if not isinstance(others, dict):
        return
    for code in others:
        path = ("other_languages", code)
        if code == doc.lang:
            rules.add(doc, path, msg("'{code}' is the article's own language (expected the "
                                     "languages it is not written in)",
                                     code=code))
        elif code not in rules.languages:
            rules.add(doc, path, msg("'{code}' is not one of the site's languages (expected one "
                                     "of: {languages})",
                                     code=code, languages=commas(rules.languages)))
        elif code in versions:
            rules.add(doc, path, msg("the article has its own {code} version, {file}; "
                                     "other_languages is for languages without one",
                                     code=code, file=versions[code].file))


def _and(names: tuple[str, ...]) -> Message:
    return both(list(names))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
