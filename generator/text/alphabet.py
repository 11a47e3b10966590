"""Alphabetical order as readers expect it: case and accents count last (Ä files with A, é
with e). The glossary's terms (render/renderer.py) and the companies' overview, its order
and its pages by first letter (pages/companies.py), file names the same way."""

from __future__ import annotations

import unicodedata


def without_accents(text: str) -> str:
    """``text`` with the marks Unicode sets on its letters taken off: „Ärztehaus“ →
    „Arztehaus“."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def sort_key(text: str) -> tuple[str, str]:
    """The key that orders ``text`` alphabetically, case and accents last."""
    return without_accents(text).casefold(), text
