"""Find every problem in the loaded content at once.

Two passes over the same documents: each record against its JSON Schema, then the rules a
schema cannot express (references between records, citations, dates, safety of text).
The second pass is written defensively so that a record with a schema error still gets
its other problems reported in the same run.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any, cast

import jsonschema
from babel.numbers import list_currencies

from ..content import pictures
from ..content.languages import LANGUAGES, names_with_codes
from ..content.languages import names as language_names
from ..content.load import FOLDERS, IMAGE_FOLDER, Document, Path_, field_name, image_file_problem
from ..errors import Problem
from ..pages.paths import article_url
from ..schemas import (
    CITATION,
    LANGUAGE_KEY,
    LOCALIZED_FIELDS,
    enums,
    is_valid,
    over_long_lists,
    validator,
)
from ..text import markup, typography
from . import editorial

STATUS_UNSET = None
STILL_TODO = "still says TODO (fill it in)"
STATUSES = enums()["deal.status"]
# Codes ISO 4217 lists that name no money a deal is paid in: shown on a page, "XXX" reads
# "¤2 billion", and a fund code or a metal passes for a currency no one meant.
NOT_CURRENCIES = {
    "XXX": "the code for 'no currency'",
    "XTS": "the code reserved for testing",
    "XAU": "gold, a precious metal", "XAG": "silver, a precious metal",
    "XPT": "platinum, a precious metal", "XPD": "palladium, a precious metal",
    "XDR": "the IMF's special drawing right, a unit of account",
    "XBA": "a European bond-market unit of account", "XBB": "a European bond-market unit of "
    "account", "XBC": "a European bond-market unit of account",
    "XBD": "a European bond-market unit of account",
    "XEU": "the European Currency Unit, a unit of account",
    "XSU": "the SUCRE, a unit of account", "XUA": "the African Development Bank's unit of "
    "account", "XFO": "the gold franc, a unit of account", "XFU": "the UIC franc, a unit of "
    "account", "XRE": "a funds code",
    "BOV": "a fund code (Mvdol)", "CHE": "a fund code (WIR euro)", "CHW": "a fund code (WIR "
    "franc)", "CLF": "a unit of value (Unidad de Fomento)", "COU": "a unit of value (Unidad de "
    "Valor Real)", "MXV": "a unit of value (Unidad de Inversión)", "UYI": "a unit of value "
    "(Unidad Indexada)", "UYW": "a unit of value (Unidad Previsional)",
    "USN": "a money-market code (next-day US dollar)", "USS": "a money-market code (same-day "
    "US dollar)",
}
KNOWN_CURRENCIES = frozenset(list_currencies()) - NOT_CURRENCIES.keys()
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--|<\?|<!\[CDATA\[|<![A-Za-z]")
MARKDOWN_LINK = re.compile(r"\]\s*[\(\[]|^\s*\[[^\]]+\]:\s", re.MULTILINE)
# A text with neither character cannot hold HTML or a Markdown link: most texts are let
# through by this one search instead of two.
_SUSPECT = re.compile(r"[<\]\[]")
EMPTY_TEXT = "is empty (expected some text)"
SUGGESTIONS_PER_FILE = 20


@dataclass
class CheckedAlone:
    """What the checks of one document on its own found: its schema and every rule that
    reads nothing but the document. Kept while the document is unchanged (KeptChecks)."""

    problems: list[Problem]
    suggestions: int  # did-you-mean searches spent on this file (SUGGESTIONS_PER_FILE)
    # An article's citations of a deal's sources ("deal-id/source-id") and where each
    # stands: whether the deal lists the source is a question across records.
    deal_citations: list[tuple[str, Any]] = field(default_factory=list)


class KeptChecks:
    """The checks of each document on its own, kept between calls of ``check_documents``
    in one process (a preview's rebuilds): a document the loader gave again unchanged (the
    same object, load.KeptFiles) is not checked on its own again; every check across
    records runs each time."""

    def __init__(self) -> None:
        self.by_file: dict[str, tuple[Document, tuple[Any, ...], CheckedAlone]] = {}


def check_documents(documents: list[Document], languages: tuple[str, ...], today: date,
                    strict_translations: bool = False,
                    unreadable: list[Document] | None = None,
                    review_after_days: int = 180,
                    reserved_names: tuple[str, ...] = (),
                    kept: KeptChecks | None = None) -> list[Problem]:
    """Return every problem in the documents, ordered by file and line.

    ``unreadable`` are the records the loader could not read (their problems are already
    reported): references to them are not reported again as references to nothing.
    ``reserved_names`` are the names the site gives its own pages (the page registry's,
    page_kinds.reserved_names), which no id or slug may take. ``kept``: the checks of
    unchanged documents from an earlier call, reused (and updated to this call's).
    """
    settings = (languages, today, strict_translations, review_after_days)
    earlier = kept.by_file if kept is not None else {}
    now: dict[str, tuple[Document, tuple[Any, ...], CheckedAlone]] = {}
    alone: dict[str, CheckedAlone] = {}
    problems: list[Problem] = []
    for doc in documents:
        entry = earlier.get(doc.file)
        if entry is not None and entry[0] is doc and entry[1] == settings:
            found = entry[2]
        else:
            rules = _DocumentRules(languages, today, strict_translations, review_after_days)
            found = rules.check(doc)
        now[doc.file] = (doc, settings, found)
        alone[doc.file] = found
        problems.extend(found.problems)
    if kept is not None:
        kept.by_file = now
    problems.extend(_CrossRules(documents, languages, unreadable or [], reserved_names,
                                alone).run())
    # A schema error and a rule can see the same fault; say it once.
    # A value that still says TODO has one thing wrong with it, that it is not written yet:
    # a skeleton's 'TODO-YYYY-MM-DD' is not also reported as an invalid date.
    todo = {(p.file, p.field) for p in problems if p.message == STILL_TODO}
    problems = [p for p in problems if p.message == STILL_TODO or (p.file, p.field) not in todo]
    # A value of spaces where an id or a choice belongs is said to be wrong there already.
    said = Counter((p.file, p.field) for p in problems)
    problems = [p for p in problems if p.message != EMPTY_TEXT or said[(p.file, p.field)] == 1]
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.field, p.message))


# --- pass 1: JSON Schema -------------------------------------------------------------------

Suggest = Callable[[str, Iterable[Any]], str]


def _schema_problems(doc: Document, languages: tuple[str, ...],
                     suggest: Suggest) -> Iterator[Problem]:
    if is_valid(doc.kind, doc.data):
        return  # the common case, answered without the slow explaining validator
    for error in validator(doc.kind).iter_errors(doc.data):
        yield from _explain(doc, error, languages, suggest)


def _is_text_in_languages(schema: Any) -> bool:
    """Whether a (sub)schema is the common one of a text in the site's languages."""
    return isinstance(schema, dict) and set(schema.get("patternProperties", {})) == {
        LANGUAGE_KEY}


def _explain(doc: Document, error: jsonschema.ValidationError,
             languages: tuple[str, ...], suggest: Suggest) -> Iterator[Problem]:
    path: Path_ = tuple(error.absolute_path)
    # What the schema said (its keyword and value), where, and about which value.
    kind, expected = error.validator, cast(Any, error.validator_value)
    schema, value = cast(Any, error.schema), cast(Any, error.instance)

    def at(p: Path_, message: str, key: bool = False) -> Problem:
        line, column = doc.locate(p, key)
        return Problem(doc.file, line, column, field_name(p), message)

    if kind == "required":
        for name in expected:
            if isinstance(value, dict) and name not in value:
                yield at(path + (name,), "missing (this field is required)")
    elif kind == "additionalProperties" and _is_text_in_languages(schema):
        for name in value:
            if not (isinstance(name, str) and re.fullmatch(LANGUAGE_KEY, name)):
                yield at(path + (name,), f"unknown field{suggest(str(name), languages)} "
                                         f"(expected a language: "
                                         f"{_or(languages)})", key=True)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                yield at(path + (name,), f"unknown field{suggest(name, allowed)} "
                                         f"(expected one of: {', '.join(allowed)})", key=True)
    elif kind == "type" and _is_text_in_languages(schema):
        keys = " and ".join(", ".join(f"{code}: …" for code in languages).rsplit(", ", 1))
        yield at(path, f"expected a text in {language_names(languages)} ({keys} on their own "
                       f"lines below), got {_describe(value)}")
    elif kind == "type":
        quote = " (put it in quotes to make it text)" if expected == "string" and (
            isinstance(value, (int, float)) and not isinstance(value, bool)) else ""
        yield at(path, f"expected {_type_words(expected)}, got "
                       f"{_describe(value)}{quote}")
    elif kind == "enum":
        options = [str(o) for o in expected]
        wrong = "has no value" if value is None else f"{_describe(value)} is not allowed"
        yield at(path, f"{wrong}{suggest(str(value), options)} "
                       f"(expected one of: {', '.join(options)})")
    elif kind == "pattern" and path and path[-1] == "url" and (
            url_problem := markup.unsafe_url(value)):
        yield at(path, url_problem)
    elif kind == "pattern":
        expected = schema.get("description") or f"text matching {expected}"
        yield at(path, f"{_describe(value)} is not valid (expected {_lower_first(expected)})")
    elif kind in _BOUNDS:
        size, bound = _BOUNDS[kind]
        yield at(path, f"{_describe(value)} is too {size} (expected {bound} "
                       f"{expected})")
    elif kind == "minItems":
        count = len(value)
        yield at(path, f"has {count} entr{'y' if count == 1 else 'ies'} (expected at least "
                       f"{expected})")
    elif kind == "maxItems":  # found first (over_long_lists); kept for any other way in
        yield at(path, _too_many(len(value), expected))
    elif kind == "minLength":
        yield at(path, "is empty (expected some text)")
    elif kind == "maxLength":
        yield at(path, f"is {len(value)} characters long (expected at most "
                       f"{expected})")
    elif kind == "uniqueItems":
        yield at(path, "lists the same entry more than once")
    elif kind == "minProperties":
        yield at(path, f"is empty (expected a text in {names_with_codes(languages)})")
    elif kind == "dependentRequired":
        for name, needs in expected.items():
            if isinstance(value, dict) and name in value:
                for other in needs:
                    if other not in value:
                        yield at(path + (name,), f"goes with '{other}', which is missing",
                                 key=True)
    elif kind == "not" and isinstance(value, dict) and "qualifier" in value:
        if value.get("qualifier") == "range":
            yield at(path, "a range has min and max, not value")
        else:
            yield at(path, "min and max belong to qualifier 'range'; use value")
    elif kind == "oneOf":
        yield at(path, f"expected a text or a mapping with {_and(languages)}, got "
                       f"{_describe(value)}")
    else:
        yield at(path, error.message)


# JSON Schema's numeric bounds, in the words of the message: (too what, expected how).
_BOUNDS = {"minimum": ("small", "at least"), "exclusiveMinimum": ("small", "more than"),
           "maximum": ("large", "at most"), "exclusiveMaximum": ("large", "less than")}


# A did-you-mean compares the unknown word with each option (difflib, time growing with
# both lengths): every search is bounded, whoever asks. No id or name is longer than 80
# characters (the schema's ID), so a longer word has nothing close; of the options, only
# those whose length could reach the 0.6 likeness are compared, at most MAX_CANDIDATES of
# them. Each file has SUGGESTIONS_PER_FILE searches (_Rules.suggest); after them its unknown
# names are still reported, without a guess.
MAX_SUGGESTED_WORD = 100
MAX_CANDIDATES = 2_000
_LIKENESS = 0.6


def _did_you_mean(word: str, options: Iterable[Any]) -> str:
    if len(word) > MAX_SUGGESTED_WORD:
        return ""
    # difflib's likeness is 2·matches/(len(a) + len(b)): below 0.6 whenever the shorter is
    # less than 3/7 of the longer, whatever the letters.
    shortest = len(word) * 3 / 7
    longest = len(word) * 7 / 3
    # Options come from the content itself and may be of any type while it is broken.
    candidates = [o for o in options if isinstance(o, str) and shortest <= len(o) <= longest]
    close = difflib.get_close_matches(word, candidates[:MAX_CANDIDATES], n=1, cutoff=_LIKENESS)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _lower_first(text: str) -> str:
    # "Lower-case letters…" reads on as "lower-case letters…"; "ISO 4217…" stays as it is.
    if text[1:2].isupper():
        return text.rstrip(".")
    return text[:1].lower() + text[1:].rstrip(".")


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "object": "a mapping of fields", "array": "a list", "boolean": "true or false"}


def _type_words(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (put text in quotes)"
    if isinstance(value, float):
        return f"the decimal number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    if len(text) <= 60:
        return text
    return text[:57] + ("...'" if isinstance(value, str) else "...")


# --- lists beyond their schema's maxItems ---------------------------------------------------

def _too_many(count: int, limit: int) -> str:
    # The limits (README, "What the check refuses") stand well above any real record: each
    # entry is shown, and a list without end makes a page without end.
    return (f"has {count:,} entries (expected at most {limit}; keep the {limit} that "
            f"matter most, or split the record)")


def _at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def _beyond(field: str, over_long: list[tuple[Path_, int]]) -> bool:
    """Whether a problem's field is an entry of an over-long list past its limit."""
    for path, limit in over_long:
        inside = re.match(re.escape(field_name(path)) + r"\[(\d+)\]", field)
        if inside and int(inside.group(1)) >= limit:
            return True
    return False


def _shortened(data: Any, over_long: list[tuple[Path_, int]]) -> Any:
    """``data`` with each over-long list cut to its limit, copying only what leads to one
    (the entries kept are the same objects, at the same paths, so marks still fit)."""
    def cut(node: Any, path: Path_, limit: int) -> Any:
        if not path:
            return node[:limit]
        step, rest = path[0], path[1:]
        try:
            inner = node[step]
        except (KeyError, IndexError, TypeError):
            return node  # inside a list already cut
        if isinstance(node, dict):
            return {**node, step: cut(inner, rest, limit)}
        return [*node[:int(step)], cut(inner, rest, limit), *node[int(step) + 1:]]
    for path, limit in sorted(over_long, key=lambda item: len(item[0])):
        data = cut(data, path, limit)
    return data


# --- pass 2: the rules a schema cannot say ---------------------------------------------------

class _Rules:
    """What both kinds of rules share: reporting a problem, and did-you-mean suggestions
    for the first few unknown names of each file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.suggestions: Counter[str] = Counter()

    def add(self, doc: Document, path: Path_, message: str, severity: str = "error") -> None:
        line, column = doc.locate(path)
        self.problems.append(Problem(doc.file, line, column, field_name(path), message, severity))

    def add_at(self, doc: Document, where: Any, message: str) -> None:
        if where and where[0] == "@body":
            self.problems.append(Problem(doc.file, where[1], where[2], "body", message))
        else:
            self.add(doc, where, message)

    def suggest(self, doc: Document, word: str,
                options: Callable[[], Iterable[Any]] | Iterable[Any]) -> str:
        """A did-you-mean for one of the first few unknown names in a file, none after: a
        file citing thousands of unknown sources out of thousands listed took minutes
        (each search compares with every option; benchmarks/unknown_citations.py), and
        3,000 near-miss [[figure:…]] placements in one article over a minute. Every
        did-you-mean of the check goes through here, the schema's included."""
        self.suggestions[doc.file] += 1
        if self.suggestions[doc.file] > SUGGESTIONS_PER_FILE:
            return ""
        return _did_you_mean(word, options() if callable(options) else options)


class _DocumentRules(_Rules):
    """The rules that read one document and nothing else: its texts, sources, citations,
    figures and dates, and the newsroom's rules (editorial.py) on it."""

    def __init__(self, languages: tuple[str, ...], today: date, strict_translations: bool,
                 review_after_days: int = 180):
        super().__init__()
        self.languages = languages
        self.today = today
        self.strict = strict_translations
        self.review_after_days = review_after_days
        self.deal_citations: list[tuple[str, Any]] = []

    def check(self, doc: Document) -> CheckedAlone:
        over_long = over_long_lists(doc.kind, doc.data) if isinstance(doc.data, dict) else []
        if over_long:
            # A list beyond its limit is said once, and only the entries within the limit
            # are checked one by one: 10,000 sources gave 30,000 messages in 15 s.
            # The rules still read the whole record (a citation of the 10,001st source is
            # one of a source that is there), and their findings beyond a limit are dropped.
            self.problems = list(_schema_problems(
                replace(doc, data=_shortened(doc.data, over_long)), self.languages,
                partial(self.suggest, doc)))
        else:
            self.problems = list(_schema_problems(doc, self.languages,
                                                  partial(self.suggest, doc)))
        if isinstance(doc.data, dict):
            self.check_texts(doc, doc.data, ())
            if doc.kind == "deal":
                self.check_deal(doc)
            elif doc.kind == "article":
                self.check_article(doc)
            elif doc.kind == "glossary":
                self.check_glossary(doc)
            elif doc.kind == "topics":
                self.check_unique_ids(doc, "topics", "topic")
            if doc.kind in ("deal", "article"):
                editorial.check_document(self, doc)
        if over_long:
            self.problems = [Problem(doc.file, *doc.locate(path), field_name(path), _too_many(
                len(_at(doc.data, path)), limit)) for path, limit in over_long] + [
                problem for problem in self.problems
                if not _beyond(problem.field, over_long)]
        return CheckedAlone(self.problems, self.suggestions[doc.file], self.deal_citations)

    # dates

    def check_date(self, doc: Document, path: Path_, value: Any) -> tuple[int, int, int] | None:
        """Check a YYYY[-MM[-DD]] text; return it as a sortable triple when valid."""
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            return None
        parts = [int(p) for p in value.split("-")]
        year, month, day = parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(
            parts) > 2 else 0
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            self.add(doc, path, f"'{value}' is not a date on the calendar")
            return None
        if (year, month or 1, day or 1) > (self.today.year, self.today.month, self.today.day):
            self.add(doc, path, f"'{value}' lies in the future (today is "
                                f"{self.today.isoformat()}); only past facts have dates here")
        return year, month, day

    # deals

    def check_deal(self, doc: Document) -> None:
        data = doc.data
        cited: dict[str, Path_] = {}
        for path, refs in _source_refs(data):
            for i, ref in enumerate(refs):
                if isinstance(ref, str):
                    cited.setdefault(ref, path + (i,))
        self.check_sources(doc, data.get("sources"), ("sources",), cited)

        parties = _list(data.get("parties"))
        seen_parties: set[tuple[Any, Any]] = set()
        for i, party in enumerate(parties):
            if isinstance(party, dict):
                # As text: a broken record may hold a list where an id belongs.
                key = (repr(party.get("company")), repr(party.get("role")))
                if key in seen_parties:
                    self.add(doc, ("parties", i), "the same company is listed twice in the "
                                                  "same role")
                seen_parties.add(key)
        stake = data.get("stake")
        if isinstance(stake, dict) and isinstance(stake.get("holder"), str):
            holders = {p.get("company") for p in parties if isinstance(p, dict)}
            if stake["holder"] not in holders:
                self.add(doc, ("stake", "holder"), f"'{stake['holder']}' is not one of this "
                                                   f"deal's parties")
        for i, ident in enumerate(_list(data.get("related"))):
            if ident == data.get("id"):
                self.add(doc, ("related", i), "a deal cannot be related to itself")

        for path, money in _money_fields(data):
            self.check_money(doc, path, money)

        as_of = self.check_date(doc, ("as_of",), data.get("as_of"))
        previous: tuple[int, int, int] | None = None
        last_status = STATUS_UNSET
        for i, event in enumerate(_list(data.get("timeline"))):
            if not isinstance(event, dict):
                continue
            when = self.check_date(doc, ("timeline", i, "date"), event.get("date"))
            if when and previous and when < previous:
                self.add(doc, ("timeline", i, "date"), "timeline is out of order "
                                                       "(expected oldest first)")
            if when and as_of and when > as_of:
                self.add(doc, ("timeline", i, "date"), f"'{event.get('date')}' is after as_of "
                                                       f"'{data.get('as_of')}' (expected as_of "
                                                       f"to be the day of the latest fact)")
            previous = when or previous
            if isinstance(event.get("status"), str):
                last_status = event["status"]
        status = data.get("status")
        if status in STATUSES and isinstance(data.get("timeline"), list):
            if last_status is STATUS_UNSET:
                self.add(doc, ("timeline",), "no event sets a status (expected the event "
                                             f"that made the deal '{status}' to say so)")
            elif status != last_status:
                self.add(doc, ("status",), f"'{status}' differs from the last status in the "
                                           f"timeline, '{last_status}' (expected the two to "
                                           f"agree)")

    def check_money(self, doc: Document, path: Path_, money: dict[str, Any]) -> None:
        currency = money.get("currency")
        if currency in NOT_CURRENCIES:
            self.add(doc, path + ("currency",), f"'{currency}' is {NOT_CURRENCIES[currency]}, "
                     f"not a currency (expected the code of the currency the amount is in, such "
                     f"as USD, EUR or GBP)")
        elif isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency) and (
                currency not in KNOWN_CURRENCIES):
            self.add(doc, path + ("currency",), f"'{currency}' is not an ISO 4217 currency "
                     f"code{self.suggest(doc, currency, lambda: sorted(KNOWN_CURRENCIES))} (expected a "
                     f"code such as USD, EUR or GBP)")
        for key in ("value", "min", "max"):
            # JSON Schema counts 5.0 as a whole number; Babel would write "1 Milliarden".
            if isinstance(money.get(key), float) and money[key].is_integer():
                self.add(doc, path + (key,), f"expected a whole number, got "
                                             f"{_describe(money[key])} (write it without '.0')")
        low, high = money.get("min"), money.get("max")
        if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool):
            if low > high:
                self.add(doc, path + ("min",), f"min {low} is larger than max {high} "
                                               f"(expected the smaller amount first)")
            elif low == high:
                self.add(doc, path + ("min",), "min equals max; use qualifier 'exact' with value")

    def check_sources(self, doc: Document, sources: Any, path: Path_,
                      cited: dict[str, Path_]) -> None:
        listed: dict[str, int] = {}
        for i, source in enumerate(_list(sources)):
            if not isinstance(source, dict):
                continue
            ident = source.get("id")
            if isinstance(ident, str):
                if ident in listed:
                    self.add(doc, path + (i, "id"), f"source '{ident}' is listed twice")
                listed.setdefault(ident, i)
            published = self.check_date(doc, path + (i, "published"), source.get("published"))
            accessed = self.check_date(doc, path + (i, "accessed"), source.get("accessed"))
            if published and accessed and accessed < published:
                self.add(doc, path + (i, "accessed"), "accessed before it was published")
            url = source.get("url")
            if isinstance(url, str) and url.startswith("https://"):
                problem = markup.unsafe_url(url)
                if problem:
                    self.add(doc, path + (i, "url"), problem)
        for ident, where in cited.items():
            if ident not in listed and "/" not in ident:
                self.add(doc, where, f"cites source '{ident}', which is not in sources"
                                     f"{self.suggest(doc, ident, lambda: sorted(listed))}")
        for ident, i in listed.items():
            if ident not in cited:
                self.add(doc, path + (i, "id"), f"source '{ident}' is listed but never cited "
                                               f"(expected a citation of it, or remove it)")

    # articles

    def check_article(self, doc: Document) -> None:
        data = doc.data
        if doc.lang not in self.languages:
            self.add(doc, (), f"language '{doc.lang}' in the file name is not one of the "
                              f"site's languages (expected one of: {', '.join(self.languages)})")
        if not doc.body.strip():
            self.add(doc, (), "the article has no text after its front matter (expected "
                              "the article's text after the closing '---')")
        elif doc.body.lstrip().startswith("TODO"):
            self.problems.append(Problem(doc.file, doc.body_line, 1, "body",
                                         STILL_TODO))

        for key in ("title", "summary"):
            if isinstance(data.get(key), str):
                self.check_quotes(doc, (key,), data[key], doc.lang)
        for listing, fields in (("faq", ("question", "answer")), ("corrections", ("text",))):
            for i, entry in enumerate(_list(data.get(listing))):
                for key in fields:
                    if isinstance(entry, dict) and isinstance(entry.get(key), str):
                        self.check_quotes(doc, (listing, i, key), entry[key], doc.lang)
        others = data.get("other_languages")
        for code, other in (others.items() if isinstance(others, dict) else ()):
            for key in ("title", "summary"):
                if isinstance(other, dict) and isinstance(other.get(key), str):
                    self.check_quotes(doc, ("other_languages", code, key), other[key], code)
        cited: dict[str, Path_] = {}
        body_lines = doc.body.split("\n")
        for number, line in enumerate(body_lines):
            for match in CITATION.finditer(line):
                ref = match.group(1)
                cited.setdefault(ref, ("@body", doc.body_line + number, match.start() + 1))
        for listing in ("faq", "corrections"):
            for i, entry in enumerate(_list(data.get(listing))):
                if isinstance(entry, dict):
                    for j, ref in enumerate(_list(entry.get("sources"))):
                        if isinstance(ref, str):
                            cited.setdefault(ref, (listing, i, "sources", j))
        # Citations of a deal's sources: checked across records (_CrossRules).
        self.deal_citations = [(ref, where) for ref, where in cited.items() if "/" in ref]
        body_cites = {k: v for k, v in cited.items() if v and v[0] == "@body"}
        rest = {k: v for k, v in cited.items() if k not in body_cites}
        self.check_sources_with_body(doc, data.get("sources"), body_cites, rest)
        self.check_images(doc, body_lines)

        for number, line in enumerate(body_lines):
            quote = typography.straight_quote(line, markdown=True)
            if quote is not None and doc.lang in LANGUAGES:
                self.problems.append(Problem(
                    doc.file, doc.body_line + number, line.find(quote) + 1, "body",
                    _straight_quote_message(quote, doc.lang), "warning"))
            found = markup.find_refused_character(line)
            if found is not None:
                self.problems.append(Problem(doc.file, doc.body_line + number, found + 1, "body",
                                             f"contains {markup.refused_character(line)} "
                                             f"(expected plain text; delete it)"))
        for number, column, message in markup.unsafe_markdown(doc.body):
            self.problems.append(Problem(doc.file, doc.body_line + number - 1, column, "body",
                                         message))

    def check_images(self, doc: Document, body_lines: list[str]) -> None:
        """The article's pictures: each a file in content/images/ that is a picture in the
        proportions given, each placed in the body once, and no placement of anything else."""
        listed: dict[str, int] = {}
        for i, entry in enumerate(_list(doc.data.get("images"))):
            if not isinstance(entry, dict):
                continue
            ident = entry.get("id")
            if isinstance(ident, str):
                if ident in listed:
                    self.add(doc, ("images", i, "id"), f"picture '{ident}' is listed twice "
                                                       f"(expected each id once)")
                listed.setdefault(ident, i)
            file = entry.get("file")
            if not isinstance(file, str):
                continue
            problem = image_file_problem(file)
            if problem:
                self.add(doc, ("images", i, "file"), problem)
                continue
            data = doc.files.get(file)
            if data is None:
                self.add(doc, ("images", i, "file"), doc.unread_files.get(
                    file, f"no picture content/{file} (expected the file in "
                          f"content/{IMAGE_FOLDER}/)"))
                continue
            try:
                picture = pictures.prepare(data, f"content/{file}")
            except pictures.PictureError as error:
                self.add(doc, ("images", i, "file"), str(error))
                continue
            size = (picture.width, picture.height)
            width, height = entry.get("width"), entry.get("height")
            if (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0
                    and abs(width / height - size[0] / size[1]) > 0.02 * size[0] / size[1]):
                self.add(doc, ("images", i, "height"), (
                    f"{width}×{height} is not in the proportions of content/{file}, which is "
                    f"{size[0]}×{size[1]} pixels (expected a width and height in the same "
                    f"proportions, such as {width}×{round(width * size[1] / size[0])})"))
        placed: set[str] = set()
        for number, line in enumerate(body_lines):
            for match in markup.FIGURE_LIKE.finditer(line):
                found = markup.FIGURE.fullmatch(match.group(0))
                where = (doc.file, doc.body_line + number, match.start() + 1)
                if found is None or found.group(1) not in listed:
                    guess = self.suggest(doc, match.group(0)[9:-2], listed)
                    self.problems.append(Problem(*where, "body", (
                        f"{match.group(0)} names no picture in images{guess} (expected "
                        f"[[figure:id]] with the id of an entry of images)")))
                elif line.strip() != match.group(0):
                    self.problems.append(Problem(*where, "body", (
                        f"{match.group(0)} must stand on a line of its own")))
                elif found.group(1) in placed:
                    self.problems.append(Problem(*where, "body", (
                        f"{match.group(0)} is placed twice (expected each picture once)")))
                else:
                    placed.add(found.group(1))
        for ident, i in listed.items():
            if ident not in placed:
                self.add(doc, ("images", i, "id"), (
                    f"picture '{ident}' is listed but not placed (expected [[figure:{ident}]] "
                    f"on a line of its own in the text, or remove it)"))

    # the site's single files: topics and glossary

    def check_unique_ids(self, doc: Document, listing: str, what: str) -> None:
        seen: dict[str, int] = {}
        for i, entry in enumerate(_list(doc.data.get(listing))):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(ident, str):
                if ident in seen:
                    self.add(doc, (listing, i, "id"), f"{what} '{ident}' is already entry "
                                                      f"{seen[ident] + 1} (expected each id once)")
                seen.setdefault(ident, i)

    def check_glossary(self, doc: Document) -> None:
        """Every term in every language, and each word a page may explain taken by one term
        only: a reader would otherwise be told two things about the same word."""
        self.check_unique_ids(doc, "terms", "term")
        taken: dict[tuple[str, str], int] = {}
        for i, entry in enumerate(_list(doc.data.get("terms"))):
            if not isinstance(entry, dict):
                continue
            for key in ("term", "definition"):
                value = entry.get(key)
                if isinstance(value, dict) and any(isinstance(v, str) for v in value.values()):
                    for lang in self.languages:
                        if not isinstance(value.get(lang), str):
                            self.add(doc, ("terms", i, key), f"no {language_names([lang])} "
                                     f"text ({lang}); every term is explained in every "
                                     f"language (expected {lang}: …)")
            words: list[tuple[str, Path_, Any]] = []
            term = entry.get("term")
            if isinstance(term, dict):
                words += [(lang, ("terms", i, "term", lang), text) for lang, text in term.items()]
            forms = entry.get("forms")
            if isinstance(forms, dict):
                words += [(lang, ("terms", i, "forms", lang, j), text)
                          for lang, listed in forms.items() for j, text in enumerate(_list(listed))]
            for lang, path, text in words:
                if not isinstance(text, str) or not text.strip():
                    continue
                word = (str(lang), " ".join(text.split()).casefold())
                first = taken.get(word)
                if first is not None and first != i:
                    self.add(doc, path, f"'{text}' is already a word of term {first + 1} "
                                        f"(expected each word in one term only)")
                taken.setdefault(word, i)

    def check_sources_with_body(self, doc: Document, sources: Any, body_cites: dict[str, Any],
                                other_cites: dict[str, Path_]) -> None:
        listed = {s.get("id") for s in _list(sources)
                  if isinstance(s, dict) and isinstance(s.get("id"), str)}
        for ref, where in body_cites.items():
            if "/" not in ref and ref not in listed:
                self.add_at(doc, where, f"cites source '{ref}', which is not in sources"
                                        f"{self.suggest(doc, ref, lambda: sorted(listed))}")
        # Listed-but-uncited and FAQ citations are checked like a deal's; a body citation
        # of an unlisted source has been reported at the body already.
        merged: dict[str, Path_] = dict(other_cites)
        for ref in body_cites:
            if ref in listed:
                merged.setdefault(ref, ("sources",))
        self.check_sources(doc, sources, ("sources",), merged)

    # text fields

    def check_texts(self, doc: Document, value: Any, path: Path_) -> None:
        if isinstance(value, dict):
            if path and path[-1] in LOCALIZED_FIELDS or _is_localized(value):
                self.check_localized(doc, value, path)
            for key, item in value.items():
                if isinstance(key, str):
                    self.check_field_name(doc, key, path + (key,))
                self.check_texts(doc, item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.check_texts(doc, item, path + (i,))
        elif isinstance(value, str):
            self.check_plain_text(doc, value, path)
            if path and path[-1] in SHOWN_NAMES:
                # A name or title in one form for every language ("Tom's Hardware"): the
                # pages show it beside their curly quotes all the same.
                self.check_quotes(doc, path, value, doc.lang or self.languages[0])

    def check_localized(self, doc: Document, value: dict[str, Any], path: Path_) -> None:
        for key, text in value.items():
            # A language the schema lets through (any two letters) that this site has not:
            # its text would never be shown.
            if isinstance(text, str) and key not in self.languages and isinstance(
                    key, str) and re.fullmatch(LANGUAGE_KEY, key):
                line, column = doc.locate(path + (key,), key=True)
                self.problems.append(Problem(
                    doc.file, line, column, field_name(path + (key,)),
                    f"'{key}' is not one of the site's languages (expected "
                    f"{_or(self.languages)}; the languages are plugins.briefing.languages "
                    f"in mkdocs.yml)"))
        for key, text in value.items():
            if isinstance(text, str) and key in self.languages:
                self.check_quotes(doc, path + (key,), text, key)
        present = [lang for lang in self.languages if isinstance(value.get(lang), str)]
        if not present:
            return  # the schema has already said what is wrong
        if doc.kind == "glossary" and path and path[-1] in ("term", "definition"):
            return  # an untranslated term is an error (check_glossary)
        for lang in self.languages:
            if lang not in present:
                self.add(doc, path, f"no {language_names([lang])} text ({lang}); the "
                                    f"page shows the {language_names([present[0]])}"
                                    f" text with a notice",
                         "error" if self.strict else "warning")

    def check_quotes(self, doc: Document, path: Path_, text: str, lang: str,
                     markdown: bool = False) -> None:
        """Straight quotation marks in prose, beside the curly ones of every page: the
        language's own („…“, “…”, « … ») and its apostrophe (’) belong there."""
        found = typography.straight_quote(text, markdown)
        if found is not None and lang in LANGUAGES:
            self.add(doc, path, _straight_quote_message(found, lang), "warning")

    def check_plain_text(self, doc: Document, text: str, path: Path_) -> None:
        if path and path[-1] in ("url",):
            return  # an address: markup.unsafe_url says what is wrong with it
        if text.lstrip().startswith("TODO"):
            self.add(doc, path, STILL_TODO)
        if text and not text.strip():
            self.add(doc, path, EMPTY_TEXT)  # a headline of spaces is an empty headline
        refused = markup.refused_character(text)
        if refused:
            self.add(doc, path, f"contains {refused} (expected plain text; delete it)")
        if not _SUSPECT.search(text):
            return
        if HTML_TAG.search(text):
            self.add(doc, path, "contains HTML; record texts are plain text (write it without "
                                "tags)")
        elif MARKDOWN_LINK.search(text):
            self.add(doc, path, "contains a Markdown link; record texts are plain text (cite a "
                                "source instead)")

    def check_field_name(self, doc: Document, name: str, path: Path_) -> None:
        refused = markup.refused_character(name, line_breaks=False)
        if refused:
            line, column = doc.locate(path, key=True)
            self.problems.append(Problem(doc.file, line, column, field_name(path),
                                         f"field name contains {refused} (expected plain "
                                         f"letters; delete it)"))




class _CrossRules(_Rules):
    """The rules across records: ids and the addresses of pages, references from one record
    to another, citations of a deal's sources in articles, and the pairing of an article's
    language versions. They run on every check, over the documents as they are."""

    def __init__(self, documents: list[Document], languages: tuple[str, ...],
                 unreadable: list[Document], reserved_names: tuple[str, ...],
                 alone: dict[str, CheckedAlone]):
        super().__init__()
        self.documents = documents
        self.languages = languages
        self.reserved_names = reserved_names
        self.alone = alone
        for file, found in alone.items():  # the file's suggestions so far
            self.suggestions[file] = found.suggestions
        # Ids whose record exists but is broken (unreadable, or with a wrong id): a
        # reference to one of them is not a second mistake.
        self.broken: dict[str, set[str]] = defaultdict(set)
        for doc in unreadable:
            self.broken[doc.kind].add(_stem(doc.file))
        self.by_kind: dict[str, dict[str, Document]] = defaultdict(dict)
        self.source_ids_of: dict[str, dict[Any, None]] = {}
        self.articles = [d for d in documents if d.kind == "article" and isinstance(d.data, dict)]
        self.article_groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.articles:
            self.article_groups[_translation_key(doc)].append(doc)

    def run(self) -> list[Problem]:
        self.index_ids()
        # Companies whose names can be trusted: a record with an error of its own (a
        # misspelt legal_name, say) would make every source under that name look foreign.
        self.sound_companies = {
            ident: doc for ident, doc in self.by_kind["company"].items()
            if doc.file in self.alone and not any(
                p.severity == "error" for p in self.alone[doc.file].problems)}
        self.check_page_addresses()
        for doc in self.documents:
            if not isinstance(doc.data, dict):
                continue
            if doc.kind == "deal":
                self.check_deal_references(doc)
                editorial.check_party_sources(self, doc, self.sound_companies)
            elif doc.kind == "article":
                self.check_article_references(doc)
                versions = {d.lang: d for d in self.article_groups[_translation_key(doc)]
                            if d is not doc}
                editorial.check_other_languages(self, doc, versions)
        self.check_translation_keys()
        return self.problems

    # ids and references

    def index_ids(self) -> None:
        for doc in self.documents:
            if doc.kind == "article" or not isinstance(doc.data, dict):
                continue
            ident = doc.data.get("id")
            if not isinstance(ident, str):
                continue
            stem = _stem(doc.file)
            if not re.fullmatch(markup.ID, ident):
                self.broken[doc.kind].add(stem)  # the schema has said what is wrong
                continue
            if ident != stem:
                self.add(doc, ("id",), f"'{ident}' differs from the file name '{stem}' "
                                       f"(expected the id to equal the file name)")
                self.broken[doc.kind].add(stem)
            first = self.by_kind[doc.kind].get(ident)
            if first is not None:
                self.add(doc, ("id",), f"'{ident}' is already the id of {first.file} "
                                       f"(expected each id once)")
            else:
                self.by_kind[doc.kind][ident] = doc

    def check_page_addresses(self) -> None:
        """Every page has an address of its own: no id or slug is a name the site uses,
        and no two files make the same page (an article, and another article's notice
        that it is not in this language). The renderer refuses such a page too; this is
        where an editor learns which two files to change."""
        for kind in ("deal", "company"):
            for ident, doc in self.by_kind[kind].items():
                if ident in self.reserved_names:
                    self.add(doc, ("id",), f"'{ident}' is a name the site uses for its own pages "
                                           f"(expected an id other than: "
                                           f"{', '.join(self.reserved_names)})")
        articles = [d for d in self.documents if d.kind == "article" and isinstance(d.data, dict)]
        for doc in articles:
            if doc.slug in self.reserved_names:
                self.add(doc, (), f"the slug '{doc.slug}' is a name the site uses for its own "
                                  f"pages (expected a file name starting with another slug than: "
                                  f"{', '.join(self.reserved_names)})")
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in articles:
            key = doc.data.get("translation_key")
            groups[key if isinstance(key, str) else doc.slug].append(doc)
        # An article whose translation key pairs it with nothing has that said about it
        # (check_translation_keys); the notices it causes are no second mistake.
        unpaired = {id(d) for group in groups.values() if len(group) == 1 for d in group
                    if d.data.get("translation_key") not in (None, d.slug)}
        for lang in self.languages:
            pages: dict[str, tuple[Document, str]] = {}
            makers = [(doc, "its page") for doc in articles if doc.lang == lang]
            for group in groups.values():
                present = [d for d in group if d.lang in self.languages]
                if present and all(d.lang != lang for d in group):
                    first = min(present, key=lambda d: self.languages.index(d.lang))
                    notice = f"its notice that it is not in {language_names([lang])}"
                    makers.append((first, notice))
            for doc, what in makers:
                address = article_url(doc.slug)
                if address in pages and unpaired.isdisjoint((id(doc), id(pages[address][0]))):
                    other, other_what = pages[address]
                    self.add(doc, (), f"{what} would have the {language_names([lang])} "
                                      f"address {address}, which {other.file} takes for "
                                      f"{other_what} (expected one page "
                                      f"per address: rename one file, or pair the two with "
                                      f"translation_key)")
                else:
                    pages[address] = (doc, what)

    def source_ids(self, deal: Document) -> dict[Any, None]:
        """A deal's source ids in their order, once per deal however often it is cited."""
        if deal.file not in self.source_ids_of:
            self.source_ids_of[deal.file] = dict.fromkeys(
                s.get("id") for s in _list(deal.data.get("sources")) if isinstance(s, dict))
        return self.source_ids_of[deal.file]

    def check_reference(self, doc: Document, path: Path_, kind: str, ident: Any) -> None:
        if isinstance(ident, str) and ident not in self.by_kind[kind] and (
                ident not in self.broken[kind]):
            self.add(doc, path, f"no {kind} '{ident}' in content/{FOLDERS[kind]}/"
                                f"{self.suggest(doc, ident, lambda: sorted(self.by_kind[kind]))}")

    def check_deal_references(self, doc: Document) -> None:
        data = doc.data
        self.check_reference(doc, ("author",), "author", data.get("author"))
        for i, party in enumerate(_list(data.get("parties"))):
            if isinstance(party, dict):
                self.check_reference(doc, ("parties", i, "company"), "company",
                                     party.get("company"))
        for i, ident in enumerate(_list(data.get("related"))):
            if ident != data.get("id"):
                self.check_reference(doc, ("related", i), "deal", ident)

    def check_article_references(self, doc: Document) -> None:
        data = doc.data
        self.check_reference(doc, ("author",), "author", data.get("author"))
        deals = [d for key in ("deals", "mentions") for d in _list(data.get(key))
                 if isinstance(d, str)]
        for key in ("deals", "mentions"):
            for i, ident in enumerate(_list(data.get(key))):
                self.check_reference(doc, (key, i), "deal", ident)
        # Citations of a deal's sources: the deal must be covered and list the source.
        for ref, where in self.alone[doc.file].deal_citations:
            deal_id, source_id = ref.split("/", 1)
            deal = self.by_kind["deal"].get(deal_id)
            if deal_id not in deals:
                self.add_at(doc, where, f"cites '{ref}', but '{deal_id}' is not in deals "
                                        "or mentions")
            elif deal is not None:
                ids = self.source_ids(deal)
                if source_id not in ids:
                    guess = self.suggest(doc, source_id, partial(list, ids))
                    self.add_at(doc, where, f"cites '{ref}', but {deal.file} lists no source "
                                            f"'{source_id}'{guess}")

    def check_translation_keys(self) -> None:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.documents:
            if doc.kind == "article" and isinstance(doc.data, dict):
                key = doc.data.get("translation_key")
                groups[key if isinstance(key, str) else doc.slug].append(doc)
        for key, docs in groups.items():
            by_lang: dict[str, Document] = {}
            for doc in docs:
                first = by_lang.get(doc.lang)
                if first is not None:
                    # Said where the key is written, if only one of the two writes it.
                    here, other = (first, doc) if "translation_key" in first.data and (
                        "translation_key" not in doc.data) else (doc, first)
                    self.add(here, ("translation_key",), f"'{key}' also pairs {other.file}, in "
                             f"the same language '{doc.lang}' (expected one article per "
                             f"language for each translation key)")
                by_lang.setdefault(doc.lang, doc)
            if len(docs) == 1:
                doc = docs[0]
                explicit = doc.data.get("translation_key")
                if isinstance(explicit, str) and explicit != doc.slug:
                    others = sorted(k for k, d in groups.items() if k != key and all(
                        other.lang != doc.lang for other in d))
                    self.add(doc, ("translation_key",), f"'{explicit}' matches no other article"
                             f"{self.suggest(doc, explicit, others)} (expected the translation key, "
                             f"or the slug, of the same article in another language)")



def _stem(file: str) -> str:
    """PurePosixPath(file).stem, without making a path of it."""
    name = file.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _translation_key(doc: Document) -> str:
    key = doc.data.get("translation_key")
    return key if isinstance(key, str) else doc.slug


# Fields of one text for every language that pages show in their prose.
SHOWN_NAMES = frozenset({"publisher", "title", "author", "name", "legal_name"})


def _straight_quote_message(found: str, lang: str) -> str:
    opening, closing = LANGUAGES[lang].quotes
    if found == "'":
        return "a straight apostrophe (') beside the pages' curly quotes (expected ’)"
    return (f"straight quotation marks (\") beside the pages' curly ones (expected "
            f"{opening}…{closing})")


def _is_localized(value: dict[str, Any]) -> bool:
    return bool(value) and all(isinstance(k, str) and re.fullmatch(LANGUAGE_KEY, k)
                               for k in value)


def _and(codes: tuple[str, ...]) -> str:
    return " and ".join(", ".join(codes).rsplit(", ", 1))


def _or(codes: tuple[str, ...]) -> str:
    return " or ".join(", ".join(codes).rsplit(", ", 1))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _source_refs(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, list[Any]]]:
    """Every ``sources: [ids]`` list in a record, except the record's own sources list."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and path and isinstance(value, list) and all(
                    isinstance(v, str) for v in value):
                yield path + (key,), value
            elif key != "sources" or path:
                yield from _source_refs(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _source_refs(item, path + (i,))


def _money_fields(data: dict[str, Any]) -> Iterator[tuple[Path_, dict[str, Any]]]:
    if isinstance(data.get("amount"), dict):
        yield ("amount",), data["amount"]
    for i, party in enumerate(_list(data.get("parties"))):
        if isinstance(party, dict) and isinstance(party.get("amount"), dict):
            yield ("parties", i, "amount"), party["amount"]
    for i, tranche in enumerate(_list(data.get("tranches"))):
        if isinstance(tranche, dict) and isinstance(tranche.get("amount"), dict):
            yield ("tranches", i, "amount"), tranche["amount"]
    round_ = data.get("round")
    if isinstance(round_, dict):
        for key in ("size", "valuation"):
            if isinstance(round_.get(key), dict):
                yield ("round", key), round_[key]

