"""An exit kept open: MkDocs 1.x is frozen, and ProperDocs (a maintained fork of MkDocs 1.6)
builds the same site from the same mkdocs.yml, plugin and theme. One ProperDocs build of the
sample, compared file by file with the session's MkDocs build of the same content.

It runs in a Python without os.fork (and without the modules Windows lacks), so that the
further languages are built by processes of their own, as under `properdocs serve` and on
Windows: each page's generator tag shows that ProperDocs built every language, not only the
first (a process started as `python -m mkdocs` would tag its pages mkdocs-1.6.1)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from conftest import ROOT, TODAY, copy_project, windows_like

from generator.build.site_files import ROOT_FILES

GENERATOR_TAG = '<meta name="generator" content="{}, mkdocs-material">'


def build_with_properdocs(project: Path,
                          env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = dict(env, BRIEFING_TODAY=TODAY, DISABLE_MKDOCS_2_WARNING="true")
    env.pop("SOURCE_DATE_EPOCH", None)
    # ProperDocs looks for properdocs.yml first and asks for mkdocs.yml by name.
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict",
                           "--config-file", "mkdocs.yml"], check=False, cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_pages_mkdocs_builds(built_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = build_with_properdocs(project, windows_like(tmp_path / "windows-like"))
    assert result.returncode == 0, result.stderr
    assert "ProperDocs" not in (project / "mkdocs.yml").read_text("utf-8")  # unchanged

    by_mkdocs, by_properdocs = files_of(built_site), files_of(project / "site")
    pages = [name for name in by_mkdocs if name.endswith(".html")]
    assert len(pages) > 50 and {"index.html", "de/index.html", "en/index.html"} <= set(pages)
    assert sorted(by_properdocs) == sorted(by_mkdocs)

    # Every page names the engine that built it, and that is the only difference.
    mkdocs_tag = GENERATOR_TAG.format(f"mkdocs-{version('mkdocs')}").encode()
    properdocs_tag = GENERATOR_TAG.format(f"properdocs-{version('properdocs')}").encode()
    tagged = [name for name, data in by_mkdocs.items() if mkdocs_tag in data]
    assert sorted(tagged) == sorted(p for p in pages if p not in ROOT_FILES)  # not the root's
    for name, data in by_mkdocs.items():
        expected = data.replace(mkdocs_tag, properdocs_tag)
        assert by_properdocs[name] == expected, f"{name} differs beyond the generator tag"


def test_the_readme_says_how_and_names_the_versions_compared() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert ".venv/bin/properdocs build -f mkdocs.yml" in readme
    assert f"`mkdocs-{version('mkdocs')}` or `properdocs-{version('properdocs')}`" in readme
