"""The pages' own words: every message in the templates and code is translated into every
language of the registry (languages.py) but the one the messages are written in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.content.languages import LANGUAGES
from generator.text.i18n import LOCALES_DIR, SOURCE_LANGUAGE, untranslated

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def in_use(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every message id the templates and the code use, freshly extracted."""
    fresh = tmp_path_factory.mktemp("catalog") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(LOCALES_DIR / "babel.cfg"), "-o", str(fresh), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with fresh.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete(lang: str) -> None:
    assert (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").is_file()
    assert untranslated(lang) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_lists_every_message_in_use(lang: str, in_use: set[str]) -> None:
    assert len(in_use) > 100
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        translated = {m.id for m in read_po(handle) if m.id}
    assert in_use - translated == set(), "run pybabel extract and update (README)"


@pytest.mark.parametrize("lang", [SOURCE_LANGUAGE, *TRANSLATED])
def test_interface_words_use_the_languages_own_quotation_marks(lang: str) -> None:
    """Pages quote with curly marks („…“, “…”) and apostrophes (’): an interface word with
    a straight one ("What's next") would stand beside them. The English words are the ids."""
    from generator.text.typography import straight_quote

    po_file = LOCALES_DIR / (SOURCE_LANGUAGE if lang == SOURCE_LANGUAGE else lang) / \
        "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    texts = []
    for message in catalog:
        if not message.id:
            continue
        if lang == SOURCE_LANGUAGE:
            texts += list(message.id) if isinstance(message.id, tuple) else [message.id]
        else:
            texts += list(message.string) if isinstance(message.string, tuple) else [
                message.string]
    assert len(texts) > 100
    straight = [text for text in texts if straight_quote(text, markdown=True)]
    assert straight == []
