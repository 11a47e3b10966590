"""How `briefing check` reports what it found: as text for people (the default), as
GitHub Actions workflow commands that put each problem on its line of a pull request, or
as JSON for other tools.

The JSON shape (``format_version`` 1) stays as it is; a change to it gets a new version:

    {"format_version": 1, "valid": false,
     "counts": {"error": 1, "warning": 0, "notice": 2},
     "problems": [{"file": "content/deals/acme.yml", "line": 14, "column": 14,
                   "field": "parties[0].company", "severity": "error", "fails": true,
                   "message": "no company 'acne' in content/companies/ (did you mean 'acme'?)"}]}

``line`` and ``column`` are null for a problem with a whole file, ``field`` where no field
is concerned; ``fails`` says whether the problem fails this run (an error; a warning under
``--strict``; a placeholder under ``--publish``); ``valid`` is true when none does. A
failure that is no problem of the content (mkdocs.yml cannot be read) gives ``valid``
false, no problems and ``error`` with its message.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..errors import Problem, one_line
from ..text.messages import in_language, msg_n

FORMATS = ("text", "github", "json")
FORMAT_VERSION = 1
SEVERITIES = ("error", "warning", "notice")
TITLE = "briefing check"  # the annotation's heading on GitHub


def _escape_data(text: str) -> str:
    """A workflow command's message as GitHub's toolkit escapes it (escapeData): a line
    break in it can then never start a command of its own."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return one_line(text)  # any other control character, as the text report shows it


def _escape_property(text: str) -> str:
    """A property's value (escapeProperty): also ':' and ',', which end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, *, file: str | None = None,
                     line: int = 0, column: int = 0, title: str = TITLE) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` (level: error, warning, notice)."""
    properties = []
    if file:
        properties.append(f"file={_escape_property(file)}")
        if line:
            properties.append(f"line={line}")
            if column:
                properties.append(f"col={column}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def github_line(problem: Problem, fails: bool) -> str:
    """What fails the run is an error; other warnings and notices keep their level."""
    level = "error" if fails else problem.severity
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return workflow_command(level, message, file=problem.file, line=problem.line,
                            column=problem.column)


def summary(problems: list[Problem], failing: Callable[[Problem], bool],
            lang: str = "en") -> str:
    """The last line of the check's report, in ``lang`` (the machine formats: English)."""
    failures = sum(1 for p in problems if failing(p))
    if failures:
        return in_language(msg_n("{count} problem must be fixed.",
                                 "{count} problems must be fixed.", failures), lang)
    warnings = sum(1 for p in problems if p.severity != "notice")
    return in_language(msg_n("Content is valid ({count} warning).",
                             "Content is valid ({count} warnings).", warnings), lang)


def as_github(problems: list[Problem], failing: Callable[[Problem], bool]) -> str:
    lines = [github_line(p, failing(p)) for p in problems]
    return "\n".join([*lines, summary(problems, failing)]) + "\n"


def as_json(problems: list[Problem], failing: Callable[[Problem], bool]) -> str:
    data = {
        "format_version": FORMAT_VERSION,
        "valid": not any(failing(p) for p in problems),
        "counts": {level: sum(1 for p in problems if p.severity == level)
                   for level in SEVERITIES},
        "problems": [{"file": p.file, "line": p.line or None,
                      "column": (p.column or None) if p.line else None,
                      "field": p.field or None, "severity": p.severity, "fails": failing(p),
                      "message": p.message} for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def failure_as_json(message: str) -> str:
    """A run that ended before the content was checked: mkdocs.yml cannot be read, say."""
    return json.dumps({"format_version": FORMAT_VERSION, "valid": False,
                       "counts": dict.fromkeys(SEVERITIES, 0), "problems": [],
                       "error": message}, ensure_ascii=False, indent=2) + "\n"
