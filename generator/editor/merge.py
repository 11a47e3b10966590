"""A save from the form merged into the file as the editor wrote it.

The CMS sends the whole record, serialised its own way: comments and the schema line gone,
keys in the form's order, folded blocks quoted, dates unquoted. Written as sent, one changed
headline rewrote hundreds of lines. Here the file on disk is loaded with ruamel.yaml's
round-trip loader, which keeps comments, key order, block styles, quotes and flow lists, and
only the values the form changed are put into it: every other line stays byte for byte.
"""

from __future__ import annotations

import datetime
import io
import itertools
import textwrap
from collections.abc import Callable
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

# The records' own layout (README, "The content model"): two spaces per level, list items
# indented two spaces under their key.
_MAPPING_INDENT = 2
_SEQUENCE_INDENT = 4
_SEQUENCE_DASH_OFFSET = 2
# A folded block (>-) that the form changed is folded again at this width, as the records'
# blocks are; a plain line is never folded (the dumper would otherwise break long lines).
FOLD_WIDTH = 96
_NEVER_FOLD = 1 << 20


class MergeError(ValueError):
    """What the form sent cannot be read as YAML, or is not a mapping."""


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = _NEVER_FOLD
    yaml.indent(mapping=_MAPPING_INDENT, sequence=_SEQUENCE_INDENT,
                offset=_SEQUENCE_DASH_OFFSET)
    return yaml


def load_sent(raw: str) -> dict[str, Any]:
    """The record as the form sent it, as plain Python values.

    The records hold no YAML dates (every date is a quoted string, as the schemas say); a
    date the form wrote unquoted is taken back as the text it was."""
    try:
        data = YAML(typ="safe", pure=True).load(raw)
    except YAMLError as exc:
        raise MergeError(f"the form sent text that is not YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MergeError("the form sent something other than a record (a YAML mapping)")
    plain = _without_dates(data)
    assert isinstance(plain, dict)
    return plain


def _without_dates(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _without_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_dates(item) for item in value]
    return value


def _is_empty(value: Any) -> bool:
    """What the form writes for a field left blank: nothing to keep in the file."""
    return value is None or value == "" or value == [] or value == {}


def _pruned(value: Any) -> Any:
    """``value`` without the blank fields the form adds for every field it shows."""
    if isinstance(value, dict):
        return {key: _pruned(item) for key, item in value.items() if not _is_empty(_pruned(item))}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    """A loaded node as plain Python values, for comparing with what the form sent."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _fold_lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def _folded(old: FoldedScalarString, text: str, indent: int) -> Any:
    """``text`` as a folded block like ``old``: the lines the change did not touch keep their
    breaks (at the start and at the end of the block), the changed ones are folded again no
    wider than ``old``'s longest line, so that a changed word changes its own lines only."""
    old_text = str(old)
    breaks = [0, *[pos + 1 for pos in getattr(old, "fold_pos", [])], len(old_text) + 1]
    old_lines = [old_text[start:end - 1] for start, end in itertools.pairwise(breaks)]
    width = max([len(line) for line in old_lines] + [FOLD_WIDTH - indent // 2 - indent])
    head: list[str] = []
    rest = text
    for line in old_lines:
        if rest.startswith(line + " "):
            head.append(line)
            rest = rest[len(line) + 1:]
        else:
            break
    tail: list[str] = []
    for line in reversed(old_lines[len(head):]):
        if rest.endswith(" " + line):
            tail.insert(0, line)
            rest = rest[:-len(line) - 1]
        else:
            break
    lines = head + _fold_lines(rest, width) + tail
    folded = FoldedScalarString(" ".join(lines))
    positions, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1
    # ruamel breaks the block at these positions (each the index of a space).
    folded.fold_pos = positions
    return folded


def _quoted_if_needed(text: str) -> Any:
    """A new text that YAML would read as something else (a date, a number, yes or no) is
    quoted, as the records quote their dates."""
    if "\n" in text or len(text) > 40:
        return text
    try:
        reads_as = pyyaml.safe_load(text)
    except pyyaml.YAMLError:
        return DoubleQuotedScalarString(text)
    return text if reads_as == text else DoubleQuotedScalarString(text)


def _styled_like(old: Any, new: Any, indent: int) -> Any:
    """``new`` in the style ``old`` was written in: quoted stays quoted, a folded block
    stays folded (folded again to the records' width)."""
    if not isinstance(new, str):
        return _to_node(new)
    if isinstance(old, FoldedScalarString):
        return _folded(old, new, indent)
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(new)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return _quoted_if_needed(new)


def _to_node(value: Any) -> Any:
    """A new value as round-trip nodes (dates quoted, as the records write them)."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _to_node(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            seq.append(_to_node(item))
        return seq
    if isinstance(value, str):
        return _quoted_if_needed(value)
    return value


def _merge_map(old: CommentedMap, new: dict[str, Any], indent: int) -> None:
    for key in [key for key in old if str(key) not in new]:
        del old[key]  # the form no longer has it
    for key, value in new.items():
        if key not in old:
            if not _is_empty(_pruned(value)):  # a field the form shows but nobody filled
                old.insert(len(old), key, _to_node(_pruned(value)))
        elif _is_empty(value) and value != [] and _plain(old[key]) != value:
            del old[key]  # cleared in the form
        else:
            old[key] = _merged(old[key], value, indent + _MAPPING_INDENT)


def _merge_seq(old: CommentedSeq, new: list[Any], indent: int) -> None:
    while len(old) > len(new):
        del old[len(old) - 1]
    for index, value in enumerate(new):
        if index < len(old):
            old[index] = _merged(old[index], value, indent + _SEQUENCE_INDENT)
        else:
            old.append(_to_node(_pruned(value)))


def _merged(old: Any, new: Any, indent: int) -> Any:
    """``old`` (a loaded node) made to hold ``new``, changing as little as it can."""
    if _plain(old) == new:
        return old  # unchanged: its style, comments and line stay as they are
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, indent)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if old.fa.flow_style() and all(not isinstance(item, (dict, list)) for item in new):
            replaced = CommentedSeq(new)
            replaced.fa.set_flow_style()
            return replaced
        _merge_seq(old, new, indent)
        return old
    return _styled_like(old, new, indent)


def merge(existing: str, raw: str) -> str:
    """The text of ``existing`` (a record as on disk) changed to hold the values of ``raw``
    (the record as the form sent it)."""
    return merge_data(existing, load_sent(raw))


def merge_data(existing: str, sent: dict[str, Any]) -> str:
    """The text of ``existing`` changed to hold the values of ``sent``."""
    yaml = _yaml()
    try:
        document = yaml.load(existing)
    except YAMLError:
        document = None  # a file that is not YAML any more: the form's version replaces it
    if not isinstance(document, CommentedMap):
        return dump_new(sent, header=_header_of(existing))
    _merge_map(document, sent, 0)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _header_of(text: str) -> str:
    """The comment lines a file starts with (the schema line), kept on a rewrite."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def dump_new(data: dict[str, Any], header: str = "") -> str:
    """A new record in the records' layout, after ``header`` (its schema line)."""
    out = io.StringIO()
    out.write(header)
    _yaml().dump(_to_node(_pruned(data)), out)
    return out.getvalue()


def split_front_matter(text: str) -> tuple[str, str]:
    """An article's front matter (the YAML between its ``---`` lines) and its body."""
    if not text.startswith("---\n"):
        raise MergeError("an article starts with a line '---', its front matter and "
                         "another line '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            return text[4:len(text) - 3], ""
        raise MergeError("the article's front matter has no closing line '---'")
    return text[4:end + 1], text[end + 5:]


def merge_article(existing: str | None, raw: str,
                  adjust: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data,
                  ) -> str:
    """An article as the form sent it (front matter and body) merged into its file: the
    front matter as ``merge`` merges a record, the body as the form wrote it. ``adjust``:
    what the backend changes in the front matter the form sent before it is merged."""
    sent_front, sent_body = split_front_matter(raw)
    sent = adjust(load_sent(sent_front))
    if existing is None:
        return f"---\n{dump_new(sent)}---\n{sent_body}"
    try:
        old_front, old_body = split_front_matter(existing)
    except MergeError:
        old_front, old_body = "", ""
    # The form trims the body's last line break; the file keeps its own ending.
    body = old_body if sent_body.rstrip("\n") == old_body.rstrip("\n") else sent_body
    if body and not body.endswith("\n"):
        body += "\n"
    return f"---\n{merge_data(old_front, sent)}---\n{body}"
