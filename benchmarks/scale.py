"""The scale benchmark: the project's build beside a plain MkDocs build of the same pages.

    .venv/bin/python benchmarks/scale.py                      # N = 200, 1000, 2000
    .venv/bin/python benchmarks/scale.py --deals 5 --work /tmp/b --json /tmp/b/results.json

For each N it writes a project copy with N synthetic deals (``synth.py``) and measures, one
after the other, each in a process of its own:

generator   the generator's step alone (load, check, model, render, write), timed inside the
            process by stage; then a second run over the unchanged content, counting the
            files it rewrites.
full        the project's ``mkdocs build`` from a clean state (no build/, no site/): the
            generator, then German in this process and English in a second one.
reference   plain mkdocs-material on the Markdown the full build generated: the same
            Markdown extensions, the same short nav and not_in_nav, Material's search
            plugin, no plugin or theme override of ours; German and then English in ONE
            Python process (mkdocs.commands.build.build called twice).
floor       the same pages through Python-Markdown alone (same extensions), one process.

Wall time is the wall clock around the process; CPU time is user + system time of the
process and all its children (resource.getrusage(RUSAGE_CHILDREN) in a fresh wrapper
process); peak memory is the largest resident set of any one process in that run
(ru_maxrss of the children: the largest, not the sum). "Pages" are all Markdown pages of
both languages. Results are printed as a Markdown table and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth

ROOT = HERE.parent
ENV = {"BRIEFING_TODAY": synth.TODAY, "NO_MKDOCS_2_WARNING": "1"}

# --- measuring a command ----------------------------------------------------------------------


def measure(command: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``command`` through a fresh wrapper process that reports its children's usage."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--wrap", "--", *command]
    env = dict(os.environ, **ENV)
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(wrapper, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed in {cwd}: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    usage = json.loads(done.stdout.strip().splitlines()[-1])
    usage["output"] = done.stdout.strip().splitlines()[:-1]
    return usage


def _wrap(command: list[str]) -> int:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        return done.returncode
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stdout.write(done.stdout)
    # The plugin logs how long the generator held up the build: "briefing: … in 1.23 s".
    said = [line for line in done.stderr.splitlines() if "briefing:" in line and " in " in line]
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": usage.ru_maxrss / 1024, "log": said}))
    return 0


# --- what runs inside the measured processes ----------------------------------------------------


def _generator_step(project: Path) -> int:
    """The generator alone, timed by stage; prints one JSON line."""
    start = time.perf_counter()
    cpu_start = time.process_time()
    from generator.build import pipeline
    from generator.build.picture_cache import PictureCache
    from generator.build.write import prepare_markdown_root, settle, write_tree
    from generator.content.load import load_content
    from generator.content.model import build_content
    from generator.engine.config import load_site_config
    from generator.render.renderer import render_site
    from generator.rules.check import check_documents

    stages: dict[str, float] = {"import": time.perf_counter() - start}
    cpu: dict[str, float] = {"import": time.process_time() - cpu_start}
    last_cpu = [time.process_time()]

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        stages[name] = now - since
        cpu[name] = time.process_time() - last_cpu[0]
        last_cpu[0] = time.process_time()
        return now

    t = time.perf_counter()
    config, _raw = load_site_config(project / "mkdocs.yml")
    loaded = load_content(config.content_dir, config.project_dir)
    t = lap("load", t)
    problems = loaded.problems + check_documents(loaded.documents, config.languages,
                                                 pipeline.today(), config.strict_translations)
    if any(pipeline.is_failure(p, False) for p in problems):
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    t = lap("check", t)
    content = build_content(loaded.documents)
    del loaded, problems  # as pipeline.prepare drops them: the model holds what is needed
    t = lap("model", t)
    # As `briefing build` does it (pipeline.build_markdown): one language after the other,
    # each rendered, then written to its folder; the stages add up over the languages.
    prepare_markdown_root(config.markdown_dir, config.languages)
    pages = written = removed = 0
    render_wall = render_cpu = 0.0
    for lang in config.languages:
        rendered = render_site(content, config, [lang], today=pipeline.today())
        t = lap("render", t)
        render_wall, render_cpu = render_wall + stages["render"], render_cpu + cpu["render"]
        pictures = (PictureCache(config.picture_cache / lang) if config.picture_cache
                    else None)
        report = write_tree({path.split("/", 1)[1]: text for path, text in rendered.items()},
                            config.markdown_dir / lang, pictures=pictures)
        t = lap(f"write {lang}", t)
        pages, written, removed = (pages + len(rendered), written + len(report.written),
                                   removed + len(report.removed))
        del rendered
    # As the build ends: the kept pictures left holding this build's only.
    settle(pipeline.markdown_trees(config), keep_new=True, picture_cache=config.picture_cache)
    t = lap("write settle", t)
    stages["render"], cpu["render"] = render_wall, render_cpu
    write_keys = [*(f"write {lang}" for lang in config.languages), "write settle"]
    stages["write"] = sum(stages.pop(key) for key in write_keys)
    cpu["write"] = sum(cpu.pop(key) for key in write_keys)
    print(json.dumps({"stages": stages, "stages_cpu": cpu, "pages": pages, "written": written,
                      "removed": removed, "step_wall": t - start - stages["import"],
                      "step_cpu": time.process_time() - cpu_start}))
    return 0


def _reference(project: Path) -> int:
    """German, then English, through plain MkDocs + Material in this one process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for lang in ("de", "en"):
        config = load_config(str(project / f"mkdocs-reference-{lang}.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return 0


def _floor(project: Path) -> int:
    """Every generated page through Python-Markdown with the site's extensions."""
    import markdown

    from generator.text.markup import MARKDOWN_EXTENSIONS

    converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    out = 0
    for path in sorted((project / "build" / "markdown").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5:]
        out += len(converter.reset().convert(text))
    print(json.dumps({"html_chars": out}))
    return 0


def reference_config(project: Path, lang: str, docs_dir: str, site_dir: str) -> dict[str, Any]:
    """The plain-Material config of one language: mkdocs.yml's Markdown extensions, nav
    and validation, the page registry's not_in_nav, Material's search, no plugin or theme
    override of ours."""
    import yaml

    from generator.pages import registry

    raw = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return {
        "site_name": f"Reference {lang}",
        "site_url": f"https://briefing.example/{lang}/",
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "use_directory_urls": True,
        "theme": {"name": "material", "font": False, "language": lang,
                  "features": raw["theme"].get("features", [])},
        "plugins": ["search"],
        "nav": raw["nav"],
        "not_in_nav": "\n".join(registry.not_in_nav()),
        "markdown_extensions": raw["markdown_extensions"],
        "validation": raw.get("validation", {}),
    }


def reference_configs(project: Path) -> None:
    """mkdocs-reference-{de,en}.yml: mkdocs.yml's Markdown and nav, plain Material."""
    import yaml

    for lang in ("de", "en"):
        config = reference_config(project, lang, f"build/markdown/{lang}",
                                  f"site-reference/{lang}")
        (project / f"mkdocs-reference-{lang}.yml").write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


# --- one size ---------------------------------------------------------------------------------


def _search_bytes(language_site: Path) -> int:
    """The language's search index on disk: Pagefind's folder (all its chunks, though a
    reader fetches only a query's), or Material's one file where the site uses it."""
    pagefind = language_site / "pagefind"
    if pagefind.is_dir():
        return sum(f.stat().st_size for f in pagefind.rglob("*") if f.is_file())
    return (language_site / "search" / "search_index.json").stat().st_size


def _sizes(site: Path, markdown: Path) -> dict[str, Any]:
    """HTML bytes of the deal pages (deals/<id>.md in the Markdown tree, the overview
    aside) and of the search index per language."""
    sizes = []
    for lang in ("de", "en"):
        for md in (markdown / lang / "deals").glob("*.md"):
            if md.name != "index.md":
                sizes.append((site / lang / "deals" / md.stem / "index.html").stat().st_size)
    sizes.sort()
    search = {lang: _search_bytes(site / lang) for lang in ("de", "en")}
    size, largest = max((p.stat().st_size, p) for p in site.rglob("*.html"))
    return {"deal_pages": len(sizes), "html_per_deal_kb": sum(sizes) / len(sizes) / 1000,
            "html_per_deal_max_kb": sizes[-1] / 1000,
            "search_kb": {lang: size / 1000 for lang, size in search.items()},
            "largest_page_kb": size / 1000,
            "largest_page": largest.relative_to(site).as_posix()}


def run_same_companies(deals: int, same: int, work: Path) -> dict[str, Any]:
    """``deals`` synthetic deals and ``same`` more between the same two companies: a clean
    `mkdocs build`, and the largest pages (every listing must stay capped or paged)."""
    project = work / f"deals-{deals}-same-{same}"
    shutil.rmtree(project, ignore_errors=True)
    synth.synthesize(project, deals, same_companies=same)
    build = measure([sys.executable, "-m", "mkdocs", "build"], project)
    site = project / "site"
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix())
                    for p in site.rglob("*.html")), reverse=True)
    return {"deals": deals, "same_companies": same, "wall": build["wall"],
            "peak_mb": build["peak_mb"], "html_pages": len(pages),
            "largest": [{"page": page, "kb": size / 1000} for size, page in pages[:5]]}


def same_companies_table(results: list[dict[str, Any]]) -> str:
    lines = ["| deals | of them between one pair | HTML pages | full build s | largest pages KB |",
             "|---:|---:|---:|---:|---|"]
    for r in results:
        largest = "; ".join(f"{p['page']} {p['kb']:.0f}" for p in r["largest"][:3])
        lines.append(f"| {r['deals'] + r['same_companies']:,} | {r['same_companies']:,} | "
                     f"{r['html_pages']:,} | {r['wall']:.1f} | {largest} |")
    return "\n".join(lines)


# The plugin's speed switches (README, "Site settings"), each timed off in --switches runs.
SWITCHES = ("fast_search_index", "collapse_whitespace")


def _with_option(project: Path, name: str, value: str) -> str:
    """Set one of the briefing plugin's options in the project's mkdocs.yml; returns the
    file as it was."""
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    assert "  - briefing:\n" in before
    config.write_text(before.replace("  - briefing:\n", f"  - briefing:\n      {name}: {value}\n",
                                     1), encoding="utf-8")
    return before


def run_switches(project: Path, repeat: int) -> dict[str, Any]:
    """The full build with each speed switch off, from a clean state as the full build
    column: wall and CPU time, and the size of the pages it writes."""
    results: dict[str, Any] = {}
    py = sys.executable
    for name in SWITCHES:
        before = _with_option(project, name, "false")
        try:
            runs = []
            for _ in range(repeat):
                shutil.rmtree(project / "build", ignore_errors=True)
                shutil.rmtree(project / "site", ignore_errors=True)
                shutil.rmtree(project / ".cache", ignore_errors=True)
                runs.append(measure([py, "-m", "mkdocs", "build"], project))
            best = min(runs, key=lambda run: run["wall"])
            results[name] = {"wall": best["wall"], "cpu": best["cpu"],
                             **_sizes(project / "site", project / "build" / "markdown")}
        finally:
            (project / "mkdocs.yml").write_text(before, encoding="utf-8")
    return results


def run_size(deals: int, work: Path, repeat: int = 1, switches: bool = False) -> dict[str, Any]:
    """Measure one size; with ``repeat`` > 1, every measurement is taken that many times,
    interleaved, and the run with the least wall time is kept (the least disturbed by
    whatever else the machine is doing)."""
    project = work / f"deals-{deals}"
    if project.exists():
        shutil.rmtree(project)
    made = synth.synthesize(project, deals)
    reference_configs(project)
    py = sys.executable
    me = str(Path(__file__).resolve())
    result: dict[str, Any] = {"deals": deals, "companies": made.companies,
                              "article_files": made.articles, "repeat": repeat}
    runs: dict[str, list[dict[str, Any]]] = {"generator": [], "full": [], "reference": [],
                                             "floor": []}
    rewritten = []
    for _ in range(repeat):
        shutil.rmtree(project / "build", ignore_errors=True)
        # No kept pictures either (build/picture_cache.py): every clean build here is a
        # fresh checkout's first, which draws every picture.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        gen = measure([py, me, "--generator-step", str(project)], project)
        runs["generator"].append({**gen, **json.loads(gen["output"][-1])})
        again = json.loads(measure([py, me, "--generator-step", str(project)],
                                   project)["output"][-1])
        rewritten.append(again["written"] + again["removed"])

        shutil.rmtree(project / "build")  # the full build starts as from a clean checkout
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        full = measure([py, "-m", "mkdocs", "build"], project)
        held_up = [float(m.group(1)) for line in full["log"]
                   for m in [re.search(r" in ([0-9.]+) s$", line)] if m]
        full["generator_wall"] = held_up[0] if held_up else None
        runs["full"].append(full)
        runs["reference"].append(measure([py, me, "--reference", str(project)], project))
        runs["floor"].append(measure([py, me, "--floor", str(project)], project))

    best = {kind: min(found, key=lambda run: run["wall"]) for kind, found in runs.items()}
    for kind, run in best.items():
        result[kind] = {k: v for k, v in run.items() if k not in ("output", "log")}
    # Peak memory is the largest seen in any repetition, not that of the fastest.
    for kind, found in runs.items():
        result[kind]["peak_mb"] = max(run["peak_mb"] for run in found)
    result["rewritten_second_run"] = max(rewritten)
    result["pages"] = sum(1 for _ in (project / "build" / "markdown").rglob("*.md"))
    result.update(_sizes(project / "site", project / "build" / "markdown"))
    result["reference_sizes"] = _sizes(project / "site-reference",
                                       project / "build" / "markdown")
    if switches:
        result["switches_off"] = run_switches(project, repeat)

    pages, full, ref = result["pages"], result["full"], result["reference"]
    result["ratios"] = {
        "full_wall_vs_reference": full["wall"] / ref["wall"],
        "full_cpu_per_page_vs_reference": full["cpu"] / ref["cpu"],
        "generator_share_of_full": result["generator"]["step_wall"] / full["wall"],
        "generator_in_build_share": (full["generator_wall"] or 0) / full["wall"],
        "full_cpu_ms_per_page": 1000 * full["cpu"] / pages,
        "reference_cpu_ms_per_page": 1000 * ref["cpu"] / pages,
        "floor_cpu_ms_per_page": 1000 * result["floor"]["cpu"] / pages,
        "full_wall_ms_per_page": 1000 * full["wall"] / pages,
    }
    return result


# --- the report -------------------------------------------------------------------------------

COLUMNS = [
    ("deals", lambda r: f"{r['deals']:,}"),
    ("pages", lambda r: f"{r['pages']:,}"),
    ("generator s (CPU)", lambda r: f"{r['generator']['step_wall']:.2f} "
                                    f"({r['generator']['step_cpu']:.2f})"),
    ("full build s (CPU)", lambda r: f"{r['full']['wall']:.1f} ({r['full']['cpu']:.1f})"),
    ("reference s (CPU)", lambda r: f"{r['reference']['wall']:.1f} "
                                    f"({r['reference']['cpu']:.1f})"),
    ("floor s (CPU)", lambda r: f"{r['floor']['wall']:.1f} ({r['floor']['cpu']:.1f})"),
    ("full/ref wall", lambda r: f"{r['ratios']['full_wall_vs_reference']:.2f}"),
    ("full/ref CPU", lambda r: f"{r['ratios']['full_cpu_per_page_vs_reference']:.2f}"),
    ("CPU ms/page full, ref, floor", lambda r: f"{r['ratios']['full_cpu_ms_per_page']:.1f}, "
                                               f"{r['ratios']['reference_cpu_ms_per_page']:.1f}, "
                                               f"{r['ratios']['floor_cpu_ms_per_page']:.1f}"),
    ("generator share (in build)", lambda r: f"{100 * r['ratios']['generator_share_of_full']:.0f} % "
                                             f"({100 * r['ratios']['generator_in_build_share']:.0f} %)"),
    ("peak MB gen, full, ref", lambda r: f"{r['generator']['peak_mb']:.0f}, "
                                         f"{r['full']['peak_mb']:.0f}, "
                                         f"{r['reference']['peak_mb']:.0f}"),
    ("KB/deal page", lambda r: f"{r['html_per_deal_kb']:.1f}"),
    ("search KB de, en", lambda r: f"{r['search_kb']['de']:.0f}, {r['search_kb']['en']:.0f}"),
    ("rewritten on 2nd run", lambda r: str(r["rewritten_second_run"])),
    ("largest page KB", lambda r: f"{r['largest_page_kb']:.0f}"),
]


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |",
             "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    for r in results:
        lines.append("| " + " | ".join(cell(r) for _, cell in COLUMNS) + " |")
    return "\n".join(lines)


def switches_table(results: list[dict[str, Any]]) -> str:
    """The full build with everything on, then with each switch off."""
    lines = ["| deals | build | full build s (CPU) | KB/deal page | largest page KB |",
             "|---:|---|---:|---:|---:|"]
    for r in results:
        if "switches_off" not in r:
            continue
        rows = [("all switches on", r["full"], r), *(
            (f"{name}: false", off, off) for name, off in r["switches_off"].items())]
        for label, run, sizes in rows:
            lines.append(f"| {r['deals']:,} | {label} | {run['wall']:.1f} ({run['cpu']:.1f}) | "
                         f"{sizes['html_per_deal_kb']:.1f} | {sizes['largest_page_kb']:.0f} |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "load_average": os.getloadavg(),
            "platform": platform.platform(), "date": date.today().isoformat()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--wrap", "--"]:
        return _wrap(argv[2:])
    modes = {"--generator-step": _generator_step, "--reference": _reference, "--floor": _floor}
    if argv and argv[0] in modes:
        return modes[argv[0]](Path(argv[1]))

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-scale"),
                        help="where the project copies are built (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the project copies")
    parser.add_argument("--repeat", type=int, default=1,
                        help="take each measurement this many times, keep the fastest")
    parser.add_argument("--switches", action="store_true",
                        help="also time the full build with each speed switch off")
    parser.add_argument("--same-companies", type=int, default=0, metavar="M",
                        help="also build each N with M more deals between the same two "
                             "companies and report the largest pages")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the clean build and its largest pages for each N (with "
                             "--same-companies M deals between one pair, or none)")
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    if args.pages_only:
        found = []
        for deals in args.deals:
            found.append(run_same_companies(deals, args.same_companies, args.work))
            if not args.keep:
                shutil.rmtree(args.work / f"deals-{deals}-same-{args.same_companies}",
                              ignore_errors=True)
        print(same_companies_table(found))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"machine": machine(), "results": found},
                                            indent=2), encoding="utf-8")
        return 0
    results = []
    for deals in args.deals:
        print(f"… {deals} deals", file=sys.stderr, flush=True)
        results.append(run_size(deals, args.work, args.repeat, args.switches))
        if not args.keep:
            shutil.rmtree(args.work / f"deals-{deals}", ignore_errors=True)
        if args.same_companies:
            print(f"… {deals} deals and {args.same_companies} between one pair",
                  file=sys.stderr, flush=True)
            results[-1]["same_companies"] = run_same_companies(deals, args.same_companies,
                                                               args.work)
            if not args.keep:
                shutil.rmtree(args.work / f"deals-{deals}-same-{args.same_companies}",
                              ignore_errors=True)
    about = machine()
    repeat = f" --repeat {args.repeat}" if args.repeat > 1 else ""
    print(f"{about['cores']} cores, Python {about['python']}, {about['date']}, load average "
          f"{about['load_average'][0]:.1f} at the end; command: benchmarks/scale.py --deals "
          f"{' '.join(map(str, args.deals))}{repeat}\n")
    print(table(results))
    if args.switches:
        print("\n" + switches_table(results))
    if args.same_companies:
        print("\n" + same_companies_table([r["same_companies"] for r in results]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": about, "results": results}, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
