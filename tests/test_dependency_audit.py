"""The dependency audit (issue 23, item 3): every page of the sample, of the edge-case
content and of a small synthetic site shaped like a large one is rendered with what it
reads of each record recorded (tests/audit_support.py), and what it read must be what its
kind declares it depends on; a kind whose pages' dependencies differ by language must
say needs_language. Else a preview leaves the page stale when a record it shows changes.

The audit's own cases build kinds of page with the two defects it exists to catch, a
context that reads a company's description without declaring the company and a kind
whose items differ by language without needs_language, register them for the test, and
assert the audit names them."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import small_site
from audit_support import audit, pages_of_kind, registry
from conftest import MINIMAL, ROOT, SAMPLE_CONFIG, fixture_config

from generator.build import pipeline
from generator.content.load import Document
from generator.pages import kind
from generator.settings import SiteConfig

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts

EDGE = Path(__file__).resolve().parent / "golden" / "edge" / "content"


def documents(config: SiteConfig) -> list[Document]:
    found, problems = pipeline.check(config)
    assert not [p for p in problems if p.severity == "error"]
    return found


@pytest.fixture
def large_shapes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SiteConfig:
    """30 synthetic deals with the listings' thresholds lowered: every kind of page a
    large site has (company years, deal years, charts per kind, sources per period)."""
    small_site.lower_in_process(monkeypatch)
    synth.write_content(tmp_path / "content", small_site.DEALS)
    # The minimal fixture's settings: the synthetic records are in its languages, German
    # and English, whatever the sample's are.
    return replace(fixture_config(MINIMAL), content_dir=tmp_path / "content")


@pytest.mark.parametrize("case", ["sample", "edge"])
def test_every_page_reads_only_what_its_kind_declares(case: str) -> None:
    config = SAMPLE_CONFIG if case == "sample" else fixture_config(EDGE)
    assert audit(documents(config), config, pipeline.today()) == []


def test_every_page_of_a_large_site_reads_only_what_its_kind_declares(
        large_shapes: SiteConfig) -> None:
    docs = documents(large_shapes)
    assert audit(docs, large_shapes, pipeline.today()) == []
    # Every kind of page but those the synthetic content has no cause for was audited.
    kinds = {name for name in (kind.name for kind in registry().KINDS)
             if pages_of_kind(docs, large_shapes, pipeline.today(), name)}
    assert {kind.name for kind in registry().KINDS} - kinds == {"notice", "privacy",
                                                                 "article-image"}


# --- a kind of page with the defects the audit is for -------------------------------------

TOPIC_TEMPLATE = """# {{ title }}

{% for line in lines %}
- {{ line }}
{% endfor %}
"""


def _topic_items(r: Any) -> Iterable[tuple[str, list[Any], list[Any]]]:
    """A page per topic with its deals and this language's articles: the choice made
    here, as the registry's listings make theirs, not in the context."""
    for tag in sorted(r.content.topics):
        yield (tag, [d for d in r.deals if tag in d.tags],
               [a for a in r.articles if tag in a.tags])


def _topic_context(r: Any, item: tuple[str, list[Any], list[Any]]) -> dict[str, Any]:
    tag, deals, articles = item
    lines = [r.name(d.headline) + ": " + "; ".join(
        f"{r.name(p.company.name)}, {r.plain(p.company.description)}" for p in d.parties)
        for d in deals]
    return {"title": r.name(r.content.topics[tag]), "lines": lines + [a.title for a in articles]}


def _topic_needs(companies: bool) -> Any:
    def needs(_r: Any, item: tuple[str, list[Any], list[Any]]) -> Iterator[Any]:
        _tag, deals, articles = item
        yield kind.TOPICS
        for deal in deals:
            yield kind.deal_key(deal)
            if companies:  # the parties' names and descriptions
                yield from (kind.company_key(p.company) for p in deal.parties)
        yield from map(kind.article_key, articles)
    return needs


def topic_kind(*, declares_companies: bool = True, needs_language: bool = True) -> Any:
    return registry().PageKind(
        "scratch-topic", "scratch-topics/{tag}.md", "scratch_topic.md.j2", in_nav=False,
        context=_topic_context, items=_topic_items, address=lambda item: {"tag": item[0]},
        depends_on=_topic_needs(declares_companies), needs_language=needs_language)


@pytest.fixture
def with_kind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Registers a kind for one test, with its template beside the site's."""
    templates = tmp_path / "templates"
    shutil.copytree(SAMPLE_CONFIG.templates_dir, templates)
    (templates / "pages" / "scratch_topic.md.j2").write_text(TOPIC_TEMPLATE, "utf-8")
    config = replace(SAMPLE_CONFIG, templates_dir=templates)

    def register(kind: Any) -> list[str]:
        monkeypatch.setattr(registry(), "KINDS", (*registry().KINDS, kind))
        docs = documents(config)
        assert pages_of_kind(docs, config, pipeline.today(), kind.name)  # it has pages
        return audit(docs, config, pipeline.today())
    return register


def test_a_kind_declaring_what_it_reads_passes(with_kind: Any) -> None:
    assert with_kind(topic_kind()) == []


def test_a_context_reading_a_company_it_does_not_declare_fails(with_kind: Any) -> None:
    """The first defect of issue 23: party.company.description read, the company not
    declared: a changed description left the topic page stale under the preview."""
    found = with_kind(topic_kind(declares_companies=False))
    assert found
    assert all("(scratch-topic): reads company " in line and "description" in line
               and "does not declare it" in line for line in found)
    # Every company of every deal with a topic, in every language.
    assert "de/scratch-topics/ai.md (scratch-topic): reads company openai (description, " \
           "name) but its kind does not declare it" in found


def test_a_kind_whose_items_differ_by_language_must_say_so(with_kind: Any) -> None:
    """The second defect: needs_language dropped. The preview finds such a page's
    dependencies in one language and uses them in the other, where the page lists that
    language's articles instead."""
    found = with_kind(topic_kind(needs_language=False))
    assert found
    assert all("(scratch-topic)" in line and "needs_language" in line for line in found)
    assert any(line.startswith("en/scratch-topics/ai.md (scratch-topic): reads article "
                               "amazon-ai-bets.en") and "the de page's dependencies" in line
               for line in found)


def test_a_real_kind_with_a_dependency_left_out_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deal page with its parties left out of what it declares, as a slip in
    pages/deals.py would leave it."""
    kinds = registry()
    deal_page = next(kind for kind in kinds.KINDS if kind.name == "deal")
    declared = deal_page.depends_on
    slipped = replace(deal_page, depends_on=lambda r, deal: [
        key for key in declared(r, deal) if key[0] != "company"])
    monkeypatch.setattr(kinds, "KINDS", tuple(slipped if kind is deal_page else kind
                                              for kind in kinds.KINDS))
    found = audit(documents(SAMPLE_CONFIG), SAMPLE_CONFIG, pipeline.today())
    assert ("de/deals/amazon-anthropic-investment.md (deal): reads company anthropic "
            "(legal_name, name) but its kind does not declare it") in found
    # Only the deal pages, and every party of every deal in every language.
    assert {line.split(" (", 1)[1].split(")", 1)[0] for line in found} == {"deal"}
    assert len(found) == len(SAMPLE_CONFIG.languages) * sum(len({p["company"] for p in doc.data["parties"]})
                                 for doc in documents(SAMPLE_CONFIG) if doc.kind == "deal")
