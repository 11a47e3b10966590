"""How every rule of the check reports what it finds, and the did-you-mean it may add.

Each family of rules (schema.py, texts.py, records.py, articles.py, across.py, editorial.py)
reports through one of the two reporters here: ``Rules`` across records, ``RecordRules``
for the rules that read one record and nothing else. Keeping them apart from the families
lets each family be a module of plain functions that the runner (check.py) calls in turn.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content.load import Document, Path_, field_name
from ..errors import Problem
from ..text import messages
from ..text.messages import Message, msg

SUGGESTIONS_PER_FILE = 20


@dataclass
class CheckedAlone:
    """What the checks of one record on its own found: its schema and every rule that
    reads nothing but the record. Kept while the record is unchanged
    (preview/kept_checks.py)."""

    problems: list[Problem]
    suggestions: int  # did-you-mean searches spent on this file (SUGGESTIONS_PER_FILE)
    # An article's citations of a deal's sources ("deal-id/source-id") and where each
    # stands: whether the deal lists the source is a question across records.
    deal_citations: list[tuple[str, Any]] = field(default_factory=list)


# A did-you-mean compares the unknown word with each option (difflib, time growing with
# both lengths): every search is bounded, whoever asks. No id or name is longer than 80
# characters (the schema's ID), so a longer word has nothing close; of the options, only
# those whose length could reach the 0.6 likeness are compared, at most MAX_CANDIDATES of
# them. Each file has SUGGESTIONS_PER_FILE searches (Rules.suggest); after them its unknown
# names are still reported, without a guess.
MAX_SUGGESTED_WORD = 100
MAX_CANDIDATES = 2_000
_LIKENESS = 0.6


def did_you_mean(word: str, options: Iterable[Any]) -> str:
    if len(word) > MAX_SUGGESTED_WORD:
        return ""
    # difflib's likeness is 2·matches/(len(a) + len(b)): below 0.6 whenever the shorter is
    # less than 3/7 of the longer, whatever the letters.
    shortest = len(word) * 3 / 7
    longest = len(word) * 7 / 3
    # Options come from the content itself and may be of any type while it is broken.
    candidates = [o for o in options if isinstance(o, str) and shortest <= len(o) <= longest]
    close = difflib.get_close_matches(word, candidates[:MAX_CANDIDATES], n=1, cutoff=_LIKENESS)
    return msg(" (did you mean '{name}'?)", name=close[0]) if close else ""


class Rules:
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
        return did_you_mean(word, options() if callable(options) else options)


class RecordRules(Rules):
    """The reporter of the rules on one record: the settings they read, the record's
    citations of other deals' sources (checked across records), and its dates, which
    every family of rules on one record reads (records, articles, editorial)."""

    def __init__(self, languages: tuple[str, ...], today: date, strict_translations: bool,
                 review_after_days: int = 180):
        super().__init__()
        self.languages = languages
        self.today = today
        self.strict = strict_translations
        self.review_after_days = review_after_days
        # An article's citations of a deal's sources ("deal-id/source-id") and where each
        # stands: whether the deal lists the source is a question across records.
        self.deal_citations: list[tuple[str, Any]] = []

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
            self.add(doc, path, msg("'{value}' is not a date on the calendar", value=value))
            return None
        if (year, month or 1, day or 1) > (self.today.year, self.today.month, self.today.day):
            self.add(doc, path, msg("'{value}' lies in the future (today is {today}); only past "
                                    "facts have dates here",
                                    value=value, today=self.today.isoformat()))
        return year, month, day


def as_list(value: Any) -> list[Any]:
    """A list field as a list, or none while the record is broken."""
    return value if isinstance(value, list) else []


def either(codes: tuple[str, ...]) -> Message:
    """Codes written as "de, en or fr"."""
    return messages.either(list(codes))


def both(codes: tuple[str, ...]) -> Message:
    """Codes written as "de, en and fr"."""
    return messages.both(list(codes))
