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

from ..content.languages import names as language_names
from ..content.load import Document, Path_
from ..schemas import enums
from ..text import markup
from .reporting import RecordRules, as_list
from .schema import describe

STATUS_UNSET = None
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
                rules.add(doc, ("parties", i), "the same company is listed twice in the "
                                               "same role")
            seen_parties.add(key)
    stake = data.get("stake")
    if isinstance(stake, dict) and isinstance(stake.get("holder"), str):
        holders = {p.get("company") for p in parties if isinstance(p, dict)}
        if stake["holder"] not in holders:
            rules.add(doc, ("stake", "holder"), f"'{stake['holder']}' is not one of this "
                                                f"deal's parties")
    for i, ident in enumerate(as_list(data.get("related"))):
        if ident == data.get("id"):
            rules.add(doc, ("related", i), "a deal cannot be related to itself")

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
            rules.add(doc, ("timeline", i, "date"), "timeline is out of order "
                                                    "(expected oldest first)")
        if when and as_of and when > as_of:
            rules.add(doc, ("timeline", i, "date"), f"'{event.get('date')}' is after as_of "
                                                    f"'{data.get('as_of')}' (expected as_of "
                                                    f"to be the day of the latest fact)")
        previous = when or previous
        if isinstance(event.get("status"), str):
            last_status = event["status"]
    status = data.get("status")
    if status in STATUSES and isinstance(data.get("timeline"), list):
        if last_status is STATUS_UNSET:
            rules.add(doc, ("timeline",), "no event sets a status (expected the event "
                                          f"that made the deal '{status}' to say so)")
        elif status != last_status:
            rules.add(doc, ("status",), f"'{status}' differs from the last status in the "
                                        f"timeline, '{last_status}' (expected the two to "
                                        f"agree)")


def check_money(rules: RecordRules, doc: Document, path: Path_, money: dict[str, Any]) -> None:
    currency = money.get("currency")
    if currency in NOT_CURRENCIES:
        rules.add(doc, path + ("currency",), f"'{currency}' is {NOT_CURRENCIES[currency]}, "
                  f"not a currency (expected the code of the currency the amount is in, such "
                  f"as USD, EUR or GBP)")
    elif isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency) and (
            currency not in KNOWN_CURRENCIES):
        rules.add(doc, path + ("currency",), f"'{currency}' is not an ISO 4217 currency "
                  f"code{rules.suggest(doc, currency, lambda: sorted(KNOWN_CURRENCIES))} "
                  f"(expected a code such as USD, EUR or GBP)")
    for key in ("value", "min", "max"):
        # JSON Schema counts 5.0 as a whole number; Babel would write "1 Milliarden".
        if isinstance(money.get(key), float) and money[key].is_integer():
            rules.add(doc, path + (key,), f"expected a whole number, got "
                                          f"{describe(money[key])} (write it without '.0')")
    low, high = money.get("min"), money.get("max")
    if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool):
        if low > high:
            rules.add(doc, path + ("min",), f"min {low} is larger than max {high} "
                                            f"(expected the smaller amount first)")
        elif low == high:
            rules.add(doc, path + ("min",), "min equals max; use qualifier 'exact' with value")


def check_sources(rules: RecordRules, doc: Document, sources: Any, path: Path_,
                  cited: dict[str, Path_]) -> None:
    listed: dict[str, int] = {}
    for i, source in enumerate(as_list(sources)):
        if not isinstance(source, dict):
            continue
        ident = source.get("id")
        if isinstance(ident, str):
            if ident in listed:
                rules.add(doc, path + (i, "id"), f"source '{ident}' is listed twice")
            listed.setdefault(ident, i)
        published = rules.check_date(doc, path + (i, "published"), source.get("published"))
        accessed = rules.check_date(doc, path + (i, "accessed"), source.get("accessed"))
        if published and accessed and accessed < published:
            rules.add(doc, path + (i, "accessed"), "accessed before it was published")
        url = source.get("url")
        if isinstance(url, str) and url.startswith("https://"):
            problem = markup.unsafe_url(url)
            if problem:
                rules.add(doc, path + (i, "url"), problem)
    for ident, where in cited.items():
        if ident not in listed and "/" not in ident:
            rules.add(doc, where, f"cites source '{ident}', which is not in sources"
                                  f"{rules.suggest(doc, ident, lambda: sorted(listed))}")
    for ident, i in listed.items():
        if ident not in cited:
            rules.add(doc, path + (i, "id"), f"source '{ident}' is listed but never cited "
                                            f"(expected a citation of it, or remove it)")


def check_unique_ids(rules: RecordRules, doc: Document, listing: str, what: str) -> None:
    seen: dict[str, int] = {}
    for i, entry in enumerate(as_list(doc.data.get(listing))):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str):
            if ident in seen:
                rules.add(doc, (listing, i, "id"), f"{what} '{ident}' is already entry "
                                                   f"{seen[ident] + 1} (expected each id once)")
            seen.setdefault(ident, i)


def check_glossary(rules: RecordRules, doc: Document) -> None:
    """Every term in every language, and each word a page may explain taken by one term
    only: a reader would otherwise be told two things about the same word."""
    check_unique_ids(rules, doc, "terms", "term")
    taken: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(as_list(doc.data.get("terms"))):
        if not isinstance(entry, dict):
            continue
        for key in ("term", "definition"):
            value = entry.get(key)
            if isinstance(value, dict) and any(isinstance(v, str) for v in value.values()):
                for lang in rules.languages:
                    if not isinstance(value.get(lang), str):
                        rules.add(doc, ("terms", i, key), f"no {language_names([lang])} "
                                  f"text ({lang}); every term is explained in every "
                                  f"language (expected {lang}: …)")
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
                rules.add(doc, path, f"'{text}' is already a word of term {first + 1} "
                                     f"(expected each word in one term only)")
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
