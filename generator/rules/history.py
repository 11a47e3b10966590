"""The guard against silent changes: each deal's key figures compared with the deal as it
was at a base commit (Pressekodex, Ziffer 3: corrections are made visibly).

What is compared are records, not files or lines: every deal of the working tree, by its
id, against the deal with that id in the base commit's tree, whatever happened to its file
in between (moved into a subfolder, renamed, deleted and added again, changed over several
commits or in a merge). Both sides are parsed YAML, so no layout of the text hides a
change. A key figure (``KEY_FIGURES``) that differs, with neither a new timeline event nor
a new correction to tell readers, is an error naming the field, the old and the new value.

The base: ``--base REF`` (or ``BRIEFING_BASE``) where given, such as a pull request's
target; otherwise the default branch as the ``origin`` remote has it (``origin/HEAD``, else
``origin/main`` or ``origin/master``); in either case the merge base of that and ``HEAD``,
the commit this work started from. Without such a remote, ``HEAD``.

Git is asked the same few times for one record or thousands: where the repository is,
which remote branches there are, the merge base, the base tree's object ids (``git
ls-tree -r``), then every base record that differs from the working tree's in one ``git
cat-file --batch``. Outside a repository or without git one notice says that nothing was
compared; a shallow clone that lacks the base is an error saying what to fetch.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content.load import Document, Path_, field_name
from ..errors import Problem
from ..text.messages import Message, msg

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The key figures of a deal: the top-level fields whose every value the guard compares (the
# README's "Command line" lists them from here; a test holds the two together). Within them
# everything counts but where each figure comes from (``sources``) and what only names or
# places a part (_NOT_FIGURES).
KEY_FIGURES = ("amount", "tranches", "round", "stake", "status", "parties")
# A tranche's label is words; its date places it in time, as the timeline does.
_NOT_FIGURES = frozenset({"sources", ("tranches", "label"), ("tranches", "date")})
# A value left out means this one: writing it out is no change.
_DEFAULTS: dict[tuple[str, ...], Any] = {("tranches", "conditional"): False}
# Git's id for "no commit": what CI gives as the commit before a branch's first push.
_NO_COMMIT = "0" * 40
# Which branch the default base follows, first found first.
_DEFAULT_BRANCHES = ("refs/remotes/origin/HEAD", "refs/remotes/origin/main",
                     "refs/remotes/origin/master")
_FETCH = (msg("fetch the whole history: actions/checkout with fetch-depth: 0, GitLab with "
              "GIT_DEPTH: \"0\", or git fetch --unshallow"))


@dataclass(frozen=True)
class Earlier:
    """A deal as the base commit has it."""

    data: dict[str, Any]
    file: str  # its path in the base commit, from the repository's top


@dataclass
class Base:
    """The deals of the base commit that differ from the working tree's."""

    what: str  # in words for the message: "the last commit", "commit 1a2b3c4 (…)"
    by_id: dict[str, Earlier] = field(default_factory=dict)  # differing or gone, by id
    ids: set[str] = field(default_factory=set)  # every deal id the base has
    unchanged: set[str] = field(default_factory=set)  # shown paths with the base's bytes


def silent_changes(documents: list[Document], project_dir: Path,
                   folder: str = "content/deals", base: str | None = None) -> list[Problem]:
    """Errors for key figures changed without a word to readers since the base commit
    (``base``: a ref or commit; None: ``BRIEFING_BASE``, else the default); or one notice,
    about ``folder`` (the deal records' folder as editors see it), that there is no history
    to compare with; or one error that the base is missing (a shallow clone)."""
    deals = [d for d in documents if d.kind == "deal" and isinstance(d.data, dict)]
    if not deals:
        return []
    try:
        found = base_records(deals, project_dir, project_dir / folder, base)
    except NoHistory as reason:
        return [Problem(folder, 0, 0, "", msg("key figures not compared with earlier versions: "
                                              "{reason}",
                                              reason=_said(reason)), "notice")]
    except MissingBase as reason:
        return [Problem(folder, 0, 0, "", msg("key figures cannot be compared: {reason}",
                                              reason=_said(reason)))]
    if found is None:
        return []
    problems: list[Problem] = []
    new: list[Document] = []
    current_ids = {deal_id(doc.data, doc.file) for doc in deals}
    for doc in deals:
        if doc.file in found.unchanged:
            continue
        ident = deal_id(doc.data, doc.file)
        before = found.by_id.get(ident)
        if before is not None:
            problems.extend(_compare(doc, before, found.what))
        elif ident not in found.ids:
            new.append(doc)
    gone = {ident: earlier for ident, earlier in found.by_id.items()
            if ident not in current_ids}
    for doc, (old_id, before) in _renamed(new, gone):
        problems.extend(_compare(doc, before, found.what, old_id))
    return problems


def deal_id(data: dict[str, Any], file: str) -> str:
    """A deal's id as the site uses it: its ``id`` (which the check holds equal to the file
    name), or the file name where the id is not text."""
    ident = data.get("id")
    if isinstance(ident, str):
        return ident
    name = file.rpartition("/")[2]
    return name.rpartition(".")[0] or name


# --- what counts as a key figure ------------------------------------------------------------------

def key_figures(data: dict[str, Any]) -> dict[Path_, str]:
    """The key figures of a deal record, each as a comparable text by its field; parties
    are compared as a set (``parties``), not by their place in the list."""
    figures: dict[Path_, str] = {}
    for name in KEY_FIGURES:
        if name != "parties" and name in data:
            _figures((name,), data[name], figures)
    return figures


# How precise an amount is, in the message's words (the record says "up-to").
_QUALIFIER_WORDS = {"exact": msg("exact"), "about": msg("about"), "at-least": msg("at least"),
                    "up-to": msg("up to"), "range": msg("range")}


def _amount(value: dict[str, Any]) -> Message:
    """An amount as one figure, whole, with its digits grouped as the message's language
    groups them: "2,000,000,000 USD (exact)", „2.000.000.000 USD (genau)“. Never rounded
    ("2 billion"), so that a change of one dollar still shows as a change."""
    qualifier = value.get("qualifier")
    said = _QUALIFIER_WORDS.get(qualifier, qualifier) if isinstance(qualifier, str) else None
    if "min" in value or "max" in value:
        return msg("{low} to {high} {currency} ({qualifier})", low=_number(value.get("min")),
                   high=_number(value.get("max")), currency=value.get("currency"),
                   qualifier=said)
    return msg("{number} {currency} ({qualifier})", number=_number(value.get("value")),
               currency=value.get("currency"), qualifier=said)


def _number(value: Any) -> Message | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return msg("{number:,}", number=value)
    return _shown(value)


def _figures(path: Path_, value: Any, figures: dict[Path_, str]) -> None:
    if isinstance(value, dict) and "currency" in value:
        figures[path] = _amount(value)
    elif isinstance(value, dict):
        kind = tuple(p for p in path if isinstance(p, str))
        for name, default in _DEFAULTS.items():
            if name[:-1] == kind and name[-1] not in value:
                figures[path + (name[-1],)] = _shown(default)
        for key in sorted(value, key=str):
            if key not in _NOT_FIGURES and (*kind, key) not in _NOT_FIGURES:
                _figures(path + (key,), value[key], figures)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _figures(path + (i,), item, figures)
    else:
        figures[path] = _shown(value)


def parties(data: dict[str, Any]) -> set[str]:
    return {f"{p.get('company')} ({p.get('role')})" for p in _list(data.get("parties"))
            if isinstance(p, dict)}


def _event(entry: dict[str, Any]) -> str:
    """A timeline event's identity: its date and the status it names. Its words may be
    edited; an event whose date or status changed is the old one edited, not a new one."""
    return f"{entry.get('date')} {entry.get('status')}"


def _correction(entry: dict[str, Any]) -> str:
    """A correction's identity: its date and its text, in every language."""
    return json.dumps([entry.get("date"), entry.get("text")], sort_keys=True, default=str)


def _identities(data: dict[str, Any], name: str) -> Counter[str]:
    identity = _event if name == "timeline" else _correction
    return Counter(identity(e) for e in _list(data.get(name)) if isinstance(e, dict))


def _newly_told(before: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether a new timeline event or a new correction tells readers of a change: one
    whose identity the base did not have, beyond those that take the place of an old one
    that is gone (an edited entry is the same entry, not a new one)."""
    for name in ("timeline", "corrections"):
        old, new = _identities(before, name), _identities(now, name)
        if (new - old).total() > (old - new).total():
            return True
    return False


def _compare(doc: Document, before: Earlier, what: str,
             old_id: str | None = None) -> Iterator[Problem]:
    if _newly_told(before.data, doc.data):
        return  # something new tells readers what changed
    old, new = key_figures(before.data), key_figures(doc.data)
    changes: list[tuple[Path_, Message]] = []
    for path in sorted(set(old) | set(new), key=_order):
        if old.get(path) != new.get(path):
            if path not in new:
                changes.append((path, msg("{old} removed", old=old[path])))
            elif path not in old:
                changes.append((path, msg("{new} added", new=new[path])))
            else:
                changes.append((path, msg("changed from {old} to {new}", old=old[path],
                                               new=new[path])))
    old_parties, new_parties = parties(before.data), parties(doc.data)
    for party in sorted(old_parties - new_parties):
        changes.append((("parties",), msg("'{party}' removed", party=party)))
    now = [f"{p.get('company')} ({p.get('role')})" if isinstance(p, dict) else None
           for p in _list(doc.data.get("parties"))]
    for party in sorted(new_parties - old_parties):
        changes.append((("parties", now.index(party)), msg("'{party}' added", party=party)))
    # A correction stays as readers saw it: changing or removing one is itself a change.
    kept = _identities(doc.data, "corrections")
    for entry in _list(before.data.get("corrections")):
        if isinstance(entry, dict):
            if kept[_correction(entry)]:
                kept[_correction(entry)] -= 1
                continue
            dated = [i for i, c in enumerate(_list(doc.data.get("corrections")))
                     if isinstance(c, dict) and c.get("date") == entry.get("date")]
            where: Path_ = ("corrections", dated[0]) if dated else ("corrections",)
            changes.append((where, msg("the correction of {date} was changed",
                                       date=entry.get("date")) if dated else
                            msg("the correction of {date} was removed", date=entry.get("date"))))
    since = what if old_id is None else msg("{what}, where this deal was '{old_id}' ({file})",
                                            what=what, old_id=old_id, file=before.file)
    for path, change in changes:
        where = path
        while where and where not in doc.marks and where not in doc.key_marks:
            where = where[:-1]  # a removed field: the nearest one that is still there
        line, column = doc.locate(where)
        yield Problem(doc.file, line, column, field_name(path), _guard(change, since))


def _guard(change: Message | str, since: Message | str) -> Message:
    return msg("{change} since {since}, with neither a new timeline event nor a new "
               "correction (expected a correction, or an event, that tells readers of the "
               "change)", change=change, since=since)


# The guard's message as its template: the web editor's panel offers the correction or the
# timeline event that makes it right where a problem says this (editor/backend.py).
GUARD_TEMPLATE = _guard("", "").templates[0]


def _renamed(new: list[Document], gone: dict[str, Earlier],
             ) -> Iterator[tuple[Document, tuple[str, Earlier]]]:
    """New deals that continue one the base had under another id (a record renamed to a
    new id): paired when they share the day the briefing was first published or a party
    (a company); the one with most in common first. A new deal that shares neither with
    any deal that is gone is a new deal."""
    left = dict(gone)
    for doc in new:
        companies = _companies(doc.data)
        best: tuple[tuple[bool, int], str] | None = None
        for ident, earlier in sorted(left.items()):
            same_day = (earlier.data.get("published") is not None
                        and earlier.data.get("published") == doc.data.get("published"))
            shared = len(companies & _companies(earlier.data))
            score = (same_day, shared)
            if (same_day or shared) and (best is None or score > best[0]):
                best = (score, ident)
        if best is not None:
            yield doc, (best[1], left.pop(best[1]))


def _companies(data: dict[str, Any]) -> set[str]:
    return {str(p.get("company")) for p in _list(data.get("parties")) if isinstance(p, dict)}


def _order(path: Path_) -> tuple[str, ...]:
    return tuple(f"{p:05d}" if isinstance(p, int) else p for p in path)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as the record writes it
    if isinstance(value, str):
        return f"'{value}'"
    return msg("nothing") if value is None else str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# --- reading git ---------------------------------------------------------------------------------

def _said(reason: Exception) -> str:
    """An exception's message as it was raised: a message of the check stays one (sayable
    in the editor's language); ``str()`` would keep its English text only."""
    return reason.args[0] if reason.args and isinstance(reason.args[0], str) else str(reason)


class NoHistory(Exception):
    """Why there is nothing to compare with (a notice)."""


class MissingBase(Exception):
    """Why the base commit cannot be read although it should be (an error)."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None,
         allowed: tuple[int, ...] = (0,)) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                                timeout=120, check=False)
    except FileNotFoundError:
        raise NoHistory(msg("git is not installed")) from None
    except subprocess.TimeoutExpired:
        raise NoHistory(msg("git did not answer within two minutes")) from None
    if result.returncode not in allowed:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[0] if message else f"git {args[0]} failed")
    return result.stdout


class _GitFailed(NoHistory):
    """Git answered with an error."""


def requested_base(base: str | None) -> str | None:
    """The base asked for: ``base``, else ``BRIEFING_BASE``; None for none (also for git's
    id of no commit, which CI gives for a branch's first push)."""
    chosen = (base if base is not None else os.environ.get("BRIEFING_BASE", "")).strip()
    return None if chosen in ("", _NO_COMMIT) else chosen


def base_records(deals: list[Document], project_dir: Path, deals_dir: Path,
                 base: str | None = None) -> Base | None:
    """The deals of the base commit (below ``deals_dir``, wherever in it) that differ
    from the working tree's (None: nothing to compare: the repository has no commit yet, or
    the deals lie outside it)."""
    try:
        top, shallow, head = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository",
                                   "HEAD"], project_dir).decode().split("\n")[:3]
    except _GitFailed as error:
        if "not a git repository" in str(error):
            raise NoHistory(msg("the project is not in a git repository")) from None
        if "HEAD" in str(error) or "unknown revision" in str(error):
            return None  # a repository without a commit yet: nothing was published before
        raise
    root = Path(top)
    is_shallow = shallow == "true"
    commit, what = _base_commit(requested_base(base), head, root, is_shallow)
    # The deals folder as a whole: a record may have lain anywhere below it.
    folder = _in_repository(deals_dir, root)
    if folder is None:
        return None
    tree = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", folder or "."], root)
    # Which working files have the base's bytes, by git's object id (no contents read).
    current: dict[str, list[Document]] = {}
    for doc in deals:
        try:
            data = (project_dir / doc.file).read_bytes()
        except OSError:
            continue
        current.setdefault(_object_id(data), []).append(doc)
    found = Base(what)
    wanted: dict[str, str] = {}  # object id -> its path in the base commit
    for entry in tree.split(b"\0"):
        info, _tab, name_bytes = entry.partition(b"\t")
        parts = info.split(b" ")
        name = name_bytes.decode("utf-8", "replace")
        if len(parts) != 3 or parts[1] != b"blob" or parts[0] == b"120000" \
                or not _is_record(name):
            continue
        oid = parts[2].decode()
        if oid in current:
            for doc in current[oid]:  # the same bytes: the same record, the same figures
                found.unchanged.add(doc.file)
                found.ids.add(deal_id(doc.data, doc.file))
        else:
            wanted.setdefault(oid, name)
    for oid, text in _cat_files(sorted(wanted), root).items():
        try:
            data = _read_fields(text.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError):
            # A broken earlier version has no figures to compare; nor one that expands to
            # more values than a record holds (aliases, which could not have passed the check).
            continue
        if isinstance(data, dict):
            ident = deal_id(data, wanted[oid])
            found.ids.add(ident)
            found.by_id.setdefault(ident, Earlier(data, wanted[oid]))
    return found


# What the comparison reads of a base record: its id, the key figures, what tells readers,
# and what pairs a renamed deal with its old id.
_READ = frozenset({"id", "published", "timeline", "corrections", *KEY_FIGURES})


def _read_fields(text: str) -> Any:
    """A record's YAML as a mapping of the fields in _READ: all of it is parsed (no layout
    of the text can hide a value), but only those fields' values are made Python objects,
    most of a record being texts (a quarter of the time at 2,000 records)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode) or any(
                key.tag == "tag:yaml.org,2002:merge" for key, _value in node.value):
            return loader.construct_document(node) if node is not None else None
        fields: dict[str, Any] = {}
        for key, value in node.value:  # a key given twice: the last one, as YAML reads it
            if isinstance(key, yaml.ScalarNode) and key.value in _READ:
                if _expanded_size(value, {}) > _MAX_VALUES:
                    raise _TooLarge(key.value)
                fields[key.value] = loader.construct_object(value, deep=True)
        return fields
    finally:
        loader.dispose()


# More values than any deal's compared fields hold: a base record beyond it is one whose
# aliases (*name, which the check refuses) would make comparing it take exponential time.
_MAX_VALUES = 100_000


class _TooLarge(yaml.YAMLError):
    """A field of a base record that expands to more than _MAX_VALUES values."""


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values a node stands for once its aliases are written out (each shared
    node counted once per use, each computed once)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = _MAX_VALUES + 1  # a node that contains itself is too large
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, sizes)
            if size > _MAX_VALUES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            size += _expanded_size(key, sizes) + _expanded_size(value, sizes)
            if size > _MAX_VALUES:
                break
    sizes[id(node)] = size
    return size


def _base_commit(requested: str | None, head: str, root: Path,
                 shallow: bool) -> tuple[str, str]:
    """The base commit and what it is, in words."""
    if requested is None:
        refs = _git(["for-each-ref", "--format=%(refname)", *_DEFAULT_BRANCHES],
                    root).decode().split()
        found = [ref for ref in _DEFAULT_BRANCHES if ref in refs]
        if not found:
            if shallow:
                raise MissingBase(msg("this is a shallow clone without the default branch, so "
                                      "the base to compare with is not known ({FETCH}; or name "
                                      "the base: briefing check --base REF, or BRIEFING_BASE)",
                                      FETCH=_FETCH))
            return head, msg("the last commit")
        requested = found[0].removeprefix("refs/remotes/")
    if requested.startswith("-") or not requested.isprintable():
        # Git would read it as an option: no branch, tag or commit id looks like that.
        raise MissingBase(msg("the base '{requested}' is not a commit name (expected a branch, a "
                              "tag or a commit id, such as origin/main)",
                              requested=requested))
    try:
        merge_base = _git(["merge-base", requested, "HEAD"], root, allowed=(0, 1)).decode()
    except _GitFailed as error:
        if shallow:
            raise MissingBase(msg("the base '{requested}' is not in this shallow clone ({FETCH})",
                                  requested=requested, FETCH=_FETCH)) from None
        raise MissingBase(msg("the base '{requested}' is not a commit in this repository (git "
                              "says: {error}; fetch it, or name another with --base)",
                              requested=requested, error=error)
                          ) from None
    commit = merge_base.strip()
    if not commit:
        if shallow:
            raise MissingBase(msg("the history between '{requested}' and HEAD is not in this "
                                  "shallow clone ({FETCH})",
                                  requested=requested, FETCH=_FETCH))
        raise MissingBase(msg("'{requested}' and HEAD have no commit in common (expected a base "
                              "this branch started from)",
                              requested=requested))
    if commit == head:
        return commit, msg("the last commit")
    return commit, msg("commit {commit} (the merge base with {requested})",
                       commit=commit[:7], requested=requested)


def _is_record(name: str) -> bool:
    """A file the loader reads as a deal record (load.py: ``.yml``, not hidden, not an
    editor's scratch file)."""
    base_name = name.rpartition("/")[2]
    return (base_name.endswith(".yml") and not base_name.startswith((".", "#"))
            and "/." not in f"/{name}")


def _in_repository(path: Path, root: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def _object_id(data: bytes) -> str:
    """The id git gives a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _cat_files(specs: list[str], root: Path) -> dict[str, bytes]:
    """The contents of objects, read by one ``git cat-file --batch``."""
    if not specs:
        return {}
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
