"""What the comparison of key figures with git (generator/rules/history.py) costs at size.

    .venv/bin/python benchmarks/history_guard.py --deals 2000 --repeat 3

writes a project with N synthetic deals (benchmarks/synth.py) into a fresh git repository,
commits it, then commits a change to every deal record, and raises ten records' amounts in
the working copy without a correction: the case the guard is for. Three bases:

- "last commit": the default without a remote (an editor's usual case: only the ten records
  differ from the base, only they are read from git and parsed),
- "texts" and "figures": the first commit, named as a pull request's base is
  (``--base``), so that every record differs from the base and every base record is read
  and parsed (the worst case: a pull request that touched every record): its English
  headline edited ("texts", the ten are reported), or its amount raised with a correction
  ("figures": the new corrections tell readers of every change, nothing is reported).

It times, each the fastest of --repeat runs in this process:

- check: `pipeline.check` without the comparison (what a preview rebuild runs),
- guard: `history.silent_changes` alone on the loaded documents,
- check + guard: `pipeline.check(compare_history=True)` (what `briefing check` and a full
  build run),

and counts the git processes the guard starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import TODAY, synthesize

from generator.build import pipeline
from generator.content.load import load_content
from generator.engine.config import load_site_config
from generator.rules import history

CHANGED = 10
# What each row changed in the last commit, and how many problems the guard reports.
ROWS = (("last commit", "texts", CHANGED), ("texts", "texts", CHANGED), ("figures", "figures", 0))


def git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def edit_records(records: list[Path], change) -> None:
    for path in records:
        data = yaml.safe_load(path.read_text("utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        "utf-8")


def raise_amount(data: dict) -> None:
    data["amount"]["value"] += 1


def corrected(data: dict) -> None:
    raise_amount(data)
    data.setdefault("corrections", []).append(
        {"date": TODAY, "text": {"de": "Der Betrag war falsch.", "en": "The amount was wrong."}})


def prepare(project: Path, deals: int, last_commit: str) -> str:
    """The repository: the synthetic content, then a last commit that touched every deal
    record ("texts": an English headline edited; "figures": every amount raised, each with a
    correction), then ten amounts raised in the working copy without a word."""
    synthesize(project, deals)
    git(project, "init", "--quiet")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "Synthetic content")
    first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, check=True,
                           capture_output=True, text=True).stdout.strip()
    records = sorted((project / "content" / "deals").glob("*.yml"))
    edit_records(records, corrected if last_commit == "figures" else
                 lambda data: data["headline"].update(en=data["headline"]["en"] + " (edited)"))
    git(project, "commit", "--quiet", "-am", f"Every record's {last_commit} changed")
    edit_records(records[:CHANGED], raise_amount)
    return first


def fastest(run, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="where to write the projects (default: a "
                                                  "temporary folder)")
    args = parser.parse_args(argv)
    os.environ["BRIEFING_TODAY"] = TODAY
    work = args.work or Path(tempfile.mkdtemp(prefix="history-guard-"))
    print("| deals | base (since it, every record's) | check s | guard s | check + guard s "
          "| git processes | reported |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for deals, (row, last_commit, expected) in ((n, r) for n in args.deals for r in ROWS):
        project = work / f"deals-{deals}-{row.replace(' ', '-')}"
        first = prepare(project, deals, last_commit)
        base = None if row == "last commit" else first
        os.environ.pop("BRIEFING_BASE", None)
        if base:
            os.environ["BRIEFING_BASE"] = base
        config, _raw = load_site_config(project / "mkdocs.yml")
        documents = load_content(config.content_dir, config.project_dir).documents
        calls: list[Any] = []
        real_run = subprocess.run

        def counting_run(command, *rest, calls=calls, real_run=real_run, **options):
            calls.append(command)
            return real_run(command, *rest, **options)

        history.subprocess.run = counting_run  # type: ignore[assignment]
        try:
            guard, found = fastest(partial(history.silent_changes, documents, project,
                                           base=base), args.repeat)
            processes = len(calls) // args.repeat
        finally:
            history.subprocess.run = real_run  # type: ignore[assignment]
        check, _ = fastest(partial(pipeline.check, config), args.repeat)
        both, (_docs, problems) = fastest(partial(pipeline.check, config, compare_history=True),
                                          args.repeat)
        reported = sum(1 for p in problems if p.message.endswith("readers of the change)"))
        assert reported == len(found) == expected, (reported, len(found), found[:3])
        print(f"| {deals:,} | {row} | {check:.2f} | {guard:.2f} | {both:.2f} | "
              f"{processes} | {reported} |")
    os.environ.pop("BRIEFING_BASE", None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
