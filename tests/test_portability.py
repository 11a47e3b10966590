"""Where editors work: the package imports, and `briefing check` and `briefing build` run,
in a Python without the modules Windows lacks (fcntl, resource, termios) and without
os.fork; the further languages of `mkdocs build` are then built by processes of their own
(test_engines.py builds the sample that way)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POSIX_ONLY, copy_project, windows_like

IMPORT_EVERYTHING = """
import importlib, json, os, pkgutil, sys
import generator
names = [m.name for m in pkgutil.walk_packages(generator.__path__, "generator.")
         if not m.name.endswith("__main__")]  # __main__ runs the command line
for name in names:
    importlib.import_module(name)
loaded = [name for name in sys.argv[1:] if name in sys.modules]
refused = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        refused.append(name)
print(json.dumps({"modules": names, "loaded": loaded, "refused": refused,
                  "fork": hasattr(os, "fork")}))
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return windows_like(tmp_path / "windows-like")


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_every_module_imports_without_posix_only_modules(env: dict[str, str],
                                                          tmp_path: Path) -> None:
    result = run(env, tmp_path, "-c", IMPORT_EVERYTHING, *POSIX_ONLY)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert "generator.engine.plugin" in found["modules"] and len(found["modules"]) > 30
    assert found["loaded"] == []  # no module of the package reached for one of them
    assert found["refused"] == list(POSIX_ONLY)  # and they were refused, as on Windows
    assert found["fork"] is False


def test_check_and_build_run_without_them(env: dict[str, str], tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    check = run(env, project, "-m", "generator.cli", "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.endswith("Content is valid (0 warnings).\n")
    for written in ("written, 0 removed, 0 unchanged.", ": 0 written, 0 removed"):
        build = run(env, project, "-m", "generator.cli", "build")  # twice: the lock again
        assert build.returncode == 0, build.stderr
        assert "Traceback" not in build.stderr
        assert written in build.stdout, build.stdout
    assert (project / "build" / "markdown" / "en" / "deals" / "amazon-openai-investment.md"
            ).is_file()
