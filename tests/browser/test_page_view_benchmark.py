"""benchmarks/page_view.py on the sample site, so that it cannot rot (its figures are in
benchmarks/README.md, "Search on demand"; no timings asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_page_view_benchmark_counts_views_and_finds_the_word(built_site: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "page_view.py"), "--site", str(built_site),
         "--page", "en/deals/amazon-openai-investment/", "--word", "Trainium",
         "--views", "2", "--watch", "1"],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["cpu_per_view_s"]) == 2
    # What the script reports is what the page does: no index until the search is opened.
    assert result["index_fetched_without_search"] == 0
    assert result["results_shown"] > 0
