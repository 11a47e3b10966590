"""Every page of the built site passes the Nu HTML validator (the W3C's checker), run on
the whole site at once with the system's Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the Nu validator (Java) over the whole site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material puts autocomplete="off" on its hidden checkbox toggles (drawer, search), which
# HTML allows only on text-like inputs. It is Material's markup on every page, known and
# harmless; nothing else is excused.
MATERIAL_AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is "
                         "“color”, “date”, “datetime-local”, “email”, “hidden”, “month”, "
                         "“number”, “password”, “range”, “search”, “tel”, “text”, “time”, "
                         "“url”, or “week”.")


def is_materials_toggle(message: dict) -> bool:
    return (message["message"] == MATERIAL_AUTOCOMPLETE
            and 'class="md-toggle"' in message.get("extract", "")
            and 'type="checkbox"' in message.get("extract", ""))


def validate(site: Path) -> list[dict]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("Java or the Nu validator is missing: run `bash .ci/setup test`")
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only",
                             "--format", "json", str(site)],
                            check=False, capture_output=True, text=True, timeout=600)
    # Exit status 1 means "errors found"; the report (JSON, on stderr) says which.
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_is_valid_html(built_site: Path) -> None:
    messages = validate(built_site)
    problems = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                for m in messages if not is_materials_toggle(m)]
    assert problems == []
    # The excuse is used: Material's toggles are still there, and still the only exception.
    assert any(is_materials_toggle(m) for m in messages)


def test_the_validator_reports_an_error(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<meta name="description" content="a "quoted" word"></head><body></body></html>',
        "utf-8")
    messages = validate(tmp_path)
    assert messages and not any(is_materials_toggle(m) for m in messages)
