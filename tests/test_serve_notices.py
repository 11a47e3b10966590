"""Under `mkdocs serve`, each warning and notice is printed once: the first build prints every
one, a later save only those its build did not have before and the warnings of the file
just saved, with one line counting the rest; errors are printed in full on every build
(language_builds.ShownProblems). At 2,000 deals the notices of records due for review are
hundreds of lines a save and the warnings of texts over their length thousands, which would
bury the one line an editor needs (and formatting them took 0.4 s of every save)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, copy_project
from edits import Editor
from test_serve_equivalence import Served, free_port

pytestmark = pytest.mark.slow  # a real `mkdocs serve`

MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "content"
NOTICE = re.compile(r"(?m)^INFO +- +briefing: (\S+):\d+:\d+: reviewed: notice: ")
SUMMARY = re.compile(r"(?m)^INFO +- +briefing: ((?:\d+ \w+ and )?\d+ \w+ as before, not "
                     r"printed again.*)$")
FRESH, OVERDUE = 'reviewed: "2026-11-01"', 'reviewed: "2025-06-02"'  # today is 2026-12-07


def test_a_preview_prints_each_notice_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    content = project / "content"
    deal = content / "deals" / "acme-globex-investment.yml"
    german, english = (content / "articles" / f"acme-globex.{lang}.md" for lang in ("de", "en"))
    for path in (deal, german):
        text = path.read_text(encoding="utf-8")
        assert text.count(FRESH) == 1, path
        path.write_text(text.replace(FRESH, OVERDUE), encoding="utf-8")
    shown = [f"content/{path.relative_to(content).as_posix()}" for path in (deal, german,
                                                                             english)]
    editor = Editor(content, seed=0, today=TODAY)
    serve = Served(project, free_port(), tmp_path / "serve-tmp")

    def save(path: Path, *changes: tuple[str, str]) -> str:
        """Save changes to a file, (old, new) each, and wait for their build; what the
        server printed meanwhile."""
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert text.count(old) == 1, (path, old)
            text = text.replace(old, new)
        printed_before = len(serve.text())
        _started, built, failed = serve.counts()
        editor.save(path, text)
        serve.settled(built + failed)
        return serve.text()[printed_before:]

    try:
        serve.wait_for("Serving on", timeout=600)
        first = serve.text()
        assert sorted(NOTICE.findall(first)) == [shown[1], shown[0]], first
        assert not SUMMARY.search(first)

        # A new notice is printed, once; the two before are counted; a new warning is printed.
        warning = re.compile(r"(?m)^WARNING +- +content/articles/acme-globex\.en\.md:2:8: "
                             r"title: warning: a straight apostrophe")
        printed = save(english, ("title: Acme bets on", "title: Acme's bet on"),
                       (FRESH, OVERDUE))
        assert NOTICE.findall(printed) == [shown[2]], printed
        assert SUMMARY.findall(printed)[-1].startswith("2 notices as before"), printed
        assert len(warning.findall(printed)) == 1, printed

        # A save elsewhere that changes no warning or notice prints none: both counted.
        printed = save(deal, ("en: Acme invests in Globex", "en: Acme invests more in Globex"))
        assert NOTICE.findall(printed) == [], printed
        assert not warning.search(printed), printed
        assert SUMMARY.findall(printed)[-1].startswith("1 warning and 3 notices as before"), \
            printed

        # A save of the file that has the warning prints it again, in full: it is what the
        # editor is working on; its notice, unchanged, stays counted.
        printed = save(english, ("Acme's bet on", "Acme's big bet on"))
        assert len(warning.findall(printed)) == 1, printed
        assert NOTICE.findall(printed) == [], printed
        assert SUMMARY.findall(printed)[-1].startswith("3 notices as before"), printed

        # An error is printed in full, with no warning or notice to bury it ...
        printed = save(deal, ("\nstatus: announced", "\nstatus: rumoured-ish"))
        assert re.search(r"content/deals/acme-globex-investment\.yml:\d+:\d+: status: ",
                         printed), printed
        assert "notice" not in printed and "warning" not in printed, printed
        # ... and the save that fixes it, and reviews the deal, prints no notice: the
        # deal's is gone, the two others and the warning are as before.
        printed = save(deal, ("\nstatus: rumoured-ish", "\nstatus: announced"), (OVERDUE, FRESH))
        assert NOTICE.findall(printed) == [], printed
        assert not warning.search(printed), printed
        assert SUMMARY.findall(printed)[-1] == (
            "1 warning and 2 notices as before, not printed again (each was printed in full "
            "when it first came up); 1 notice no longer holds"), printed
    finally:
        serve.stop()
