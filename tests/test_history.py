"""The guard against silent changes, in a throw-away git repository: a deal's key figure that
differs from the base commit's (here, without a remote, the last commit), with neither a
new timeline event nor a new correction, is an error naming the field, the old and the new
value (Pressekodex, Ziffer 3). The ways around it: test_history_walkarounds.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_briefing

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.rules import history

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"
SUFFIX = (", with neither a new timeline event nor a new correction (expected a correction, "
          "or an event, that tells readers of the change)")
CORRECTION = ('corrections:\n  - date: "2026-11-02"\n    text: {de: Der Betrag war falsch., '
              'en: The amount was wrong.}\n')


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.com",
               GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.com")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal site in a fresh repository with one commit."""
    project = copy_project(tmp_path / "project", content=MINIMAL)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "First version")
    return project


def edit(project: Path, find: str, replace: str, file: str = DEAL) -> None:
    path = project / file
    text = path.read_text("utf-8")
    assert find in text, find
    path.write_text(text.replace(find, replace, 1), "utf-8")


def problems(project: Path) -> list[str]:
    config, _raw = load_site_config(project / "mkdocs.yml")
    return [str(p) for p in pipeline.check(config, compare_history=True)[1]]


def test_a_silently_changed_amount_is_an_error_naming_field_old_and_new(repo: Path) -> None:
    edit(repo, "  value: 2000000000", "  value: 2500000000")
    result = run_briefing(repo, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        (f"{DEAL}:21:3: amount: changed from 2,000,000,000 USD (exact) to 2,500,000,000 USD (exact) "
         f"since the last commit{SUFFIX}"),
        "1 problem must be fixed."]


def test_a_correction_or_a_new_event_tells_readers_and_clears_it(repo: Path) -> None:
    edit(repo, "  value: 2000000000", "  value: 2500000000")
    edit(repo, 'reviewed: "2026-11-01"\n', 'reviewed: "2026-11-01"\n' + CORRECTION)
    assert problems(repo) == []
    git(repo, "checkout", "--", DEAL)
    edit(repo, "  value: 2000000000", "  value: 2500000000")
    edit(repo, "faq:\n", '  - date: "2026-11-02"\n    event: {de: Acme stockt auf., en: Acme '
                         'adds more.}\n    sources: [release]\nfaq:\n')
    edit(repo, 'as_of: "2025-03-01"', 'as_of: "2026-11-02"')
    assert problems(repo) == []


def test_status_parties_tranches_and_round_are_key_figures(repo: Path) -> None:
    edit(repo, "status: announced", "status: signed")
    edit(repo, "    status: announced\n", "    status: signed\n")
    edit(repo, "  - company: globex\n    role: target", "  - company: globex\n    role: partner")
    edit(repo, "timeline:\n", "round:\n  valuation: {value: 9000000000, currency: USD, qualifier: "
                              "about, sources: [release]}\n  valuation_basis: post-money\n"
                              "timeline:\n")
    assert problems(repo) == [
        (f"{DEAL}:11:9: status: changed from 'announced' to 'signed' since the last commit"
         f"{SUFFIX}"),
        f"{DEAL}:14:3: parties: 'globex (target)' removed since the last commit{SUFFIX}",
        f"{DEAL}:17:5: parties[1]: 'globex (partner)' added since the last commit{SUFFIX}",
        (f"{DEAL}:26:14: round.valuation: 9,000,000,000 USD (about) added since the last commit"
         f"{SUFFIX}"),
        f"{DEAL}:27:20: round.valuation_basis: 'post-money' added since the last commit{SUFFIX}",
    ]


def test_words_sources_and_dates_may_change_without_a_correction(repo: Path) -> None:
    edit(repo, "  en: Acme invests in Globex\n", "  en: Acme puts money into Globex\n")
    edit(repo, 'reviewed: "2026-11-01"', 'reviewed: "2026-11-20"')
    edit(repo, "    title: Acme invests in Globex", "    title: Acme invests in Globex Inc.")
    assert problems(repo) == []


def test_a_new_record_has_nothing_to_compare(repo: Path) -> None:
    shutil.copy(repo / DEAL, repo / "content/deals/acme-globex-second.yml")
    edit(repo, "id: acme-globex-investment", "id: acme-globex-second",
         "content/deals/acme-globex-second.yml")
    assert problems(repo) == []


def test_outside_git_one_notice_says_so_and_a_shallow_clone_compares(repo: Path,
                                                                      tmp_path: Path) -> None:
    plain = copy_project(tmp_path / "plain", content=MINIMAL)
    result = run_briefing(plain, "check")
    assert result.returncode == 0
    notices = [line for line in result.stdout.splitlines() if line.startswith("content/")]
    assert notices == [("content/deals: notice: key figures not compared with earlier versions: "
                        "the project is not in a git repository")]
    # A shallow clone that has its base (here: origin's default branch, its one commit)
    # compares as any other (one without the base: test_history_walkarounds.py).
    shallow = tmp_path / "shallow"
    edit(repo, "  de: Acme investiert in Globex\n", "  de: Acme investiert in die Globex\n")
    git(repo, "commit", "--quiet", "-am", "Second version")
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(shallow))
    assert problems(shallow) == []
    edit(shallow, "  value: 2000000000", "  value: 2500000000")
    assert problems(shallow) == [
        (f"{DEAL}:21:3: amount: changed from 2,000,000,000 USD (exact) to 2,500,000,000 USD (exact) "
         f"since the last commit{SUFFIX}")]


def test_without_git_one_notice_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, "  value: 2000000000", "  value: 2500000000")
    monkeypatch.setenv("PATH", str(repo / "no-programs-here"))
    assert problems(repo) == [("content/deals: notice: key figures not compared with earlier "
                               "versions: git is not installed")]


def test_git_is_asked_the_same_few_times_for_one_record_or_many(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], *rest: object, **options: object) -> object:
        calls.append(list(args))
        return real_run(args, *rest, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    edit(repo, "  value: 2000000000", "  value: 2100000000")
    assert len(problems(repo)) == 1
    with_one = len(calls)
    git(repo, "checkout", "--", DEAL)
    source = (repo / DEAL).read_text("utf-8")
    for n in range(30):
        (repo / f"content/deals/acme-globex-{n}.yml").write_text(
            source.replace("id: acme-globex-investment", f"id: acme-globex-{n}"), "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Thirty more")
    for n in range(30):
        edit(repo, "  value: 2000000000", "  value: 2500000000", f"content/deals/acme-globex-{n}.yml")
    calls.clear()
    found = problems(repo)
    assert len(found) == 30  # every changed record is compared
    # Where the repository is, which remote branches there are (none here: the base is
    # HEAD), the base's object ids, one batch read of the records that differ.
    assert len(calls) == with_one == 4
    assert [c[1] for c in calls] == ["rev-parse", "for-each-ref", "ls-tree", "cat-file"]


def test_layout_does_not_matter_only_the_figures_do(repo: Path) -> None:
    """Records written in another YAML layout (lists not indented, flow mappings) are
    compared by their figures, not their text."""
    path = repo / DEAL
    text = path.read_text("utf-8")
    text = text.replace("amount:\n  value: 2000000000\n  currency: USD\n  qualifier: exact\n"
                        "  sources: [release]\n",
                        "amount: {currency: USD, qualifier: exact, value: 2000000000, "
                        "sources: [release]}\n")
    text = text.replace("parties:\n  - company: acme\n    role: investor\n    sources: [release]\n"
                        "  - company: globex\n    role: target\n    sources: [release]\n",
                        "parties:\n- company: acme\n  role: investor\n  sources: [release]\n"
                        "- company: globex\n  role: target\n  sources: [release]\n")
    path.write_text(text, "utf-8")
    assert problems(repo) == []
    git(repo, "commit", "--quiet", "-am", "Another layout")
    path.write_text(text.replace("value: 2000000000", "value: 3000000000"), "utf-8")
    assert problems(repo) == [
        (f"{DEAL}:20:9: amount: changed from 2,000,000,000 USD (exact) to 3,000,000,000 USD (exact) "
         f"since the last commit{SUFFIX}")]


@pytest.mark.slow
def test_the_benchmark_runs_and_reports_each_row(tmp_path: Path) -> None:
    """benchmarks/history_guard.py at a tiny size, so that it cannot rot (no timings
    asserted: the figures are in benchmarks/README.md)."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "history_guard.py"),
                             "--deals", "12", "--repeat", "1", "--work", str(tmp_path)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    rows = [line.split(" | ") for line in result.stdout.splitlines()
            if line.startswith("| 12 ")]
    assert [(row[1], row[5], row[6].rstrip(" |")) for row in rows] == [
        ("last commit", "4", "10"), ("texts", "4", "10"), ("figures", "4", "0")]
