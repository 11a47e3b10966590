"""The pages' own words: every message in the templates and code has a German translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from generator.i18n import LOCALES_DIR, untranslated

ROOT = Path(__file__).resolve().parent.parent


def test_german_catalog_is_complete() -> None:
    assert untranslated("de") == []


def test_catalog_template_lists_every_message_in_use(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(LOCALES_DIR / "babel.cfg"), "-o", str(fresh), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with fresh.open("rb") as handle:
        in_use = {m.id for m in read_po(handle) if m.id}
    with (LOCALES_DIR / "de" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        translated = {m.id for m in read_po(handle) if m.id}
    assert in_use - translated == set(), "run pybabel extract and update (README)"
