"""`briefing translations`: texts lacking a language, and translations gone stale because the
German original changed after they were last marked reviewed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import LANGUAGES, copy_project, run_briefing
from sample_languages import ORIGINAL, article_versions

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"
FRENCH = Path(__file__).resolve().parent / "fixtures" / "french" / "content"
DEAL = "content/deals/acme-globex-investment.yml"
SUMMARY_HINT = ("Once a translation matches the German, record it: briefing translations "
                "--mark-reviewed <file> [--field <field>]")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", content=MINIMAL)


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(project: Path, *args: str) -> list[str]:
    result = run_briefing(project, "translations", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def reviewed(project: Path, env: dict[str, str] | None = None) -> Path:
    result = run_briefing(project, "translations", "--mark-reviewed", "--all", env=env)
    assert result.returncode == 0, result.stderr
    return project / "content" / "translations.lock.yml"


def test_the_sample_content_has_every_translation_reviewed(tmp_path: Path) -> None:
    """Whoever changes an original text in the sample content (German) also brings every
    translation in line and marks it reviewed, in every language of the site: a language
    added to the site without its texts, or with texts never reviewed, fails here as it
    fails `briefing translations --strict`. An article that exists in fewer languages (the
    sample has a German-only one) is no failure."""
    project = copy_project(tmp_path / "project")
    result = run_briefing(project, "translations", "--strict")
    assert result.returncode == 0, result.stdout
    data = json.loads("\n".join(report(project, "--json")))
    assert (data["source_language"], data["languages"]) == (ORIGINAL, list(LANGUAGES))
    # What the report lists: only whole articles, each language a story has no version in,
    # named by its original's file (every story of the sample has one).
    lacking = {(f"content/articles/{versions[ORIGINAL]}.{ORIGINAL}.md", lang)
               for versions in article_versions().values()
               for lang in LANGUAGES if lang not in versions}
    listed = [(text["file"], text["language"], text["field"], text["status"])
              for record in data["records"] for text in record["texts"]]
    assert lacking and sorted(listed) == sorted(
        (file, lang, "", "missing") for file, lang in lacking)


def test_texts_never_reviewed_are_reported_as_such(project: Path) -> None:
    assert report(project) == [
        "content/articles/acme-globex.en.md:1:1: en: not yet marked reviewed",
        "content/authors/desk.yml:5:7: name: en: not yet marked reviewed",
        "content/authors/desk.yml:8:7: bio: en: not yet marked reviewed",
        "content/companies/acme.yml:7:7: description: en: not yet marked reviewed",
        "content/companies/globex.yml:6:7: description: en: not yet marked reviewed",
        f"{DEAL}:7:7: headline: en: not yet marked reviewed",
        f"{DEAL}:10:7: summary: en: not yet marked reviewed",
        f"{DEAL}:30:11: timeline[0].event: en: not yet marked reviewed",
        f"{DEAL}:35:11: faq[0].question: en: not yet marked reviewed",
        f"{DEAL}:38:11: faq[0].answer: en: not yet marked reviewed",
        f"{DEAL}:52:65: gist[0].text: en: not yet marked reviewed",
        f"{DEAL}:54:59: gist[1].text: en: not yet marked reviewed",
        f"{DEAL}:56:45: gist[2].text: en: not yet marked reviewed",
        "Translations: 0 up to date, 0 missing, 0 stale, 13 unreviewed.",
        SUMMARY_HINT]
    assert run_briefing(project, "translations", "--strict").returncode == 1


def test_marking_everything_reviewed_writes_only_the_lock(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    lock = reviewed(project)
    after = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert set(after) - set(before) == {lock}
    assert all(after[p] == data for p, data in before.items())
    assert report(project) == ["Translations: 13 up to date, 0 missing, 0 stale, 0 unreviewed."]
    german = "Acme investiert in Globex"
    lines = [line for line in lock.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert lines[:3] == ["articles/acme-globex:",
                          "  en: " + hashlib.sha256(
                              (MINIMAL / "articles/acme-globex.de.md").read_bytes()
                          ).hexdigest()[:16],
                          "authors/desk:"]
    assert f"    en: {hashlib.sha256(german.encode()).hexdigest()[:16]}" in lines
    # The same content gives the same lock, byte for byte, whatever order a set of
    # another interpreter (another hash seed) would give.
    first = lock.read_bytes()
    reviewed(project, env={"PYTHONHASHSEED": "7"})
    assert lock.read_bytes() == first


def test_a_changed_german_text_makes_its_translation_stale(project: Path) -> None:
    reviewed(project)
    edit(project, DEAL, "  de: Acme investiert in Globex", "  de: Acme investiert kräftig in Globex")
    edit(project, DEAL, "  en: Acme has announced an investment in Globex.",
         "  en: Acme has announced a large investment in Globex.")  # English only: in step
    lines = report(project)
    assert lines == [
        ("content/deals/acme-globex-investment.yml:7:7: headline: en: stale (the German text "
         "changed after the English one was last marked reviewed)"),
        "Translations: 12 up to date, 0 missing, 1 stale, 0 unreviewed.",
        SUMMARY_HINT]
    strict = run_briefing(project, "translations", "--strict")
    assert strict.returncode == 1

    marked = run_briefing(project, "translations", "--mark-reviewed", DEAL, "--field", "headline")
    assert marked.stdout.splitlines() == [
        "marked reviewed: deals/acme-globex-investment headline: en",
        "1 translation marked reviewed in content/translations.lock.yml."]
    assert report(project) == ["Translations: 13 up to date, 0 missing, 0 stale, 0 unreviewed."]


def test_a_changed_german_article_makes_the_english_stale(project: Path) -> None:
    reviewed(project)
    edit(project, "content/articles/acme-globex.de.md", "Eigene Recherche ergänzt",
         "Unsere eigene Recherche ergänzt")
    assert report(project)[0] == (
        "content/articles/acme-globex.en.md:1:1: en: stale (the German text changed after the "
        "English one was last marked reviewed)")
    # Either language's file names the pair.
    marked = run_briefing(project, "translations", "--mark-reviewed",
                          "content/articles/acme-globex.en.md")
    assert marked.stdout.splitlines()[0] == "marked reviewed: articles/acme-globex: en"
    assert report(project) == ["Translations: 13 up to date, 0 missing, 0 stale, 0 unreviewed."]


def test_missing_languages_of_texts_and_articles(project: Path) -> None:
    reviewed(project)
    edit(project, DEAL, "  en: Acme has announced an investment in Globex.\n", "")
    edit(project, "content/companies/acme.yml", "  de: Ein erfundenes Unternehmen für Tests.\n",
         "")
    (project / "content/articles/acme-globex.en.md").unlink()
    (project / "content/articles/only-english.en.md").write_text(
        (MINIMAL / "articles/acme-globex.en.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert report(project) == [
        "content/articles/acme-globex.de.md:1:1: no English version (en)",
        "content/articles/only-english.en.md:1:1: no German version (de)",
        "content/companies/acme.yml:6:3: description: no German text (de)",
        "content/deals/acme-globex-investment.yml:9:3: summary: no English text (en)",
        "Translations: 10 up to date, 4 missing, 0 stale, 0 unreviewed."]
    # Articles may exist in one language; a record text may not, under --strict.
    strict = run_briefing(project, "translations", "--strict")
    assert strict.returncode == 1


def test_a_missing_article_language_is_reported_at_the_original(tmp_path: Path) -> None:
    """In a site of three languages, a story in German and French lacks English: the report
    names the German original's file, not whichever version's file was read first (here
    the French one, whose slug sorts first)."""
    project = copy_project(tmp_path / "project", content=FRENCH)
    articles = project / "content" / "articles"
    french = (articles / "acme-globex.fr.md").read_text(encoding="utf-8")
    (articles / "acme-globex.fr.md").unlink()
    (articles / "acme-et-globex.fr.md").write_text(
        french.replace("author: desk\n", "author: desk\ntranslation_key: acme-globex\n", 1),
        encoding="utf-8")
    assert "content/articles/acme-globex.de.md:1:1: no English version (en)" in report(project)


def test_json_report_for_ci(project: Path) -> None:
    reviewed(project)
    edit(project, DEAL, "  de: Acme investiert in Globex", "  de: Acme investiert kräftig in Globex")
    edit(project, DEAL, "  en: Acme has announced an investment in Globex.\n", "")
    data = json.loads("\n".join(report(project, "--json")))
    assert data == {
        "source_language": "de",
        "languages": ["de", "en"],
        "summary": {"up_to_date": 11, "missing": 1, "stale": 1, "unreviewed": 0},
        "records": [{"record": "deals/acme-globex-investment", "texts": [
            {"file": DEAL, "line": 7, "column": 7, "field": "headline", "language": "en",
             "status": "stale"},
            {"file": DEAL, "line": 9, "column": 3, "field": "summary", "language": "en",
             "status": "missing"}]}]}


def test_fingerprints_of_removed_records_are_dropped(project: Path) -> None:
    lock = reviewed(project)
    assert "companies/globex:" in lock.read_text(encoding="utf-8")
    (project / "content/companies/globex.yml").unlink()
    run_briefing(project, "translations", "--mark-reviewed", "content/companies/acme.yml")
    assert "companies/globex:" not in lock.read_text(encoding="utf-8")
    assert "companies/acme:" in lock.read_text(encoding="utf-8")


def test_wrong_targets_and_a_damaged_lock_are_explained(project: Path) -> None:
    for args, message in [
        (["--mark-reviewed", "content/deals/nope.yml"],
         ("'content/deals/nope.yml' is not a record or article with translations (expected a "
          "file such as content/deals/<id>.yml or content/articles/<slug>.de.md, or a record "
          "such as deals/<id>)")),
        (["--mark-reviewed", DEAL, "--field", "headlin"],
         ("no translatable text headlin in deals/acme-globex-investment (expected a field such "
          "as headline or timeline[0].event)")),
        (["--mark-reviewed"],
         "--mark-reviewed needs files or records (such as content/deals/<id>.yml), or --all"),
    ]:
        result = run_briefing(project, "translations", *args)
        assert (result.returncode, result.stderr) == (1, message + "\n")
    assert not (project / "content" / "translations.lock.yml").exists()

    (project / "content" / "translations.lock.yml").write_text("- just\n- a list\n",
                                                               encoding="utf-8")
    result = run_briefing(project, "translations")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (
        "content/translations.lock.yml: not the file briefing translations writes (expected "
        "record: field: language: fingerprint); restore it from version control or delete it "
        "and mark the translations reviewed again\n")
