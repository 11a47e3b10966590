"""Rules within one record that a schema cannot say: a deal's sources each cited and
each citation listed, its parties, stake and related deals, its amounts (a real currency,
whole numbers, min below max), its timeline in order and agreeing with its status; the
glossary's and topics' ids and words each once.

Each rule is a function reporting through a ``RecordRules`` (reporting.py); the runner
(check.py) calls them by the record's kind. Articles have their own module (articles.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from babel.numbers import list_currencies

from ..content.load import Document, Path_
from ..schemas import enums
from ..text import markup
from ..text.messages import Message, language_names, msg
from .reporting import RecordRules, as_list
from .schema import describe

STATUS_UNSET = None
STATUSES = enums()["deal.status"]
# Codes ISO 4217 lists that name no money a deal is paid in: shown on a page, "XXX" reads
# "¤2 billion", and a fund code or a metal passes for a currency no one meant.
NOT_CURRENCIES = {
    "XXX": msg("the code for 'no currency'"),
    "XTS": msg("the code reserved for testing"),
    "XAU": msg("gold, a precious metal"),
    "XAG": msg("silver, a precious metal"),
    "XPT": msg("platinum, a precious metal"),
    "XPD": msg("palladium, a precious metal"),
    "XDR": msg("the IMF's special drawing right, a unit of account"),
    "XBA": msg("a European bond-market unit of account"),
    "XBB": msg("a European bond-market unit of account"),
    "XBC": msg("a European bond-market unit of account"),
    "XBD": msg("a European bond-market unit of account"),
    "XEU": msg("the European Currency Unit, a unit of account"),
    "XSU": msg("the SUCRE, a unit of account"),
    "XUA": msg("the African Development Bank's unit of account"),
    "XFO": msg("the gold franc, a unit of account"),
    "XFU": msg("the UIC franc, a unit of account"),
    "XRE": msg("a funds code"),
    "BOV": msg("a fund code (Mvdol)"),
    "CHE": msg("a fund code (WIR euro)"),
    "CHW": msg("a fund code (WIR franc)"),
    "CLF": msg("a unit of value (Unidad de Fomento)"),
    "COU": msg("a unit of value (Unidad de Valor Real)"),
    "MXV": msg("a unit of value (Unidad de Inversión)"),
    "UYI": msg("a unit of value (Unidad Indexada)"),
    "UYW": msg("a unit of value (Unidad Previsional)"),
    "USN": msg("a money-market code (next-day US dollar)"),
    "USS": msg("a money-market code (same-day US dollar)"),
}
KNOWN_CURRENCIES = frozenset(list_currencies()) - NOT_CURRENCIES.keys()


def check_deal(rules: RecordRules, doc: Document) -> None:
    data = doc.data
    cited: dict[str, Path_] = {}
    for path, refs in _source_refs(data):
        for i, ref in enumerate(refs):
            if isinstance(ref, str):
                cited.setdefault(ref, path + (i,))
    check_sources(rules, doc, data.get("sources"), ("sources",), cited)

    parties = as_list(data.get("parties"))
    seen_parties: set[tuple[Any, Any]] = set()
    for i, party in enumerate(parties):
        if isinstance(party, dict):
            # As text: a broken record may hold a list where an id belongs.
            key = (repr(party.get("company")), repr(party.get("role")))
            if key in seen_parties:
                rules.add(doc, ("parties", i), msg("the same company is listed twice in the same "
                                                   "role"))
            seen_parties.add(key)
    stake = data.get("stake")
    if isinstance(stake, dict) and isinstance(stake.get("holder"), str):
        holders = {p.get("company") for p in parties if isinstance(p, dict)}
        if stake["holder"] not in holders:
            rules.add(doc, ("stake", "holder"), msg("'{holder}' is not one of this deal's parties",
                                                    holder=stake['holder']))
    for i, ident in enumerate(as_list(data.get("related"))):
        if ident == data.get("id"):
            rules.add(doc, ("related", i), msg("a deal cannot be related to itself"))

    for path, money in _money_fields(data):
        check_money(rules, doc, path, money)

    as_of = rules.check_date(doc, ("as_of",), data.get("as_of"))
    previous: tuple[int, int, int] | None = None
    last_status = STATUS_UNSET
    for i, event in enumerate(as_list(data.get("timeline"))):
        if not isinstance(event, dict):
            continue
        when = rules.check_date(doc, ("timeline", i, "date"), event.get("date"))
        if when and previous and when < previous:
            rules.add(doc, ("timeline", i, "date"), msg("timeline is out of order (expected "
                                                        "oldest first)"))
        if when and as_of and when > as_of:
            rules.add(doc, ("timeline", i, "date"), msg("'{date}' is after as_of '{as_of}' "
                                                        "(expected as_of to be the day of the "
                                                        "latest fact)",
                                                        date=event.get('date'), as_of=data.get('as_of')))
        previous = when or previous
        if isinstance(event.get("status"), str):
            last_status = event["status"]
    status = data.get("status")
    if status in STATUSES and isinstance(data.get("timeline"), list):
        if last_status is STATUS_UNSET:
            rules.add(doc, ("timeline",), msg("no event sets a status (expected the event that "
                                              "made the deal '{status}' to say so)",
                                              status=status))
        elif status != last_status:
            rules.add(doc, ("status",), msg("'{status}' differs from the last status in the "
                                            "timeline, '{last_status}' (expected the two to "
                                            "agree)",
                                            status=status, last_status=last_status))


def check_money(rules: RecordRules, doc: Document, path: Path_, money: dict[str, Any]) -> None:
    currency = money.get("currency")
    if currency in NOT_CURRENCIES:
        rules.add(doc, path + ("currency",), msg("'{currency}' is {what}, not a "
                                                 "currency (expected the code of the currency "
                                                 "the amount is in, such as USD, EUR or GBP)",
                                                 currency=currency, what=NOT_CURRENCIES[currency]))
    elif isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency) and (
            currency not in KNOWN_CURRENCIES):
        rules.add(doc, path + ("currency",), msg("'{currency}' is not an ISO 4217 currency "
                                                 "code{suggest} (expected a code such as USD, "
                                                 "EUR or GBP)",
                                                 currency=currency, suggest=rules.suggest(doc, currency, lambda: sorted(KNOWN_CURRENCIES))))
    for key in ("value", "min", "max"):
        # JSON Schema counts 5.0 as a whole number; Babel would write "1 Milliarden".
        if isinstance(money.get(key), float) and money[key].is_integer():
            rules.add(doc, path + (key,), msg("expected a whole number, got {value} (write it "
                                              "without '.0')", value=describe(money[key])))
    low, high = money.get("min"), money.get("max")
    if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool):
        if low > high:
            rules.add(doc, path + ("min",), msg("min {low} is larger than max {high} (expected "
                                                "the smaller amount first)",
                                                low=low, high=high))
        elif low == high:
            rules.add(doc, path + ("min",), msg("min equals max; use qualifier 'exact' with value"))


def check_sources(rules: RecordRules, doc: Document, sources: Any, path: Path_,
                  cited: dict[str, Path_]) -> None:
    listed: dict[str, int] = {}
    for i, source in enumerate(as_list(sources)):
        if not isinstance(source, dict):
            continue
        ident = source.get("id")
        if isinstance(ident, str):
            if ident in listed:
                rules.add(doc, path + (i, "id"), msg("source '{ident}' is listed twice",
                                                     ident=ident))
            listed.setdefault(ident, i)
        published = rules.check_date(doc, path + (i, "published"), source.get("published"))
        accessed = rules.check_date(doc, path + (i, "accessed"), source.get("accessed"))
        if published and accessed and accessed < published:
            rules.add(doc, path + (i, "accessed"), msg("accessed before it was published"))
        url = source.get("url")
        if isinstance(url, str) and url.startswith("https://"):
            problem = markup.unsafe_url(url)
            if problem:
                rules.add(doc, path + (i, "url"), problem)
    for ident, where in cited.items():
        if ident not in listed and "/" not in ident:
            rules.add(doc, where, msg("cites source '{ident}', which is not in sources{suggest}",
                                      ident=ident, suggest=rules.suggest(doc, ident, lambda: sorted(listed))))
    for ident, i in listed.items():
        if ident not in cited:
            rules.add(doc, path + (i, "id"), msg("source '{ident}' is listed but never cited "
                                                 "(expected a citation of it, or remove it)",
                                                 ident=ident))


def check_unique_ids(rules: RecordRules, doc: Document, listing: str, what: Message) -> None:
    seen: dict[str, int] = {}
    for i, entry in enumerate(as_list(doc.data.get(listing))):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str):
            if ident in seen:
                rules.add(doc, (listing, i, "id"), msg("{what} '{ident}' is already entry {seen} "
                                                       "(expected each id once)",
                                                       what=what, ident=ident, seen=seen[ident] + 1))
            seen.setdefault(ident, i)


def check_glossary(rules: RecordRules, doc: Document) -> None:
    """Every term in every language, and each word a page may explain taken by one term
    only: a reader would otherwise be told two things about the same word."""
    check_unique_ids(rules, doc, "terms", msg("term"))
    taken: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(as_list(doc.data.get("terms"))):
        if not isinstance(entry, dict):
            continue
        for key in ("term", "definition"):
            value = entry.get(key)
            if isinstance(value, dict) and any(isinstance(v, str) for v in value.values()):
                for lang in rules.languages:
                    if not isinstance(value.get(lang), str):
                        rules.add(doc, ("terms", i, key), msg("no {language} text "
                                                              "({lang}); every term is explained "
                                                              "in every language (expected "
                                                              "{lang}: …)",
                                                              language=language_names([lang]), lang=lang))
        words: list[tuple[str, Path_, Any]] = []
        term = entry.get("term")
        if isinstance(term, dict):
            words += [(lang, ("terms", i, "term", lang), text) for lang, text in term.items()]
        forms = entry.get("forms")
        if isinstance(forms, dict):
            words += [(lang, ("terms", i, "forms", lang, j), text)
                      for lang, listed in forms.items() for j, text in enumerate(as_list(listed))]
        for lang, path, text in words:
            if not isinstance(text, str) or not text.strip():
                continue
            word = (str(lang), " ".join(text.split()).casefold())
            first = taken.get(word)
            if first is not None and first != i:
                rules.add(doc, path, msg("'{text}' is already a word of term {first} (expected "
                                         "each word in one term only)",
                                         text=text, first=first + 1))
            taken.setdefault(word, i)


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
    for i, party in enumerate(as_list(data.get("parties"))):
        if isinstance(party, dict) and isinstance(party.get("amount"), dict):
            yield ("parties", i, "amount"), party["amount"]
    for i, tranche in enumerate(as_list(data.get("tranches"))):
        if isinstance(tranche, dict) and isinstance(tranche.get("amount"), dict):
            yield ("tranches", i, "amount"), tranche["amount"]
    round_ = data.get("round")
    if isinstance(round_, dict):
        for key in ("size", "valuation"):
            if isinstance(round_.get(key), dict):
                yield ("round", key), round_[key]
