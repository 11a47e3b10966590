"""The check's messages in the editor's language (generator/text/messages.py).

Every message template in the code has a German translation in the ``check`` catalog
(derived by extraction, as pybabel does: a new message without one fails here); a problem
said in German has no English left in it; the terminal check says it with
``--language de``; the machine formats stay in English.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import copy_project, every_dict, run_briefing

from generator.errors import ContentError, Problem
from generator.rules import report
from generator.rules.schema import PATTERN_WORDS
from generator.schemas import SCHEMA_DIR
from generator.text import i18n
from generator.text.messages import DOMAIN, Message, in_language, msg, msg_n, said_languages

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
CATALOG = GENERATOR / "locales" / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
TEMPLATE = GENERATOR / "locales" / f"{DOMAIN}.pot"
CONFIG = GENERATOR / "locales" / f"{DOMAIN}.cfg"
KEYWORDS = {"msg": None, "msg_n": (1, 2)}
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"

# Words that are English and no German word (nor a field's, a file's or a tool's name the
# messages keep): one of them in a German message is English left in it.
ENGLISH = re.compile(r"\b(the|is|not|expected|which|with|of|are|has|have|does|cannot|"
                     r"would|than|missing|found|allowed|only|should|must|from|before|"
                     r"after|folder|field|warning|notice|error|errors|problem|problems|"
                     r"and|or|no)\b")
# What a message quotes (a value the editor wrote, an id, a path) is shown as written.
QUOTED = re.compile(r"„[^“]*“|'[^']*'|\"[^\"]*\"|\S*/\S*|\[\[[^\]]*\]\]|\[@[^\]]*\]")


def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every template the code hands to msg() or msg_n(), and every schema description (the
    form's hints), with where it is: as generator/locales/check.cfg tells pybabel."""
    with CONFIG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(CONFIG))
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(GENERATOR), method_map=method_map, options_map=options_map,
            keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True):
        found.setdefault(message, []).append(f"generator/{filename}:{lineno}")
    return found


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name}


def test_every_message_of_the_check_has_a_german_translation() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    untranslated = []
    for message_id, places in extracted().items():
        entry = catalog.get(message_id if isinstance(message_id, str) else message_id[0])
        said = entry.string if entry is not None and not entry.fuzzy else None
        forms = [said] if isinstance(said, str) else list(said or ())
        if not forms or not all(forms):
            untranslated.append(f"{places[0]}: {message_id!r}")
            continue
        # The translation fills in the same parameters, or a value would go unshown (or
        # the message would fail to be said at all).
        ids = [message_id] if isinstance(message_id, str) else list(message_id)
        wanted = set().union(*(_fields(i) for i in ids))
        for form in forms:
            assert _fields(form) == wanted, (places[0], message_id, form)
    assert not untranslated, "no German translation in check.po for:\n" + "\n".join(
        untranslated)


def test_the_committed_template_lists_every_message() -> None:
    """check.pot (what a translator starts from) is the code's: regenerate it with the
    command in generator/locales/check.cfg."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    committed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert committed == set(extracted())


def test_german_is_a_language_of_the_check() -> None:
    assert said_languages() == ("en", "de")
    assert i18n.untranslated("de", DOMAIN) == []


def test_every_pattern_of_the_schemas_is_said_in_words() -> None:
    descriptions = {node["description"] for path in SCHEMA_DIR.glob("*.json")
                    for node in every_dict(json.loads(path.read_text(encoding="utf-8")))
                    if "pattern" in node and "description" in node}
    assert descriptions and descriptions <= set(PATTERN_WORDS)


def test_the_form_s_hints_are_in_its_language() -> None:
    """The web editor's hints (the schemas' descriptions) in German, the form's language."""
    import yaml

    from generator.editor import cms_config

    assert cms_config.LOCALE == "de"
    extracted_ids = extracted()
    hints = [node["hint"] for node in every_dict(yaml.safe_load(
        cms_config.CONFIG_FILE.read_text("utf-8"))) if isinstance(node.get("hint"), str)]
    assert len(hints) > 50
    english = [hint for hint in hints if hint in extracted_ids]
    assert not english, english
    assert "Welche Art von Deal das ist." in hints


def assert_said_in_german(problem: Problem) -> None:
    """A problem of the check, said to a German editor, is German throughout."""
    assert isinstance(problem.message, Message), f"not from a template: {problem}"
    assert not problem.message.untranslatable, problem
    german = in_language(problem.message, "de")
    words = QUOTED.sub(" ", german)
    # Where a message shows a name as written (a field, an enum value, a YAML tag).
    left = ENGLISH.findall(words)
    assert not left, f"English {left} in {german!r} (from {problem.message!r})"


def test_a_message_keeps_its_parts_when_joined_and_copied() -> None:
    import pickle

    said = msg("'{value}' is not a date on the calendar", value="2025-02-30") + msg(
        " (did you mean '{name}'?)", name="2025-02-28")
    assert said == "'2025-02-30' is not a date on the calendar (did you mean '2025-02-28'?)"
    assert said.in_language("de") == ("„2025-02-30“ ist kein Datum, das es im Kalender gibt "
                                      "(gemeint: „2025-02-28“?)")
    assert pickle.loads(pickle.dumps(said)).in_language("de") == said.in_language("de")
    assert ("" + said).in_language("de") == said.in_language("de")  # type: ignore[attr-defined]
    # Text that is no template is kept, and reported as such.
    assert (said + " x").untranslatable == (" x",)
    assert msg_n("{count} error", "{count} errors", 2).in_language("de") == "2 Fehler"
    # Figures as the language writes them (a template's format is the English one).
    big = msg("has {count:,} entries (expected at most {limit}; keep the {limit} that "
              "matter most, or split the record)", count=12345, limit=20)
    assert big.startswith("has 12,345 entries")
    assert big.in_language("de").startswith("hat 12.345 Einträge")
    size = msg("file is {size:.1f} MB (expected at most {MAX_FILE_BYTES} MB for a content "
               "file)", size=10.0, MAX_FILE_BYTES=1)
    assert size.in_language("de") == ("die Datei ist 10,0 MB groß (erwartet: höchstens 1 MB "
                                      "für eine Inhaltsdatei)")
    assert msg_n("{count} problem must be fixed.", "{count} problems must be fixed.",
                 1).in_language("de") == "1 Problem muss behoben werden."


def test_a_problem_in_german_keeps_file_place_and_field() -> None:
    problem = Problem("content/deals/acme.yml", 14, 14, "parties[0].company",
                      msg("no {kind} '{ident}' in content/{folder}/{suggest}", suggest="",
                          kind=msg("company"), ident="acne\nx", folder="companies"),
                      "warning")
    assert problem.in_language("de") == (
        "content/deals/acme.yml:14:14: parties[0].company: Warnung: kein Eintrag „acne\\nx“ "
        "(Unternehmen) in content/companies/")
    assert str(problem) == ("content/deals/acme.yml:14:14: parties[0].company: warning: no "
                            "company 'acne\\nx' in content/companies/")
    assert ContentError([problem]).report("de").endswith(
        "0 Fehler, 1 Warnung in den Inhalten; nichts wurde geschrieben.")
    # The machine formats stay English (format_version 1 unchanged).
    data = json.loads(report.as_json([problem], lambda p: False))
    assert data["problems"][0]["message"] == "no company 'acne\nx' in content/companies/"


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", MINIMAL)
    deal = project / "content" / "deals" / "acme-globex-investment.yml"
    text = deal.read_text(encoding="utf-8")
    assert "value: 2000000000" in text
    deal.write_text(text.replace("value: 2000000000", "value: 1000000000000000", 1)
                    .replace("currency: USD", "currency: USX", 1), encoding="utf-8")
    return project


def test_check_in_german_from_the_terminal(broken_project: Path) -> None:
    result = run_briefing(broken_project, "check", "--language", "de")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        ("content/deals/acme-globex-investment.yml:21:10: amount.value: 1000000000000000 ist "
        "zu groß (erwartet: höchstens 999999999999999)"),
        ("content/deals/acme-globex-investment.yml:22:13: amount.currency: „USX“ ist kein "
        "Währungskürzel nach ISO 4217 (gemeint: „UZS“?) (erwartet: ein Kürzel wie USD, EUR "
        "oder GBP)"),
        "2 Probleme müssen behoben werden."]
    # The same run in English, and as JSON whatever the language: as before.
    english = run_briefing(broken_project, "check")
    assert "1000000000000000 is too large (expected at most 999999999999999)" in english.stderr
    machine = run_briefing(broken_project, "check", "--language", "de", "--format", "json")
    messages = [p["message"] for p in json.loads(machine.stdout)["problems"]
                if p["severity"] == "error"]
    assert "1000000000000000 is too large (expected at most 999999999999999)" in messages


def test_a_language_without_catalog_is_refused(broken_project: Path) -> None:
    result = run_briefing(broken_project, "check", "--language", "xx")
    assert result.returncode == 2
    assert "--language" in result.stderr
