"""Synthetic content for benchmarks: a full project copy with N deals in both languages.

    .venv/bin/python benchmarks/synth.py --deals 500 --out /tmp/bench-500

writes DIR/mkdocs.yml and DIR/templates/ (copied from this repository) and DIR/content/
with N deal records, the companies they name, three authors and about one article story
per ten deals (most in both languages, some in one only). Build it like the real project:
``cd DIR && BRIEFING_TODAY=2026-11-23 <repo>/.venv/bin/mkdocs build``.

Everything is derived from the deal's number with a seeded random generator, so deal 17 is
the same record whatever N is, and the same N gives the same bytes. The records are shaped
like real ones: a summary of about 90 words, 3 to 6 timeline events, 4 FAQ entries, 5
sources (3 with an address), 2 to 5 parties, often tranches, round or conditions. A few
"hub" companies take part in a large share of deals, as big investors and cloud providers
do, so that at 2,000 deals some companies have hundreds. Names, publishers and figures are
invented and say so; addresses use the reserved domain ``.example``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Synthetic content is dated up to here; the benchmark pins BRIEFING_TODAY after it.
LAST_DAY = date(2026, 10, 31)
FIRST_DAY = date(2015, 1, 1)
TODAY = "2026-11-23"
DEALS_PER_STORY = 10
HUB_COUNT = 6

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# --- words ----------------------------------------------------------------------------------

_SYLLABLES = ["nor", "vel", "ix", "da", "ka", "lum", "tra", "zen", "or", "bri", "qua", "sol",
              "mar", "ten", "vo", "ryn", "pex", "lio", "sta", "fer", "gal", "mo", "nex", "ul"]
_SUFFIXES = [("Systems", "Systems Inc."), ("Labs", "Labs Ltd."), ("Cloud", "Cloud GmbH"),
             ("Capital", "Capital Partners LP"), ("AI", "AI Corp."), ("Robotics", "Robotics AG"),
             ("Networks", "Networks plc"), ("Semiconductor", "Semiconductor SE"),
             ("Health", "Health Inc."), ("Ventures", "Ventures LLC")]
_CITIES = ["Berlin", "München", "Hamburg", "Zürich", "Wien", "Paris", "London", "Amsterdam",
           "Stockholm", "Austin", "Seattle", "Toronto", "Singapur", "Tel Aviv", "Bangalore"]
_CITIES_EN = {"München": "Munich", "Zürich": "Zurich", "Wien": "Vienna", "Singapur": "Singapore"}
_SECTORS = [("Chips für KI-Rechenzentren", "chips for AI data centres"),
            ("Software für Lieferketten", "supply-chain software"),
            ("Cloud-Speicher", "cloud storage"),
            ("Sprachmodelle für Unternehmen", "language models for businesses"),
            ("Industrieroboter", "industrial robots"),
            ("Zahlungsdienste", "payment services"),
            ("Cybersicherheit", "cyber security"),
            ("Software für Kliniken", "software for hospitals"),
            ("Satellitenfunk", "satellite communications"),
            ("Batteriespeicher für Netze", "grid battery storage")]
_PUBLISHERS = ["Synthetic Wire", "Example Business Daily", "Beispiel-Handelsblatt (synthetisch)",
               "Placeholder Tech News", "Testdaten-Nachrichtendienst", "Sample Markets Report",
               "Fictional Finance Weekly", "Musterzeitung Wirtschaft"]
_AUTHORS = ["A. Example", "B. Muster", "C. Placeholder", "D. Beispiel", "E. Sample"]
_MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]

_KINDS = ["funding-round", "equity-investment", "acquisition", "cloud-agreement", "partnership",
          "secondary-sale", "licensing", "joint-venture", "merger"]
_KIND_WEIGHTS = [30, 20, 15, 10, 8, 6, 5, 3, 3]
_KIND_WORDS = {
    "funding-round": ("Finanzierungsrunde", "funding round"),
    "equity-investment": ("Beteiligung", "equity investment"),
    "acquisition": ("Übernahme", "acquisition"),
    "cloud-agreement": ("Cloud-Vereinbarung", "cloud agreement"),
    "partnership": ("Partnerschaft", "partnership"),
    "secondary-sale": ("Verkauf von Altanteilen", "secondary share sale"),
    "licensing": ("Lizenzvereinbarung", "licensing agreement"),
    "joint-venture": ("Gemeinschaftsunternehmen", "joint venture"),
    "merger": ("Fusion", "merger"),
}


def _de_date(day: date) -> str:
    return f"{day.day}. {_MONTHS_DE[day.month - 1]} {day.year}"


def _en_date(day: date) -> str:
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def _amount_words(value: int, currency: str) -> tuple[str, str]:
    """A figure as a newsroom writes it: ("1,5 Mrd. US-Dollar", "$1.5 billion")."""
    de_unit = {"USD": "US-Dollar", "EUR": "Euro", "GBP": "Pfund"}[currency]
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}[currency]
    if value >= 1_000_000_000:
        number, de_scale, en_scale = value / 1e9, "Mrd.", "billion"
    else:
        number, de_scale, en_scale = value / 1e6, "Mio.", "million"
    en_number = f"{number:.1f}".removesuffix(".0")
    return f"{en_number.replace('.', ',')} {de_scale} {de_unit}", f"{symbol}{en_number} {en_scale}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- companies ------------------------------------------------------------------------------

@dataclass
class Company:
    id: str
    name: str
    legal_name: str
    city: str
    sector: tuple[str, str]
    founded: int

    def record(self) -> dict[str, Any]:
        de_sector, en_sector = self.sector
        city_en = _CITIES_EN.get(self.city, self.city)
        return {
            "id": self.id,
            "name": self.name,
            "legal_name": self.legal_name,
            "description": {
                "de": (f"Erfundenes Unternehmen aus {self.city}, gegründet {self.founded}, das "
                       f"{de_sector} entwickelt und verkauft. Es steht in diesen Testdaten für "
                       f"die Firmen, über deren Geschäfte das Briefing berichtet: Es sammelt "
                       f"Geld ein, kauft zu und schließt Verträge mit Partnern."),
                "en": (f"An invented company from {city_en}, founded in {self.founded}, that "
                       f"develops and sells {en_sector}. In this test data it stands for the "
                       f"firms whose deals the briefing covers: it raises money, buys other "
                       f"companies and signs contracts with partners."),
            },
        }


def company_count(deals: int) -> int:
    return max(12, deals // 4 + HUB_COUNT)


def make_companies(count: int) -> list[Company]:
    """``count`` companies; the first HUB_COUNT are the busy ones. Company k never depends
    on ``count``."""
    companies: list[Company] = []
    seen: set[str] = set()
    for k in range(count):
        rng = random.Random(f"company-{k}")
        while True:
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            suffix, legal = rng.choice(_SUFFIXES)
            name = f"{stem.capitalize()} {suffix}"
            ident = _slug(name)
            if ident not in seen:
                break
        seen.add(ident)
        companies.append(Company(ident, name, f"{stem.capitalize()} {legal}",
                                 rng.choice(_CITIES), rng.choice(_SECTORS),
                                 rng.randint(1985, 2022)))
    return companies


# --- deals ----------------------------------------------------------------------------------

_ROLES = {
    "funding-round": ("lead-investor", "target", "co-investor"),
    "equity-investment": ("investor", "target", "co-investor"),
    "acquisition": ("buyer", "target", "seller"),
    "cloud-agreement": ("cloud-provider", "customer", "partner"),
    "partnership": ("partner", "partner", "partner"),
    "secondary-sale": ("buyer", "target", "seller"),
    "licensing": ("partner", "customer", "partner"),
    "joint-venture": ("partner", "partner", "partner"),
    "merger": ("partner", "target", "partner"),
}
_PATHS = [["announced", "completed"], ["rumoured", "talks", "announced"],
          ["talks", "announced", "signed", "completed"], ["rumoured", "talks"],
          ["announced", "signed"], ["talks", "cancelled"], ["rumoured"],
          ["announced", "signed", "completed"]]


def _event_text(status: str | None, kind: str, a: str, b: str, when: date, amount: tuple[str, str],
                sector: tuple[str, str], rng: random.Random) -> dict[str, str]:
    de_kind, en_kind = _KIND_WORDS[kind]
    de_amount, en_amount = amount
    publisher = rng.choice(_PUBLISHERS)
    texts = {
        "rumoured": (
            (f"{publisher} berichtet unter Berufung auf Personen aus dem Umfeld der Firmen, "
            f"{a} prüfe eine {de_kind} mit {b}. Im Gespräch seien rund {de_amount}. Beide "
            f"Unternehmen lehnen einen Kommentar ab; andere Medien können den Bericht zunächst "
            f"nicht bestätigen."),
            (f"{publisher} reports, citing people familiar with the companies, that {a} is "
            f"considering a {en_kind} with {b}. About {en_amount} is said to be under "
            f"discussion. Both companies decline to comment; other outlets cannot confirm the "
            f"report at first.")),
        "talks": (
            (f"Mehrere Medien melden, {a} und {b} verhandelten über eine {de_kind}. Strittig "
            f"seien noch der Preis und die Frage, wer nach Abschluss die Entwicklung von "
            f"{sector[0]} leitet. Die Gespräche gelten als fortgeschritten, aber nicht "
            f"abgeschlossen."),
            (f"Several outlets report that {a} and {b} are negotiating a {en_kind}. The price "
            f"and who would lead the work on {sector[1]} afterwards are said to be still open. "
            f"The talks are described as advanced but not final.")),
        "announced": (
            (f"{a} und {b} kündigen die {de_kind} am {_de_date(when)} offiziell an. Genannt "
            f"werden {de_amount}; die Unternehmen sprechen von einem wichtigen Schritt für "
            f"ihr Geschäft mit {sector[0]}."),
            (f"{a} and {b} officially announce the {en_kind} on {_en_date(when)}. The figure "
            f"given is {en_amount}; the companies call it an important step for their "
            f"business in {sector[1]}.")),
        "signed": (
            ("Die Verträge sind unterschrieben. Nach Angaben der Parteien fehlen nur noch "
            "Zustimmungen von Behörden, die in den kommenden Monaten erwartet werden."),
            ("The contracts are signed. According to the parties, only regulatory approvals "
            "are still missing, and they are expected in the coming months.")),
        "completed": (
            (f"Die {de_kind} ist abgeschlossen. {a} meldet den Vollzug in einer knappen "
            f"Mitteilung und nennt keine neuen Zahlen über die bekannten {de_amount} hinaus."),
            (f"The {en_kind} is completed. {a} reports the closing in a short statement and "
            f"gives no figures beyond the known {en_amount}.")),
        "cancelled": (
            (f"Die Gespräche sind beendet. Laut {publisher} konnten sich {a} und {b} nicht auf "
            f"die Bewertung einigen; beide wollen ihre Pläne zu {sector[0]} allein verfolgen."),
            (f"The talks have ended. According to {publisher}, {a} and {b} could not agree on "
            f"the valuation; both intend to pursue their plans in {sector[1]} alone.")),
        None: (
            (f"Analysten ordnen das Vorhaben ein: Für {b} wäre das Geld ein großer Schritt, "
            f"für {a} eine vergleichsweise kleine Wette auf {sector[0]}."),
            (f"Analysts weigh the plan: for {b} the money would be a big step, for {a} a "
            f"comparatively small bet on {sector[1]}.")),
    }
    de, en = texts[status]
    return {"de": de, "en": en}


def make_deal(index: int, companies: list[Company], hubs: int = HUB_COUNT,
              pair: tuple[Company, Company] | None = None) -> dict[str, Any]:
    """Deal number ``index``; it names only companies and deals with smaller numbers where it
    can, so that it is the same record in every benchmark size. With ``pair``: an equity
    investment of the first company in the second, no one else taking part."""
    rng = random.Random(f"deal-{index}")
    kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
    if pair is not None:
        kind = "equity-investment"
    roles = _ROLES[kind]
    # A hub takes part in 45 % of deals; other companies are drawn from the whole pool.
    pool = len(companies)
    picked: list[Company] = []
    if rng.random() < 0.45:
        picked.append(companies[rng.randrange(hubs)])
    while len(picked) < rng.randint(2, 5):
        candidate = companies[rng.randrange(hubs, pool)]
        if candidate not in picked:
            picked.append(candidate)
    rng.shuffle(picked)
    if pair is not None:
        picked = list(pair)
    a, b = picked[0], picked[1]

    start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days - 400))
    path = rng.choice(_PATHS)
    n_events = max(len(path), rng.randint(3, 6))
    statuses: list[str | None] = list(path) + [None] * (n_events - len(path))
    # Keep the statuses in order, with commentary events between them; the last status
    # event must come last among the status events.
    commentary = [s for s in statuses if s is None]
    ordered: list[str | None] = []
    for status in path:
        ordered.append(status)
        if commentary and rng.random() < 0.6:
            ordered.append(commentary.pop())
    ordered.extend(commentary)
    days = sorted(start + timedelta(days=rng.randint(0, 380)) for _ in ordered)
    days[0] = start

    currency = rng.choice(["USD", "USD", "USD", "EUR", "EUR", "GBP"])
    value = rng.choice([20, 45, 80, 150, 300, 750, 1200, 2500, 6000]) * 1_000_000
    amount_words = _amount_words(value, currency)
    sector = b.sector

    source_ids: list[str] = []
    sources: list[dict[str, Any]] = []
    for s in range(5):
        day = days[min(s, len(days) - 1)]
        publisher = _PUBLISHERS[(index + s) % len(_PUBLISHERS)]
        ident = f"{_slug(publisher)[:24].strip('-')}-{day.isoformat()}-{s + 1}"
        source_ids.append(ident)
        language = "de" if "synthetisch" in publisher or publisher.startswith(
            ("Testdaten", "Musterzeitung")) else "en"
        source: dict[str, Any] = {"id": ident, "publisher": publisher,
                                  "title": f"{a.name} and {b.name}: report {s + 1}"
                                  if language == "en" else
                                  f"{a.name} und {b.name}: Bericht {s + 1}",
                                  "published": day.isoformat(), "language": language}
        if s % 5 in (0, 2, 3):
            source["author"] = _AUTHORS[(index + s) % len(_AUTHORS)]
        if s in (0, 1, 3):
            source["url"] = f"https://{_slug(publisher)}.example/{day.year}/{index}-{s + 1}"
            source["accessed"] = "2026-11-01"
        else:  # a document without an address: what kind it is, so a reader can find it
            source["kind"] = "press-release" if s == 2 else "print-edition"
        if s in (1, 4):
            source["remarks"] = ("Synthetic report for the benchmark; it relays statements by "
                                 "the parties but cites no documents of its own.")
        sources.append(source)

    def cite(*numbers: int) -> list[str]:
        return sorted({source_ids[n % 5] for n in numbers})

    timeline = []
    for i, (status, day) in enumerate(zip(ordered, days)):
        event: dict[str, Any] = {"date": day.isoformat() if i or rng.random() < 0.8
                                 else day.isoformat()[:7]}
        if status:
            event["status"] = status
        event["event"] = _event_text(status, kind, a.name, b.name, day, amount_words, sector,
                                     rng)
        event["sources"] = cite(i)
        timeline.append(event)
    last_status = [s for s in ordered if s][-1]
    as_of = days[-1] + timedelta(days=rng.randint(0, 20))
    today = date.fromisoformat(TODAY)
    published = min(as_of + timedelta(days=rng.randint(0, 3)), today)
    reviewed = min(max(published, today - timedelta(days=rng.randint(0, 60))), today)

    de_kind, en_kind = _KIND_WORDS[kind]
    de_amount, en_amount = amount_words
    city_en = _CITIES_EN.get(b.city, b.city)
    others = [c.name for c in picked[2:]]
    de_others = (f" Beteiligt sind außerdem {', '.join(others)}." if others else "")
    en_others = (f" Also involved: {', '.join(others)}." if others else "")
    summary = {
        "de": (f"{a.name} und {b.name} aus {b.city} stehen hinter einer {de_kind} über "
               f"{de_amount}. {b.name} entwickelt {sector[0]} und will mit dem Geschäft "
               f"schneller wachsen, neue Kunden gewinnen und mehr Fachleute einstellen. "
               f"Zuerst berichtet wurde am {_de_date(days[0])}; der Stand dieses Eintrags ist "
               f"der {_de_date(as_of)}.{de_others} Welche Zahlen bestätigt sind und welche nur "
               f"aus Berichten stammen, zeigen die Quellen zu jeder Angabe. Alle Namen und "
               f"Zahlen sind für einen Leistungstest erfunden."),
        "en": (f"{a.name} and {b.name} of {city_en} are behind a {en_kind} worth "
               f"{en_amount}. {b.name} develops {sector[1]} and wants the deal to help it grow "
               f"faster, win new customers and hire more specialists. It was first reported on "
               f"{_en_date(days[0])}; this record is as of {_en_date(as_of)}.{en_others} The "
               f"sources on every figure show which numbers are confirmed and which come only "
               f"from reports. All names and figures are invented for a benchmark."),
    }
    parties = []
    for i, company in enumerate(picked):
        role = roles[min(i, 2)]
        parties.append({"company": company.id, "role": role, "sources": cite(i, i + 2)})

    record: dict[str, Any] = {
        "id": f"{b.id}-{_slug(en_kind)}-{index:05d}",
        "kind": kind,
        "headline": {"de": f"{a.name}: {de_kind} mit {b.name} über {de_amount}",
                     "en": f"{a.name} in {en_kind} with {b.name} worth {en_amount}"},
        "summary": summary,
        "author": f"autor-{index % 3 + 1}",
        "gist": [
            {"text": {"de": f"{a.name} und {b.name} stehen hinter einer {de_kind} über "
                            f"{de_amount}.",
                      "en": f"{a.name} and {b.name} are behind a {en_kind} worth {en_amount}."},
             "sources": cite(0)},
            {"text": {"de": f"Zuerst berichtet wurde am {_de_date(days[0])}.",
                      "en": f"It was first reported on {_en_date(days[0])}."},
             "sources": cite(1)},
            {"text": {"de": f"{b.name} aus {b.city} entwickelt {sector[0]}.",
                      "en": f"{b.name} of {city_en} develops {sector[1]}."},
             "sources": cite(2)}],
        "why_it_matters": [
            {"text": {"de": f"Für {b.name} ist es die Gelegenheit, schneller zu wachsen und "
                            f"mehr Fachleute für {sector[0]} einzustellen.",
                      "en": f"For {b.name} it is a chance to grow faster and hire more "
                            f"specialists in {sector[1]}."},
             "sources": cite(3)}],
        "risks": [
            {"text": {"de": "Behörden könnten das Geschäft prüfen; die Quellen nennen keinen "
                            "Zeitplan.",
                      "en": "Authorities could review the deal; the sources give no "
                            "schedule."},
             "sources": cite(4)}],
        "status": last_status,
        "as_of": as_of.isoformat(),
        "published": published.isoformat(),
        "reviewed": reviewed.isoformat(),
        "parties": parties,
        "amount": {"currency": currency, "qualifier": rng.choice(["exact", "about", "at-least"]),
                   "value": value, "sources": cite(len(ordered) - 1)},
    }
    if rng.random() < 0.3:
        first = value * rng.choice((2, 3, 4)) // 10
        # Part of the money hangs on milestones: the whole amount is an upper bound.
        record["amount"]["qualifier"] = "up-to"
        record["tranches"] = [
            {"label": {"de": "sofort", "en": "upfront"}, "date": days[-1].isoformat(),
             "amount": {"currency": currency, "qualifier": "exact", "value": first,
                        "sources": cite(2)}},
            {"label": {"de": "bei Erreichen von Zielen", "en": "on reaching milestones"},
             "conditional": True,
             "amount": {"currency": currency, "qualifier": "exact", "value": value - first,
                        "sources": cite(2)}}]
    if kind == "funding-round":
        record["round"] = {
            "size": {"currency": currency, "qualifier": "about", "value": value * 2,
                     "sources": cite(1)},
            "valuation": {"currency": currency, "qualifier": "exact", "value": value * 12,
                          "sources": cite(3)},
            "valuation_basis": rng.choice(["pre-money", "post-money"])}
    if kind in ("equity-investment", "acquisition") and rng.random() < 0.7:
        record["stake"] = {"holder": a.id, "percent": rng.choice([4.5, 10, 19.9, 33, 51, 100]),
                           "qualifier": rng.choice(["exact", "about"]), "sources": cite(4)}
    record["conditions"] = [
        {"text": {"de": f"Ein Teil des Geldes fließt nur, wenn {b.name} vereinbarte Umsatzziele "
                        f"für {sector[0]} erreicht; welche, nennen die Quellen nicht.",
                  "en": f"Part of the money is paid only if {b.name} reaches agreed revenue "
                        f"targets for {sector[1]}; the sources do not say which."},
         "sources": cite(c + 1)} for c in range(rng.randint(0, 2))]
    if not record["conditions"]:
        del record["conditions"]

    record["timeline"] = timeline
    confirmed = last_status not in ("rumoured", "talks")
    record["faq"] = [
        {"question": {"de": f"Worum geht es bei der {de_kind} von {a.name} und {b.name}?",
                      "en": f"What is the {en_kind} between {a.name} and {b.name} about?"},
         "answer": {"de": (f"{a.name} und {b.name} verbinden ihr Geschäft mit {sector[0]}. Der "
                           f"genannte Betrag liegt bei {de_amount}. Die Firmen wollen Entwicklung "
                           f"und Vertrieb bündeln und so schneller zu Kunden in Europa und "
                           f"Nordamerika kommen. Ein Teil der Einzelheiten ist nur aus Berichten "
                           f"bekannt, die wir in den Quellen nennen."),
                    "en": (f"{a.name} and {b.name} are combining their business in {sector[1]}. "
                           f"The figure given is {en_amount}. The companies want to pool "
                           f"development and sales to reach customers in Europe and North "
                           f"America faster. Some details are known only from reports, which we "
                           f"list among the sources.")},
         "sources": cite(0, 3)},
        {"question": {"de": "Was ist bestätigt, was nur berichtet?",
                      "en": "What is confirmed, and what is only reported?"},
         "answer": {"de": ("Bestätigt sind die Angaben, die die Parteien selbst veröffentlicht "
                           "haben: die Art des Geschäfts, der Betrag und der zeitliche Ablauf. "
                           if confirmed else
                           "Bisher hat keine der Parteien das Geschäft bestätigt; alles beruht "
                           "auf Berichten von Medien, die sich auf anonyme Quellen stützen. ")
                          + "Bedingungen und Bewertung stammen dagegen aus Medienberichten und "
                            "können sich noch ändern.",
                    "en": ("The figures the parties published themselves are confirmed: the "
                           "kind of deal, the amount and the timing. " if confirmed else
                           "None of the parties has confirmed the deal so far; everything rests "
                           "on media reports citing anonymous sources. ")
                          + "Conditions and valuation, by contrast, come from media reports and "
                            "may still change."},
         "sources": cite(1, 4)},
        {"question": {"de": f"Was macht {b.name}?", "en": f"What does {b.name} do?"},
         "answer": {"de": (f"{b.name} sitzt in {b.city} und entwickelt {sector[0]}. Das "
                           f"Unternehmen wurde {b.founded} gegründet und verkauft seine "
                           f"Produkte vor allem an Großkunden. In diesen Testdaten ist es, wie "
                           f"alle Firmen, frei erfunden."),
                    "en": (f"{b.name} is based in {city_en} and develops {sector[1]}. The "
                           f"company was founded in {b.founded} and sells mainly to large "
                           f"customers. Like every firm in this test data, it is invented.")},
         "sources": cite(2)},
        {"question": {"de": "Wie geht es weiter?", "en": "What happens next?"},
         "answer": {"de": (f"Als Nächstes stehen Zustimmungen von Behörden und die Auszahlung "
                           f"weiterer Tranchen an. Wir aktualisieren diesen Eintrag, sobald "
                           f"{a.name} oder {b.name} neue Zahlen nennen oder Medien über "
                           f"Änderungen berichten."),
                    "en": (f"Next come regulatory approvals and the payment of further "
                           f"tranches. We will update this record as soon as {a.name} or "
                           f"{b.name} give new figures or outlets report changes.")},
         "sources": cite(3, 4)},
    ]
    record["tags"] = sorted({_slug(sector[1].split()[-1]), _slug(en_kind.split()[0])})
    related = sorted({rng.randrange(index) for _ in range(rng.randint(0, 3))} if index else set())
    if related:
        record["related"] = related  # numbers here, ids once all deals exist
    record["sources"] = sources
    return record


# --- articles -------------------------------------------------------------------------------

def _paragraph(lang: str, deal: dict[str, Any], names: dict[str, str], ref: str,
               rng: random.Random, n: int) -> str:
    a = names[deal["parties"][0]["company"]]
    b = names[deal["parties"][1]["company"]]
    headline = deal["headline"][lang]
    if lang == "de":
        options = [
            (f"Der Fall „{headline}“ zeigt, wie schnell sich Pläne in der Branche ändern. Zuerst "
            f"war nur von Gesprächen die Rede, dann folgten Zahlen, die sich mehrfach "
            f"verschoben [@{ref}]. Wer die Meldungen nebeneinanderlegt, sieht, dass die "
            f"Parteien selbst nur wenig gesagt haben und vieles aus zweiter Hand stammt."),
            (f"Für die Beteiligten geht es um mehr als Geld. {b} "
            f"braucht Rechenleistung, Fachleute und Zugang zu Kunden, die sie allein nicht "
            f"erreicht. {a} wiederum sichert sich Einfluss auf "
            f"eine Technik, die er selbst nicht schnell genug entwickeln kann [@{ref}]."),
            ("Analysten sind geteilter Meinung. Die einen halten den Preis für hoch, weil die "
            "Umsätze noch klein sind und die Konkurrenz wächst. Die anderen verweisen darauf, "
            "dass frühe Wetten in diesem Markt selten billig sind und spätere Einstiege meist "
            "teurer werden. Beide Seiten stützen sich auf dieselben wenigen Zahlen."),
            (f"Offen bleibt, welche Bedingungen an die Auszahlung geknüpft sind. Die Quellen "
            f"nennen Umsatzziele, aber keine Beträge und keine Fristen [@{ref}]. Solange die "
            f"Verträge nicht veröffentlicht sind, lässt sich nicht sagen, wie viel des Geldes "
            f"tatsächlich fließt und wann."),
            ("Für Leserinnen und Leser heißt das: Die Schlagzeilen klingen oft größer als das, "
            "was am Ende vereinbart wird. Ein Betrag, der über mehrere Jahre und unter "
            "Bedingungen gezahlt wird, ist etwas anderes als eine Überweisung am Tag der "
            "Ankündigung. Wir trennen deshalb in jedem Eintrag Bestätigtes von Berichtetem."),
        ]
    else:
        options = [
            (f"The case of “{headline}” shows how quickly plans in the industry change. At "
            f"first there was only talk of negotiations, then figures followed that shifted "
            f"several times [@{ref}]. Laying the reports side by side shows that the parties "
            f"themselves said little and much of it is second-hand."),
            (f"For those involved, more than money is at stake. {b} "
            f"needs computing power, specialists and access to customers it cannot reach "
            f"alone. {a} in turn gains influence over a technology it "
            f"cannot develop quickly enough itself [@{ref}]."),
            ("Analysts are divided. Some consider the price high because revenue is still small "
            "and competition is growing. Others point out that early bets in this market are "
            "rarely cheap and later entries usually cost more. Both sides rely on the same few "
            "figures."),
            (f"It remains open which conditions are attached to the payments. The sources "
            f"mention revenue targets, but no amounts and no deadlines [@{ref}]. As long as the "
            f"contracts are not published, it is impossible to say how much of the money will "
            f"actually flow, and when."),
            ("For readers this means that headlines often sound bigger than what is finally "
            "agreed. An amount paid over several years and on conditions is something other "
            "than a transfer on the day of the announcement. That is why every record here "
            "keeps what is confirmed apart from what is reported."),
        ]
    return options[(n + rng.randrange(len(options))) % len(options)]


def make_story(story: int, deals: list[dict[str, Any]], names: dict[str, str]) -> dict[str, str]:
    """Article files ``{file name: text}`` for story number ``story`` about ``deals``."""
    rng = random.Random(f"story-{story}")
    main = deals[0]
    day = max(date.fromisoformat(d["as_of"]) for d in deals)
    slug = {"de": f"analyse-{story:04d}-{main['id'][:40].rstrip('-')}",
            "en": f"analysis-{story:04d}-{main['id'][:40].rstrip('-')}"}
    key = f"story-{story:04d}"
    languages = ["de"] if story % 5 == 3 else ["en"] if story % 7 == 4 else ["de", "en"]
    files = {}
    for lang in languages:
        refs = [f"{d['id']}/{d['sources'][k % 5]['id']}" for d in deals for k in range(3)]
        own = f"eigene-recherche-{story:04d}" if lang == "de" else f"own-research-{story:04d}"
        heads = (["Was bisher bekannt ist", "Wer wovon profitiert", "Was offen bleibt"]
                 if lang == "de" else
                 ["What is known so far", "Who gains what", "What remains open"])
        body = []
        for h, head in enumerate(heads):
            body.append(f"## {head}")
            for p in range(3):
                ref = refs[(h * 3 + p) % len(refs)]
                body.append(_paragraph(lang, deals[(h + p) % len(deals)], names, ref, rng,
                                       h * 3 + p))
        note = ("Dieser Text ist für einen Leistungstest erzeugt; er beschreibt keine echten "
                "Firmen [@{0}]." if lang == "de" else
                "This text was generated for a benchmark; it describes no real companies "
                "[@{0}].").format(own)
        body.append(note)
        front = {
            "title": (f"Analyse: {main['headline']['de']}" if lang == "de" else
                      f"Analysis: {main['headline']['en']}"),
            "summary": (f"Was hinter der Meldung steckt, was bestätigt ist und was nur "
                        f"berichtet wird: eine Einordnung von {len(deals)} Geschäften."
                        if lang == "de" else
                        f"What lies behind the news, what is confirmed and what is only "
                        f"reported: a look at {len(deals)} deals."),
            "published": day.isoformat(),
            "reviewed": day.isoformat(),
            "author": f"autor-{story % 3 + 1}",
            "deals": [d["id"] for d in deals],
            "translation_key": key,
            "sources": [{"id": own, "publisher": "Deal-Briefing (synthetisch)", "language": lang,
                         "title": "Eigene Auswertung" if lang == "de" else "Own analysis",
                         "kind": "analysis", "published": day.isoformat()}],
            "faq": [
                {"question": ("Sind diese Geschäfte echt?" if lang == "de" else
                              "Are these deals real?"),
                 "answer": ("Nein. Alle Namen, Zahlen und Quellen sind für einen Leistungstest "
                            "erfunden." if lang == "de" else
                            "No. Every name, figure and source is invented for a benchmark."),
                 "sources": [own]},
                {"question": ("Was ist bestätigt?" if lang == "de" else "What is confirmed?"),
                 "answer": ("Was die Parteien selbst mitgeteilt haben; alles andere "
                            "kennzeichnen wir als Bericht." if lang == "de" else
                            "What the parties said themselves; we mark everything else as a "
                            "report."),
                 "sources": [refs[0]]},
            ],
            "tags": ["analysis"],
        }
        if len(languages) == 1:
            del front["translation_key"]  # nothing to pair with
        header = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                           width=100)
        files[f"{slug[lang]}.{lang}.md"] = f"---\n{header}---\n\n" + "\n\n".join(body) + "\n"
    return files


# --- the project ----------------------------------------------------------------------------

@dataclass
class Synthesized:
    deals: int
    companies: int
    articles: int
    authors: int


def _dump(record: dict[str, Any], kind: str) -> str:
    header = f"# yaml-language-server: $schema=../../generator/schemas/{kind}.schema.json\n"
    return header + yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=100)


def write_content(content_dir: Path, deals: int, same_companies: int = 0) -> Synthesized:
    """Write ``deals`` deal records and what they refer to into ``content_dir`` (emptied);
    ``same_companies`` more deals are all investments of the first hub in the first
    company after the hubs (the pages of a pair that does business again and again)."""
    shutil.rmtree(content_dir, ignore_errors=True)
    for folder in ("deals", "companies", "authors", "articles"):
        (content_dir / folder).mkdir(parents=True)
    companies = make_companies(company_count(deals))
    records = [make_deal(i, companies) for i in range(deals)]
    pair = (companies[0], companies[HUB_COUNT])
    records += [make_deal(i, companies, pair=pair)
                for i in range(deals, deals + same_companies)]
    for record in records:
        if "related" in record:
            record["related"] = [records[n]["id"] for n in record["related"]]
    named = {p["company"] for r in records for p in r["parties"]}
    for record in records:
        (content_dir / "deals" / f"{record['id']}.yml").write_text(_dump(record, "deal"),
                                                                  encoding="utf-8")
    used = [c for c in companies if c.id in named]
    for company in used:
        (content_dir / "companies" / f"{company.id}.yml").write_text(
            _dump(company.record(), "company"), encoding="utf-8")
    tags = sorted({tag for record in records for tag in record.get("tags", [])})
    topics = {"topics": [{"id": tag, "label": {"de": tag.replace("-", " ").title(),
                                               "en": tag.replace("-", " ").title()}}
                         for tag in tags]}
    (content_dir / "topics.yml").write_text(
        "# yaml-language-server: $schema=../generator/schemas/topics.schema.json\n"
        + yaml.dump(topics, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8")
    for n in range(1, 4):
        author = {"id": f"autor-{n}",
                  "name": {"de": f"Testautorin {n}", "en": f"Test author {n}"},
                  "bio": {"de": "Erfundene Autorin der synthetischen Testdaten.",
                          "en": "An invented author of the synthetic test data."}}
        (content_dir / "authors" / f"autor-{n}.yml").write_text(_dump(author, "author"),
                                                               encoding="utf-8")
    names = {c.id: c.name for c in used}
    article_files = 0
    for story in range((deals + DEALS_PER_STORY - 1) // DEALS_PER_STORY):
        covered = records[story * DEALS_PER_STORY: story * DEALS_PER_STORY + 3]
        for name, text in make_story(story, covered, names).items():
            (content_dir / "articles" / name).write_text(text, encoding="utf-8")
            article_files += 1
    return Synthesized(deals=len(records), companies=len(used), articles=article_files,
                       authors=3)


def synthesize(out_dir: Path, deals: int, project_root: Path = ROOT,
               same_companies: int = 0) -> Synthesized:
    """A full project in ``out_dir``: this repository's mkdocs.yml and templates, and
    synthetic content with ``deals`` deals (and ``same_companies`` more between one pair).
    Replaces what an earlier run wrote there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(project_root / "mkdocs.yml", out_dir / "mkdocs.yml")
    shutil.rmtree(out_dir / "templates", ignore_errors=True)
    shutil.copytree(project_root / "templates", out_dir / "templates")
    return write_content(out_dir / "content", deals, same_companies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, required=True, help="how many deal records")
    parser.add_argument("--out", type=Path, required=True, help="the project folder to write")
    args = parser.parse_args(argv)
    made = synthesize(args.out, args.deals)
    print(f"{args.out}: {made.deals} deals, {made.companies} companies, {made.articles} "
          f"article files, {made.authors} authors (build with BRIEFING_TODAY={TODAY})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
