"""How long `briefing check` takes over a record full of citations of unknown sources.

A hostile or broken record cites thousands of source ids that its sources list does not
have, while listing thousands of others: each unknown id gets a "did you mean" search over
the listed ones. Writes such a deal into a copy of the minimal test tree and times the
check in-process. Figures: benchmarks/README.md, "Unknown citations". Since one statement
may cite at most 20 sources (the schema's maxItems), more than that is refused as one
message for the list, and only its first 20 entries are checked one by one.

    .venv/bin/python benchmarks/unknown_citations.py --sources 2000 --unknown 2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import pipeline
from generator.engine.config import load_site_config

MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "content"


def hostile_deal(sources: int, unknown: int) -> str:
    """The minimal deal with ``sources`` more sources (each cited) and ``unknown``
    citations of ids that are not listed, each close to a listed one."""
    text = (MINIMAL / "deals" / "acme-globex-investment.yml").read_text(encoding="utf-8")
    listed = [f"report-{i:05d}" for i in range(sources)]
    missing = [f"reprot-{i:05d}" for i in range(unknown)]
    cited = ", ".join(["release", *listed, *missing])
    text = text.replace("      en: Two billion US dollars.\n    sources: [release]",
                        f"      en: Two billion US dollars.\n    sources: [{cited}]")
    extra = "".join(f"  - {{id: {ident}, publisher: Acme Corp., title: Report {ident}, "
                    f"kind: press-release, published: \"2025-03-01\", language: en}}\n"
                    for ident in listed)
    # The listed sources go at the end of the record's sources list.
    head, marker, tail = text.partition("\npublished: ")
    return head + "\n" + extra.rstrip("\n") + marker + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--unknown", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("BRIEFING_TODAY", "2026-11-23")
    with tempfile.TemporaryDirectory() as tmp:
        # The minimal tree's own settings, not the sample's (whose languages may differ from
        # the tree's), with the theme beside them, where MkDocs' config loader looks for it.
        shutil.copy(MINIMAL.parent / "mkdocs.yml", Path(tmp) / "mkdocs.yml")
        shutil.copytree(ROOT / "templates" / "theme", Path(tmp) / "templates" / "theme")
        content = Path(tmp) / "content"
        shutil.copytree(MINIMAL, content)
        (content / "deals" / "acme-globex-investment.yml").write_text(
            hostile_deal(args.sources, args.unknown), encoding="utf-8")
        config = replace(load_site_config(Path(tmp) / "mkdocs.yml")[0], content_dir=content,
                         project_dir=Path(tmp))
        started = time.perf_counter()
        _documents, problems = pipeline.check(config)
        elapsed = time.perf_counter() - started
    suggested = sum("did you mean" in p.message for p in problems)
    print(f"{args.sources} sources, {args.unknown} unknown citations: {len(problems)} problems "
          f"({suggested} with a suggestion) in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
