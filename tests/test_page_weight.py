"""What Material writes into every page, and this site's readers and scripts never use, stays
out of the pages, and a deal page stays under its weight (issue 24: 25 KB on average,
26.6 KB before; Material's own HTML for the same Markdown is 21.7 KB).

What went, and why each is safe, is in the templates that leave it out: Material's search
words and worker in `__config` where the search is Pagefind's (main.html), its settings
helpers and the step aside of the alternate links, now a file the browser keeps
(assets/javascripts/material_start.js), the content tabs' script where no tabs can exist
(partials/javascripts/content.html), and the second drawing of an icon drawn twice
(partials/briefing_icon.html).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

import pytest
from conftest import LANGUAGES, ROOT, run_mkdocs

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth

# The budget for the mean deal page, in bytes (1 KB = 1,000 bytes, as measured).
DEAL_PAGE_BUDGET = 25_000
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


def pages(site: Path) -> list[Path]:
    return sorted(path for lang in LANGUAGES for path in (site / lang).rglob("*.html"))


def test_no_page_draws_an_icon_twice_and_every_reference_is_drawn(built_site: Path) -> None:
    """The logo (header and drawer) and the magnifier (search button and box) are drawn
    once and referred to; what a reference names is on the page."""
    for page in pages(built_site):
        html = page.read_text("utf-8")
        drawings = SVG.findall(html)
        twice = {svg[:80] for svg in drawings if drawings.count(svg) > 1}
        assert not twice, (page, twice)
        for target in re.findall(r'<use href="#([^"]+)"', html):
            assert html.count(f'id="{target}"') == 1, (page, target)
        assert 'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"' not in html, page


def test_material_leaves_out_what_no_script_of_these_pages_reads(built_site: Path) -> None:
    """Material's search does not start where the search is Pagefind's: its words and
    worker are not in the page's settings; the helpers and the step aside of the alternate
    links come from material_start.js, and no page carries the content tabs' script."""
    for page in pages(built_site):
        html = page.read_text("utf-8")
        if 'id="__config"' not in html:
            continue  # the root's language chooser is the site's own page
        config = json.loads(CONFIG.search(html).group(1))
        assert "search" not in config, page
        assert not [word for word in config["translations"] if word.startswith("search.")]
        assert {"base", "features"} <= set(config), page
        assert "__md_scope=" not in html and "alternate-version" not in html, page
        assert "__tabbed_" not in html, page
        start = html.index("assets/javascripts/material_start.js")
        assert start < html.index("assets/javascripts/bundle."), page


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic site of 40 deals (benchmarks/synth.py), built by `mkdocs build`: its deal
    pages weigh what they weigh at 200 or 2,000 deals (within 0.1 KB)."""
    project = tmp_path_factory.mktemp("weight") / "project"
    synth.synthesize(project, 40, project_root=ROOT)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_deal_page_weighs_at_most_25_kb_on_average(synthetic_site: Path) -> None:
    means = {}
    for lang in LANGUAGES:
        sizes = [page.stat().st_size for page in (synthetic_site / lang / "deals").glob(
            "*/index.html")]
        assert len(sizes) == 40, lang
        means[lang] = statistics.mean(sizes)
    assert max(means.values()) <= DEAL_PAGE_BUDGET, means
