"""The form's configuration (Decap CMS's config.yml), generated from the JSON Schemas and the
site's languages: `briefing editor-config` writes it, and a test fails when the committed file
is stale.

How each shape of the schemas becomes a field, and why:
- a text in the site's languages (localized_text) is an object with one text box per
  language: the CMS's own i18n puts the languages at the top of the file instead, which
  emptied every field of a record and made the check report seven problems;
- a name that is one text or one per language (``name``) has no widget of its own (the CMS
  showed ``Map { "de": … }``): it is shown as one box per language, and the backend hands a
  single name to the form as the same text in each language and writes it back as a single
  name while the versions stay equal (``NAME_FIELDS``, backend.py);
- an enum is a select labelled in German and English with the words of labels.py;
- companies, authors and related deals are relations to their collections;
- a day is a date picker, a date that may be only a month or year a text with its pattern;
- inner fields of an optional object are not required (the CMS refuses to save a record
  without the object otherwise, naming no field): `briefing check` says what is missing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.schemas import SCHEMA_DIR
from generator.text import labels
from generator.text.i18n import translations
from generator.text.messages import DOMAIN, Message, msg

CONFIG_FILE = Path(__file__).parent / "admin" / "config.yml"
LOCALES = Path(__file__).parent.parent / "locales"
# The form's interface language (Decap's ``locale``), and so the language the check's
# problems and the panel beside the form are said in (backend.py).
LOCALE = "de"
PROXY_LINE = "  proxy_url: http://127.0.0.1:8081/api/v1"
_HEADER = """\
# The web editor's configuration (Decap CMS 3.16.3): generated from generator/schemas/ and
# the site's languages by `briefing editor-config`. Do not edit: change the schemas and run
# it again (tests/test_editor_config.py fails while this file is stale). `briefing editor`
# serves it with proxy_url pointing at its own port; hosted mode: README, "For editors".
"""
# Names of the languages in German and English, for the labels of the text boxes.
LANGUAGE_NAMES = {"de": ("Deutsch", "German"), "en": ("Englisch", "English"),
                  "fr": ("Französisch", "French"), "es": ("Spanisch", "Spanish"),
                  "it": ("Italienisch", "Italian"), "nl": ("Niederländisch", "Dutch")}
# Record kinds shown as collections: (name, German and English label, folder, schema).
FOLDER_COLLECTIONS = (
    ("deals", "Deals", "content/deals", "deal"),
    ("companies", "Unternehmen / Companies", "content/companies", "company"),
    ("authors", "Autoren / Authors", "content/authors", "author"),
    ("articles", "Artikel / Articles", "content/articles", "article"),
)
SITE_FILES = (("topics", "Themen / Topics", "content/topics.yml", "topics"),
              ("glossary", "Glossar / Glossary", "content/glossary.yml", "glossary"))
# Fields holding the id of another record: the collection it names.
RELATIONS = {
    ("deal", "author"): "authors", ("deal", "parties", "company"): "companies",
    ("deal", "stake", "holder"): "companies", ("deal", "related"): "deals",
    ("article", "author"): "authors", ("article", "deals"): "deals",
    ("article", "key_facts"): "deals",
}
_LABELS_BY_FIELD = {
    "id": "Kennung / Id", "kind": "Art / Kind", "headline": "Überschrift / Headline",
    "summary": "Zusammenfassung / Summary", "gist": "Das Wichtigste / Key points",
    "why_it_matters": "Warum das wichtig ist / Why it matters", "risks": "Risiken / Risks",
    "whats_next": "Wie es weitergeht / What's next", "author": "Autor / Author",
    "status": "Status", "as_of": "Stand / As of", "published": "Veröffentlicht / Published",
    "updated": "Aktualisiert / Updated", "reviewed": "Geprüft / Reviewed",
    "parties": "Beteiligte / Parties", "amount": "Betrag / Amount",
    "tranches": "Tranchen / Tranches", "round": "Finanzierungsrunde / Round",
    "stake": "Beteiligung / Stake", "conditions": "Bedingungen / Conditions",
    "timeline": "Zeitleiste / Timeline", "faq": "FAQ", "corrections": "Korrekturen / Corrections",
    "tags": "Schlagwörter / Tags", "related": "Verwandte Deals / Related deals",
    "sources": "Quellen / Sources", "name": "Name", "text": "Text", "date": "Datum / Date",
    "event": "Ereignis / Event", "question": "Frage / Question", "answer": "Antwort / Answer",
    "title": "Titel / Title", "body": "Text / Body", "description": "Beschreibung / Description",
    "currency": "Währung / Currency", "qualifier": "Genauigkeit / Precision",
    "value": "Wert / Value", "min": "Mindestens / Minimum", "max": "Höchstens / Maximum",
    "company": "Unternehmen / Company", "role": "Rolle / Role", "label": "Bezeichnung / Label",
    "accessed": "Abgerufen am / Accessed", "alt": "Bildbeschreibung / Alt text",
    "bio": "Kurzbiografie / Bio", "byline": "Autorenzeile / Byline",
    "caption": "Bildunterschrift / Caption", "computed": "Berechnet / Computed",
    "conditional": "Nur unter Bedingungen / Conditional", "credit": "Bildnachweis / Credit",
    "deals": "Deals", "definition": "Erklärung / Definition", "file": "Datei / File",
    "forms": "Weitere Wortformen / Other forms", "height": "Höhe / Height",
    "holder": "Inhaber / Holder", "images": "Bilder / Images", "key_facts": "Eckdaten / Key facts",
    "language": "Sprache / Language", "legal_name": "Firmierung / Legal name",
    "mentions": "Erwähnte Deals / Mentioned deals",
    "other_languages": "Andere Sprachen / Other languages", "percent": "Prozent / Percent",
    "publisher": "Herausgeber / Publisher", "reader_question": "Leserfrage / Reader question",
    "remarks": "Anmerkungen der Redaktion / Editors' remarks",
    "size": "Volumen / Size", "term": "Begriff / Term", "terms": "Begriffe / Terms",
    "topics": "Themen / Topics", "translation_key": "Übersetzungsschlüssel / Translation key",
    "url": "Adresse (URL) / Address (URL)", "valuation": "Bewertung / Valuation",
    "valuation_basis": "Grundlage der Bewertung / Valuation basis",
    "width": "Breite / Width",
}
# Choices whose page shows no word of their own (an exact amount is just the amount), or
# that no page shows: the form still names them in both languages.
_OPTION_WORDS = {
    "exact": "genau / exact", "person": "Person / person",
    "organization": "Organisation / organization", "unspecified": "nicht angegeben / unspecified",
}


class Unrepresentable(ValueError):
    """A shape of the schemas the form cannot show."""


@cache
def _schema(file: str) -> dict[str, Any]:
    contents: dict[str, Any] = json.loads((SCHEMA_DIR / file).read_text("utf-8"))
    return contents


def _resolve(node: dict[str, Any], file: str) -> tuple[dict[str, Any], str, str | None]:
    """A schema node with its $ref followed: the node, the file it lies in, and the name of
    the definition it came from (``localized_text``, ``day``…) or None."""
    ref = node.get("$ref")
    if ref is None:
        return node, file, None
    target_file, _, pointer = ref.partition("#")
    target_file = target_file or file
    name = pointer.rsplit("/", 1)[-1]
    target = _schema(target_file)["$defs"][name]
    merged = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return merged, target_file, name


@cache
def _german() -> dict[str, str]:
    """The German catalog's words for labels.py's messages."""
    from babel.messages.pofile import read_po

    with (LOCALES / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    return {str(message.id): str(message.string) for message in catalog
            if message.id and isinstance(message.id, str) and message.string}


def _option_label(value: str, message: str) -> str:
    if not message:
        if value not in _OPTION_WORDS:
            raise Unrepresentable(f"the choice {value!r} has no words for the form: add it "
                                  f"to _OPTION_WORDS")
        return _OPTION_WORDS[value]
    english = re.sub(r"%\(\w+\)s", "…", message)
    german = re.sub(r"%\(\w+\)s", "…", _german().get(message, message))
    return english if german == english else f"{german} / {english}"


def _select(values: tuple[Any, ...], enum_key: str) -> dict[str, Any]:
    tables = labels.TABLES.get(enum_key)
    options = []
    for value in values:
        message = tables[0].get(value, "") if tables else ""
        options.append({"label": _option_label(str(value), message), "value": value})
    return {"widget": "select", "options": options}


def _said(words: Message) -> str:
    """The form's own words in its language (LOCALE), from the check's catalog."""
    return words.in_language(LOCALE)


def _said_hint(description: str) -> str:
    """A schema's description as the form's hint, in the form's language: the check's
    catalog holds every description (check.cfg extracts them from the schemas)."""
    return translations(LOCALE, DOMAIN).gettext(description)


def _language_label(code: str) -> str:
    german, english = LANGUAGE_NAMES.get(code, (code, code))
    return f"{german} / {english} ({code})" if german != english else f"{german} ({code})"


def _label(name: str) -> str:
    """A field's label in German and English: a field the table lacks stops the form's
    generation (tests/test_editor.py), rather than showing editors its English name."""
    if name not in _LABELS_BY_FIELD:
        raise Unrepresentable(f"the field {name!r} has no label for the form: add it to "
                              f"_LABELS_BY_FIELD")
    return _LABELS_BY_FIELD[name]


class _Builder:
    def __init__(self, kind: str, languages: tuple[str, ...]):
        self.kind = kind
        self.languages = languages

    def field(self, name: str, node: dict[str, Any], file: str, required: bool,
              path: tuple[str, ...], enum_key: tuple[str, ...],
              label: str | None = None) -> dict[str, Any]:
        own_description = node.get("description")
        node, file, definition = _resolve(node, file)
        if definition is not None and file == "common.schema.json":
            enum_key = ("common", definition)
        field: dict[str, Any] = {"label": label or _label(name), "name": name}
        # A definition's own description explains the schema's shape (keyed by language
        # code…), which the form already shows; only the field's own, and a few that tell
        # the editor what to write, are hints.
        hint = own_description or (node.get("description") if definition in (
            None, "date", "money", "correction", "source") else None)
        if hint:
            field["hint"] = _said_hint(hint)
        field.update(self.widget(node, file, definition, required, path, enum_key))
        field["required"] = required
        return field

    def language_fields(self, widget: dict[str, Any], first_required: bool,
                        ) -> list[dict[str, Any]]:
        return [{"label": _language_label(code), "name": code, **widget,
                 "required": first_required and index == 0}
                for index, code in enumerate(self.languages)]

    def widget(self, node: dict[str, Any], file: str, definition: str | None,
               required: bool, path: tuple[str, ...], enum_key: tuple[str, ...],
               ) -> dict[str, Any]:
        relation = RELATIONS.get((self.kind, *path))
        if definition == "localized_text":
            return {"widget": "object", "collapsed": False,
                    "fields": self.language_fields({"widget": "text"}, required)}
        if definition == "name":
            return {"widget": "object", "collapsed": False,
                    "hint": _said(msg("The same name in every language: fill in each box "
                                      "alike.")),
                    "fields": self.language_fields({"widget": "string"}, required)}
        if definition == "day":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "picker_utc": True}
        if "enum" in node:
            return _select(tuple(node["enum"]), ".".join(enum_key))
        if relation and node.get("type") == "array":
            return {"widget": "relation", "collection": relation, "value_field": "id",
                    "search_fields": ["id"], "display_fields": ["id"], "multiple": True}
        if relation:
            return {"widget": "relation", "collection": relation, "value_field": "id",
                    "search_fields": ["id"], "display_fields": ["id"]}
        kind = node.get("type")
        if kind == "string":
            widget: dict[str, Any] = {
                "widget": "text" if node.get("maxLength", 0) > 300 else "string"}
            if "pattern" in node:
                widget["pattern"] = [node["pattern"], f"Form / format: {node['pattern']}"]
            return widget
        if kind == "integer":
            return {"widget": "number", "value_type": "int"}
        if kind == "number":
            return {"widget": "number", "value_type": "float"}
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "array":
            items, items_file, items_definition = _resolve(node["items"], file)
            if items_definition is not None and items_file == "common.schema.json":
                enum_key = ("common", items_definition)  # a source's kind: common.source.kind
            if items.get("type") == "object":
                fields = self.fields(items, items_file, True, path, enum_key)
                return {"widget": "list", "collapsed": True, "summary": _summary(fields),
                        "fields": fields}
            return {"widget": "list"}  # texts or ids, separated by commas in one box
        if kind == "object" or "properties" in node:
            if "properties" in node:
                return {"widget": "object", "collapsed": False,
                        "fields": self.fields(node, file, required, path, enum_key)}
            values = node.get("additionalProperties")
            if not isinstance(values, dict):
                values = next(iter(node.get("patternProperties", {}).values()), None)
            if isinstance(values, dict):
                per_language = [self.field(code, values, file, False, (*path, code), enum_key,
                                           label=_language_label(code))
                                for code in self.languages]
                return {"widget": "object", "collapsed": True, "fields": per_language}
        raise Unrepresentable(f"{self.kind}: {'.'.join(path) or '(record)'}: the form has no "
                              f"field for this shape of the schema ({json.dumps(node)[:120]})")

    def fields(self, node: dict[str, Any], file: str, required: bool, path: tuple[str, ...],
               enum_key: tuple[str, ...], order: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        properties: dict[str, Any] = node.get("properties", {})
        needed = set(node.get("required", []))
        names = [name for name in order if name in properties]
        names += [name for name in properties if name not in names]
        return [self.field(name, properties[name], file, required and name in needed,
                           (*path, name), (*enum_key, name))
                for name in names]


def _summary(fields: list[dict[str, Any]]) -> str:
    """What a collapsed list item shows: its date and its first text (in the first
    language), or its id; never the ``Map {…}`` the form shows for an object."""
    parts: list[str] = []
    for field in fields:
        if field["name"] == "date" or (field["name"] == "id" and not parts):
            parts.append(f"{{{{fields.{field['name']}}}}}")
    for field in fields:
        if field.get("widget") == "object" and field.get("fields"):
            parts.append(f"{{{{fields.{field['name']}.{field['fields'][0]['name']}}}}}")
            break
        if field.get("widget") in ("string", "text") and field["name"] not in ("id", "date"):
            parts.append(f"{{{{fields.{field['name']}}}}}")
            break
    return " · ".join(parts) or f"{{{{fields.{fields[0]['name']}}}}}"


def _sample_order(folder: Path) -> tuple[str, ...]:
    """The order of the top-level keys in the first record of ``folder``: the form shows
    the fields as the sample records write them."""
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.md")):
        text = path.read_text("utf-8")
        if path.suffix == ".md":
            text = text.split("\n---\n", 1)[0].removeprefix("---\n")
        return tuple(re.findall(r"^([a-z_]+):", text, flags=re.MULTILINE))
    return ()


def _record_fields(kind: str, languages: tuple[str, ...],
                   order: tuple[str, ...]) -> list[dict[str, Any]]:
    file = f"{kind}.schema.json"
    return _Builder(kind, languages).fields(_schema(file), file, True, (), (kind,), order)


def build(languages: tuple[str, ...], content_dir: Path) -> dict[str, Any]:
    """The whole configuration, as data."""
    collections: list[dict[str, Any]] = []
    for name, label, folder, kind in FOLDER_COLLECTIONS:
        fields = _record_fields(kind, languages, _sample_order(content_dir.parent / folder))
        collection: dict[str, Any] = {
            "name": name, "label": label, "folder": folder, "extension": "yml",
            "format": "yml", "create": True, "identifier_field": "id", "slug": "{{slug}}",
            "summary": "{{id}}", "fields": fields}
        if kind == "article":
            # A new article needs its language in its file name: `briefing new article`.
            collection.update(extension="md", format="frontmatter", create=False,
                              identifier_field="title", summary="{{slug}}: {{title}}")
            del collection["slug"]
            fields.append({"label": _label("body"), "name": "body", "widget": "markdown",
                           "modes": ["raw"], "required": True,
                           "hint": _said(msg("Markdown; a picture as [[figure:id]] on a line "
                                             "of its own."))})
        collections.append(collection)
    collections.append({
        "name": "site", "label": "Themen und Glossar / Topics and glossary",
        "files": [{"name": name, "label": label, "file": file,
                   "fields": _record_fields(kind, languages, ())}
                  for name, label, file, kind in SITE_FILES]})
    return {
        "backend": {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1"},
        "publish_mode": "simple",
        "media_folder": "content/images",
        "public_folder": "images",
        "locale": LOCALE,
        "collections": collections,
    }


def render(languages: tuple[str, ...], content_dir: Path) -> str:
    """The configuration file's text: the same input gives the same bytes."""
    text = yaml.safe_dump(build(languages, content_dir), sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
    assert PROXY_LINE in text
    return _HEADER + text


def served_config(port: int) -> str:
    """The committed configuration with the backend at ``port`` (the server's own)."""
    text = CONFIG_FILE.read_text("utf-8")
    return text.replace(PROXY_LINE, f"  proxy_url: http://127.0.0.1:{port}/api/v1", 1)


def name_fields(kind: str) -> list[tuple[str, ...]]:
    """Where a record of ``kind`` has a name that is one text or one per language, as paths
    (``*``: every item of a list)."""
    found: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], file: str, path: tuple[str, ...]) -> None:
        node, file, definition = _resolve(node, file)
        if definition == "name":
            found.append(path)
            return
        for name, child in node.get("properties", {}).items():
            walk(child, file, (*path, name))
        if isinstance(node.get("items"), dict):
            walk(node["items"], file, (*path, "*"))

    file = f"{kind}.schema.json"
    walk(_schema(file), file, ())
    return found


def kind_of(relative: str) -> str | None:
    """The schema of the file at ``relative`` (content/deals/x.yml: deal)."""
    for _name, _label, folder, kind in FOLDER_COLLECTIONS:
        if relative.startswith(folder + "/"):
            return kind
    for _name, _label, file, kind in SITE_FILES:
        if relative == file:
            return kind
    return None

