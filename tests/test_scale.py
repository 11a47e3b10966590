"""The scale benchmark keeps working, and large sites keep readable overview pages.

No timings are asserted here: benchmarks/scale.py measures them and benchmarks/README.md
holds the figures. The benchmark runs at a tiny size so that it cannot rot.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import LANGUAGES

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.pages import companies as company_kinds
from generator.pages import deals as deal_kinds
from generator.pages import registry
from generator.pages import sources as source_kinds
from generator.settings import SiteConfig

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth

pytestmark = pytest.mark.slow  # a synthetic site of hundreds of deals and the benchmark

DEAL_LINK = re.compile(r"\]\((?:\.\./)*(?:deals/)?([a-z0-9-]+-\d{5})\.md\)")


def test_benchmark_runs_and_reports_every_column(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--deals", "5", "--work",
         str(tmp_path / "work"), "--json", str(out), "--switches"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr

    # The printed table: a header naming every column and one row of as many cells.
    lines = [line for line in done.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    import scale
    assert header == [name for name, _cell in scale.COLUMNS]
    # header, rule, one size; then the switches' table: header, rule, on, each off
    assert len(lines) == 3 + 2 + 1 + len(scale.SWITCHES)
    assert [line.split("|")[2].strip() for line in lines[-len(scale.SWITCHES):]] == [
        f"{name}: false" for name in scale.SWITCHES]
    row = [cell.strip() for cell in lines[2].strip("|").split("|")]
    assert len(row) == len(header) and all(row)
    assert "cores" in done.stdout and "benchmarks/scale.py --deals 5" in done.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["cores"] >= 1
    (result,) = report["results"]
    assert result["deals"] == 5
    # Both languages: 5 deals, companies, articles and overviews, at least 20 pages each.
    assert result["pages"] >= 40 and result["deal_pages"] == 10
    for name in scale.SWITCHES:
        assert 0 < result["switches_off"][name]["wall"] < 600, name
    # Without the whitespace pass, pages are larger.
    assert (result["switches_off"]["collapse_whitespace"]["html_per_deal_kb"]
            > result["html_per_deal_kb"])
    for step in ("generator", "full", "reference", "floor"):
        assert 0 < result[step]["wall"] < 600, step
        assert 0 < result[step]["cpu"] < 1200, step
        assert 10 < result[step]["peak_mb"] < 4000, step
    for stage in ("load", "check", "model", "render", "write"):
        assert result["generator"]["stages"][stage] >= 0
    assert 0 < result["generator"]["step_wall"] < result["full"]["wall"]
    assert result["full"]["generator_wall"] > 0  # the plugin reported its share
    assert 1 < result["html_per_deal_kb"] < 200
    assert result["html_per_deal_kb"] <= result["html_per_deal_max_kb"]
    assert all(kb > 1 for kb in result["search_kb"].values())
    assert all(kb > 1 for kb in result["reference_sizes"]["search_kb"].values())
    # Nothing changed between the two generator runs, so the second rewrote nothing.
    assert result["rewritten_second_run"] == 0
    # Ratios and per-page times are reported, never judged here: a busy machine moves them.
    for name, value in result["ratios"].items():
        assert math.isfinite(value) and value > 0, name


@pytest.fixture(scope="module")
def large_config(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """A synthetic site with 800 deals (companies with over 50 deals)."""
    project = tmp_path_factory.mktemp("large") / "project"
    synth.synthesize(project, 800)
    config, _raw = load_site_config(project / "mkdocs.yml")
    return replace(config, templates_dir=ROOT / "templates")


@pytest.fixture(scope="module")
def large_site(large_config: SiteConfig) -> dict[str, str]:
    """The Markdown of the synthetic site with 800 deals."""
    return pipeline.generate(large_config).pages


def _deal_links(text: str) -> list[str]:
    return DEAL_LINK.findall(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deal_overview_is_split_by_year(large_site: dict[str, str], lang: str) -> None:
    deals = {path.split("/")[-1][:-3] for path, text in large_site.items()
             if re.fullmatch(rf"{lang}/deals/[a-z0-9-]+\.md", path)
             and path != f"{lang}/deals/index.md"}
    assert len(deals) == 800
    index = large_site[f"{lang}/deals/index.md"]
    assert len(_deal_links(index)) == deal_kinds.LATEST_ROWS
    year_pages = {path: text for path, text in large_site.items()
                  if re.fullmatch(rf"{lang}/deals/year/\d{{4}}\.md", path)}
    assert len(year_pages) >= 10
    for path in year_pages:  # the overview links every year's page
        assert f"(year/{path.split('/')[-1]})" in index
    # Every deal is on exactly one year's page, and on the right one.
    listed = [deal for text in year_pages.values() for deal in _deal_links(text)]
    assert sorted(listed) == sorted(deals)
    assert max(len(_deal_links(text)) for text in year_pages.values()) < 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_busy_company_pages_are_split_by_year(large_site: dict[str, str], lang: str) -> None:
    busy = sorted({path.split("/")[2] for path in large_site
                   if re.fullmatch(rf"{lang}/companies/[a-z0-9-]+/\d{{4}}\.md", path)})
    assert busy, "the synthetic hubs take part in more than 50 deals each"
    for company in busy:
        page = large_site[f"{lang}/companies/{company}.md"]
        # Each role's table lists the latest few (a chart's data table aside).
        tables = re.sub(r"<details.*?</details>", "", page, flags=re.DOTALL)
        for section in tables.split("\n## ")[1:]:
            assert len(_deal_links(section)) <= company_kinds.COMPANY_LATEST_ROWS
        years = {path: text for path, text in large_site.items()
                 if path.startswith(f"{lang}/companies/{company}/")}
        in_years = [deal for text in years.values() for deal in _deal_links(text)]
        assert len(in_years) == len(set(in_years)) > company_kinds.COMPANY_ROWS
        for path in years:
            assert f"({company}/{path.split('/')[-1]})" in page



@pytest.fixture(scope="module")
def one_pair_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Markdown of 40 synthetic deals and 60 more between the same two companies."""
    project = tmp_path_factory.mktemp("pair") / "project"
    made = synth.synthesize(project, 40, same_companies=60)
    assert made.deals == 100
    config, _raw = load_site_config(project / "mkdocs.yml")
    return pipeline.generate(replace(config, templates_dir=ROOT / "templates")).pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pair_with_many_deals_keeps_its_graph_table_short(one_pair_site: dict[str, str],
                                                            lang: str) -> None:
    """The investor graph's table names each pair's newest deals and counts the rest, so a
    pair doing business again and again does not grow the company page without bound."""
    companies = synth.make_companies(synth.company_count(40))
    investor, target = companies[0], companies[synth.HUB_COUNT]
    page = one_pair_site[f"{lang}/companies/{investor.id}.md"]
    table = re.search(r"<details.*?</details>", page, flags=re.DOTALL)
    assert table is not None
    (row,) = [row for row in table.group(0).splitlines()
              if row.startswith(f"| [{investor.name}]") and f"({target.id}.md)" in row]
    assert len(_deal_links(row)) == company_kinds.LINK_DEALS
    earlier = re.search(r"\| (\d+) ", row)  # the earlier ones counted
    assert earlier is not None and int(earlier.group(1)) >= 60 - company_kinds.LINK_DEALS, row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_large_overview_puts_each_kinds_charts_on_a_page_of_its_own(
        large_site: dict[str, str], lang: str) -> None:
    """Every kind and currency has a chart: on a large site they would make the overview
    heavy (over 200 KB at 2,000 deals), so each kind's charts get a page the overview links."""
    index = large_site[f"{lang}/deals/index.md"]
    assert "<figure" not in index
    money = {path: text for path, text in large_site.items()
             if re.fullmatch(rf"{lang}/deals/money/[a-z-]+\.md", path)}
    assert len(money) >= 5
    charts_seen = []
    for path, text in money.items():
        kind = path.split("/")[-1][:-3]
        assert f"(money/{kind}.md)" in index
        found = re.findall(r'<figure class="chart" id="amounts-([a-z-]+)-([a-z]{3})">', text)
        assert found and {k for k, _currency in found} == {kind}, path
        charts_seen += found
    assert len(charts_seen) == len(set(charts_seen)) > len(money)


FINER_LINK = re.compile(r"\]\(([0-9a-z-]+)\.md\) \((\d+)\)")  # a month or day, with its number


def _period_pages(tops: list[tuple[str, str]], text_of: Callable[[str], str]) -> Iterator[
        tuple[str, int, str, list[tuple[str, str]]]]:
    """Each period page reached from the index's links (name, number) through each page's
    links to its months or days: its name, the number its link gave, its text and its own
    links; no list of links is longer than a month's days."""
    waiting = list(tops)
    while waiting:
        name, total = waiting.pop()
        text = text_of(name)
        finer = FINER_LINK.findall(text)
        assert len(finer) <= 31, name
        waiting += finer
        yield name, int(total), text, finer


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_large_sources_index_lists_each_source_once_on_the_page_of_its_date(
        large_site: dict[str, str], lang: str) -> None:
    """One page of every source passed 600 KB at 300 deals: a large site's index links a
    page per year, which links its months or days where it has too many (periods.py); each
    source is on exactly one page, and no list of links is longer than a month's days."""
    index = large_site[f"{lang}/sources.md"]
    pages = {path: text for path, text in large_site.items()
             if re.fullmatch(rf"{lang}/sources/[0-9a-z-]+\.md", path)}
    assert len(pages) > 10
    years = re.findall(r"^\| \[[^]]+\]\(sources/([0-9a-z-]+)\.md\) \| (\d+) \|$", index,
                       flags=re.MULTILINE)
    assert years and all(re.fullmatch(r"\d{4}|undated", name) for name, _n in years)
    seen: dict[str, str] = {}
    reached: set[str] = set()
    for name, total, text, finer in _period_pages(
            years, lambda name: pages[f"{lang}/sources/{name}.md"]):
        path = f"{lang}/sources/{name}.md"
        reached.add(path)
        entries = re.findall(r"^- .*$", text, flags=re.MULTILINE)
        # Its own sources and those of the pages it links add up to what its link said.
        assert len(entries) + sum(int(n) for _name, n in finer) == total, path
        assert all(f.startswith(name) for f, _n in finer), path
        if name.count("-") < 2:  # a day is never split further
            assert len(entries) <= source_kinds.SOURCE_ROWS, path
        for url in re.findall(r'<a href="(https://[^"]+)">', text):
            assert url not in seen, (url, path, seen.get(url))
            seen[url] = path
            # On the page of its own date: 2024-03-15 on 2024, 2024-03 or 2024-03-15.
            day = re.search(r"/(\d{4})/", url)
            assert day is None or name.startswith(day.group(1)), (url, path)
    assert reached == set(pages)
    # Every deal's every source with an address is on one of them.
    cited = set(re.findall(r'<a href="(https://[^"]+)">', "\n".join(
        text for path, text in large_site.items()
        if re.fullmatch(rf"{lang}/deals/[a-z0-9-]+-\d{{5}}\.md", path))))
    assert cited and cited <= set(seen)


def test_a_year_with_too_many_deals_for_one_page_gets_a_page_per_month(
        large_config: SiteConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    """Year pages grow about 0.4 KB a deal: above YEAR_ROWS deals in a year (here set low,
    so that 800 deals show it), the year's deals are on a page per month."""
    from generator.render.renderer import LanguageRenderer, MarkdownPage

    monkeypatch.setattr(deal_kinds, "YEAR_ROWS", 40)
    content = pipeline.prepare(large_config)[0]
    renderer = LanguageRenderer(content, large_config, "de", pipeline.today())
    planned = [page for page in renderer.plan() if page.kind is registry.DEALS_YEAR]
    months = [page for page in planned if re.fullmatch(r"deals/year/\d{4}-\d{2}\.md", page.path)]
    assert len(months) > 12
    index_page = renderer.page(next(p for p in renderer.plan() if p.kind is registry.DEALS))
    assert isinstance(index_page, MarkdownPage)
    index = index_page.text
    texts = {page.path: renderer.page(page) for page in planned}
    items = {page.path: page.item for page in planned}
    years = re.findall(r"^\| \[\d{4}\]\(year/(\d{4})\.md\) \| (\d+) \|$", index,
                       flags=re.MULTILINE)
    assert len(years) >= 10
    listed: list[str] = []
    reached: set[str] = set()

    def above_the_years(name: str) -> str:  # the page without its links to every year
        page = texts[f"deals/year/{name}.md"]
        assert isinstance(page, MarkdownPage)
        return page.text.split("## Deals nach Jahr")[0]

    for name, total, above, finer in _period_pages(years, above_the_years):
        path = f"deals/year/{name}.md"
        reached.add(path)
        period, deals_of_period = items[path]
        rows = _deal_links(above)
        assert len(rows) + sum(int(n) for _name, n in finer) == total, path
        assert len(rows) == len(deals_of_period) <= 40 or len(period) == 3, path
        # Each deal on the page of the period it was first reported in.
        assert all(tuple(p for p in d.first_reported if p)[:len(period)] == period
                   for d in deals_of_period), path
        listed += rows
    assert reached == set(texts)
    assert sorted(listed) == sorted(content.deals)
    month = renderer.page(months[0])
    assert isinstance(month, MarkdownPage)
    assert next(line for line in month.text.splitlines() if line.startswith("# ")).startswith(
        "# Deals im ")


def test_a_company_year_with_too_many_deals_gets_a_page_per_month(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A company's year pages are split as the deal overview's are: above YEAR_ROWS of its
    deals in a year (here set low, so that 60 deals between one pair show it), its deals
    of that year are on a page per month, which the year's page links; every deal is on
    exactly one page, none lists more than YEAR_ROWS (but a single day's)."""
    monkeypatch.setattr(deal_kinds, "YEAR_ROWS", 4)
    project = tmp_path / "project"
    synth.synthesize(project, 40, same_companies=60)
    config, _raw = load_site_config(project / "mkdocs.yml")
    config = replace(config, templates_dir=ROOT / "templates")
    generated = pipeline.generate(config)
    investor = synth.make_companies(synth.company_count(40))[0]
    deals = sorted(deal.id for deal, _role in generated.content.companies[investor.id].deals)
    assert len(deals) > company_kinds.COMPANY_ROWS
    for lang in LANGUAGES:
        company_page = generated.pages[f"{lang}/companies/{investor.id}.md"]
        years = set(re.findall(rf"\({investor.id}/(\d{{4}})\.md\)", company_page))
        periods_pages = {path.split("/")[-1][:-3]: text for path, text in generated.pages.items()
                         if path.startswith(f"{lang}/companies/{investor.id}/")}
        months = {name for name in periods_pages if re.fullmatch(r"\d{4}-\d{2}", name)}
        assert months, sorted(periods_pages)
        linked = set(years)
        listed: list[str] = []
        for name, text in periods_pages.items():
            above = text.split("\n## ")[0]  # without the links to every year
            linked |= set(re.findall(r"\((?:\.\./)?(?:[a-z0-9-]+/)?(\d{4}-\d{2}(?:-\d{2})?)\.md\)",
                                     above))
            rows = _deal_links(above)
            assert len(rows) <= 4 or len(name) == len("2024-03-15"), (lang, name)
            listed += rows
        assert linked == set(periods_pages), (lang, sorted(set(periods_pages) - linked))
        assert sorted(listed) == deals, lang
