"""The checks of each record on its own, kept between a preview's rebuilds.

The rules that read one record and nothing else (rules/check.py, ``check_alone``) give the
same answer for the same record under the same settings: a record the loader gave again
unchanged (the same object, kept_files.KeptFiles) is not checked on its own again. Every rule
across records runs each time (``check_documents``), since a change elsewhere can break a
reference from an unchanged record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..content.load import Document
from ..rules.check import check_alone
from ..rules.reporting import CheckedAlone


class KeptChecks:
    """Each file's record, the settings it was checked under and what its checks found."""

    def __init__(self) -> None:
        self.by_file: dict[str, tuple[Document, tuple[Any, ...], CheckedAlone]] = {}

    def check_alone(self, documents: list[Document], languages: tuple[str, ...], today: date,
                    strict_translations: bool, review_after_days: int) -> dict[str, CheckedAlone]:
        """What the checks of each document on its own found, by file: kept for a document
        unchanged since the last call, found again for the rest. Files gone are forgotten."""
        settings = (languages, today, strict_translations, review_after_days)
        now: dict[str, tuple[Document, tuple[Any, ...], CheckedAlone]] = {}
        for doc in documents:
            entry = self.by_file.get(doc.file)
            if entry is not None and entry[0] is doc and entry[1] == settings:
                found = entry[2]
            else:
                found = check_alone(doc, languages, today, strict_translations,
                                    review_after_days)
            now[doc.file] = (doc, settings, found)
        self.by_file = now
        return {file: found for file, (_doc, _settings, found) in now.items()}
