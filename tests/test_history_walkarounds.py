"""The git guard compares records, not files or lines (issue 19): each way around it that
testers found, in a throw-away repository cloned from a published one, as CI and an
editor's checkout have it (``origin`` is what readers saw). Each of (1)-(9) passed the
check with the new figure on the guard that compared a file with its last commit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_briefing
from test_history import DEAL, MINIMAL, SUFFIX, edit, git, problems

from generator.rules import history
from generator.schemas import SCHEMA_DIR

STAKE = "stake: {holder: acme, percent: 10, qualifier: exact, sources: [release]}\n"
CORRECTION = ('corrections:\n  - date: "2026-11-02"\n    text: {de: Der Betrag war falsch., '
              'en: The amount was wrong.}\n')
RAISED = "changed from 2,000,000,000 USD (exact) to 2,500,000,000 USD (exact)"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An editor's clone of the published repository (a bare one in tmp_path), whose deal
    holds a stake of 10 % and a correction."""
    project = copy_project(tmp_path / "first", content=MINIMAL)
    edit(project, "timeline:\n", STAKE + "timeline:\n")
    edit(project, 'reviewed: "2026-11-01"\n', 'reviewed: "2026-11-01"\n' + CORRECTION)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "First version")
    git(tmp_path, "clone", "--quiet", "--bare", str(project), "published.git")
    git(tmp_path, "clone", "--quiet", "published.git", "work")
    return tmp_path / "work"


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)


def publish(repo: Path, message: str) -> None:
    commit(repo, message)
    git(repo, "push", "--quiet", "origin", "main")


def guard(repo: Path) -> list[str]:
    """The guard's problems only (renaming a deal, say, brings the check's own)."""
    return [p for p in problems(repo) if p.endswith(SUFFIX) or "cannot be compared" in p]


def base(repo: Path) -> str:
    merge_base = git(repo, "merge-base", "origin/HEAD", "HEAD").strip()
    return f"commit {merge_base[:7]} (the merge base with origin/HEAD)"


def raise_amount(repo: Path, file: str = DEAL) -> None:
    edit(repo, "  value: 2000000000", "  value: 2500000000", file)


# --- the walk-arounds ----------------------------------------------------------------------

def test_1_a_record_moved_into_a_subfolder_is_still_the_same_deal(work: Path) -> None:
    moved = "content/deals/2025/acme-globex-investment.yml"
    (work / "content/deals/2025").mkdir()
    git(work, "mv", DEAL, moved)
    raise_amount(work, moved)
    assert guard(work) == [f"{moved}:21:3: amount: {RAISED} since the last commit{SUFFIX}"]
    commit(work, "Move and raise")
    assert guard(work) == [f"{moved}:21:3: amount: {RAISED} since {base(work)}{SUFFIX}"]


def test_2_a_flow_mapping_changed_on_its_second_line_is_read_as_yaml(work: Path) -> None:
    edit(work, "amount:\n  value: 2000000000\n  currency: USD\n  qualifier: exact\n"
               "  sources: [release]\n",
         "amount: {sources: [release],\nvalue: 2000000000, currency: USD, qualifier: exact}\n")
    publish(work, "Another layout")
    assert problems(work) == []
    edit(work, "value: 2000000000,", "value: 2500000000,")
    assert guard(work) == [f"{DEAL}:20:9: amount: {RAISED} since the last commit{SUFFIX}"]


def test_3_an_event_whose_date_moved_is_not_a_new_event(work: Path) -> None:
    raise_amount(work)
    edit(work, '  - date: "2025-03-01"\n    status: announced',
         '  - date: "2025-03-02"\n    status: announced')
    edit(work, 'as_of: "2025-03-01"', 'as_of: "2025-03-02"')
    assert guard(work) == [f"{DEAL}:21:3: amount: {RAISED} since the last commit{SUFFIX}"]


def test_4_a_reworded_correction_is_no_new_correction_but_a_change_itself(work: Path) -> None:
    raise_amount(work)
    edit(work, "The amount was wrong.", "The amount was incorrect.")
    assert guard(work) == [
        f"{DEAL}:21:3: amount: {RAISED} since the last commit{SUFFIX}",
        (f"{DEAL}:52:5: corrections[0]: the correction of 2026-11-02 was changed since the "
         f"last commit{SUFFIX}")]


def test_5_a_silent_change_followed_by_other_commits_is_found(work: Path) -> None:
    raise_amount(work)
    commit(work, "Raise the amount")
    edit(work, "  en: Acme invests in Globex\n", "  en: Acme puts money into Globex\n")
    commit(work, "Reword the headline")
    (work / "notes.txt").write_text("an unrelated file\n", "utf-8")
    commit(work, "Notes")
    assert guard(work) == [f"{DEAL}:21:3: amount: {RAISED} since {base(work)}{SUFFIX}"]


def test_6_an_evil_merge_that_changes_the_amount_is_found(work: Path) -> None:
    git(work, "checkout", "--quiet", "-b", "side")
    (work / "notes.txt").write_text("an unrelated file\n", "utf-8")
    commit(work, "Notes")
    git(work, "checkout", "--quiet", "main")
    (work / "other.txt").write_text("another unrelated file\n", "utf-8")
    commit(work, "Other")
    git(work, "merge", "--quiet", "--no-ff", "--no-commit", "side")
    raise_amount(work)
    commit(work, "Merge side")  # the merge commit itself changes the amount
    assert len(git(work, "rev-parse", "HEAD^@").split()) == 2  # a merge commit
    assert guard(work) == [f"{DEAL}:21:3: amount: {RAISED} since {base(work)}{SUFFIX}"]


def test_7_a_record_deleted_then_added_again_is_the_same_deal(work: Path) -> None:
    text = (work / DEAL).read_text("utf-8")
    git(work, "rm", "--quiet", DEAL)
    commit(work, "Remove the deal")
    (work / DEAL).parent.mkdir(exist_ok=True)
    (work / DEAL).write_text(text.replace("  value: 2000000000", "  value: 2500000000"), "utf-8")
    commit(work, "Add it again")
    assert guard(work) == [f"{DEAL}:21:3: amount: {RAISED} since {base(work)}{SUFFIX}"]


def test_8_a_record_renamed_to_a_new_id_is_compared_with_the_old_id(work: Path) -> None:
    renamed = "content/deals/acme-globex-stake.yml"
    git(work, "mv", DEAL, renamed)
    edit(work, "id: acme-globex-investment", "id: acme-globex-stake", renamed)
    for article in ("content/articles/acme-globex.de.md", "content/articles/acme-globex.en.md"):
        path = work / article
        path.write_text(path.read_text("utf-8").replace("acme-globex-investment",
                                                        "acme-globex-stake"), "utf-8")
    raise_amount(work, renamed)
    commit(work, "Rename and raise")
    assert guard(work) == [
        (f"{renamed}:21:3: amount: {RAISED} since {base(work)}, where this deal was "
         f"'acme-globex-investment' ({DEAL}){SUFFIX}")]


def test_9_a_stake_is_a_key_figure(work: Path) -> None:
    edit(work, "percent: 10,", "percent: 49,")
    assert guard(work) == [
        f"{DEAL}:25:32: stake.percent: changed from 10 to 49 since the last commit{SUFFIX}"]


# --- what passes, and what the guard needs ---------------------------------------------------

def test_an_unchanged_tree_passes(work: Path) -> None:
    assert problems(work) == []
    edit(work, "  en: Acme invests in Globex\n", "  en: Acme puts money into Globex\n")
    commit(work, "Reword the headline")
    assert problems(work) == []


def test_a_new_correction_tells_readers(work: Path) -> None:
    raise_amount(work)
    edit(work, "en: The amount was wrong.}\n",
         "en: The amount was wrong.}\n  - date: \"2026-11-03\"\n    text: {de: Der Betrag "
         "war wieder falsch., en: The amount was wrong again.}\n")
    commit(work, "Raise the amount, with a correction")
    assert problems(work) == []


def test_a_second_correction_on_the_same_day_is_new(work: Path) -> None:
    raise_amount(work)
    edit(work, "en: The amount was wrong.}\n",
         "en: The amount was wrong.}\n  - date: \"2026-11-02\"\n    text: {de: Auch die "
         "Summe war falsch., en: The total was wrong too.}\n")
    assert problems(work) == []


def test_a_new_event_with_a_status_tells_readers(work: Path) -> None:
    raise_amount(work)
    edit(work, "status: announced\nas_of", "status: signed\nas_of")
    edit(work, 'as_of: "2025-03-01"', 'as_of: "2025-04-01"')
    edit(work, "faq:\n", '  - date: "2025-04-01"\n    status: signed\n    event: {de: Acme und '
                         'Globex unterzeichnen., en: Acme and Globex sign.}\n    sources: '
                         '[release]\nfaq:\n')
    commit(work, "Signed, for more")
    assert problems(work) == []


def test_a_removed_correction_is_a_change(work: Path) -> None:
    edit(work, CORRECTION, "")
    assert guard(work) == [
        (f"{DEAL}:3:1: corrections: the correction of 2026-11-02 was removed since the last "
         f"commit{SUFFIX}")]


def test_a_shallow_clone_without_the_base_says_what_to_fetch(work: Path, tmp_path: Path) -> None:
    git(work, "checkout", "--quiet", "-b", "feature")
    raise_amount(work)
    commit(work, "Raise the amount")
    edit(work, "  en: Acme invests in Globex\n", "  en: Acme puts money into Globex\n")
    commit(work, "Reword")
    git(work, "push", "--quiet", "origin", "feature")
    # As a CI checkout of a pull request's branch without fetch-depth: 0.
    git(tmp_path, "clone", "--quiet", "--depth", "1", "--branch", "feature", "--single-branch",
        f"file://{tmp_path / 'published.git'}", "ci")
    ci = tmp_path / "ci"
    fetch = ('fetch the whole history: actions/checkout with fetch-depth: 0, GitLab with '
             'GIT_DEPTH: "0", or git fetch --unshallow')
    result = run_briefing(ci, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/deals: key figures cannot be compared: this is a shallow clone without the "
        f"default branch, so the base to compare with is not known ({fetch}; or name the "
        f"base: briefing check --base REF, or BRIEFING_BASE)")
    named = run_briefing(ci, "check", "--base", "origin/main")
    assert named.returncode == 1
    assert named.stderr.splitlines()[0] == (
        f"content/deals: key figures cannot be compared: the base 'origin/main' is not in this "
        f"shallow clone ({fetch})")
    git(ci, "fetch", "--quiet", "--unshallow", "origin", "main:refs/remotes/origin/main")
    fetched = run_briefing(ci, "check", "--base", "origin/main")
    assert fetched.returncode == 1
    assert fetched.stderr.splitlines()[0].endswith(f"{RAISED} since {base_of(ci)}{SUFFIX}")


def base_of(repo: Path) -> str:
    merge_base = git(repo, "merge-base", "origin/main", "HEAD").strip()
    return f"commit {merge_base[:7]} (the merge base with origin/main)"


def test_base_names_a_pull_requests_target_and_briefing_base_does_too(work: Path) -> None:
    """Without a remote the default is the last commit; --base (or BRIEFING_BASE, which
    mkdocs build reads) names another, such as a pull request's target."""
    git(work, "remote", "remove", "origin")
    raise_amount(work)
    commit(work, "Raise the amount")
    assert problems(work) == []  # compared with the last commit, which has it
    first = git(work, "rev-parse", "HEAD~1").strip()
    since = f"commit {first[:7]} (the merge base with HEAD~1)"
    result = run_briefing(work, "check", "--base", "HEAD~1")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{DEAL}:21:3: amount: {RAISED} since {since}{SUFFIX}"
    by_env = run_briefing(work, "build", env={"BRIEFING_BASE": "HEAD~1"})
    assert by_env.returncode == 1 and f"amount: {RAISED} since {since}" in by_env.stderr
    # Git's id of no commit (CI's "commit before" a branch's first push) names none.
    nothing = run_briefing(work, "check", env={"BRIEFING_BASE": "0" * 40})
    assert nothing.returncode == 0, nothing.stderr
    for option in ("--output=/tmp/x", "-v"):  # never an option to git
        refused = run_briefing(work, "check", f"--base={option}")
        assert refused.returncode == 1
        assert refused.stderr.splitlines()[0] == (
            f"content/deals: key figures cannot be compared: the base '{option}' is not a "
            f"commit name (expected a branch, a tag or a commit id, such as origin/main)")
    unknown = run_briefing(work, "check", "--base", "origin/nowhere")
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines()[0].startswith(
        "content/deals: key figures cannot be compared: the base 'origin/nowhere' is not a "
        "commit in this repository")


def test_the_readme_lists_the_key_figures_the_guard_compares() -> None:
    """One list (history.KEY_FIGURES); the README names it, and every name is a field of
    the deal schema, so that a figure added to the schema is a decision here."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    listed = " ".join(readme.split()).split("key figures (the fields ", 1)[1].split(")", 1)[0]
    assert listed == ", ".join(f"`{name}`" for name in history.KEY_FIGURES)
    schema = json.loads((SCHEMA_DIR / "deal.schema.json").read_text("utf-8"))
    assert set(history.KEY_FIGURES) <= set(schema["properties"])


def test_the_git_processes_are_few_whatever_the_history(work: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    raise_amount(work)
    commit(work, "Raise the amount")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], *rest: object, **options: object) -> object:
        calls.append(list(args))
        return real_run(args, *rest, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    assert len(guard(work)) == 1
    assert [c[1] for c in calls] == ["rev-parse", "for-each-ref", "merge-base", "ls-tree",
                                     "cat-file"]


def test_a_base_record_is_read_as_yaml_reads_it_merge_keys_and_repeated_keys_too() -> None:
    """The base is parsed whole; only the compared fields become Python objects."""
    read = history._read_fields  # the one place the base's YAML is read
    money = "{value: 1, currency: USD, qualifier: exact}"
    assert read(f"id: a\nheadline: {{en: x}}\namount: {money}\n") == {
        "id": "a", "amount": {"value": 1, "currency": "USD", "qualifier": "exact"}}
    assert read(f"<<: {{amount: {money}}}\nid: a\n")["amount"]["value"] == 1
    assert read("id: a\nstatus: signed\nstatus: completed\n")["status"] == "completed"
    assert read(f"id: a\nbase: &m {money}\namount:\n  <<: *m\n  value: 2\n")["amount"] == {
        "value": 2, "currency": "USD", "qualifier": "exact"}


def test_a_base_record_full_of_aliases_is_not_expanded() -> None:
    """'Billion laughs' in a base version (the check refuses aliases, so it was never
    published) ends the reading of that record at once, not after exponential time."""
    lines = ["id: a", "x0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    lines += [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines.append("amount: {value: 1, currency: USD, qualifier: exact, sources: *a9}")
    with pytest.raises(yaml.YAMLError):
        history._read_fields("\n".join(lines) + "\n")
    assert history._read_fields("\n".join(lines[:-1]) + "\n") == {"id": "a"}
