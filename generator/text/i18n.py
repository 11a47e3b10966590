"""The interface words of the pages, from the gettext catalogs in generator/locales/.

Catalogs are read straight from their .po files: no compiled .mo files to keep in step.
English is the source language, so a string missing from a catalog shows in English.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).parent.parent / "locales"
DOMAIN = "messages"
# The language of the message ids in the templates and the code: its catalog stays empty.
SOURCE_LANGUAGE = "en"


@cache
def translations(lang: str, domain: str = DOMAIN) -> Translations:
    """``domain``: the pages' words (``messages``) or the check's (``check``,
    text/messages.py)."""
    po_file = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not po_file.is_file():
        return Translations()  # English words, untranslated
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def untranslated(lang: str, domain: str = DOMAIN) -> list[str]:
    """Message ids that the catalog of ``lang`` leaves untranslated (for tests and warnings)."""
    po_file = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return [str(m.id) for m in catalog if m.id and (m.fuzzy or not (
        all(m.string) if isinstance(m.string, tuple) else m.string))]  # plurals: every form
