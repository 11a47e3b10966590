"""The pictures: deal amounts over time on the overview, who invested in whom on each company
page. Static SVG in the real build, well-formed, named and described in the page's language,
matching the records and the table beside them, readable at thousands of deals."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES
from sample_languages import interface_words

from generator.content.model import Author, Company, Deal, Event, Money, PartialDate, Party, Text
from generator.pages import charts
from generator.text import formatting
from generator.text.i18n import translations

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
INVESTING = {"investor", "lead-investor", "co-investor", "buyer"}


def svgs(html: str) -> list[ET.Element]:
    """Each inline SVG of a page, parsed from the page's own bytes as XML."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
            if 'class="chart-picture"' in m]


def plain(text: str) -> str:
    # No-break spaces, and the hyphen no line ends at in "US-Dollar" after a figure.
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def records() -> dict[str, dict]:
    return {f.stem: yaml.safe_load(f.read_text("utf-8"))
            for f in sorted((ROOT / "content" / "deals").glob("*.yml"))}


def company_name(ident: str, lang: str) -> str:
    name = yaml.safe_load((ROOT / "content" / "companies" / f"{ident}.yml").read_text("utf-8"))[
        "name"]
    return name if isinstance(name, str) else name[lang]


def check_picture(svg: ET.Element) -> tuple[str, str]:
    """What every picture must be: an image with a name and a description, and nothing that
    runs or loads. Returns its title and description."""
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text.strip() and desc.text.strip()
    for element in svg.iter():
        assert element.tag.removeprefix(SVG) not in ("script", "foreignObject", "image", "a",
                                                     "style", "use")
        for name, value in element.attrib.items():
            assert not name.startswith("on"), name
            assert "http" not in value or name == "xmlns", (name, value)
    return title.text, desc.text


CONFIRMED = ("announced", "signed", "completed")


def committed(data: dict) -> list[tuple[str, str, int]]:
    """What a record commits, as (kind, date of commitment, value), read from the YAML on
    its own: each tranche not tied to conditions at its own date, or the whole amount at the
    event that confirmed the deal. Unconfirmed deals, conditional parts and parts without a
    date commit nothing that a bar may show. A record of parts without an amount of its
    own (their sum would be ours, never the headline amount) commits its parts."""
    if data["status"] not in CONFIRMED or ("amount" not in data and not data.get("tranches")):
        return []
    if data.get("tranches"):
        return [(data["kind"], t["date"], t["amount"].get("value", t["amount"].get("min")))
                for t in data["tranches"] if not t.get("conditional") and "date" in t]
    when = next(e["date"] for e in data["timeline"] if e.get("status") in CONFIRMED)
    return [(data["kind"], when, data["amount"].get("value", data["amount"].get("min")))]


def chart_figures(html: str) -> list[BeautifulSoup]:
    page = BeautifulSoup(html, "html.parser")
    return page.select("figure.chart")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_picture_is_a_described_image(built_site: Path, lang: str) -> None:
    pictures = 0
    for path in (built_site / lang).rglob("*.html"):
        html = path.read_text("utf-8")
        for svg in svgs(html):
            check_picture(svg)
            pictures += 1
        # The figure's text alternative sits beside it: a table of the same facts.
        page = BeautifulSoup(html, "html.parser")
        for figure in page.select("figure.chart"):
            assert figure.find_next_sibling("details", class_="chart-data") is not None
            assert figure.figcaption.get_text(strip=True)
    kinds = {kind for data in records().values() for kind, _when, _value in committed(data)}
    assert pictures == len(kinds) + len(list((ROOT / "content" / "companies").glob("*.yml")))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_amount_charts_add_up_like_money_when_it_was_committed(built_site: Path,
                                                               lang: str) -> None:
    """One chart per kind of deal; each bar the money committed in its period; the table
    beside each chart gives exactly the bars' sums."""
    html = (built_site / lang / "deals" / "index.html").read_text("utf-8")
    figures = chart_figures(html)
    expected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for data in records().values():
        for kind, when, value in committed(data):
            expected[kind][when] += value
    assert len(figures) == len(expected) == 3  # equity, cloud contracts, share sales apart
    for figure in figures:
        kind = figure["id"].removeprefix("amounts-").removesuffix("-usd")
        svg = ET.fromstring(str(figure.svg))
        check_picture(svg)
        bars = svg.findall(f".//{SVG}rect[@class='bar']")
        shown = {plain(b.find(f"{SVG}title").text).split(": ")[0]: int(b.get("data-total"))
                 for b in bars}
        table = figure.find_next_sibling("details", class_="chart-data")
        header = plain(table.select_one("thead tr th").get_text())
        rows = [[plain(td.get_text(" ")) for td in tr.find_all("td")]
                for tr in table.select("tbody tr")]
        # The chart's sums equal its table, period by period.
        assert [row[0] for row in rows] == list(shown), kind
        for period, deals, total in rows:
            assert plain(formatting.amount_text(shown[period], "USD", lang)) in total
            assert int(deals) >= 1
        # And the records say the same: by month where the chart counts months.
        by_month = header in ("Monat", "Month")
        sums: dict[str, int] = defaultdict(int)
        for when, value in expected[kind].items():
            sums[when[:7] if by_month else when[:4]] += value
        assert sorted(shown.values()) == sorted(sums.values()), kind
        assert sum(shown.values()) == sum(sums.values())
        bar_widths = [float(b.get("width")) for b in bars]
        for total, width in zip(shown.values(), bar_widths):
            assert width / max(bar_widths) == pytest.approx(total / max(shown.values()),
                                                            abs=0.01)


def test_amount_charts_say_what_they_leave_out(built_site: Path) -> None:
    html = (built_site / "en" / "deals" / "index.html").read_text("utf-8")
    figures = {f["id"]: f for f in chart_figures(html)}
    equity = figures["amounts-equity-investment-usd"]
    caption = plain(equity.figcaption.get_text())
    assert caption.startswith("Equity investments: money committed per year, in US dollars.")
    # Microsoft's 13 bn since 2019 is in no year; the conditional 35 bn in no bar at all.
    assert "In no bar: about $13 billion with no known date of commitment (Microsoft holds" in (
        caption)
    assert "$35 billion payable only if conditions are met (Amazon to invest up to $50 billion" in (
        caption)
    years = [plain(t.text) for t in ET.fromstring(str(equity.svg)).iter(f"{SVG}text")
             if re.fullmatch(r"\d{4}", plain(t.text or ""))]
    assert years == ["2023", "2024", "2025", "2026"]  # 2026 has Amazon's upfront 15 bn
    table = plain(equity.find_next_sibling("details").get_text(" "))
    assert "about $13 billion, with no known date of commitment: 1 deal" in table
    # Never one bar of equity, a cloud contract and a share sale together.
    assert set(figures) == {"amounts-equity-investment-usd", "amounts-cloud-agreement-usd",
                            "amounts-secondary-sale-usd"}


def expected_links(company: str) -> set[tuple[str, str]]:
    """Investor → investee pairs in the deals the company took part in, from the records."""
    pairs = set()
    for data in records().values():
        parties = data["parties"]
        if company not in {p["company"] for p in parties}:
            continue
        for giver in (p["company"] for p in parties if p["role"] in INVESTING):
            for target in (p["company"] for p in parties if p["role"] == "target"):
                pairs.add((giver, target))
    return pairs


# One link of the graph's description, as German and English write it.
INVESTED_IN = {"de": ("%(investor)s in %(target)s",), "en": ("%(investor)s in %(target)s",)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_company_graphs_show_who_invested_in_whom(built_site: Path, lang: str) -> None:
    for file in sorted((ROOT / "content" / "companies").glob("*.yml")):
        html = (built_site / lang / "companies" / file.stem / "index.html").read_text("utf-8")
        expected = {(company_name(a, lang), company_name(b, lang))
                    for a, b in expected_links(file.stem)}
        assert expected, file.stem  # every sample company is in a deal with an investment
        [svg] = svgs(html)
        title, desc = check_picture(svg)
        assert company_name(file.stem, lang) in title
        [link] = interface_words(INVESTED_IN, lang)
        for investor, target in expected:
            assert link % {"investor": investor, "target": target} in desc
        arrows = svg.findall(f".//{SVG}path[@class='link']")
        assert len(arrows) == len(expected)
        hints = {plain(a.find(f"{SVG}title").text) for a in arrows}
        assert hints == {f"{a} → {b}" for a, b in expected}
        page = BeautifulSoup(html, "html.parser")
        rows = {tuple(plain(td.get_text(" ")) for td in tr.find_all("td")[:2])
                for tr in page.select("details.chart-data tbody tr")}
        assert rows == expected, file.stem
        boxes = [plain("".join(t.itertext())) for t in svg.findall(f".//{SVG}g/{SVG}text")]
        assert sorted(boxes) == sorted({n for pair in expected for n in pair})


def test_pictures_are_labelled_in_the_pages_language(built_site: Path) -> None:
    german = svgs((built_site / "de/companies/openai/index.html").read_text("utf-8"))[0]
    english = svgs((built_site / "en/companies/openai/index.html").read_text("utf-8"))[0]
    german_words = {plain("".join(t.itertext())) for t in german.iter(f"{SVG}text")}
    english_words = {plain("".join(t.itertext())) for t in english.iter(f"{SVG}text")}
    assert {"Investoren", "Empfänger der Investition"} <= german_words
    assert {"Investors", "Received investment"} <= english_words
    assert german.find(f"{SVG}title").text.startswith("Wer in wen investiert hat")


def test_same_content_gives_the_same_bytes(tmp_path: Path) -> None:
    """Rendered in two fresh processes with different hash seeds: nothing may depend on the
    order of a set, the clock or chance."""
    script = ("import hashlib, sys\n"
              "from generator.build import pipeline\n"
              "from generator.engine.config import load_site_config\n"
              "config, _ = load_site_config(__import__('pathlib').Path('mkdocs.yml'))\n"
              "pages = pipeline.generate(config).pages\n"
              "for path in sorted(pages):\n"
              "    data = pages[path]\n"
              "    data = getattr(data, 'data', data)\n"
              "    data = data if isinstance(data, bytes) else data.encode()\n"
              "    print(path, hashlib.sha256(data).hexdigest())\n")
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, BRIEFING_TODAY="2026-12-07",
                   PYTHONPATH=str(ROOT))
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert "de/feed.xml" in outputs[0] and "en/data/deals.csv" in outputs[0]
    assert hashlib.sha256(outputs[0].encode()).hexdigest()


# --- thousands of deals ----------------------------------------------------------------------

DESK = Author("desk", Text({"*": "Desk"}), Text({"*": "x"}), "organization")


def synthetic(count: int, first_year: int, years: int, hub: Company | None = None) -> list[Deal]:
    deals = []
    for n in range(count):
        target = Company(f"target-{n}", Text({"*": f"Target {n}"}), Text({"*": "x"}))
        investor = hub if hub and n % 2 else Company(f"investor-{n % 400}",
                                                      Text({"*": f"Investor {n % 400}"}),
                                                      Text({"*": "x"}))
        when = PartialDate(first_year + n % years, n % 12 + 1, n % 28 + 1)
        deal = Deal(id=f"deal-{n}", kind="funding-round", headline=Text({"*": f"Deal {n}"}),
                    summary=Text({"*": "x"}), status="announced", as_of=when, published=when,
                    reviewed=when,
                    parties=[Party(investor, "investor", ("s",)), Party(target, "target", ("s",))],
                    timeline=[Event(when, Text({"*": "x"}), "announced", ("s",))], faq=[],
                    sources={}, author=DESK, gist=[], amount=Money("USD", "exact", 1_000_000 * (n % 97 + 1), None, None,
                                             ("s",)))
        for party in deal.parties:
            party.company.deals.append((deal, party.role))
        deals.append(deal)
    return deals


def test_amount_chart_stays_readable_with_thousands_of_deals() -> None:
    deals = synthetic(5000, 2012, 14)
    [chart] = charts.amount_charts(deals, "en", translations("en"))
    svg = ET.fromstring(re.search(r"<svg\b.*?</svg>", chart.figure, re.DOTALL).group(0))
    check_picture(svg)
    assert not chart.by_month and len(chart.bars) == 14  # one bar a year, not 5,000
    assert len(svg.findall(f".//{SVG}rect")) == 14
    assert len(chart.figure) < 20_000
    assert sum(len(b.deals) for b in chart.bars) == 5000
    assert sum(b.total for b in chart.bars) == sum(d.amount.value for d in deals)


def test_amount_chart_counts_by_month_over_a_short_span() -> None:
    deals = synthetic(40, 2025, 1)
    [chart] = charts.amount_charts(deals, "de", translations("de"))
    assert chart.by_month and len(chart.bars) == 12
    assert chart.bars[0].label == "Jan. 2025"
    title = ET.fromstring(re.search(r"<svg\b.*?</svg>", chart.figure, re.DOTALL).group(0)).find(
        f"{SVG}title").text
    assert title == "Finanzierungsrunden: zugesagtes Geld nach Monaten, in US-Dollar"


def test_company_graph_stays_readable_with_hundreds_of_partners() -> None:
    hub = Company("hub", Text({"*": "Hub Capital"}), Text({"*": "x"}))
    synthetic(900, 2015, 10, hub=hub)
    graph = charts.investment_graph(hub, "en", translations("en"), lambda c: c.name.get("en"))
    svg = ET.fromstring(re.search(r"<svg\b.*?</svg>", graph.figure, re.DOTALL).group(0))
    _title, desc = check_picture(svg)
    boxes = svg.findall(f".//{SVG}g[@class='node']") + svg.findall(
        f".//{SVG}g[@class='node focus']")
    assert len(boxes) <= 2 * charts.MAX_PER_COLUMN
    assert len(svg.findall(f".//{SVG}path[@class='link']")) < charts.MAX_PER_COLUMN
    more = [t.text for t in svg.findall(f".//{SVG}text[@class='more']")]
    assert more == [f"and {450 - (charts.MAX_PER_COLUMN - 1)} more"]
    # The table beside it lists the links drawn; the rest are counted, in the picture too.
    assert len(graph.links) == charts.MAX_PER_COLUMN - 1
    assert graph.not_drawn == 450 - len(graph.links)
    assert f"{graph.not_drawn} further links in these deals are not drawn" in desc
    assert int(svg.get("height")) < 600
