"""A small synthetic site shaped like a large one: the sizes at which the listings change
shape (the overview lists the newest deals and links a page per year, a company with many
deals gets pages per year, the sources index a page per period) lowered, so that 30 deals
show every shape a site of hundreds has, in seconds instead of minutes.

In this process the limits are lowered with monkeypatch (``lower_in_process``); a `mkdocs`
started by a test gets them from a sitecustomize module found first on its PYTHONPATH
(``lowered_environment``), which every process it starts inherits, forked or spawned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pages import articles, common, companies, deals, sources

DEALS = 30
THRESHOLDS = {"OVERVIEW_ROWS": 10, "COMPANY_ROWS": 4, "SOURCE_ROWS": 20,
              "YEAR_ROWS": 4, "LATEST_ROWS": 5, "COMPANY_LATEST_ROWS": 2,
              "ARTICLE_ROWS": 2, "LATEST_ARTICLE_ROWS": 1, "COMPANY_INDEX_ROWS": 1}
_FAMILIES = (deals, companies, sources, articles, common)


def _holders(name: str) -> list[str]:
    """The family modules that hold or import the limit ``name``: each must be lowered."""
    found = [m.__name__ for m in _FAMILIES if hasattr(m, name)]
    assert found, name
    return found


def lower_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in THRESHOLDS.items():
        for module in _holders(name):
            monkeypatch.setattr(f"{module}.{name}", value)


def lowered_environment(folder: Path) -> dict[str, str]:
    """Environment entries for a process whose site has the lowered limits."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['"""Started by the tests: the listings\' limits of tests/small_site.py."""',
             "import importlib"]
    for name, value in THRESHOLDS.items():
        for module in _holders(name):
            lines.append(f"setattr(importlib.import_module({module!r}), {name!r}, {value!r})")
    (folder / "sitecustomize.py").write_text("\n".join(lines) + "\n", "utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path}
