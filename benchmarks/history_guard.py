"""What the comparison of key figures with git (generator/history.py) costs at size.

    .venv/bin/python benchmarks/history_guard.py --deals 2000 --repeat 3

writes a project with N synthetic deals (benchmarks/synth.py) into a fresh git repository,
commits it, then commits a change to every deal record, so that every record has an earlier
version to read (the worst case for a clean checkout in CI): once its English headline
("texts"), once its amount with a correction ("figures", where every earlier version must be
read as YAML). Ten records' amounts are then raised in the working copy without a
correction: the case the guard is for, and those ten are reported. It times, each the
fastest of --repeat runs in this process:

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

from generator import history, pipeline
from generator.config import load_site_config
from generator.load import load_content

CHANGED = 10


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


def prepare(project: Path, deals: int, last_commit: str) -> None:
    """The repository: the synthetic content, then a last commit that touched every deal
    record ("texts": an English headline edited; "figures": every amount raised, each with a
    correction), then ten amounts raised in the working copy without a word."""
    synthesize(project, deals)
    git(project, "init", "--quiet")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "Synthetic content")
    records = sorted((project / "content" / "deals").glob("*.yml"))
    edit_records(records, corrected if last_commit == "figures" else
                 lambda data: data["headline"].update(en=data["headline"]["en"] + " (edited)"))
    git(project, "commit", "--quiet", "-am", f"Every record's {last_commit} changed")
    edit_records(records[:CHANGED], raise_amount)


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
    print("| deals | last commit changed every record's | check s | guard s | check + guard s "
          "| git processes | reported |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for deals, last_commit in ((n, kind) for n in args.deals for kind in ("texts", "figures")):
        project = work / f"deals-{deals}-{last_commit}"
        prepare(project, deals, last_commit)
        config, _raw = load_site_config(project / "mkdocs.yml")
        documents = load_content(config.content_dir, config.project_dir).documents
        calls: list[Any] = []
        real_run = subprocess.run

        def counting_run(command, *rest, calls=calls, real_run=real_run, **options):
            calls.append(command)
            return real_run(command, *rest, **options)

        history.subprocess.run = counting_run  # type: ignore[assignment]
        try:
            guard, found = fastest(partial(history.silent_changes, documents, project),
                                   args.repeat)
            processes = len(calls) // args.repeat
        finally:
            history.subprocess.run = real_run  # type: ignore[assignment]
        check, _ = fastest(partial(pipeline.check, config), args.repeat)
        both, (_docs, problems) = fastest(partial(pipeline.check, config, compare_history=True),
                                          args.repeat)
        reported = sum(1 for p in problems if "since the last commit" in p.message)
        assert reported == len(found) == CHANGED, (reported, len(found))
        print(f"| {deals:,} | {last_commit} | {check:.2f} | {guard:.2f} | {both:.2f} | "
              f"{processes} | {reported} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
