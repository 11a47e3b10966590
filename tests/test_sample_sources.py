"""The sample story invents nothing: every address in content/ is one FACTS.md gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "seeds" / "FACTS.md"


@pytest.mark.skipif(not FACTS.is_file(), reason="../shared/seeds/FACTS.md is not beside the repo")
def test_every_address_in_the_sample_content_comes_from_the_facts() -> None:
    known = set(re.findall(r"https://\S+", FACTS.read_text(encoding="utf-8")))
    used = set()
    for path in (ROOT / "content").rglob("*"):
        if path.is_file():
            used |= set(re.findall(r"https://[^\s\"')>\]]+", path.read_text(encoding="utf-8")))
    assert used, "the sample content cites no address at all"
    assert used <= known, f"addresses not in FACTS.md: {sorted(used - known)}"
