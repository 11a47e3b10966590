"""Preview: with `mkdocs serve` running, nothing rebuilds on its own, and saving a record
shows the change in the browser. Runs benchmarks/preview.py at its smallest, so that the
benchmark cannot rot; its timings are written down in benchmarks/README.md, not asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real `mkdocs serve`

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "serve-dirty"])
def test_a_saved_record_reaches_the_browser_without_a_rebuild_loop(mode: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "preview.py"), "--saves", "2", "--idle", "4",
         "--json", *mode], check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr + result.stdout
    figures = json.loads(result.stdout)
    # Four seconds of nothing: no build, no reload (the generated Markdown is not watched).
    assert (figures["idle_rebuilds"], figures["idle_navigations"]) == (0, 0)
    # Each save was seen on the page (the script waits for the new headline), after one build.
    assert len(figures["save_to_reload_s"]) == 2
    assert figures["builds_per_save"] == [1, 1]
    assert figures["rebuild_median_s"] is not None
