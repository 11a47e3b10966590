"""Work without bound: a broken record as large as the file limit allows is checked in
seconds, with one message for a list beyond its limit and a did-you-mean for the first
few unknown names only; and a listing page stays bounded whatever its dates' precision."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import copy_project

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.rules import reporting

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"
ARTICLE = "content/articles/acme-globex.en.md"


def _check(project: Path) -> tuple[list[str], float]:
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    started = time.perf_counter()
    _documents, problems = pipeline.check(config)
    return [str(p) for p in problems], time.perf_counter() - started


def test_ten_thousand_sources_in_one_record_are_one_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    deal = project / DEAL
    # Sources without an address, each missing a field and never cited: before the limit,
    # three messages each (30,001 in 15 s here).
    many = "".join(f'  - {{id: r{i}, publisher: A, title: N{i}, published: "2025", '
                   f'kind: press-release}}\n' for i in range(10_000))
    text = deal.read_text(encoding="utf-8")
    deal.write_text(text.replace("sources:\n  - id: release\n",
                                 "sources:\n" + many + "  - id: release\n", 1), encoding="utf-8")
    problems, seconds = _check(project)
    limit = next(f for f in problems if "sources: has" in f)
    assert limit.endswith(": sources: has 10,001 entries (expected at most 100; keep the 100 "
                          "that matter most, or split the record)")
    # Each entry within the limit is still checked; none beyond it is reported.
    assert len(problems) <= 1 + 3 * 100
    assert not any("sources[100]" in p or "sources[9999]" in p for p in problems)
    # A citation of the last source is one of a source that is there.
    assert not any("cites source 'release'" in p for p in problems)
    assert seconds < 30


def test_every_list_of_every_record_kind_has_a_limit() -> None:
    """A new list field without maxItems is a new way to make a page without end."""
    import json

    from generator.schemas import SCHEMA_DIR

    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "array" and "maxItems" not in node:
                missing.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    assert missing == []


def test_three_thousand_near_miss_figures_are_checked_in_seconds(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    article = project / ARTICLE
    listed = "".join(f"\n  - {{id: team-photo-{j}, file: images/p.png, alt: A photo, "
                     f"credit: Acme, width: 320, height: 180}}" for j in range(1_000))
    placed = "\n\n".join(f"[[figure:team-photo-{j}x]]" for j in range(3_000))
    text = article.read_text(encoding="utf-8")
    text = text.replace('reviewed: "2026-11-01"', f'reviewed: "2026-11-01"\nimages:{listed}', 1)
    article.write_text(text.replace("Our own research", placed + "\n\nOur own research", 1),
                       encoding="utf-8")
    problems, seconds = _check(project)
    misses = [p for p in problems if "names no picture in images" in p]
    assert len(misses) == 3_000  # every one reported...
    # ...and the first few with a guess (12 s before the cap, 2.8 s after, here).
    assert sum("did you mean" in p for p in misses) == reporting.SUGGESTIONS_PER_FILE
    assert "(did you mean 'team-photo-0'?)" in misses[0]
    assert seconds < 20


@pytest.mark.parametrize("word", ["x" * 5_000, "acme"])
def test_a_single_did_you_mean_is_bounded(word: str) -> None:
    options = [f"company-{i:06d}" for i in range(200_000)] + ["acme-corp"]
    started = time.perf_counter()
    reporting.did_you_mean(word, options)
    assert time.perf_counter() - started < 2


@pytest.mark.slow
def test_a_year_of_year_dated_deals_is_paged_by_count(tmp_path: Path) -> None:
    """510 deals of one company, each known only to the year: dates cannot split 2025, so
    its page goes on over parts of at most YEAR_ROWS deals (one 340 KB page at 3,000)."""
    from generator.pages import deals as deal_kinds

    project = copy_project(tmp_path / "project", content=MINIMAL)
    deal = project / DEAL
    text = deal.read_text(encoding="utf-8").replace('timeline:\n  - date: "2025-03-01"',
                                                    'timeline:\n  - date: "2025"', 1)
    assert 'date: "2025"' in text
    deal.unlink()
    count = 510
    for i in range(count):
        ident = f"acme-globex-investment-{i:04d}"
        (deal.parent / f"{ident}.yml").write_text(
            text.replace("id: acme-globex-investment", f"id: {ident}", 1), encoding="utf-8")
    for article in (project / "content" / "articles").glob("*.md"):
        article.unlink()  # they cover the deal removed above
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    pipeline.build_markdown(config)
    limit = deal_kinds.YEAR_ROWS
    for lang in config.languages:
        for folder, name in (("companies/acme", "acme-globex-investment-"),
                             ("deals/year", "acme-globex-investment-")):
            pages = sorted((config.markdown_dir / lang / folder).glob("2025*.md"))
            assert [p.name for p in pages] == ["2025-part-2.md", "2025-part-3.md", "2025.md"]
            rows = {p.name: p.read_text(encoding="utf-8").count("\n| 2025 | [") for p in pages}
            # Each deal on one part, and no part beyond the limit (250, 250, 10).
            assert sorted(rows.values()) == [count - 2 * limit, limit, limit]
            first = (config.markdown_dir / lang / folder / "2025.md").read_text("utf-8")
            assert "(1/3)" in first.split("\n# ", 1)[1].splitlines()[0]
            assert "[2/3](2025-part-2.md) · [3/3](2025-part-3.md)\n\n|" in first


def test_a_year_of_year_dated_sources_is_paged_by_count(tmp_path: Path) -> None:
    """Three deals citing 57 sources each, all known only to the year 2025: the sources of
    2025 go on over parts of at most SOURCE_ROWS (100)."""
    from generator.pages import sources as source_kinds

    project = copy_project(tmp_path / "project", content=MINIMAL)
    deal = project / DEAL
    text = deal.read_text(encoding="utf-8")
    for n in range(3):
        ident = f"acme-globex-investment-{n}"
        ids = [f"note-{n}-{i}" for i in range(57)]
        listed = "".join(f'  - {{id: {i}, publisher: Acme Corp., title: Note {i}, '
                         f'published: "2025", language: en, url: "https://acme.example/{i}", '
                         f'accessed: "2025-03-02"}}\n' for i in ids)
        record = text.replace("id: acme-globex-investment", f"id: {ident}", 1)
        record = record.replace("sources:\n  - id: release\n", "sources:\n" + listed
                                + "  - id: release\n", 1)
        head, gist, tail = record.partition("\ngist:\n")
        for k in range(3):  # each of the three key points cites 19 of them, and release
            cited = ", ".join(ids[19 * k:19 * k + 19] if k < 2 else ids[38:57])
            tail = tail.replace("    sources: [release]\n", f"    sources: [{cited}, x]\n", 1)
        record = head + gist + tail.replace(", x]", ", release]")
        (deal.parent / f"{ident}.yml").write_text(record, encoding="utf-8")
    deal.unlink()
    for article in (project / "content" / "articles").glob("*.md"):
        article.unlink()
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    assert [str(p) for p in problems if p.severity == "error"] == []
    pipeline.build_markdown(config)
    for lang in config.languages:
        folder = config.markdown_dir / lang / "sources"
        pages = sorted(p.name for p in folder.glob("2025*.md"))
        assert pages == ["2025-03.md", "2025-part-2.md", "2025.md"]  # release: March
        shown = [(folder / name).read_text(encoding="utf-8").count("Note note-")
                 for name in pages[1:]]
        assert shown == [3 * 57 - source_kinds.SOURCE_ROWS, source_kinds.SOURCE_ROWS]
        assert "\n\n[1/2](2025\\.md) · [2/2](2025-part-2.md)\n" in (
            folder / "2025.md").read_text(encoding="utf-8")
