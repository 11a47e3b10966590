"""Shared fixtures: a copy of the project to build in, and one real site build per run."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from forked_runs import run_module

from generator.build.pipeline import Generated
from generator.engine.config import load_site_config
from generator.settings import SiteConfig

ROOT = Path(__file__).resolve().parent.parent
# Content dates are checked against "today"; pin it so the suite does not age.
TODAY = "2026-12-07"
# The sample site's settings, and its languages (first the original): what tests of the
# sample site go through, language by language.
SAMPLE_CONFIG, _SAMPLE_MKDOCS = load_site_config(ROOT / "mkdocs.yml")
LANGUAGES = SAMPLE_CONFIG.languages
# The fixtures: content trees beside their own mkdocs.yml, whatever the sample's languages.
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal" / "content"
EDGE = ROOT / "tests" / "golden" / "edge" / "content"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected Markdown in tests/golden/ from the templates")


@pytest.fixture(autouse=True, scope="session")
def _pinned_today() -> None:
    os.environ["BRIEFING_TODAY"] = TODAY
    os.environ["NO_MKDOCS_2_WARNING"] = "1"


def every_dict(tree: object) -> Iterator[dict[str, Any]]:
    """Every mapping in a tree of JSON or YAML data (a schema, the form's configuration),
    the outer ones first."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from every_dict(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from every_dict(value)


def copy_project(target: Path, content: Path | None = None) -> Path:
    """A private copy of a site project to build in: the project's templates with the
    sample's settings and content, or with ``content`` and the mkdocs.yml beside it (each
    fixture has its own, so that the sample's languages and settings may change without
    it)."""
    settings = ROOT / "mkdocs.yml" if content is None else content.parent / "mkdocs.yml"
    if not settings.is_file():
        raise FileNotFoundError(f"{settings}: a content tree to build needs its own mkdocs.yml")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings, target / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(content or ROOT / "content", target / "content")
    return target


def copy_built(built: Path, target: Path, *, site: bool) -> Path:
    """A private copy of a built project to break; its site/ only where the test reads it
    (``site``): the site is most of a project's files, and most tests read the Markdown."""
    def leave_out(folder: str, names: list[str]) -> list[str]:
        return ["site"] if not site and Path(folder) == built else []

    shutil.copytree(built, target, symlinks=True, ignore=leave_out)
    return target


@functools.cache
def fixture_config(content: Path) -> SiteConfig:
    """The settings of the site whose content is ``content``, from the mkdocs.yml beside it,
    read as `mkdocs build` reads them (MkDocs wants the theme's folder beside the file: a
    project copy made once per run, removed at exit), for an in-process test of a fixture,
    never the sample's. It reads ``content`` in place with the project's templates, and
    names files from the repository's root, as editors see them; the Markdown it writes
    goes into the copy."""
    folder = Path(tempfile.mkdtemp(prefix=f"{content.parent.name}-settings-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config, _mkdocs = load_site_config(copy_project(folder / "project", content) / "mkdocs.yml")
    return replace(config, content_dir=content, templates_dir=ROOT / "templates",
                   project_dir=ROOT)


# Modules a Python on Linux has and one on Windows lacks, where editors often work.
POSIX_ONLY = ("fcntl", "resource", "termios")
_WINDOWS_LIKE = f"""\"\"\"Started by the tests: this Python refuses {', '.join(POSIX_ONLY)} and
has no os.fork, as on Windows.\"\"\"
import os
import sys


class RefusePosixOnly:
    def find_spec(self, name, path=None, target=None):
        if name in {POSIX_ONLY!r}:
            raise ImportError(f"No module named {{name!r}} (refused by the tests)", name=name)
        return None


sys.meta_path.insert(0, RefusePosixOnly())
for name in {POSIX_ONLY!r}:
    sys.modules.pop(name, None)
del os.fork
"""


def windows_like(folder: Path) -> dict[str, str]:
    """An environment whose Pythons lack what Windows lacks (POSIX_ONLY, os.fork): a
    sitecustomize module in ``folder``, found first on PYTHONPATH; the processes they
    start inherit it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_WINDOWS_LIKE, "utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")


def publish_ready(project: Path) -> None:
    """Fill in the settings a publisher would: a real address, a real Impressum and the
    open data's licence."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("https://briefing.example/",
                                             "https://deals.zeitung-muster.de/")
    for line in text.splitlines():
        if "TODO" in line or "@briefing.example" in line:
            key = line.split(":")[0]
            text = text.replace(line, f"{key}: Muster Verlag GmbH, Hafenstraße 1, 20457 Hamburg"
                                if "email" not in key else f"{key}: desk@zeitung-muster.de")
    # The licence the mkdocs.yml comment gives as an example.
    example = "      # data_licence: {name: CC BY 4.0, url: "
    assert example in text
    config.write_text(text.replace(example, example.replace("# ", "")), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run_mkdocs(project_dir: Path, *args: str,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m mkdocs build …` in a process of its own (forked_runs.py: without paying
    for the imports again; with a PYTHONHASHSEED of its own in ``env``, a fresh one)."""
    env = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **(env or {}))
    env.pop("SOURCE_DATE_EPOCH", None)
    return run_module("mkdocs", ["build", *args], project_dir, env)


def run_briefing(project_dir: Path, *args: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator.cli …` in a process of its own (forked_runs.py)."""
    env = dict(os.environ, BRIEFING_TODAY=TODAY, **(env or {}))
    return run_module("generator.cli", list(args), project_dir, env)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               content: Path | None, *args: str) -> Path:
    """A project copy built by a real `mkdocs build`, once for the whole run: the test
    processes pytest-xdist starts share it (the first to come builds it under a lock, the
    others wait and read it). Tests read it and never change it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    project = shared / f"built-{name}" / "project"
    with FileLock(str(shared / f"built-{name}.lock")):
        if not (project.parent / "built").is_file():
            shutil.rmtree(project.parent, ignore_errors=True)
            copy_project(project, content)
            result = run_mkdocs(project, *args)
            assert result.returncode == 0, result.stderr
            (project.parent / "built").touch()
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once by a real `mkdocs build --strict`."""
    return built_once(tmp_path_factory, "sample", None, "--strict") / "site"


@pytest.fixture(scope="session")
def minimal_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture's project after a real `mkdocs build --strict`, once per run:
    tests that break a built project copy it (copy_built) instead of building their own."""
    return built_once(tmp_path_factory, "minimal", MINIMAL, "--strict")


@pytest.fixture(scope="session")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden edge-case content (missing translations, markup characters, a picture
    in an article), built once by a real `mkdocs build`."""
    return built_once(tmp_path_factory, "edge", EDGE) / "site"


@pytest.fixture(scope="session")
def sample_generated() -> Generated:
    """The sample site as the generator renders it in this process, once per run: tests
    read its pages and never change them."""
    from generator.build import pipeline

    return pipeline.generate(SAMPLE_CONFIG)


@pytest.fixture(scope="session")
def built_pages(built_site: Path, sample_generated: Generated) -> dict[str, list[Path]]:
    """Every page of each language of the built sample site, and a check that it is every
    one: an index.html for each page the generator renders. A test that loops over these
    cannot pass on a site that lost its pages."""
    from generator.pages.paths import page_url

    rendered = sample_generated.pages
    found: dict[str, list[Path]] = {}
    for lang in LANGUAGES:
        expected = {page_url(path.removeprefix(f"{lang}/")) for path in rendered
                    if path.startswith(f"{lang}/") and path.endswith(".md")}
        pages = sorted((built_site / lang).rglob("index.html"))
        built = {"" if p.parent == built_site / lang else
                 p.parent.relative_to(built_site / lang).as_posix() + "/" for p in pages}
        assert len(expected) > 20 and built == expected, lang
        found[lang] = pages
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in tests/browser/ reads the site in Chromium: marked `browser`, so that
    `-m "not browser and not slow"` is the quick run (README, "Two commands")."""
    browser_dir = Path(__file__).resolve().parent / "browser"
    for item in items:
        if item.path.is_relative_to(browser_dir):
            item.add_marker(pytest.mark.browser)
