"""The deals as open data: one JSON file with every field readers see, in every language (the
fields left out, and why, are in ``LEFT_OUT``), and two tables
in two CSV files each: the deals, one row per deal, and their parties, one row per deal and
party.

The deals table names no parties: a list of co-investors beside a total that is not theirs
(Amazon's 50 bn beside "amazon;nvidia;softbank") makes a pivot table credit the total to
each of them. The parties table gives each party its role and its own amount where it is
known (deal_parties.csv: a pivot on it sums what each company put in).

The files go into every language's site at ``data/`` (byte for byte the same), so that each
language's overview links to a copy beside it. Amounts are whole currency units as in the
records; nothing is converted.

The table is written twice, each with a UTF-8 byte-order mark: without one, Excel reads a
CSV file in the Windows code page and turns every umlaut into two wrong characters (and the
mark costs tools nothing: pandas and R skip it, Python's csv reads it with ``utf-8-sig``).
``deals.csv`` is separated by commas (RFC 4180), as other tools and spreadsheets set to
English expect; ``deals-semicolon.csv`` by semicolons, as Excel set to German (or to any
language that writes a decimal comma) expects a file it opens, where it would put a
comma-separated row into one column.

Both files say under which licence they are published (``data_licence`` in mkdocs.yml;
none is assumed) and when they were generated: the newest date in the records they are made
from (a fact, a change or a review), never the clock, so that the same records give the
same bytes and the date says how current the data are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..content.model import Cited, Content, Deal, Money, PartialDate, Party, Source, Text
from ..settings import SiteConfig
from .paths import company_path, page_url

# How a part is made once and reused (the renderer's ``reused``, pages/kind.py): called as
# ``reuse(name, key, make, same=(...), equal=...)``; within one render, and between a
# preview's renders while ``same`` are the same objects and ``equal`` is equal.
Reuse = Callable[..., Any]

FORMAT_VERSION = 1
# What of the records the open data leave out, and why: a field's path as the schemas
# give it ("deal.sources[].remarks"), or a whole kind of record. Every other field of
# the schemas is in deals.json (tests/test_opendata.py holds the two together).
LEFT_OUT = {
    "deal.sources[].remarks": "editors' remarks on a source, never shown to readers",
    "article": "articles are prose: published as pages and in the feeds, not as data",
    "topics": "the words shown above a headline for a tag; the deals' tags are in the data",
    "glossary": "explanations of terms, the same for every deal, on the glossary page",
}
BYTE_ORDER_MARK = "\ufeff"

CSV_COLUMNS = (
    "id", "kind", "status", "first_reported", "as_of", "published", "updated", "reviewed",
    "currency", "amount", "amount_min", "amount_max", "qualifier",
)
# One row per deal and party: the party's own amount where known (amount_basis says why).
PARTY_CSV_COLUMNS = (
    "deal_id", "company", "role", "status", "first_reported", "currency", "amount",
    "amount_min", "amount_max", "qualifier", "amount_basis",
)
# A deal's amount is one party's own only where that party is its one investor or buyer;
# co-investors invest beside it, not in it.
OWN_AMOUNT_ROLES = ("investor", "lead-investor", "buyer")
# Then, for each of the site's languages in turn: these with "_<language>" ("headline_de").
CSV_COLUMNS_PER_LANGUAGE = ("headline", "url")
# Last, the same in every row: what the table is published under, and how current it is.
CSV_COLUMNS_ABOUT_THE_TABLE = ("license", "license_url", "generated")


def csv_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The CSV table's columns on a site in these languages."""
    return (CSV_COLUMNS + tuple(f"{column}_{lang}" for column in CSV_COLUMNS_PER_LANGUAGE
                                for lang in languages) + CSV_COLUMNS_ABOUT_THE_TABLE)


def party_csv_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The parties table's columns on a site in these languages."""
    return (PARTY_CSV_COLUMNS + tuple(f"deal_url_{lang}" for lang in languages)
            + CSV_COLUMNS_ABOUT_THE_TABLE)


def own_amount(deal: Deal, party: Party) -> tuple[Money | None, str]:
    """A party's own amount and where it comes from: "party" (the record gives it for the
    party), "deal" (the deal's amount, the party being its one investor or buyer), or
    none ("")."""
    if party.amount is not None:
        return party.amount, "party"
    investing = [p for p in deal.parties if p.role in OWN_AMOUNT_ROLES]
    if deal.amount is not None and investing == [party]:
        return deal.amount, "deal"
    return None, ""


def generated_on(deals: list[Deal]) -> PartialDate | None:
    """The day the files are as of: the newest date in the records they are made from (a
    fact, a substantive change, a review), not the day they were written."""
    return max((when for d in deals for when in (d.as_of, d.last_changed, d.reviewed)),
               default=None)


def _text(text: Text | None, languages: tuple[str, ...]) -> dict[str, str | None] | None:
    if text is None:
        return None
    return {lang: text.get(lang) for lang in languages}


def _date(when: PartialDate | None) -> str | None:
    return when.iso if when else None


def _money(money: Money | None) -> dict[str, Any] | None:
    if money is None:
        return None
    return {"currency": money.currency, "qualifier": money.qualifier, "value": money.value,
            "min": money.min, "max": money.max, "sources": list(money.sources),
            # As the record says it (the schema's value): a figure we added up ourselves.
            "computed": "sum-of-parts" if money.computed else None}


def _cited(points: list[Cited], languages: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"text": _text(c.text, languages), "sources": list(c.sources)} for c in points]


def _source(source: Source, languages: tuple[str, ...]) -> dict[str, Any]:
    """A source as readers see it; editors' remarks are not in the model, so not here."""
    return {"id": source.id, "publisher": _text(source.publisher, languages),
            "author": source.author, "title": source.title, "kind": source.kind,
            "published": _date(source.published), "language": source.language,
            "url": source.url, "accessed": _date(source.accessed)}


def _urls(config: SiteConfig, url: str) -> dict[str, str]:
    return {lang: f"{config.language_url(lang)}{url}" for lang in config.languages}


def deal_record(deal: Deal, config: SiteConfig, url: str) -> dict[str, Any]:
    langs = config.languages
    return {
        "id": deal.id,
        "kind": deal.kind,
        "status": deal.status,
        "confirmed": deal.confirmed,
        # Whose reports a confirmed status rests on when no source is a party's own.
        "status_according_to": [_text(t, langs) for t in deal.status_reported_by],
        "first_reported": deal.first_reported.iso,
        "as_of": deal.as_of.iso,
        "published": deal.published.iso,
        "updated": deal.last_changed.iso,
        "reviewed": deal.reviewed.iso,
        "headline": _text(deal.headline, langs),
        "summary": _text(deal.summary, langs),
        # What the page shows under the summary: key points, why it matters, risks and
        # what comes next, each point with its sources.
        "gist": _cited(deal.gist, langs),
        "why_it_matters": _cited(deal.why_it_matters, langs),
        "risks": _cited(deal.risks, langs),
        "whats_next": _cited(deal.whats_next, langs),
        "author": deal.author.id,  # the byline: an entry of authors
        "url": _urls(config, url),
        "parties": [{"company": p.company.id, "role": p.role, "amount": _money(p.amount),
                     "sources": list(p.sources)} for p in deal.parties],
        "amount": _money(deal.amount),
        "tranches": [{"label": _text(t.label, langs), "amount": _money(t.amount),
                      "conditional": t.conditional, "date": _date(t.date)}
                     for t in deal.tranches],
        "round": {"size": _money(deal.round_size), "valuation": _money(deal.valuation),
                  "valuation_basis": deal.valuation_basis}
        if deal.round_size or deal.valuation else None,
        "stake": {"holder": deal.stake.holder.id, "percent": str(deal.stake.percent),
                  "qualifier": deal.stake.qualifier, "sources": list(deal.stake.sources)}
        if deal.stake else None,
        "conditions": _cited(deal.conditions, langs),
        "timeline": [{"date": e.date.iso, "status": e.status, "event": _text(e.text, langs),
                      "sources": list(e.sources)} for e in deal.timeline],
        "faq": [{"question": _text(q.question, langs), "answer": _text(q.answer, langs),
                 "reader_question": q.from_reader, "sources": list(q.sources)}
                for q in deal.faq],
        "tags": list(deal.tags),
        "related": [other.id for other in deal.related],
        "corrections": [{"date": c.date.iso, "text": _text(c.text, langs),
                         "sources": list(c.sources)} for c in deal.corrections],
        "sources": [_source(s, langs) for s in deal.sources.values()],
    }


def _compact(data: Any) -> str:
    # Compact: only without indentation does json use its fast encoder, and the file grows
    # with the deals (2,000 deals: 1.5 s indented).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _each(deals: list[Deal], reuse: Reuse | None, name: str, make: Callable[[Deal], Any],
          equal: object = None) -> list[Any]:
    """``make(deal)`` for each deal, through ``reuse`` while the deal is the same object
    (the model keeps a deal's object while its record and companies are unchanged:
    preview/kept_model.py) and ``equal`` is equal."""
    if reuse is None:
        return [make(deal) for deal in deals]
    return [reuse(name, deal.id, lambda deal=deal: make(deal), same=(deal,), equal=equal)
            for deal in deals]


def deals_json(deals: list[Deal], content: Content, config: SiteConfig,
               deal_url: dict[str, str], reuse: Reuse | None = None) -> bytes:
    """The file's bytes (UTF-8: kept as text, 2,000 deals' file took twice the memory).
    ``reuse``: how each deal's entry, and the file as a whole, are made once and reused
    (the next language's copy, a preview's rebuilds)."""
    involved = sorted({p.company.id for d in deals for p in d.parties})
    companies = [content.companies[i] for i in involved]
    licence = config.data_licence
    head = {
        "format_version": FORMAT_VERSION,
        "license": {"name": licence.name, "url": licence.url} if licence else None,
        "generated": _date(generated_on(deals)),
        "languages": list(config.languages),
        "as_of": _date(max((d.as_of for d in deals), default=None)),
    }
    # Each deal's entry kept as its UTF-8 bytes: a save encodes only the changed deal's,
    # and the file is joined from bytes (2,000 deals: 19 MB) once for every language.
    records = _each(deals, reuse, "open-data-json", lambda d: _compact(
        deal_record(d, config, deal_url[d.id])).encode("utf-8"))
    langs = config.languages
    listed = [{"id": c.id, "name": _text(c.name, langs), "legal_name": c.legal_name,
               "description": _text(c.description, langs),
               "url": _urls(config, page_url(company_path(c)))} for c in companies]
    # The deals' bylines and the box about the author or desk under each briefing.
    authors = [{"id": a.id, "name": _text(a.name, langs), "kind": a.kind,
                "byline": _text(a.byline, langs), "bio": _text(a.bio, langs)}
               for a in sorted({d.author.id: d.author for d in deals}.values(),
                               key=lambda a: a.id)]
    # What json.dumps of {**head, "deals": [...], "companies": [...], "authors": [...]}
    # writes: each deal's entry made once, and the whole joined once, not again for the
    # next language's copy.
    ends = (_compact(head)[:-1], _compact(listed), _compact(authors))

    def joined() -> bytes:
        return b"".join((ends[0].encode("utf-8"), b',"deals":[', b",".join(records),
                         b'],"companies":', ends[1].encode("utf-8"), b',"authors":',
                         ends[2].encode("utf-8"), b"}\n"))
    if reuse is None:
        return joined()
    encoded: bytes = reuse("open-data-file", "", joined, same=tuple(records), equal=ends)
    return encoded


def deals_csv(deals: list[Deal], config: SiteConfig, deal_url: dict[str, str],
              reuse: Reuse | None = None, delimiter: str = ",") -> str:
    """The table, with the byte-order mark (see the module's docstring); ``delimiter``
    "," for deals.csv, ";" for deals-semicolon.csv. ``reuse``: how each deal's row is
    made once and reused for the same delimiter (see deals_json)."""
    columns = csv_columns(config.languages)
    about_the_table = _about_the_table(deals, config)
    # Every row names the licence and the date: all made again when they change.
    rows = _each(deals, reuse, f"open-data-csv{delimiter}",
                 lambda deal: _csv_row(deal, config, deal_url, columns, about_the_table,
                                       delimiter), equal=about_the_table)
    return _table_head(columns, delimiter) + "".join(rows)


def _about_the_table(deals: list[Deal], config: SiteConfig) -> dict[str, str]:
    """The cells every row of both tables repeats: the licence and the day of the data."""
    licence = config.data_licence
    return {"license": _cell(licence.name if licence else None),
            "license_url": _cell(licence.url if licence else None),
            "generated": _date(generated_on(deals)) or ""}


def _csv_row(deal: Deal, config: SiteConfig, deal_url: dict[str, str],
             columns: tuple[str, ...], about_the_table: dict[str, str],
             delimiter: str) -> str:
    urls = _urls(config, deal_url[deal.id])
    row: dict[str, Any] = {
        "id": deal.id, "kind": deal.kind, "status": deal.status,
        "first_reported": deal.first_reported.iso, "as_of": deal.as_of.iso,
        "published": deal.published.iso, "updated": deal.last_changed.iso,
        "reviewed": deal.reviewed.iso, **_amount_cells(deal.amount),
    }
    for lang in config.languages:
        row[f"headline_{lang}"] = _cell(deal.headline.get(lang))
        row[f"url_{lang}"] = urls[lang]
    row.update(about_the_table)
    return _csv_lines([row], columns, delimiter)


def deal_parties_csv(deals: list[Deal], config: SiteConfig, deal_url: dict[str, str],
                     reuse: Reuse | None = None, delimiter: str = ",") -> str:
    """The parties table, one row per deal and party in the record's order, with the
    byte-order mark (see the module's docstring). ``reuse``: how each deal's rows are made
    once and reused for the same delimiter (see deals_json)."""
    columns = party_csv_columns(config.languages)
    about_the_table = _about_the_table(deals, config)
    rows = _each(deals, reuse, f"open-data-parties-csv{delimiter}",
                 lambda deal: _party_rows(deal, config, deal_url, columns, about_the_table,
                                          delimiter), equal=about_the_table)
    return _table_head(columns, delimiter) + "".join(rows)


def _party_rows(deal: Deal, config: SiteConfig, deal_url: dict[str, str],
                columns: tuple[str, ...], about_the_table: dict[str, str],
                delimiter: str) -> str:
    urls = _urls(config, deal_url[deal.id])
    rows = []
    for party in deal.parties:
        money, basis = own_amount(deal, party)
        rows.append({
            "deal_id": deal.id, "company": party.company.id, "role": party.role,
            "status": deal.status, "first_reported": deal.first_reported.iso,
            **_amount_cells(money), "amount_basis": basis,
            **{f"deal_url_{lang}": urls[lang] for lang in config.languages},
            **about_the_table})
    return _csv_lines(rows, columns, delimiter)


def _table_head(columns: tuple[str, ...], delimiter: str) -> str:
    """A table's byte-order mark and line of column names."""
    return BYTE_ORDER_MARK + _csv_lines([dict(zip(columns, columns, strict=True))], columns,
                                        delimiter)


def _amount_cells(money: Money | None) -> dict[str, Any]:
    """An amount's cells in both tables: currency, value or bounds, and qualifier."""
    return {"currency": money.currency if money else "",
            "amount": money.value if money and money.value is not None else "",
            "amount_min": money.min if money and money.min is not None else "",
            "amount_max": money.max if money and money.max is not None else "",
            "qualifier": money.qualifier if money else ""}


def _csv_lines(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...],
               delimiter: str) -> str:
    """Rows as CSV lines (RFC 4180: CR LF), their cells in the order of ``columns``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([row[column] for column in columns] for row in rows)
    return buffer.getvalue()


def _cell(text: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP: CSV injection)."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
