"""schema.org data (JSON-LD) for a page: what it is, who wrote it, what it is about.

Briefings and articles are ``NewsArticle``s with their sources as ``citation`` and the
companies as ``about``; their reader questions are a ``FAQPage`` whose questions and
answers are the very texts the page shows. Everything is built as Python data and
serialized here, once, in a form that cannot end the ``<script>`` element it sits in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..content.model import Money, PartialDate, Source
from ..settings import SiteConfig

Node = dict[str, Any]


def script_json(data: Any) -> str:
    """JSON for inside <script type="application/ld+json">: no "<", ">" or "&" as such,
    so no text in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graph(nodes: Iterable[Node]) -> str:
    return script_json({"@context": "https://schema.org", "@graph": list(nodes)})


def plain_inline(text: str) -> str:
    """A text as the page shows it on one line: whitespace collapsed."""
    return " ".join(text.split())


def plain_paragraphs(text: str) -> str:
    """A text as the page shows it in paragraphs: blank lines separate them."""
    return "\n\n".join(plain_inline(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def publisher(config: SiteConfig, name: str) -> Node:
    """The site's publisher; ``name`` is the Impressum's, or the site's own name while
    the Impressum holds a placeholder (placeholders.publisher_name)."""
    return {"@type": "Organization", "@id": f"{config.site_url}#publisher", "name": name,
            "url": config.site_url}


def organization(name: str, url: str | None = None, legal_name: str | None = None) -> Node:
    node: Node = {"@type": "Organization", "name": name}
    if legal_name:
        node["legalName"] = legal_name
    if url:
        node["url"] = url
    return node


def person_or_organization(kind: str, name: str) -> Node:
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def creative_work(source: Source, publisher_name: str | None) -> Node:
    """A source as the page lists it: title (or its publisher), publisher, date (as
    precise as it is known: "2025-12" stays a month), address."""
    node: Node = {"@type": "CreativeWork",
                  "name": source.title or publisher_name or source.author or source.id,
                  "inLanguage": source.language}
    if publisher_name:
        node["publisher"] = organization(publisher_name)
    if source.author:
        node["author"] = {"@type": "Person", "name": source.author}
    if source.published:
        node["datePublished"] = source.published.iso
    if source.url:
        node["url"] = source.url
    return node


def monetary_amount(money: Money, name: str, shown_as: str) -> Node:
    """An amount with its precision: "at least" is a minimum, "up to" a maximum."""
    node: Node = {"@type": "MonetaryAmount", "name": name, "description": shown_as,
                  "currency": money.currency}
    if money.qualifier == "range":
        node.update(minValue=money.min, maxValue=money.max)
    elif money.qualifier == "at-least":
        node["minValue"] = money.value
    elif money.qualifier == "up-to":
        node["maxValue"] = money.value
    else:  # exact, about (the description says "about")
        node["value"] = money.value
    return node


def news_article(config: SiteConfig, *, url: str, lang: str, headline: str, description: str,
                 published: PartialDate, modified: PartialDate, author: Node,
                 publisher_name: str, about: list[Node], citations: list[Node],
                 translations: dict[str, str], original: str,
                 mentions: list[Node] | None = None) -> Node:
    """``translations`` maps the other languages to their versions' addresses; ``original``
    is the language of the version the others translate. ``published`` and ``modified``
    are the page's own dates (first published here, last substantive change), never the
    dates of the events it reports."""
    node: Node = {
        "@type": "NewsArticle", "@id": f"{url}#article", "url": url, "mainEntityOfPage": url,
        "headline": headline, "description": description, "inLanguage": lang,
        "datePublished": published.iso, "dateModified": modified.iso,
        "author": author, "publisher": publisher(config, publisher_name),
        "isAccessibleForFree": True,
    }
    if about:
        node["about"] = about
    if mentions:
        node["mentions"] = mentions
    if citations:
        node["citation"] = citations

    def version(code: str, href: str) -> Node:
        return {"@type": "NewsArticle", "@id": f"{href}#article", "url": href, "inLanguage": code}

    others = [version(code, href) for code, href in translations.items() if code != lang]
    if lang == original:
        if others:
            node["workTranslation"] = others
    elif original in translations:
        node["translationOfWork"] = version(original, translations[original])
    return node


def faq_page(*, url: str, lang: str, questions: list[tuple[str, str, str]]) -> Node:
    """``questions``: (question, answer, language of the text shown), as the page shows them."""
    entities = []
    for question, answer, shown in questions:
        entity: Node = {"@type": "Question", "name": question,
                        "acceptedAnswer": {"@type": "Answer", "text": answer}}
        if shown != lang:  # a question not yet translated is shown in the other language
            entity["inLanguage"] = shown
        entities.append(entity)
    return {"@type": "FAQPage", "@id": f"{url}#faq", "url": url, "inLanguage": lang,
            "mainEntity": entities}


def website(config: SiteConfig, *, url: str, lang: str, name: str, description: str,
            publisher_name: str) -> Node:
    return {"@type": "WebSite", "@id": f"{url}#website", "url": url, "name": name,
            "description": description, "inLanguage": lang,
            "publisher": publisher(config, publisher_name)}


def profile(*, url: str, lang: str, title: str, company: Node) -> Node:
    """A company's page: a web page about that organization."""
    return {"@type": "WebPage", "@id": f"{url}#page", "url": url, "name": title,
            "inLanguage": lang, "about": company}
