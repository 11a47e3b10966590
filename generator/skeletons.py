"""Starting points for editors: files that fail the check until every TODO is filled in."""

from __future__ import annotations

import re
from pathlib import Path

from .config import SiteConfig
from .errors import BriefingError

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _checked_id(ident: str, what: str) -> str:
    if not ID.fullmatch(ident):
        raise BriefingError(f"'{ident}' is not a valid {what} (expected lower-case letters, "
                            f"digits and single hyphens, such as 'amazon-openai-investment')")
    return ident


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise BriefingError(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_deal(config: SiteConfig, ident: str) -> Path:
    _checked_id(ident, "deal id")
    text = DEAL_SKELETON.replace("{id}", ident)
    return _write_new(config.content_dir / "deals" / f"{ident}.yml", text)


def new_article(config: SiteConfig, slug: str, lang: str) -> Path:
    _checked_id(slug, "article slug")
    if lang not in config.languages:
        raise BriefingError(f"'{lang}' is not one of the site's languages "
                            f"({', '.join(config.languages)})")
    # The site's own authors, so that the skeleton names one that exists.
    authors = sorted(p.stem for p in (config.content_dir / "authors").glob("*.yml"))
    author = authors[0] if authors else "TODO-author-id"
    others = f"  # or: {', '.join(authors[1:])}" if len(authors) > 1 else (
        "  # a file in content/authors/" if not authors else "")
    text = ARTICLE_SKELETON.replace("{author}", author + others).replace("{lang}", lang)
    return _write_new(config.content_dir / "articles" / f"{slug}.{lang}.md", text)


def new_company(config: SiteConfig, ident: str) -> Path:
    _checked_id(ident, "company id")
    text = COMPANY_SKELETON.replace("{id}", ident)
    return _write_new(config.content_dir / "companies" / f"{ident}.yml", text)


DEAL_SKELETON = """\
# yaml-language-server: $schema=../../generator/schemas/deal.schema.json
# A new deal. Replace every TODO, then run: briefing check
id: {id}
kind: equity-investment  # equity-investment, funding-round, secondary-sale, cloud-agreement, partnership, acquisition, merger, joint-venture, licensing
headline:
  de: "TODO: Schlagzeile auf Deutsch"
  en: "TODO: headline in English"
summary:
  de: "TODO: Zusammenfassung in zwei bis vier Sätzen. Was ist bestätigt, was nur berichtet?"
  en: "TODO: a summary in two to four sentences. What is confirmed, what only reported?"
status: talks  # rumoured, talks (unconfirmed); announced, signed, completed; cancelled
as_of: TODO-YYYY-MM-DD  # the day of the latest fact this record rests on
published: TODO-YYYY-MM-DD  # the day this briefing is first published here
reviewed: TODO-YYYY-MM-DD  # the day you checked it against its sources
parties:
  - company: TODO-company-id  # a file in content/companies/
    role: investor
    sources: [first-source]
  - company: TODO-company-id
    role: target
    sources: [first-source]
amount:  # delete if unknown
  value: 1000000000  # TODO: whole currency units, no decimals
  currency: USD
  qualifier: exact  # exact, about, at-least, up-to; for a range use min and max with qualifier range
  sources: [first-source]
timeline:
  - date: TODO-YYYY-MM-DD  # or YYYY-MM, or YYYY, where only that much is known
    status: talks
    event:
      de: "TODO: was an diesem Tag geschah"
      en: "TODO: what happened on that day"
    sources: [first-source]
faq:
  - question:
      de: "TODO: Frage von Leserinnen und Lesern?"
      en: "TODO: a question readers ask?"
    answer:
      de: "TODO: Antwort."
      en: "TODO: answer."
    sources: [first-source]
sources:
  # A document without an address needs kind, title, published and publisher or author.
  # A web source instead has url (only a real address) and accessed, and no kind.
  - id: first-source
    publisher: "TODO: publisher"
    title: "TODO: title in its own language"
    kind: press-release  # filing, press-release, print-edition or analysis
    published: TODO-YYYY-MM-DD  # or YYYY-MM where only the month is known
    language: en
    # url: https://…  only a real address; then also accessed: YYYY-MM-DD
"""

ARTICLE_SKELETON = """\
---
# Replace every TODO, then run: briefing check
title: "TODO: title"
summary: "TODO: one or two sentences, the lead"
published: TODO-YYYY-MM-DD
reviewed: TODO-YYYY-MM-DD  # the day you checked it against its sources
author: {author}
deals: []  # ids of deals this article covers, e.g. [amazon-openai-investment]
# key_facts: amazon-openai-investment  # the one deal the article is about, if any
sources:
  - id: first-source
    publisher: "TODO: publisher"
    title: "TODO: title in its own language"
    kind: print-edition  # filing, press-release, print-edition or analysis; or url and accessed
    published: TODO-YYYY-MM-DD
    language: {lang}  # the language of the source itself
faq:
  - question: "TODO: a question readers ask?"
    answer: "TODO: its answer."
    sources: [first-source]
---

TODO: the article in Markdown. Cite a source like this [@first-source], or a source of a
covered deal like this: [@deal-id/source-id].
"""


COMPANY_SKELETON = """\
# yaml-language-server: $schema=../../generator/schemas/company.schema.json
# A company that takes part in deals. Replace every TODO, then run: briefing check
id: {id}
name: "TODO: the name readers know"  # or name: {de: …, en: …} where it differs by language
legal_name: "TODO: the registered name (delete if unknown)"
description:
  de: "TODO: wer das Unternehmen ist, in ein bis drei Sätzen"
  en: "TODO: who the company is, in one to three sentences"
"""
