"""What can go wrong, as data the command line and the MkDocs plugin print alike."""

from __future__ import annotations

from dataclasses import dataclass, field


class BriefingError(Exception):
    """A failure the user can act on: printed as its message, without a traceback."""


class ConfigError(BriefingError):
    """The site configuration (the briefing plugin's options in mkdocs.yml) is wrong."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, located as precisely as the input allows."""

    file: str
    line: int
    column: int
    field: str
    message: str
    # "error" fails the build; "warning" fails it under --strict; "notice" never does.
    severity: str = "error"

    def __str__(self) -> str:
        # Line 0: the problem is with a whole file or folder, not a place in it.
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "" if self.severity == "error" else f"{self.severity}: "
        if self.field:
            return one_line(f"{where}: {self.field}: {label}{self.message}")
        return one_line(f"{where}: {label}{self.message}")


def one_line(text: str) -> str:
    """One problem, one line: line breaks and other control characters that came from the
    content (a field name with a newline in it) are shown escaped, as Python writes them."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


@dataclass
class ContentError(BriefingError):
    """The content has problems; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.report())

    def report(self) -> str:
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        lines = [str(p) for p in self.problems]
        summary = f"{errors} error{'s' if errors != 1 else ''}"
        if warnings:
            summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
        lines.append(f"{summary} in the content; nothing was written.")
        return "\n".join(lines)
