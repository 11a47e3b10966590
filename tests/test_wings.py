"""The generator's wings and what each may import (README, "What is where"): the folder list is
the architecture, and this test keeps it so. Each wing may import only the wings listed for it;
only the engine imports MkDocs or Material."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The shared bottom: errors, the site's settings, the record schemas.
BASE = {"errors", "settings", "schemas"}
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "schemas": set(),
    "settings": {"content"},
    "content": BASE,
    "text": BASE | {"content"},
    "rules": BASE | {"content", "text"},
    "pages": BASE | {"content", "text", "rules"},
    "render": BASE | {"content", "text", "rules", "pages"},
    "preview": BASE | {"content", "text", "rules", "pages", "render"},
    "build": BASE | {"content", "text", "rules", "pages", "render", "preview"},
    "commands": BASE | {"content", "text"},
    "engine": BASE | {"content", "text", "rules", "pages", "render", "preview", "build"},
    "cli": BASE | {"content", "text", "rules", "pages", "render", "preview", "build", "engine",
                   "commands", "editor"},
    "__main__": {"cli"},
    # The web editor: a program of its own beside the build, using it whole.
    "editor": BASE | {"content", "text", "rules", "pages", "render", "preview", "build",
                      "engine"},
}
# Leaves every wing may import, because they depend on no module of the generator but each
# other (test_the_leaves_depend_on_nothing_else): where every page goes (the path rules and
# the names no record may take), so that a path is spelled in one place only; and the
# check's messages with what they need (the catalogs' reader and the languages' table), so
# that a problem found while reading a file is said in the editor's language as well as
# one found by a rule.
EVERYONE_MAY_IMPORT = {"generator.pages.paths", "generator.text.messages",
                       "generator.text.i18n", "generator.content.languages"}
# Imports that break the rules today, each with the reason it stays for now; the list only
# shrinks (a stale entry fails the test too).
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()
MKDOCS = ("mkdocs", "material")


def _module_name(path: Path) -> tuple[str, str]:
    """(dotted module name, the package its relative imports start from)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports (type-checking-only and function-level imports included),
    with its line, absolute."""
    _, package = _module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module:
                found.append((node.lineno, target))
            else:  # from . import a, b: each is a module
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def wing_of(module: str) -> str:
    """generator.pages.deals -> pages; generator.cli -> cli."""
    return module.split(".")[1] if "." in module else "generator"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_wing_with_rules() -> None:
    found = modules()
    assert len(found) > 40
    unknown = {wing_of(_module_name(p)[0]) for p in found} - set(MAY_IMPORT) - {"generator"}
    assert unknown == set(), "a new wing needs its line in MAY_IMPORT and the README"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_wings(path: Path) -> None:
    module, _ = _module_name(path)
    wing = wing_of(module)
    allowed = MAY_IMPORT.get(wing, set()) | {wing}
    wrong = []
    used_exceptions: set[tuple[str, str]] = set()
    for line, target in imports_of(path):
        top = target.split(".")[0]
        if top in MKDOCS and wing != "engine":
            wrong.append(f"{path.name}:{line}: imports {target}: only engine/ may use MkDocs")
        if top == "generator" and target != "generator":
            if target in EVERYONE_MAY_IMPORT:
                continue
            if (module, target) in KNOWN_EXCEPTIONS:
                used_exceptions.add((module, target))
            elif wing_of(target) not in allowed:
                wrong.append(f"{path.name}:{line}: {wing}/ may not import {target}")
    assert wrong == []
    stale = {e for e in KNOWN_EXCEPTIONS if e[0] == module} - used_exceptions
    assert stale == set(), "an exception no longer needed: remove it from KNOWN_EXCEPTIONS"


def test_the_rule_catches_a_wrong_import(tmp_path: Path) -> None:
    """The checker itself: a module in pages/ that imports the renderer is caught."""
    wing = PACKAGE / "pages"
    probe = wing / "_probe_for_test.py"
    probe.write_text("from ..render import renderer\nimport mkdocs\n", encoding="utf-8")
    try:
        targets = [t for _, t in imports_of(probe)]
        assert "generator.render" in targets and "mkdocs" in targets
        assert wing_of("generator.render") not in MAY_IMPORT["pages"]
    finally:
        probe.unlink()


@pytest.mark.parametrize("leaf", sorted(EVERYONE_MAY_IMPORT))
def test_the_leaves_depend_on_nothing_else(leaf: str) -> None:
    """A module every wing may import (the path rules, the check's messages) imports no
    module of the generator but another such leaf: else a wing would reach through it into
    one it may not import."""
    path = PACKAGE.parent / (leaf.replace(".", "/") + ".py")
    found = [target for _line, target in imports_of(path)
             if target.split(".")[0] == "generator" and target not in EVERYONE_MAY_IMPORT]
    assert found == []


def test_a_clean_build_reads_models_and_renders_without_the_preview() -> None:
    """What a preview keeps between saves lives in preview/ (kept_files, kept_checks,
    kept_model, incremental), and a build from nothing does not need it: reading, checking,
    modelling and rendering a site load no module of preview/."""
    code = """
import sys
from datetime import date
from pathlib import Path
from generator.content.load import load_content
from generator.content.model import build_content
from generator.rules.check import check_documents
from generator.render.renderer import render_site
from generator.settings import SiteConfig
content = Path(sys.argv[1])
loaded = load_content(content)
assert loaded.problems == [], loaded.problems
model = build_content(loaded.documents)
config = SiteConfig(project_dir=content.parent, content_dir=content,
                    markdown_dir=content.parent / "build", templates_dir=Path("templates"),
                    site_url="https://briefing.example/",
                    site_name={"de": "Deal-Briefing", "en": "Deal Briefing"}, impressum={})
check_documents(loaded.documents, config.languages, date(2026, 12, 7))
pages = render_site(model, config, today=date(2026, 12, 7))
assert len(pages) > 20, sorted(pages)
print(sorted(m for m in sys.modules if m.startswith("generator.preview")))
"""
    minimal = PACKAGE.parent / "tests" / "fixtures" / "minimal" / "content"
    found = subprocess.run([sys.executable, "-c", code, str(minimal)], capture_output=True,
                           text=True, cwd=PACKAGE.parent, check=False)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
