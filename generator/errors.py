"""What can go wrong, as data the command line and the MkDocs plugin print alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text.messages import in_language, msg, msg_n


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
        return self.in_language("en")

    def in_language(self, lang: str) -> str:
        """``file:line:column: field: message`` with the message (and its severity) said in
        ``lang``; file, place and field as they are in every language."""
        # Line 0: the problem is with a whole file or folder, not a place in it.
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "" if self.severity == "error" else in_language(_SEVERITY_LABELS.get(
            self.severity, self.severity), lang)
        text = in_language(self.message, lang)
        if self.field:
            return one_line(f"{where}: {self.field}: {label}{text}")
        return one_line(f"{where}: {label}{text}")


# How a problem that does not fail the build is marked before its message.
_SEVERITY_LABELS = {"warning": msg("warning: "), "notice": msg("notice: ")}


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

    def report(self, lang: str = "en") -> str:
        """Every problem and a summary, in ``lang`` (the build's output: English)."""
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        lines = [p.in_language(lang) for p in self.problems]
        counted = msg_n("{count} error", "{count} errors", errors)
        if warnings:
            counted = counted + msg_n(", {count} warning", ", {count} warnings", warnings)
        lines.append(in_language(msg("{counted} in the content; nothing was written.",
                                     counted=counted), lang))
        return "\n".join(lines)
