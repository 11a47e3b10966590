"""The web editor's backend (`briefing editor`), over real HTTP on 127.0.0.1 against a
throw-away copy of the project in its own git repository: who may talk to it, which files it
touches, how a save lands in the file, and the check after each save."""

from __future__ import annotations

import base64
import difflib
import http.client
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LANGUAGES, ROOT, copy_project, every_dict
from PIL import Image
from test_check_language import ENGLISH, QUOTED

from generator.content import load
from generator.editor import cms_config, files, merge, server

DEAL = "content/deals/amazon-openai-investment.yml"
GUARD = "with neither a new timeline event nor a new correction"
# The guard's message as a German editor reads it (the form's language: cms_config.LOCALE).
GUARD_DE = "ohne neues Ereignis in der Zeitleiste und ohne neue Korrektur"


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.com",
               GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.com")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The sample project in a fresh repository with one commit (the git guard's base)."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "First version")
    return project


@pytest.fixture
def editor(repo: Path) -> Iterator[server.Editor]:
    with server.running(repo, server.project_checker(repo / "mkdocs.yml"), LANGUAGES) as running:
        yield running


def request(editor: server.Editor, method: str, path: str, body: Any = None, *,
            host: str | None = None, origin: str | None = None, token: bool = True,
            raw: bytes | None = None) -> tuple[int, Any, dict[str, str]]:
    """One request with the headers a browser (or an attacker) would send."""
    connection = http.client.HTTPConnection(server.HOST, editor.port, timeout=60)
    headers = {"Host": host or f"{server.HOST}:{editor.port}"}
    if origin is not None:
        headers["Origin"] = origin
    if token:
        headers["Cookie"] = f"{editor.cookie_name}={editor.token}"
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    try:
        answer = json.loads(payload)
    except ValueError:
        answer = payload.decode("utf-8", errors="replace")
    return response.status, answer, dict(response.getheaders())


def api(editor: server.Editor, action: str, params: dict[str, Any], **options: Any,
        ) -> tuple[int, Any]:
    status, answer, _headers = request(editor, "POST", server.API_PATH,
                                       {"action": action, "params": params}, **options)
    return status, answer


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project, .git/ included, with its bytes."""
    return {path.relative_to(project).as_posix(): path.read_bytes()
            for path in sorted(project.rglob("*")) if path.is_file() and not path.is_symlink()}


def save(editor: server.Editor, path: str, raw: str) -> tuple[int, Any]:
    return api(editor, "persistEntry", {"dataFiles": [{"path": path, "raw": raw, "slug": "x"}],
                                        "assets": [], "options": {"commitMessage": "x"}})


def as_the_form_writes(data: dict[str, Any]) -> str:
    """A record as the CMS sends it: comments gone, keys in another order, no folding, dates
    unquoted (what made one changed headline rewrite hundreds of lines)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=1 << 20)
    return re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", text)


# --- who may talk to it --------------------------------------------------------------------

def _write_git_config(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, ".git/config", "[core]\n")


def _write_up_and_out(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, "content/../x.yml", "a: 1\n")


def _write_outside(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, "../x.yml", "a: 1\n")


def _write_mkdocs_yml(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, "mkdocs.yml", "site_name: x\n")


def _write_template(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, "templates/deal.md.j2", "x")


def _write_venv(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, ".venv/x.yml", "a: 1\n")


def _write_hidden_in_content(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, "content/.git/config.yml", "a: 1\n")


def _write_absolute(editor: server.Editor) -> tuple[int, Any]:
    return save(editor, str(Path(editor.backend.files.project_dir, DEAL)), "a: 1\n")


def _write_through_symlinked_file(editor: server.Editor) -> tuple[int, Any]:
    project = editor.backend.files.project_dir
    (project / "content/deals/linked.yml").symlink_to(project / "mkdocs.yml")
    return save(editor, "content/deals/linked.yml", "site_name: x\n")


def _write_through_symlinked_folder(editor: server.Editor) -> tuple[int, Any]:
    project = editor.backend.files.project_dir
    (project / "content/linked").symlink_to(project / ".git")
    return save(editor, "content/linked/config.yml", "a: 1\n")


def _read_through_symlinked_file(editor: server.Editor) -> tuple[int, Any]:
    project = editor.backend.files.project_dir
    (project / "content/deals/linked.yml").symlink_to(project / "mkdocs.yml")
    return api(editor, "getEntry", {"path": "content/deals/linked.yml"})


def _read_mkdocs_yml(editor: server.Editor) -> tuple[int, Any]:
    return api(editor, "getEntry", {"path": "mkdocs.yml"})


def _picture_outside_images(editor: server.Editor) -> tuple[int, Any]:
    content = base64.b64encode(_png()).decode()
    return api(editor, "persistMedia", {"asset": {"path": ".git/hooks/x.png",
                                                  "content": content, "encoding": "base64"}})


def _delete_mkdocs_yml(editor: server.Editor) -> tuple[int, Any]:
    return api(editor, "deleteFiles", {"paths": ["mkdocs.yml"]})


def _no_token(editor: server.Editor) -> tuple[int, Any]:
    return api(editor, "persistEntry", {"dataFiles": [{"path": DEAL, "raw": "id: x\n"}]},
               token=False)


def _wrong_token(editor: server.Editor) -> tuple[int, Any]:
    status, answer, _headers = request(
        editor, "POST", f"{server.API_PATH}?token=not-the-token",
        {"action": "persistEntry", "params": {"dataFiles": [{"path": DEAL, "raw": "id: x\n"}]}},
        token=False)
    return status, answer


def _foreign_host(editor: server.Editor) -> tuple[int, Any]:
    return api(editor, "persistEntry", {"dataFiles": [{"path": DEAL, "raw": "id: x\n"}]},
               host=f"attacker.example:{editor.port}")


def _foreign_origin(editor: server.Editor) -> tuple[int, Any]:
    return api(editor, "persistEntry", {"dataFiles": [{"path": DEAL, "raw": "id: x\n"}]},
               origin="https://attacker.example")


def _other_port_origin(editor: server.Editor) -> tuple[int, Any]:
    # The preview (mkdocs serve) on the same machine is another origin too.
    return api(editor, "persistEntry", {"dataFiles": [{"path": DEAL, "raw": "id: x\n"}]},
               origin=f"http://{server.HOST}:8000")


# Refused before the backend reads the request (the server's own guard, in English: it
# answers a page or program that is not the editor's form).
WHO_MAY_TALK = {"no token", "a wrong token", "a foreign Host", "a foreign Origin",
                "the preview's Origin"}
REFUSALS = {
    "no token": _no_token, "a wrong token": _wrong_token, "a foreign Host": _foreign_host,
    "a foreign Origin": _foreign_origin, "the preview's Origin": _other_port_origin,
    "a write to .git/config": _write_git_config, "content/../x.yml": _write_up_and_out,
    "../x.yml": _write_outside, "mkdocs.yml": _write_mkdocs_yml,
    "a template": _write_template, ".venv/": _write_venv,
    "a hidden folder in content/": _write_hidden_in_content,
    "an absolute path": _write_absolute,
    "a symlinked file": _write_through_symlinked_file,
    "a symlinked folder": _write_through_symlinked_folder,
    "reading through a symlink": _read_through_symlinked_file,
    "reading mkdocs.yml": _read_mkdocs_yml,
    "a picture outside content/images/": _picture_outside_images,
    "deleting mkdocs.yml": _delete_mkdocs_yml,
}


@pytest.mark.parametrize("attempt", REFUSALS, ids=list(REFUSALS))
def test_refused_with_a_4xx_and_a_message_and_nothing_written(
        editor: server.Editor, attempt: str) -> None:
    project = editor.backend.files.project_dir
    before = snapshot(project)
    status, answer = REFUSALS[attempt](editor)
    assert 400 <= status < 500, (status, answer)
    assert isinstance(answer, dict) and answer["error"], answer
    if "symlink" in attempt:
        assert "ist ein symbolischer Link; der Editor folgt keinen Links" in answer["error"]
    if attempt not in WHO_MAY_TALK:
        # The backend's refusals are the editor's to read: in the form's language (German).
        words = QUOTED.sub(" ", answer["error"])
        assert not ENGLISH.findall(words), answer["error"]
    assert "site_name" not in json.dumps(answer)
    assert snapshot(project) == before
    assert not (project.parent / "x.yml").exists()


def test_a_refused_request_reads_nothing(editor: server.Editor) -> None:
    status, answer = api(editor, "getEntry", {"path": DEAL}, host="evil.example")
    assert status == 421
    assert "Amazon" not in json.dumps(answer)


def test_pages_need_the_token_and_the_address_with_it_sets_a_cookie_for_this_port(
        editor: server.Editor) -> None:
    status, _answer, _headers = request(editor, "GET", "/admin/", token=False)
    assert status == 403
    status, _answer, _headers = request(editor, "GET", "/admin/config.yml", token=False)
    assert status == 403
    status, page, headers = request(editor, "GET", f"/admin/?token={editor.token}", token=False)
    assert status == 200 and "decap-cms.js" in page and "noindex" in page
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"briefing-editor-{editor.port}={editor.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    status, config, _headers = request(editor, "GET", "/admin/config.yml")
    assert status == 200
    assert f"proxy_url: http://127.0.0.1:{editor.port}/api/v1" in config


def test_it_listens_on_127_0_0_1_only(editor: server.Editor) -> None:
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True,
                               check=True).stdout
    local = [line.split()[3] for line in listening.splitlines()
             if line.split()[3].endswith(f":{editor.port}")]
    assert local == [f"127.0.0.1:{editor.port}"]


def test_the_address_is_printed_once_on_its_own_line(repo: Path) -> None:
    """`briefing editor` itself: the address with the token on a line of its own, bound to
    127.0.0.1 (the preview left out: it is `mkdocs serve`, tested elsewhere)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "editor", "--port", "0",
         "--no-preview"], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    address = lines[1].rstrip("\n")
    assert address.startswith("http://127.0.0.1:") and "/admin/?token=" in address
    assert len(address.split("token=")[1]) >= 40
    assert "token=" not in lines[0]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"params": {}}',
                                  b'{"action": "format"}', b'{"action": "info", "params": 1}',
                                  b'{"action": "persistEntry", "params": {}}',
                                  b'{"action": "persistEntry", "params": {"dataFiles": [1]}}',
                                  b'{"action": "getEntry", "params": {"path": 7}}'])
def test_a_malformed_request_gets_422(editor: server.Editor, body: bytes) -> None:
    before = snapshot(editor.backend.files.project_dir)
    status, answer, _headers = request(editor, "POST", server.API_PATH, raw=body)
    assert status == 422, answer
    assert snapshot(editor.backend.files.project_dir) == before


# --- what a save does to the file ----------------------------------------------------------

def test_every_record_merged_unchanged_is_byte_for_byte_the_same() -> None:
    """The class of the defect (a save rewrote the whole file): every record and article of
    the sample, sent back as the form writes it, merges into exactly its own text."""
    for path in sorted((ROOT / "content").rglob("*.yml")):
        text = path.read_text("utf-8")
        assert merge.merge(text, as_the_form_writes(yaml.safe_load(text))) == text, path
    for path in sorted((ROOT / "content/articles").glob("*.md")):
        text = path.read_text("utf-8")
        front, body = merge.split_front_matter(text)
        sent = f"---\n{as_the_form_writes(yaml.safe_load(front))}---\n{body.rstrip()}"
        assert merge.merge_article(text, sent) == text, path


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_save_changes_only_the_changed_lines_and_the_guard_answers(
        editor: server.Editor) -> None:
    path = editor.backend.files.project_dir / DEAL
    before = path.read_text("utf-8")
    data = yaml.safe_load(before)
    data["headline"]["de"] = "Amazon investiert bis zu 60 Mrd. US-Dollar in OpenAI"
    data["amount"]["value"] = 60_000_000_000
    status, answer = save(editor, DEAL, as_the_form_writes(data))
    after = path.read_text("utf-8")
    assert changed_lines(before, after) == [
        "-  de: Amazon investiert bis zu 50 Mrd. US-Dollar in OpenAI, davon 15 Mrd. sofort",
        "+  de: Amazon investiert bis zu 60 Mrd. US-Dollar in OpenAI",
        "-  value: 50000000000",
        "+  value: 60000000000",
    ]
    # The check refused it: the draft stays on disk, the answer names the field, in the
    # editor's language (the form's: German), and says the guard is among the problems.
    assert status == 409
    assert cms_config.LOCALE == editor.backend.language == "de"
    assert any(re.fullmatch(rf"{re.escape(DEAL)}:\d+:\d+: amount: geändert von 50\.000\.000\.000 "
                            rf"USD \(bis zu\) auf 60\.000\.000\.000 USD \(bis zu\) seit dem letzten "
                            rf"Commit, {GUARD_DE} .*", line)
               for line in answer["check"]["problems"]), answer
    assert answer["error"].startswith("Als Entwurf gespeichert, aber die Prüfung hat 1 Problem "
                                      "gefunden;"), answer["error"]
    assert GUARD_DE in answer["error"] and GUARD not in answer["error"]
    assert answer["check"]["guard"] is True
    assert answer["check"]["language"] == "de"
    assert answer["check"]["texts"]["add_correction"] == "Korrektur hinzufügen"
    assert answer["check"]["texts"]["add_event"] == "Ereignis hinzufügen"
    # An English-speaking editor's backend says the same in English.
    editor.backend.language = "en"
    status, english = save(editor, DEAL, as_the_form_writes(data))
    editor.backend.language = "de"
    assert status == 409
    assert any(GUARD in line for line in english["check"]["problems"]), english
    assert english["check"]["texts"]["add_event"] == "Add a timeline event"

    data["corrections"].append({"date": "2026-11-30", "text": {
        "de": "Wir hatten 50 Mrd. US-Dollar genannt; richtig sind 60 Mrd. US-Dollar.",
        "en": "We gave $50 billion; the right figure is $60 billion."}})
    status, answer = save(editor, DEAL, as_the_form_writes(data))
    assert status == 200, answer
    assert not answer["check"]["failed"]
    assert path.read_text("utf-8").endswith(
        '  - date: "2026-11-30"\n    text:\n'
        "      de: Wir hatten 50 Mrd. US-Dollar genannt; richtig sind 60 Mrd. US-Dollar.\n"
        "      en: We gave $50 billion; the right figure is $60 billion.\n"
        + before.split("    sources: [tomshardware-2026-02-27, asianfin-2025-12-18, "
                       "pressvia-2025-12-19]\n", 1)[1])
    status, check, _headers = request(editor, "GET", f"{server.API_PATH}/check")
    assert status == 200 and check["saved"] == [DEAL] and not check["failed"]


def test_a_changed_folded_text_refolds_only_its_own_lines() -> None:
    """A folded paragraph (``>-``) of its own, so that the case does not hang on the sample's
    wording: one word changed in its second line changes that line only."""
    text = ("# yaml-language-server: $schema=../../generator/schemas/deal.schema.json\n"
            "id: alpha-beta\n"
            "summary:\n"
            "  de: >-\n"
            "    Alpha und Beta haben am 1. März 2026 eine Partnerschaft angekündigt,\n"
            "    die Alpha und Beta über mehrere Jahre aneinander bindet und die\n"
            "    beide Seiten noch im Einzelnen aushandeln.\n"
            "  en: Alpha and Beta announced a partnership.  # kept as it is\n")
    data = yaml.safe_load(text)
    data["summary"]["de"] = data["summary"]["de"].replace("aneinander", "miteinander", 1)
    after = merge.merge(text, as_the_form_writes(data))
    assert changed_lines(text, after) == [
        "-    die Alpha und Beta über mehrere Jahre aneinander bindet und die",
        "+    die Alpha und Beta über mehrere Jahre miteinander bindet und die"]


def test_blank_fields_the_form_adds_are_not_written_and_new_texts_are_quoted() -> None:
    text = (ROOT / "content/companies/amazon.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["ticker"] = ""
    data["extra"] = {"a": None, "b": ""}
    assert merge.merge(text, as_the_form_writes(data)) == text
    data["legal_name"] = "yes"  # YAML 1.1 would read it as true
    assert 'legal_name: "yes"\n' in merge.merge(text, as_the_form_writes(data))


def test_a_single_name_is_one_box_per_language_in_the_form_and_single_again_on_disk(
        editor: server.Editor) -> None:
    status, entry = api(editor, "getEntry", {"path": "content/companies/amazon.yml"})
    assert status == 200
    assert yaml.safe_load(entry["data"])["name"] == {code: "Amazon" for code in LANGUAGES}
    path = editor.backend.files.project_dir / "content/companies/amazon.yml"
    before = path.read_text("utf-8")
    status, answer = save(editor, "content/companies/amazon.yml", entry["data"])
    assert status == 200, answer
    assert path.read_text("utf-8") == before
    # Two versions: the record holds both, as the schema allows.
    data = yaml.safe_load(entry["data"])
    data["name"] = {"de": "Amazon (Konzern)", "en": "Amazon (group)"}
    status, answer = save(editor, "content/companies/amazon.yml", as_the_form_writes(data))
    assert status == 200, answer
    assert "name:\n  de: Amazon (Konzern)\n  en: Amazon (group)\n" in path.read_text("utf-8")


def test_a_new_record_gets_its_schema_line(editor: server.Editor) -> None:
    raw = as_the_form_writes({"id": "acme", "name": {"de": "Acme", "en": "Acme"},
                              "description": {"de": "Ein Hersteller.",
                                              "en": "A manufacturer."}})
    status, answer = save(editor, "content/companies/acme.yml", raw)
    assert status == 200, answer
    text = (editor.backend.files.project_dir / "content/companies/acme.yml").read_text("utf-8")
    assert text == ("# yaml-language-server: $schema=../../generator/schemas/company.schema.json\n"
                    "description:\n  de: Ein Hersteller.\n  en: A manufacturer.\nid: acme\n"
                    "name: Acme\n")


def test_listing_and_reading_answer_as_the_cms_expects(editor: server.Editor) -> None:
    project = editor.backend.files.project_dir
    (project / "content/deals/linked.yml").symlink_to(project / "mkdocs.yml")
    status, info = api(editor, "info", {})
    assert status == 200 and info["type"] == "local_fs" and info["publish_modes"] == ["simple"]
    status, entries = api(editor, "entriesByFolder",
                          {"folder": "content/deals", "extension": "yml", "depth": 1})
    assert status == 200
    assert [entry["file"]["path"] for entry in entries] == sorted(
        f"content/deals/{path.name}" for path in (ROOT / "content/deals").glob("*.yml"))
    assert "site_name" not in json.dumps(entries)  # the link was left out
    status, entries = api(editor, "entriesByFiles", {"files": [{"path": "content/topics.yml"}]})
    assert status == 200 and entries[0]["data"].startswith("# yaml-language-server")


# --- pictures ------------------------------------------------------------------------------

def _png(size: tuple[int, int] = (4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_pictures_are_checked_as_the_check_reads_them(editor: server.Editor) -> None:
    assert (files.IMAGE_SUFFIXES, files.IMAGE_MAX_BYTES) == (load.IMAGE_SUFFIXES,
                                                             load.IMAGE_MAX_BYTES)
    project = editor.backend.files.project_dir
    before = snapshot(project)
    for name, data, expected in [
            ("not-a-picture.png", b"<svg onload=alert(1)>", 422),
            ("wrong-kind.jpg", _png(), 422),
            ("too-large.png", b"\x89PNG" + b"0" * files.IMAGE_MAX_BYTES, 413),
            ("page.html", _png(), 403)]:
        status, answer = api(editor, "persistMedia", {"asset": {
            "path": f"content/images/{name}", "content": base64.b64encode(data).decode(),
            "encoding": "base64"}})
        assert status == expected, (name, answer)
        assert snapshot(project) == before
    status, media = api(editor, "persistMedia", {"asset": {
        "path": "content/images/red.png", "content": base64.b64encode(_png()).decode(),
        "encoding": "base64"}})
    assert status == 200, media
    assert media["name"] == "red.png" and base64.b64decode(media["content"]) == _png()
    status, listed = api(editor, "getMedia", {"mediaFolder": "content/images"})
    assert status == 200 and "content/images/red.png" in [item["path"] for item in listed]


# --- the form's configuration --------------------------------------------------------------

def test_the_committed_form_configuration_is_up_to_date() -> None:
    """`briefing editor-config` writes it from the schemas; change them, run it again."""
    assert cms_config.CONFIG_FILE.read_text("utf-8") == cms_config.render(
        LANGUAGES, ROOT / "content"), "stale: run `.venv/bin/briefing editor-config`"


def test_the_form_configuration_follows_the_schemas() -> None:
    config = yaml.safe_load(cms_config.render(LANGUAGES, ROOT / "content"))
    deals = next(c for c in config["collections"] if c["name"] == "deals")
    fields = {field["name"]: field for field in deals["fields"]}
    assert [f["name"] for f in fields["headline"]["fields"]] == list(LANGUAGES)
    assert fields["status"]["widget"] == "select"
    assert {"label": "Angekündigt / Announced", "value": "announced"} in (
        fields["status"]["options"])
    assert fields["author"]["widget"] == "relation"
    assert fields["related"]["widget"] == "relation" and fields["related"]["multiple"]
    assert fields["as_of"]["widget"] == "datetime"
    timeline = {f["name"]: f for f in fields["timeline"]["fields"]}
    assert timeline["date"]["widget"] == "string" and "pattern" in timeline["date"]
    # An optional object's inner fields are not required (the CMS refused to save without).
    assert not fields["stake"]["required"]
    assert not any(inner["required"] for inner in fields["stake"]["fields"])
    # No field is left to show Map {…}: a name is one box per language.
    companies = next(c for c in config["collections"] if c["name"] == "companies")
    name = next(f for f in companies["fields"] if f["name"] == "name")
    assert [f["name"] for f in name["fields"]] == list(LANGUAGES)


# Words German and English spell alike: a label of one of them needs no second half.
SAME_IN_BOTH = {"Status", "Name", "Text", "FAQ", "Deals"}


def test_every_label_and_choice_of_the_form_is_said_in_german_too() -> None:
    """The form speaks its editors' language: every field's label and every choice of a
    select names it in German (beside the English), never only by the schema's English
    name or value ("Publisher", "press-release" were shown so)."""
    config = yaml.safe_load(cms_config.render(LANGUAGES, ROOT / "content"))
    labels = [node["label"] for node in every_dict(config["collections"])
              if "label" in node and ("name" in node or "value" in node)]
    assert len(labels) > 150, labels  # found the form's fields and choices
    said_once = [label for label in labels
                 if " / " not in label and label not in SAME_IN_BOTH
                 and not label.endswith(")")]  # a language: "Deutsch (de)"
    assert said_once == []
    sources = next(c for c in config["collections"] if c["name"] == "deals")["fields"]
    kind = next(f for f in next(f for f in sources if f["name"] == "sources")["fields"]
                if f["name"] == "kind")
    assert {"label": "Pressemitteilung / press release", "value": "press-release"} in (
        kind["options"])


def test_a_field_without_a_label_stops_the_forms_generation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A new schema field needs its label: generating the form says which, instead of
    showing editors the field's English name."""
    monkeypatch.delitem(cms_config._LABELS_BY_FIELD, "publisher")
    with pytest.raises(cms_config.Unrepresentable, match="'publisher' has no label"):
        cms_config.render(LANGUAGES, ROOT / "content")


@pytest.mark.slow  # a real `mkdocs serve` beside the editor, and its builds
def test_one_command_serves_the_editor_and_the_preview_which_shows_a_save(repo: Path) -> None:
    preview_port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "editor", "--port", "0", "--preview-port",
         str(preview_port)], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True)
    try:
        assert process.stdout is not None
        process.stdout.readline()
        address = process.stdout.readline().strip()
        port = int(address.split(":")[2].split("/")[0])
        token = address.split("token=")[1]
        page = f"http://127.0.0.1:{preview_port}/de/deals/amazon-openai-investment/"
        assert "davon 15 Mrd. sofort" in _wait_for(page, "davon 15 Mrd. sofort")
        data = yaml.safe_load((repo / DEAL).read_text("utf-8"))
        data["headline"]["de"] = "Amazon investiert in OpenAI (Vorschau)"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("POST", f"/api/v1?token={token}", body=json.dumps({
            "action": "persistEntry", "params": {"dataFiles": [
                {"path": DEAL, "raw": as_the_form_writes(data)}]}}),
            headers={"Content-Type": "application/json"})
        assert connection.getresponse().status == 200
        assert "Amazon investiert in OpenAI (Vorschau)" in _wait_for(
            page, "Amazon investiert in OpenAI (Vorschau)")
        listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True,
                                   check=True).stdout
        for wanted in (port, preview_port):
            assert [line.split()[3] for line in listening.splitlines()
                    if line.split()[3].endswith(f":{wanted}")] == [f"127.0.0.1:{wanted}"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, text: str, seconds: float = 240) -> str:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(1)
    return body
