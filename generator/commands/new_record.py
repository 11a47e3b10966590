"""Starting points for editors: files that fail the check until every TODO is filled in."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale

from ..content.load import FOLDERS
from ..errors import BriefingError
from ..schemas import ID_PATTERN, enums
from ..settings import SiteConfig
from ..text.formatting import locale
from ..text.i18n import translations
from ..text.labels import N_

ID = re.compile(ID_PATTERN)

# What each text of a new record asks for, in the text's own language (the catalogs).
HINTS = {
    "headline": N_("TODO: headline in %(language)s"),
    "summary": N_("TODO: a summary in two to four sentences. What is confirmed, what only "
                  "reported?"),
    "event": N_("TODO: what happened on that day"),
    "point": N_("TODO: a key point in one sentence"),
    "question": N_("TODO: a question readers ask?"),
    "answer": N_("TODO: answer."),
    "description": N_("TODO: who the company is, in one to three sentences"),
}


def _texts(config: SiteConfig, field: str, indent: str) -> str:
    """A text's lines in every language of the site, each asking for it in that language:
    ``  de: "TODO: Schlagzeile auf Deutsch"``."""
    lines = []
    for lang in config.languages:
        name = Locale.parse(locale(lang)).languages.get(lang, lang)
        hint = translations(lang).ugettext(HINTS[field]) % {"language": name}
        lines.append(f'{indent}{lang}: "{hint}"')
    return "\n".join(lines)


def _filled(skeleton: str, config: SiteConfig, **values: str) -> str:
    """The skeleton with its {id}-style values and each {text:field:indent} as _texts."""
    text = re.sub(r"\{text:(\w+):( *)\}", lambda m: _texts(config, m.group(1), m.group(2)),
                  skeleton)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


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
    text = _filled(DEAL_SKELETON, config, id=ident, kinds=", ".join(enums()["deal.kind"]),
                   author=_author_line(config))
    return _write_new(config.content_dir / FOLDERS["deal"] / f"{ident}.yml", text)


def new_article(config: SiteConfig, slug: str, lang: str) -> Path:
    _checked_id(slug, "article slug")
    if lang not in config.languages:
        raise BriefingError(f"'{lang}' is not one of the site's languages "
                            f"({', '.join(config.languages)})")
    text = ARTICLE_SKELETON.replace("{author}", _author_line(config)).replace("{lang}", lang)
    return _write_new(config.content_dir / FOLDERS["article"] / f"{slug}.{lang}.md", text)


def _author_line(config: SiteConfig) -> str:
    """The site's own authors, so that the skeleton names one that exists."""
    authors = sorted(p.stem for p in (config.content_dir / FOLDERS["author"]).glob("*.yml"))
    author = authors[0] if authors else "TODO-author-id"
    others = f"  # or: {', '.join(authors[1:])}" if len(authors) > 1 else (
        f"  # a file in content/{FOLDERS['author']}/" if not authors else "")
    return author + others


def new_company(config: SiteConfig, ident: str) -> Path:
    _checked_id(ident, "company id")
    names = "{" + ", ".join(f"{lang}: …" for lang in config.languages) + "}"
    text = _filled(COMPANY_SKELETON, config, id=ident, names=names)
    return _write_new(config.content_dir / FOLDERS["company"] / f"{ident}.yml", text)


DEAL_SKELETON = """\
# yaml-language-server: $schema=../../generator/schemas/deal.schema.json
# A new deal. Replace every TODO, then run: briefing check
id: {id}
kind: equity-investment  # {kinds}
headline:
{text:headline:  }
summary:
{text:summary:  }
author: {author}
gist:  # three to five key points, each with its sources
  - text:
{text:point:      }
    sources: [first-source]
  - text:
{text:point:      }
    sources: [first-source]
  - text:
{text:point:      }
    sources: [first-source]
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
{text:event:      }
    sources: [first-source]
faq:
  - question:
{text:question:      }
    answer:
{text:answer:      }
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
name: "TODO: the name readers know"  # or name: {names} where it differs by language
legal_name: "TODO: the registered name (delete if unknown)"
description:
{text:description:  }
"""
