"""Lighthouse on a deal page in each language: the four category scores, desktop preset.

    .venv/bin/python benchmarks/lighthouse.py            # builds the sample site first
    .venv/bin/python benchmarks/lighthouse.py --site site --runs 3

Builds the site with the real `mkdocs build` into a temporary folder (or takes a built one),
serves it on 127.0.0.1 and runs Lighthouse (.ci/node_modules, installed by `bash .ci/setup
test`) with Debian's Chromium. Prints one line per page and run, the median of each
category over the runs, and every weighted audit short of full marks. A benchmark, not a
test: the figures go into benchmarks/README.md ("Lighthouse").
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".ci" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ["de/deals/amazon-openai-investment/", "en/deals/amazon-openai-investment/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build_site(work: Path) -> Path:
    env = dict(os.environ, BRIEFING_TODAY="2026-11-30", NO_MKDOCS_2_WARNING="1")
    site = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
    return site


def lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run([str(LIGHTHOUSE), url, "--preset=desktop", "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--output=json", f"--output-path={report}"], env=env, check=True)
    return json.loads(report.read_text("utf-8"))


def shortfalls(result: dict) -> list[str]:
    """The audits that cost a category points: weighted, scored below 1."""
    found = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                found.append(f"{name}: {ref['id']} {audit['score']:.2f} {value}".rstrip())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site/ (default: build one)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `bash .ci/setup test`")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = args.site.resolve() if args.site else build_site(work)
        reports = args.reports or work
        reports.mkdir(parents=True, exist_ok=True)
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        print(f"{'page':42} {'run':>3} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        try:
            for page in PAGES:
                scores: dict[str, list[int]] = {c: [] for c in CATEGORIES}
                problems: set[str] = set()
                for run in range(1, args.runs + 1):
                    name = page.strip("/").replace("/", "_") + f"-{run}.json"
                    result = lighthouse(base + page, reports / name)
                    for c in CATEGORIES:
                        scores[c].append(round(result["categories"][c]["score"] * 100))
                    problems.update(shortfalls(result))
                    print(f"{page:42} {run:>3} " + " ".join(
                        f"{scores[c][-1]:>14}" for c in CATEGORIES), flush=True)
                if args.runs > 1:
                    print(f"{page:42} {'med':>3} " + " ".join(
                        f"{statistics.median(scores[c]):>14g}" for c in CATEGORIES))
                for problem in sorted(problems):
                    print(f"    short of full marks: {problem}")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
