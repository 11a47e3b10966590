"""Find every problem in the loaded content at once.

The rules come in families, each a module: each record against its JSON Schema (schema.py);
the rules a schema cannot say within one record: its texts (texts.py), a deal's or the
glossary's (records.py), an article's (articles.py), a newsroom's review (editorial.py);
then the rules across records (across.py). This module runs them in that order and gathers
what they find. The families after the schema are written defensively, so that a record
with a schema error still gets its other problems reported in the same run.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial

from ..content.load import Document
from ..errors import Problem
from ..text.messages import msg
from . import articles, editorial, records, schema, texts
from .across import CrossRules
from .reporting import CheckedAlone, RecordRules
from .texts import EMPTY_TEXT, STILL_TODO


def check_documents(documents: list[Document], languages: tuple[str, ...], today: date,
                    strict_translations: bool = False,
                    unreadable: list[Document] | None = None,
                    review_after_days: int = 180,
                    reserved_names: tuple[str, ...] = (),
                    alone: dict[str, CheckedAlone] | None = None) -> list[Problem]:
    """Return every problem in the documents, ordered by file and line.

    ``unreadable`` are the records the loader could not read (their problems are already
    reported): references to them are not reported again as references to nothing.
    ``reserved_names`` are the names the site gives its own pages (the page registry's,
    pages.paths.reserved_names), which no id or slug may take. ``alone``: what the checks
    of each document on its own found, by file, when the caller has it already (a preview
    keeps it for unchanged records: preview/kept_checks.py); found here otherwise.
    """
    if alone is None:
        alone = {doc.file: check_alone(doc, languages, today, strict_translations,
                                       review_after_days) for doc in documents}
    problems = [problem for doc in documents for problem in alone[doc.file].problems]
    problems.extend(CrossRules(documents, languages, unreadable or [], reserved_names,
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


def check_alone(doc: Document, languages: tuple[str, ...], today: date,
                strict_translations: bool, review_after_days: int = 180) -> CheckedAlone:
    """Every family of rules that reads one record and nothing else, on ``doc``."""
    rules = RecordRules(languages, today, strict_translations, review_after_days)
    over_long = schema.over_long(doc)
    rules.problems = schema.schema_problems(doc, languages, partial(rules.suggest, doc),
                                            over_long)
    if isinstance(doc.data, dict):
        texts.check_texts(rules, doc, doc.data, ())
        if doc.kind == "deal":
            records.check_deal(rules, doc)
        elif doc.kind == "article":
            articles.check_article(rules, doc)
        elif doc.kind == "glossary":
            records.check_glossary(rules, doc)
        elif doc.kind == "topics":
            records.check_unique_ids(rules, doc, "topics", msg("topic"))
        if doc.kind in ("deal", "article"):
            editorial.check_document(rules, doc)
    return CheckedAlone(schema.within_limits(doc, rules.problems, over_long),
                        rules.suggestions[doc.file], rules.deal_citations)
