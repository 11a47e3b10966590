"""The content model a preview made, kept between its rebuilds: a record whose document is
unchanged keeps its object.

``build_content`` (content/model.py) has each record's object through a maker; a clean
build's makes every object anew. This one, kept by a preview for as long as it runs,
gives the object of the last call again for a document that is the same object (the
reader gave it again unchanged: kept_files.py); ``build_content`` makes a record anew all
the same when a company or author it links to was made anew, and makes every link
between records anew each time, so the model is what a build from nothing makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content.load import Document
from ..content.model import Article, Company, Deal, MadeAnew


class KeptModel(MadeAnew):
    """The model objects of the last ``build_content`` call, by file, for the next call in
    the same process."""

    def __init__(self) -> None:
        self.by_file: dict[str, tuple[Document, Any]] = {}
        self.now: dict[str, tuple[Document, Any]] = {}  # this call's, so far

    def begin(self) -> None:
        self.now = {}

    def made(self, doc: Document, make: Callable[[], Any]) -> tuple[Any, bool]:
        entry = self.by_file.get(doc.file)
        if entry is not None and entry[0] is doc:
            value, new = entry[1], False
        else:
            value, new = make(), True
        self.now[doc.file] = (doc, value)
        return value, new

    def replaced(self, doc: Document, value: Any) -> None:
        self.now[doc.file] = (doc, value)

    def end(self) -> None:
        for file, (_doc, value) in self.by_file.items():
            if self.now.get(file, (None, None))[1] is not value:
                _unlink(value)
        self.by_file, self.now = self.now, {}


def _unlink(record: Any) -> None:
    """Let go of what a replaced model object links to, so that it is freed as soon as
    nothing else holds it, without waiting for the garbage collector's cycle search (which
    a preview keeps from walking its kept objects: language_builds.Kept)."""
    if isinstance(record, Deal):
        record.related, record.articles = [], []
    elif isinstance(record, Article):
        record.translations, record.deals = {}, []
    elif isinstance(record, Company):
        record.deals.clear()
