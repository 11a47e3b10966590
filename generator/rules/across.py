"""Rules across records: each id once and equal to its file's name, no id or slug taking a
name the site uses for its own pages, one page per address, every reference to a record
that exists (authors, companies, related deals, an article's deals), an article's citations
of a deal's sources listed by the deal, and the pairing of an article's language versions.

They run on every check, over the documents as they are, after the rules on each record
alone (whose findings, such as an article's deal citations, ``CrossRules`` is given).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import partial
from typing import Any

from ..content.load import FOLDERS, Document, Path_
from ..errors import Problem
from ..text import markup
from ..text.messages import Message, commas, kind_word, language_names, msg
from . import editorial
from .reporting import CheckedAlone, Rules, as_list


class CrossRules(Rules):
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
            self.broken[doc.kind].add(file_stem(doc.file))
        self.by_kind: dict[str, dict[str, Document]] = defaultdict(dict)
        self.source_ids_of: dict[str, dict[Any, None]] = {}
        self.articles = [d for d in documents if d.kind == "article" and isinstance(d.data, dict)]
        self.article_groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.articles:
            self.article_groups[translation_key(doc)].append(doc)

    def run(self) -> list[Problem]:
        self.index_ids()
        # Companies whose names can be trusted: a record with an error of its own (a
        # misspelt legal_name, say) would make every source under that name look foreign.
        self.sound_companies = {
            ident: doc for ident, doc in self.by_kind["company"].items()
            if doc.file in self.alone and not any(
                p.severity == "error" for p in self.alone[doc.file].problems)}
        check_page_addresses(self)
        for doc in self.documents:
            if not isinstance(doc.data, dict):
                continue
            if doc.kind == "deal":
                self.check_deal_references(doc)
                editorial.check_party_sources(self, doc, self.sound_companies)
            elif doc.kind == "article":
                self.check_article_references(doc)
                versions = {d.lang: d for d in self.article_groups[translation_key(doc)]
                            if d is not doc}
                editorial.check_other_languages(self, doc, versions)
        check_translation_keys(self)
        return self.problems

    # ids and references

    def index_ids(self) -> None:
        for doc in self.documents:
            if doc.kind == "article" or not isinstance(doc.data, dict):
                continue
            ident = doc.data.get("id")
            if not isinstance(ident, str):
                continue
            stem = file_stem(doc.file)
            if not re.fullmatch(markup.ID, ident):
                self.broken[doc.kind].add(stem)  # the schema has said what is wrong
                continue
            if ident != stem:
                self.add(doc, ("id",), msg("'{ident}' differs from the file name '{stem}' "
                                           "(expected the id to equal the file name)",
                                           ident=ident, stem=stem))
                self.broken[doc.kind].add(stem)
            first = self.by_kind[doc.kind].get(ident)
            if first is not None:
                self.add(doc, ("id",), msg("'{ident}' is already the id of {file} (expected each "
                                           "id once)",
                                           ident=ident, file=first.file))
            else:
                self.by_kind[doc.kind][ident] = doc

    def source_ids(self, deal: Document) -> dict[Any, None]:
        """A deal's source ids in their order, once per deal however often it is cited."""
        if deal.file not in self.source_ids_of:
            self.source_ids_of[deal.file] = dict.fromkeys(
                s.get("id") for s in as_list(deal.data.get("sources")) if isinstance(s, dict))
        return self.source_ids_of[deal.file]

    def check_reference(self, doc: Document, path: Path_, kind: str, ident: Any) -> None:
        if isinstance(ident, str) and ident not in self.by_kind[kind] and (
                ident not in self.broken[kind]):
            self.add(doc, path, msg("no {kind} '{ident}' in content/{folder}/{suggest}",
                                    kind=kind_word(kind), ident=ident, folder=FOLDERS[kind],
                                    suggest=self.suggest(doc, ident,
                                                         lambda: sorted(self.by_kind[kind]))))

    def check_deal_references(self, doc: Document) -> None:
        data = doc.data
        self.check_reference(doc, ("author",), "author", data.get("author"))
        for i, party in enumerate(as_list(data.get("parties"))):
            if isinstance(party, dict):
                self.check_reference(doc, ("parties", i, "company"), "company",
                                     party.get("company"))
        for i, ident in enumerate(as_list(data.get("related"))):
            if ident != data.get("id"):
                self.check_reference(doc, ("related", i), "deal", ident)

    def check_article_references(self, doc: Document) -> None:
        data = doc.data
        self.check_reference(doc, ("author",), "author", data.get("author"))
        deals = [d for key in ("deals", "mentions") for d in as_list(data.get(key))
                 if isinstance(d, str)]
        for key in ("deals", "mentions"):
            for i, ident in enumerate(as_list(data.get(key))):
                self.check_reference(doc, (key, i), "deal", ident)
        # Citations of a deal's sources: the deal must be covered and list the source.
        for ref, where in self.alone[doc.file].deal_citations:
            deal_id, source_id = ref.split("/", 1)
            deal = self.by_kind["deal"].get(deal_id)
            if deal_id not in deals:
                self.add_at(doc, where, msg("cites '{ref}', but '{deal_id}' is not in deals or "
                                            "mentions",
                                            ref=ref, deal_id=deal_id))
            elif deal is not None:
                ids = self.source_ids(deal)
                if source_id not in ids:
                    guess = self.suggest(doc, source_id, partial(list, ids))
                    self.add_at(doc, where, msg("cites '{ref}', but {file} lists no source "
                                                "'{source_id}'{guess}",
                                                ref=ref, file=deal.file, source_id=source_id, guess=guess))


def check_page_addresses(cross: CrossRules) -> None:
    """Every page has an address of its own: no id or slug is a name the site uses,
    and no two files make the same page (an article, and another article's notice
    that it is not in this language). The renderer refuses such a page too; this is
    where an editor learns which two files to change."""
    for kind in ("deal", "company"):
        for ident, doc in cross.by_kind[kind].items():
            if ident in cross.reserved_names:
                cross.add(doc, ("id",), msg("'{ident}' is a name the site uses for its own pages "
                                            "(expected an id other than: {reserved_names})",
                                            ident=ident, reserved_names=commas(cross.reserved_names)))
    articles = [d for d in cross.documents if d.kind == "article" and isinstance(d.data, dict)]
    for doc in articles:
        if doc.slug in cross.reserved_names:
            cross.add(doc, (), msg("the slug '{slug}' is a name the site uses for its own pages "
                                   "(expected a file name starting with another slug than: "
                                   "{reserved_names})",
                                   slug=doc.slug, reserved_names=commas(cross.reserved_names)))
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in articles:
        key = doc.data.get("translation_key")
        groups[key if isinstance(key, str) else doc.slug].append(doc)
    # An article whose translation key pairs it with nothing has that said about it
    # (check_translation_keys); the notices it causes are no second mistake.
    unpaired = {id(d) for group in groups.values() if len(group) == 1 for d in group
                if d.data.get("translation_key") not in (None, d.slug)}
    for lang in cross.languages:
        pages: dict[str, tuple[Document, Message]] = {}
        makers: list[tuple[Document, Message]] = [(doc, msg("its page")) for doc in articles if doc.lang == lang]
        for group in groups.values():
            present = [d for d in group if d.lang in cross.languages]
            if present and all(d.lang != lang for d in group):
                first = min(present, key=lambda d: cross.languages.index(d.lang))
                notice = msg("its notice that it is not in {language}",
                             language=language_names([lang]))
                makers.append((first, notice))
        for doc, what in makers:
            address = f"articles/{doc.slug}/"
            if address in pages and unpaired.isdisjoint((id(doc), id(pages[address][0]))):
                other, other_what = pages[address]
                cross.add(doc, (), msg("{what} would have the {language} address "
                                       "{address}, which {file} takes for {other_what} (expected "
                                       "one page per address: rename one file, or pair the two "
                                       "with translation_key)",
                                       what=what, language=language_names([lang]), address=address,
                                       file=other.file, other_what=other_what))
            else:
                pages[address] = (doc, what)


def check_translation_keys(cross: CrossRules) -> None:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in cross.documents:
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
                cross.add(here, ("translation_key",), msg("'{key}' also pairs {file}, in the "
                                                          "same language '{lang}' (expected one "
                                                          "article per language for each "
                                                          "translation key)",
                                                          key=key, file=other.file, lang=doc.lang))
            by_lang.setdefault(doc.lang, doc)
        if len(docs) == 1:
            doc = docs[0]
            explicit = doc.data.get("translation_key")
            if isinstance(explicit, str) and explicit != doc.slug:
                others = sorted(k for k, d in groups.items() if k != key and all(
                    other.lang != doc.lang for other in d))
                cross.add(doc, ("translation_key",), msg("'{explicit}' matches no other "
                                                         "article{suggest} (expected the "
                                                         "translation key, or the slug, of the "
                                                         "same article in another language)",
                                                         explicit=explicit, suggest=cross.suggest(doc, explicit, others)))


def file_stem(file: str) -> str:
    """PurePosixPath(file).stem, without making a path of it."""
    name = file.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def translation_key(doc: Document) -> str:
    key = doc.data.get("translation_key")
    return key if isinstance(key, str) else doc.slug
