"""What the deal pages' preview pictures (og:image, generator/pages/social_image.py) cost.

    .venv/bin/python benchmarks/social_images.py                 # 2,000 deals
    .venv/bin/python benchmarks/social_images.py --deals 200 --pictures 100

1. One picture: draw ``--pictures`` different synthetic headlines (German and English, from
   synth.py) without the in-process cache, and report the time per picture and the size.
2. At ``--deals`` synthetic deals (synth.py), the generator step as scale.py measures it
   (load, check, model, render, write; each in a fresh process): first into an empty
   Markdown folder, which draws every picture, then again over the unchanged content, which
   draws none (the writer keeps each picture's key beside it), then once more after
   changing one deal's headline, which draws that deal's two pictures, and last without the
   Markdown folder but with the kept pictures (build/picture_cache.py, what a CI cache
   restores), which draws none.
3. The full ``mkdocs build`` at that size from a clean state, as scale.py's "full", and
   again over the same content; with ``--baseline DIR`` (an earlier commit's source, such
   as ``git archive <commit> | tar -x -C DIR``) also the earlier code's full build of the
   same content, one after the other on the same machine, to compare.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import scale
import synth
import yaml

from generator.pages import social_image


def one_picture(count: int) -> dict[str, float]:
    companies = synth.make_companies(synth.company_count(count))
    words = []
    for index in range(count):
        deal = synth.make_deal(index, companies)
        lang = ("de", "en")[index % 2]
        words.append({"site_name": "Deal-Briefing" if lang == "de" else "Deal Briefing",
                      "headline": deal["headline"][lang],
                      "status": "Angekündigt" if lang == "de" else "Announced",
                      "amount": "bis zu 12,5\u00a0Mrd.\u00a0US-Dollar" if lang == "de"
                      else "up to $12.5 billion"})
    draw = social_image.preview_png
    draw(**words[0])  # fonts loaded once per process, as in a build
    times, sizes = [], []
    cpu = time.process_time()
    for each in words:
        start = time.perf_counter()
        sizes.append(len(draw(**each)))
        times.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu
    keyed = time.perf_counter()
    for each in words:
        social_image.preview(**each)
    return {"median_ms": statistics.median(times) * 1000,
            "mean_ms": statistics.fmean(times) * 1000, "cpu_ms": cpu / len(words) * 1000,
            "key_ms": (time.perf_counter() - keyed) / len(words) * 1000,
            "kb": statistics.fmean(sizes) / 1024}


def generator_step(project: Path) -> dict[str, object]:
    usage = scale.measure([sys.executable, str(HERE / "scale.py"), "--generator-step",
                           str(project)], project)
    step = scale.json.loads(usage["output"][-1])
    return {"wall": usage["wall"], "cpu": usage["cpu"], "peak_mb": usage["peak_mb"],
            "render": step["stages"]["render"], "write": step["stages"]["write"],
            "written": step["written"], "pages": step["pages"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--pictures", type=int, default=400)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-pictures"))
    parser.add_argument("--no-full", action="store_true", help="skip the full mkdocs build")
    parser.add_argument("--baseline", type=Path,
                        help="an earlier commit's source tree: its full build, to compare")
    args = parser.parse_args(argv)

    picture = one_picture(args.pictures)
    print(f"one picture: median {picture['median_ms']:.1f} ms, mean {picture['mean_ms']:.1f} "
          f"ms to draw ({picture['cpu_ms']:.1f} ms of CPU), {picture['key_ms']:.3f} ms for "
          f"its key, {picture['kb']:.1f} KB ({args.pictures} headlines)")

    shutil.rmtree(args.work, ignore_errors=True)
    project = args.work / f"deals-{args.deals}"
    synth.synthesize(project, args.deals)
    rows = []
    for run in ("first (draws all)", "again, unchanged (draws none)"):
        rows.append((run, generator_step(project)))
    deal = min((project / "content" / "deals").glob("*.yml"))
    record = yaml.safe_load(deal.read_text(encoding="utf-8"))
    record["headline"]["de"] = "Geändert: " + record["headline"]["de"]
    deal.write_text(synth._dump(record, "deal"), encoding="utf-8")
    rows.append(("one headline changed", generator_step(project)))
    # A clean checkout whose CI kept the pictures' folder (build/picture_cache.py): no
    # Markdown tree, yet no picture whose words are unchanged is drawn.
    shutil.rmtree(project / "build", ignore_errors=True)
    rows.append(("clean, pictures kept (a CI cache)", generator_step(project)))
    print(f"\ngenerator step at {args.deals} deals (scale.py --generator-step):\n")
    print("| run | pages | written | render s | write s (drawing included) | wall s | CPU s "
          "| peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for run, row in rows:
        print(f"| {run} | {row['pages']} | {row['written']} | {row['render']:.2f} | "
              f"{row['write']:.2f} | {row['wall']:.2f} | {row['cpu']:.2f} | "
              f"{row['peak_mb']:.0f} |")
    if not args.no_full:
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        full = scale.measure([sys.executable, "-m", "mkdocs", "build"], project)
        print(f"\nfull mkdocs build at {args.deals} deals from a clean state: "
              f"{full['wall']:.1f} s wall, {full['cpu']:.1f} s CPU, peak {full['peak_mb']:.0f} MB")
        rebuilt = scale.measure([sys.executable, "-m", "mkdocs", "build"], project)
        print(f"again over the same content: {rebuilt['wall']:.1f} s wall, "
              f"{rebuilt['cpu']:.1f} s CPU")
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        cached = scale.measure([sys.executable, "-m", "mkdocs", "build"], project)
        print(f"from a clean state with the pictures kept (a CI cache): "
              f"{cached['wall']:.1f} s wall, {cached['cpu']:.1f} s CPU")
    if args.baseline:
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        # The earlier source comes first on the path: its generator and its plugin, and
        # its templates.
        if (args.baseline / "templates").is_dir():
            shutil.rmtree(project / "templates")
            shutil.copytree(args.baseline / "templates", project / "templates")
        scale.os.environ["PYTHONPATH"] = str(args.baseline.resolve())
        base = scale.measure([sys.executable, "-m", "mkdocs", "build"], project)
        del scale.os.environ["PYTHONPATH"]
        print(f"the baseline's full build of the same content from a clean state: "
              f"{base['wall']:.1f} s wall, {base['cpu']:.1f} s CPU, peak {base['peak_mb']:.0f} MB")
    print(f"\nload average at the end: {scale.os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
