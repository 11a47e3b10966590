"""The guard against silent changes: a deal's key figures compared with its last committed
version (Pressekodex, Ziffer 3: corrections are made visibly).

A key figure (the amount and its tranches, the round's size and valuation, the status, the
parties) that differs from the record's previous version in git, with neither a new
timeline event nor a new correction to tell readers, is an error naming the field, the
old and the new value. The previous version is the one in HEAD while the working copy
differs from it, and otherwise the one before the last commit that changed the file (so
that CI, on a clean checkout, sees what the last commit did).

Git is asked four times for all records together (where the repository is, which commit
last changed each record, the object ids in HEAD, then every earlier version in one
``git cat-file --batch``), never once per record. Outside a repository, in a shallow clone or without git, there is
nothing to compare with: one notice says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .load import Document, Path_, field_name

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Earlier:
    """A record's previous version and what it is, in words for the message."""

    data: Any
    what: str  # "the last commit" or "the version before commit 1a2b3c4"


def silent_changes(documents: list[Document], project_dir: Path,
                   folder: str = "content/deals") -> list[Problem]:
    """Errors for key figures changed without a word to readers; or one notice, about
    ``folder`` (the deal records' folder as editors see it), that the history could not be
    read."""
    deals = [d for d in documents if d.kind == "deal" and isinstance(d.data, dict)]
    if not deals:
        return []
    try:
        earlier = earlier_versions(deals, project_dir)
    except _NoHistory as reason:
        return [Problem(folder, 0, 0, "", f"key figures not compared with earlier versions: "
                                          f"{reason}", "notice")]
    problems: list[Problem] = []
    for doc in deals:
        before = earlier.get(doc.file)
        if before is not None and isinstance(before.data, dict):
            problems.extend(_compare(doc, before))
    return problems


# --- what counts as a key figure ------------------------------------------------------------------

def key_figures(data: dict[str, Any]) -> dict[Path_, str]:
    """The key figures of a deal record, each as a comparable text by its field."""
    figures: dict[Path_, str] = {}

    def money(path: Path_, value: Any) -> None:
        """An amount as one figure: "2000000000 USD (exact)", "500000000-1200000000 EUR
        (range)"."""
        if isinstance(value, dict):
            number = (f"{value.get('min')}-{value.get('max')}" if "min" in value or "max" in value
                      else str(value.get("value")))
            figures[path] = f"{number} {value.get('currency')} ({value.get('qualifier')})"

    money(("amount",), data.get("amount"))
    for i, tranche in enumerate(_list(data.get("tranches"))):
        if isinstance(tranche, dict):
            money(("tranches", i, "amount"), tranche.get("amount"))
            # Whether a part hangs on conditions is a key figure; its date places it in
            # time, as the timeline does, and is not.
            figures[("tranches", i, "conditional")] = _shown(tranche.get("conditional", False))
    round_ = data.get("round")
    if isinstance(round_, dict):
        money(("round", "size"), round_.get("size"))
        money(("round", "valuation"), round_.get("valuation"))
        if "valuation_basis" in round_:
            figures[("round", "valuation_basis")] = _shown(round_["valuation_basis"])
    if "status" in data:
        figures[("status",)] = _shown(data["status"])
    return figures


def parties(data: dict[str, Any]) -> set[str]:
    return {f"{p.get('company')} ({p.get('role')})" for p in _list(data.get("parties"))
            if isinstance(p, dict)}


def _told(data: dict[str, Any]) -> Counter[str]:
    """What tells readers of a change: timeline events and corrections. An event counts by
    its date, so that giving an old event another status is not a new event."""
    told: Counter[str] = Counter()
    for event in _list(data.get("timeline")):
        if isinstance(event, dict):
            told["event " + _shown(event.get("date"))] += 1
    for correction in _list(data.get("corrections")):
        if isinstance(correction, dict):
            told["correction " + json.dumps(correction, sort_keys=True, default=str)] += 1
    return told


def _compare(doc: Document, before: Earlier) -> Iterator[Problem]:
    if _told(doc.data) - _told(before.data):
        return  # something new tells readers what changed
    old, new = key_figures(before.data), key_figures(doc.data)
    changes: list[tuple[Path_, str]] = []
    for path in sorted(set(old) | set(new), key=_order):
        if old.get(path) != new.get(path):
            if path not in new:
                changes.append((path, f"{old[path]} removed"))
            elif path not in old:
                changes.append((path, f"{new[path]} added"))
            else:
                changes.append((path, f"changed from {old[path]} to {new[path]}"))
    old_parties, new_parties = parties(before.data), parties(doc.data)
    for party in sorted(old_parties - new_parties):
        changes.append((("parties",), f"'{party}' removed"))
    now = [f"{p.get('company')} ({p.get('role')})" if isinstance(p, dict) else None
           for p in _list(doc.data.get("parties"))]
    for party in sorted(new_parties - old_parties):
        changes.append((("parties", now.index(party)), f"'{party}' added"))
    for path, change in changes:
        where = path
        while where and where not in doc.marks and where not in doc.key_marks:
            where = where[:-1]  # a removed field: the nearest one that is still there
        line, column = doc.locate(where)
        yield Problem(doc.file, line, column, field_name(path),
                      f"{change} since {before.what}, with neither a new timeline event nor a "
                      "new correction (expected a correction, or an event, that tells readers "
                      "of the change)")


def _order(path: Path_) -> tuple[str, ...]:
    return tuple(f"{p:05d}" if isinstance(p, int) else p for p in path)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return "nothing" if value is None else str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# --- reading git ---------------------------------------------------------------------------------

class _NoHistory(Exception):
    """Why there is nothing to compare with."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                                timeout=120, check=False)
    except FileNotFoundError:
        raise _NoHistory("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise _NoHistory("git did not answer within two minutes") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _NoHistory(message[0] if message else f"git {args[0]} failed")
    return result.stdout


def earlier_versions(deals: list[Document], project_dir: Path) -> dict[str, Earlier]:
    """Each deal file's previous version (shown path → Earlier), where one exists."""
    try:
        top, shallow, _head = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository",
                                    "HEAD"], project_dir).decode().split("\n")[:3]
    except _NoHistory as error:
        if "not a git repository" in str(error):
            raise _NoHistory("the project is not in a git repository") from None
        if "HEAD" in str(error) or "unknown revision" in str(error):
            return {}  # a repository without a commit yet: nothing was published before
        raise
    if shallow == "true":
        raise _NoHistory("this is a shallow clone, which has no earlier versions (fetch the "
                         "history, e.g. git fetch --unshallow)")
    root = Path(top)
    in_repo = {doc.file: (project_dir / doc.file).resolve().relative_to(root).as_posix()
               for doc in deals if _inside(project_dir / doc.file, root)}
    if not in_repo:
        return {}
    folders = sorted({str(Path(path).parent) for path in in_repo.values()})
    # Newest first: the first commit that names a file is the last one that changed it.
    log = _git(["-c", "core.quotePath=false", "log", "--format=format:commit %H",
                "--name-only", "--no-renames", "--", *folders], root).decode("utf-8", "replace")
    last_change: dict[str, str] = {}
    commit = ""
    for line in log.split("\n"):
        if line.startswith("commit "):
            commit = line.removeprefix("commit ")
        elif line:
            last_change.setdefault(line, commit)
    # Which files differ from HEAD, by object id: git's id of the working copy's bytes
    # against the one HEAD's tree lists (no contents read for that).
    tree = _git(["ls-tree", "-r", "-z", "HEAD", "--", *folders], root)
    at_head = {}
    for entry in tree.split(b"\0"):
        if entry:
            info, _tab, name = entry.partition(b"\t")
            at_head[name.decode("utf-8", "replace")] = info.split(b" ")[2].decode()
    current: dict[str, bytes] = {}
    wanted: dict[str, tuple[str, str]] = {}  # shown path -> (object to read, what it is)
    for shown, path in in_repo.items():
        if path not in at_head:
            continue  # not committed yet: a new record
        current[shown] = data = (project_dir / shown).read_bytes()
        if _object_id(data) != at_head[path]:
            wanted[shown] = (at_head[path], "the last commit")
        elif path in last_change:
            wanted[shown] = (f"{last_change[path]}^:{path}",
                             f"the version before commit {last_change[path][:7]}")
    # One object per record, all in one batch.
    blobs = _cat_files(sorted({spec for spec, _what in wanted.values()}), root)
    earlier: dict[str, Earlier] = {}
    for shown, (spec, what) in wanted.items():
        text = blobs.get(spec)
        if text is None:
            continue  # the last commit added the file
        try:
            old_text, new_text = text.decode("utf-8"), current[shown].decode("utf-8")
        except UnicodeDecodeError:
            continue  # a broken version has no figures to compare
        old_blocks, new_blocks = _key_blocks(old_text), _key_blocks(new_text)
        if old_blocks is not None and old_blocks == new_blocks:
            continue  # only texts changed: no need to read the YAML
        try:
            # Reading a record's YAML is most of the guard's time; the key fields suffice.
            data = yaml.load(old_text if old_blocks is None else "".join(old_blocks.values()),
                             Loader=_Loader)
        except yaml.YAMLError:
            continue  # a broken earlier version has no figures to compare
        earlier[shown] = Earlier(data if isinstance(data, dict) else {}, what)
    return earlier


KEY_FIELDS = frozenset({"amount", "tranches", "round", "status", "parties", "timeline",
                        "corrections"})
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
# A line that starts at column 0 with neither space, comment nor list dash: a top-level key.
_COLUMN_ZERO = re.compile(r"^([^ \t#\-\r\n].*)$", re.MULTILINE)


def _key_blocks(text: str) -> dict[str, str] | None:
    """The top-level fields a key figure or its telling lives in, each as the text of its
    block (the key's line and the indented lines under it); None where the text is not laid
    out as plain top-level blocks (a document marker, a flow mapping), so that the whole
    text is read instead."""
    starts = []
    for line in _COLUMN_ZERO.finditer(text):
        key = _TOP_LEVEL_KEY.match(line.group(1))
        if key is None:
            return None
        starts.append((line.start(), key.group(1)))
    names = [name for _start, name in starts]
    if len(set(names)) != len(names):
        return None  # a key given twice: let the YAML reader decide
    ends = [start for start, _name in starts[1:]] + [len(text)]
    return {name: text[start:end] for (start, name), end in sorted(zip(starts, ends),
                                                                   key=lambda s: s[0][1])
            if name in KEY_FIELDS}


def _object_id(data: bytes) -> str:
    """The id git gives a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _cat_files(specs: list[str], root: Path) -> dict[str, bytes]:
    """The contents of ``rev:path`` objects, read by one ``git cat-file --batch``."""
    output = _git(["cat-file", "--batch"], root, stdin="".join(f"{s}\n" for s in specs).encode())
    found: dict[str, bytes] = {}
    position = 0
    for spec in specs:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[spec] = output[position:position + size]
            position += size + 1  # the content is followed by a newline
        # "<spec> missing" (or a tree, or an ambiguous name): nothing to read for it
    return found
