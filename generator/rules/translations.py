"""Translations kept in step: which texts lack a language, and which went stale.

The site's first language (German on the sample site) is the original. When a translator
has brought a translation in line with it, ``briefing translations --mark-reviewed`` stores
a fingerprint of the original as it was then, in ``content/translations.lock.yml``. A
translation is *stale* when the original's fingerprint has changed since: the German was
edited after the English was last reviewed. A translation with no stored fingerprint is
*unreviewed*.

For records, each text with language versions (``headline``, ``timeline[2].event``…) is
followed on its own. For articles, the versions paired by ``translation_key`` are followed
as whole files: any change to the original's file makes the others stale.

Nothing here writes anything but the lock file, and only when asked to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..content.languages import names as language_names
from ..content.load import FILES, FOLDERS, Document, Path_, field_name, load_content
from ..errors import BriefingError
from ..schemas import LOCALIZED_FIELDS
from ..settings import SiteConfig

LOCK_NAME = "translations.lock.yml"

UP_TO_DATE, MISSING, STALE, UNREVIEWED = "up to date", "missing", "stale", "unreviewed"

LOCK_HEADER = """\
# Fingerprints of the originals (the site's first language) as they were when their
# translations were last reviewed. Written by `briefing translations --mark-reviewed`;
# not edited by hand. A translation whose original no longer has the fingerprint below
# is reported as stale.
"""


@dataclass(frozen=True)
class Finding:
    """One translation of one text (a record field or a whole article) and how it stands."""

    file: str
    line: int
    column: int
    record: str  # "deals/<id>", "companies/<id>", "authors/<id>" or "articles/<key>"
    field: str  # the record field ("timeline[2].event"); "" for an article
    language: str
    status: str
    original: str = ""  # the language of the original

    def __str__(self) -> str:
        target = language_names([self.language])
        if self.status == MISSING:
            what = f"no {target} text ({self.language})" if self.field else (
                f"no {target} version ({self.language})")
        elif self.status == STALE:
            what = (f"{self.language}: stale (the {language_names([self.original])} text "
                    f"changed after the {target} one "
                    f"was last marked reviewed)")
        else:
            what = f"{self.language}: not yet marked reviewed"
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {what}" if self.field else f"{where}: {what}"


@dataclass
class Report:
    source_language: str
    languages: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    up_to_date: int = 0

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def summary(self) -> str:
        text = (f"Translations: {self.up_to_date} up to date, {self.count(MISSING)} missing, "
                f"{self.count(STALE)} stale, {self.count(UNREVIEWED)} unreviewed.")
        if self.count(STALE) or self.count(UNREVIEWED):
            text += (f"\nOnce a translation matches the {language_names([self.source_language])}"
                     f", record it: briefing translations "
                     "--mark-reviewed <file> [--field <field>]")
        return text

    def failing(self) -> list[Finding]:
        """What fails a strict run: stale and unreviewed translations, and missing record
        texts. An article may exist in one language only, so a missing version does not."""
        return [f for f in self.findings if f.status != MISSING or f.field]

    def as_json(self) -> str:
        records: dict[str, dict[str, Any]] = {}
        for finding in self.findings:
            entry = records.setdefault(finding.record, {"record": finding.record, "texts": []})
            text = asdict(finding)
            text.pop("record")
            text.pop("original")
            entry["texts"].append(text)
        return json.dumps({
            "source_language": self.source_language,
            "languages": list(self.languages),
            "summary": {"up_to_date": self.up_to_date, "missing": self.count(MISSING),
                        "stale": self.count(STALE), "unreviewed": self.count(UNREVIEWED)},
            "records": sorted(records.values(), key=lambda r: r["record"]),
        }, ensure_ascii=False, indent=2) + "\n"


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- reading the content ----------------------------------------------------------------------

@dataclass
class _Text:
    """One translatable text of a record, or one article in all its versions."""

    record: str
    field: str
    path: Path_
    versions: dict[str, tuple[Document, Path_]]  # language -> where that version stands
    original: str | None  # the source language's text (a record field or a whole file)


def _texts(config: SiteConfig) -> Iterator[_Text]:
    loaded = load_content(config.content_dir, config.project_dir)
    source = config.languages[0]
    articles: dict[str, dict[str, Document]] = {}
    for doc in loaded.documents:
        if not isinstance(doc.data, dict):
            continue
        if doc.kind == "article":
            key = doc.data.get("translation_key")
            articles.setdefault(key if isinstance(key, str) else doc.slug, {})[doc.lang] = doc
            continue
        ident = doc.data.get("id")
        stem = PurePosixPath(doc.file).stem
        record = stem if doc.kind in FILES else (
            f"{FOLDERS[doc.kind]}/{ident if isinstance(ident, str) else stem}")
        for path, value in _localized(doc.data, (), config.languages):
            versions = {lang: (doc, path + (lang,)) for lang in config.languages
                        if isinstance(value.get(lang), str)}
            original = value.get(source)
            yield _Text(record, field_name(path), path, versions,
                        original if isinstance(original, str) else None)
    for key, docs in sorted(articles.items()):
        original_doc = docs.get(source)
        original = None
        if original_doc is not None:
            file = config.project_dir / original_doc.file
            original = file.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        yield _Text(f"{FOLDERS['article']}/{key}", "", (),
                    {lang: (doc, ()) for lang, doc in docs.items()}, original)




def _localized(value: Any, path: Path_, languages: tuple[str, ...]) -> Iterator[
        tuple[Path_, dict[str, Any]]]:
    if isinstance(value, dict):
        keys = set(value)
        if keys and keys <= set(languages) and (
                (path and path[-1] in LOCALIZED_FIELDS) or len(keys) > 1) and any(
                isinstance(text, str) for text in value.values()):
            yield path, value
            return
        for key, item in value.items():
            yield from _localized(item, path + (key,), languages)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _localized(item, path + (i,), languages)


# --- the lock file ----------------------------------------------------------------------------

def lock_path(config: SiteConfig) -> Path:
    return config.content_dir / LOCK_NAME


def read_lock(config: SiteConfig) -> dict[str, dict[str, dict[str, str]]]:
    """record -> field ("" for an article) -> language -> fingerprint of the original."""
    path = lock_path(config)
    if not path.exists():
        return {}
    shown = path.relative_to(config.project_dir).as_posix() if path.is_relative_to(
        config.project_dir) else str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BriefingError(f"{shown}: cannot be read ({exc.__class__.__name__}); restore it "
                            f"from version control or delete it and mark the translations "
                            f"reviewed again") from None
    lock: dict[str, dict[str, dict[str, str]]] = {}
    ok = isinstance(data, dict)
    for record, fields in (data.items() if ok else []):
        if not isinstance(fields, dict):
            ok = False
            break
        # An article is followed as a whole: language -> fingerprint, without fields.
        entries = {"": fields} if str(record).startswith("articles/") else fields
        for name, langs in entries.items():
            if not isinstance(langs, dict) or not all(
                    isinstance(v, str) for v in langs.values()):
                ok = False
                break
            lock.setdefault(str(record), {})[str(name)] = {str(k): v for k, v in langs.items()}
    if not ok:
        raise BriefingError(f"{shown}: not the file briefing translations writes (expected "
                            f"record: field: language: fingerprint); restore it from version "
                            f"control or delete it and mark the translations reviewed again")
    return lock


def _write_lock(config: SiteConfig, lock: dict[str, dict[str, dict[str, str]]]) -> None:
    data: dict[str, Any] = {}
    for record, fields in sorted(lock.items()):
        entries = {name: dict(sorted(langs.items()))
                   for name, langs in sorted(fields.items()) if langs}
        if record.startswith("articles/") and "" in entries:
            data[record] = entries[""]
        elif entries:
            data[record] = entries
    text = LOCK_HEADER + (yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
                          if data else "")
    path = lock_path(config)
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)  # a reader sees the old lock or the new one, never half


# --- the report -------------------------------------------------------------------------------

def report(config: SiteConfig) -> Report:
    lock = read_lock(config)
    source = config.languages[0]
    result = Report(source, config.languages)
    for text in _texts(config):
        reviewed = lock.get(text.record, {}).get(text.field, {})
        for lang in config.languages:
            if lang not in text.versions:
                # Without the original there is nothing to be in step with: only the
                # original is reported missing then.
                if lang == source or text.original is not None:
                    result.findings.append(_finding(text, lang, MISSING, config))
            elif lang == source or text.original is None:
                continue
            elif lang not in reviewed:
                result.findings.append(_finding(text, lang, UNREVIEWED, config))
            elif reviewed[lang] != fingerprint(text.original):
                result.findings.append(_finding(text, lang, STALE, config))
            else:
                result.up_to_date += 1
    result.findings.sort(key=lambda f: (f.file, f.line, f.column, f.field, f.language))
    return result


def _finding(text: _Text, lang: str, status: str, config: SiteConfig) -> Finding:
    if lang in text.versions:
        doc, path = text.versions[lang]
    else:
        # Point at the text as a whole, in the original's file where there is one (the
        # versions are in the order their files were read: an article's English file may
        # come before its German original).
        doc, path = text.versions.get(config.languages[0], next(iter(text.versions.values())))
        path = text.path
    line, column = doc.locate(path) if path else (1, 1)
    return Finding(doc.file, line, column, text.record, text.field, lang, status,
                   config.languages[0])


# --- marking reviewed -------------------------------------------------------------------------

def mark_reviewed(config: SiteConfig, targets: list[str], fields: list[str] | None = None,
                  everything: bool = False) -> list[str]:
    """Store the current originals' fingerprints for the translations of ``targets`` (content
    files, or records such as ``deals/<id>``); return what was marked, one line each."""
    lock = read_lock(config)
    texts = list(_texts(config))
    wanted = {_target_record(config, target, texts) for target in targets}
    source = config.languages[0]
    marked: list[str] = []
    matched_fields: set[str] = set()
    for text in texts:
        if not everything and text.record not in wanted:
            continue
        if fields and text.field not in fields:
            continue
        matched_fields.add(text.field)
        if text.original is None:
            continue
        entry = lock.setdefault(text.record, {}).setdefault(text.field, {})
        for lang in config.languages:
            if lang != source and lang in text.versions:
                entry[lang] = fingerprint(text.original)
                label = f"{text.record} {text.field}".strip()
                marked.append(f"{label}: {lang}")
    if fields:
        unknown = sorted(set(fields) - matched_fields)
        if unknown:
            raise BriefingError(f"no translatable text {', '.join(unknown)} in "
                                f"{', '.join(sorted(wanted))} (expected a field such as "
                                f"headline or timeline[0].event)")
    # Records and texts that no longer exist take their fingerprints with them.
    present = {(text.record, text.field) for text in texts}
    lock = {record: {name: langs for name, langs in entries.items() if (record, name) in present}
            for record, entries in lock.items()}
    _write_lock(config, lock)
    return marked


def _target_record(config: SiteConfig, target: str, texts: list[_Text]) -> str:
    """``content/deals/x.yml``, ``deals/x.yml``, ``deals/x`` or an article file -> record."""
    records = {text.record for text in texts}
    path = Path(target)
    candidates = [path, config.project_dir / path, config.content_dir / path]
    for candidate in candidates:
        if candidate.is_file():
            resolved = candidate.resolve()
            for text in texts:
                for doc, _path in text.versions.values():
                    if (config.project_dir / doc.file).resolve() == resolved:
                        return text.record
    name = target.removeprefix("content/").removesuffix(".yml")
    if name in records:
        return name
    raise BriefingError(f"'{target}' is not a record or article with translations (expected a "
                        f"file such as content/deals/<id>.yml or content/articles/<slug>.de.md, "
                        f"or a record such as deals/<id>)")
