"""A preview's kept checks (preview/kept_checks.py): a record unchanged since the last check
is not checked on its own again, a changed one is, and every check across records runs
again, so that what a kept generator reports is what a check from nothing reports."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project

from generator.build import pipeline
from generator.engine.config import load_site_config

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"


def test_only_a_changed_record_is_checked_on_its_own_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    _documents, before = kept.check(config)
    assert not [p for p in before if p.severity == "error"]
    found_before = {file: entry[2] for file, entry in kept.checks.by_file.items()}

    deal = project / DEAL
    text = deal.read_text(encoding="utf-8")
    # One problem on the record alone (a day not on the calendar), one across records (a
    # company that does not exist): the unchanged records' own checks are kept.
    deal.write_text(text.replace('as_of: "2025-03-01"', 'as_of: "2025-02-30"', 1)
                    .replace("company: globex", "company: globexx", 1), encoding="utf-8")
    _documents, after = kept.check(config)
    _documents, from_nothing = pipeline.Generator().check(config)
    assert after == from_nothing
    assert {(p.file, p.field) for p in after if p.severity == "error"} == {
        (DEAL, "as_of"), (DEAL, "parties[1].company")}

    found_after = {file: entry[2] for file, entry in kept.checks.by_file.items()}
    assert set(found_after) == set(found_before)
    for file, found in found_after.items():
        assert (found is found_before[file]) == (file != DEAL), file
