"""generator/engine/pagefind_search.py on real pages and a real Pagefind: what it indexes, what it
refuses, and the settings that choose it (the browser's side: tests/browser/test_search.py)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs

from generator.engine import pagefind_search

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>Navigation words</nav><article><div data-pagefind-body>
<h1>{title}</h1><p>{text}</p>
<div data-pagefind-ignore="all"><h2>Related deals</h2><p>Listingword</p></div>
</div></article><footer>Footerword</footer></body></html>"""


def write_page(site: Path, path: str, title: str, text: str, lang: str = "de") -> None:
    target = site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(lang=lang, title=title, text=text), encoding="utf-8")


def test_only_the_marked_article_is_indexed_and_markup_stays_text(tmp_path: Path) -> None:
    site = tmp_path / "de"
    write_page(site, "deals/a", "„Frontier“-Modelle", "Ein &lt;script&gt;alert(1)&lt;/script&gt; "
               "im Text, (AGI) und 50&nbsp;Mrd. US‑Dollar.")
    (site / "404.html").write_text("<html lang='de'><body>Nicht gefunden</body></html>",
                                   encoding="utf-8")
    report = pagefind_search.index_language(site)
    assert report.pages == 1 and report.bytes > 0
    assert pagefind_search.languages(site) == ["de"]
    [page] = pagefind_search.indexed_pages(site)
    assert page["url"] == "/deals/a/"
    content = str(page["content"])
    assert "<script>alert(1)</script>" in content  # the page's text, as text: the box
    # writes it into text nodes (tests/browser/test_search.py)
    for left_out in ("Navigation words", "Listingword", "Footerword", "Nicht gefunden"):
        assert left_out not in content
    # Pagefind's own interfaces are not shipped: the site has its own box.
    assert not any((site / "pagefind" / name).exists() for name in pagefind_search.UNUSED)


def test_a_second_run_replaces_the_first(tmp_path: Path) -> None:
    site = tmp_path / "en"
    write_page(site, "deals/a", "Alpha", "First words", lang="en")
    write_page(site, "deals/b", "Beta", "Second words", lang="en")
    pagefind_search.index_language(site)
    first = sorted(p.name for p in (site / "pagefind").rglob("*"))
    (site / "deals" / "b" / "index.html").unlink()
    pagefind_search.index_language(site)
    assert [p["url"] for p in pagefind_search.indexed_pages(site)] == ["/deals/a/"]
    # The same pages give the same files: a preview's index is a clean build's.
    write_page(site, "deals/b", "Beta", "Second words", lang="en")
    pagefind_search.index_language(site)
    assert sorted(p.name for p in (site / "pagefind").rglob("*")) == first


def test_a_site_with_no_marked_page_is_refused_plainly(tmp_path: Path) -> None:
    site = tmp_path / "de"
    site.mkdir()
    (site / "index.html").write_text("<html lang='de'><body><p>Kein Artikel</p></body></html>",
                                     encoding="utf-8")
    with pytest.raises(pagefind_search.SearchIndexFailed, match="no page to index"):
        pagefind_search.index_language(site)
    assert (site / "index.html").is_file()



def bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def clean_bundle(site: Path, clean: Path) -> dict[str, bytes]:
    """The index a clean run makes of the site's pages, in a copy."""
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("pagefind"))
    pagefind_search.index_language(clean)
    return bundle(clean)


def test_pages_sent_ahead_give_the_index_of_pages_sent_one_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages go to Pagefind's service AHEAD at a time, each answer read later: every
    answer is matched to its page, and the index is the one a page-by-page run makes."""
    site = tmp_path / "de"
    count = 3 * pagefind_search.AHEAD + 5
    for number in range(count):
        write_page(site, f"deals/d{number:03}", f"Deal {number}", f"Worte zu Deal {number}")
    pagefind_search.index_language(site)
    ahead = bundle(site)
    assert len(pagefind_search.indexed_pages(site)) == count
    monkeypatch.setattr(pagefind_search, "AHEAD", 0)  # each answer read before the next page
    assert clean_bundle(site, tmp_path / "one-at-a-time") == ahead


@pytest.mark.parametrize("one_by_one", [True, False])
def test_a_kept_index_after_saves_is_a_clean_index_of_the_same_pages(
        one_by_one: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A preview's search (KeptSearch, its thread and its Pagefind service) after pages
    were changed, removed, added between others in path order and added back: the files a
    fresh index of the same pages writes, byte for byte, and no file left over."""
    site = tmp_path / "de"
    for name in ("b", "d", "f"):
        write_page(site, f"deals/{name}", f"Deal {name}", f"Worte zu {name}")
    kept = pagefind_search.KeptSearch("de")
    try:
        kept.update(site)  # the first build: every page
        if one_by_one:
            kept.settled()
        saves = [
            lambda: write_page(site, "deals/d", "Deal d", "Neue Beteiligungen an d"),
            lambda: (site / "deals" / "b" / "index.html").unlink(),
            lambda: write_page(site, "deals/c", "Deal c", "Eine Seite mitten hinein"),
            lambda: write_page(site, "deals/b", "Deal b", "Wieder da"),
            lambda: write_page(site, "deals/a", "Deal a", "Ganz vorn"),
        ]
        for save in saves:
            save()
            kept.update(site)
            if one_by_one:  # else the thread takes together what came while it worked
                kept.settled()
                assert bundle(site) == clean_bundle(site, tmp_path / "clean")
    finally:
        kept.close()  # after the work handed over is done
    assert bundle(site) == clean_bundle(site, tmp_path / "clean")
    assert [p["url"] for p in pagefind_search.indexed_pages(site)] == [
        "/deals/a/", "/deals/b/", "/deals/c/", "/deals/d/", "/deals/f/"]
    lines = [line for line in capsys.readouterr().err.splitlines() if "search (de)" in line]
    assert len([line for line in lines if "being updated" in line]) == 6, lines
    assert "up to date: 5 pages" in lines[-1], lines


def test_a_preview_writes_its_index_once_the_editor_pauses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Saves in a burst give one index, written no sooner than the pause after the last
    save; the service that writes it yields every core to the next save's build."""
    site = tmp_path / "de"
    write_page(site, "deals/a", "Deal a", "Erste Worte")
    kept = pagefind_search.KeptSearch("de", quiet=2.0, at_most=120.0)
    try:
        for words in ("Zweite Worte", "Dritte Worte", "Vierte Worte"):
            kept.update(site)
            write_page(site, "deals/a", "Deal a", words)
        kept.update(site)
        last_save = time.monotonic()
        while not (site / "pagefind" / "pagefind-entry.json").exists():
            assert time.monotonic() - last_save < 60, "no index a minute after the saves"
            time.sleep(0.05)
        assert time.monotonic() - last_save >= 2.0
        kept.settled()
        assert "Vierte" in str(pagefind_search.indexed_pages(site)[0]["content"])
        assert kept.index is not None and kept.index.service is not None
        pid = kept.index.service.process.pid
        assert os.sched_getscheduler(pid) == os.SCHED_IDLE
    finally:
        kept.close()
    lines = [line for line in capsys.readouterr().err.splitlines() if "search (de)" in line]
    assert len([line for line in lines if "being updated" in line]) == 4, lines
    assert len([line for line in lines if "up to date" in line]) == 1, lines


def test_an_editor_who_never_pauses_still_gets_the_index_in_time(tmp_path: Path) -> None:
    site = tmp_path / "de"
    write_page(site, "deals/a", "Deal a", "Erste Worte")
    kept = pagefind_search.KeptSearch("de", quiet=600.0, at_most=1.0)
    try:
        first_save = time.monotonic()
        while not (site / "pagefind" / "pagefind-entry.json").exists():
            assert time.monotonic() - first_save < 60, "no index a minute after the saves"
            kept.update(site)  # a save every tenth of a second, never a pause
            time.sleep(0.1)
        assert time.monotonic() - first_save >= 1.0
    finally:
        kept.close()


def test_a_build_hands_over_without_walking_the_site(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview's build only tells the search: finding the pages it wrote (a walk over
    the whole site, 0.2-0.3 s at 2,000 deals) is the search thread's, after the reload."""
    walked: list[str] = []
    walk = pagefind_search.PagesIndex.pages

    def pages(index: pagefind_search.PagesIndex) -> dict[str, tuple[int, int]]:
        walked.append(threading.current_thread().name)
        return walk(index)
    monkeypatch.setattr(pagefind_search.PagesIndex, "pages", pages)
    site = tmp_path / "de"
    write_page(site, "deals/a", "Deal a", "Erste Worte")
    kept = pagefind_search.KeptSearch("de", quiet=600.0, at_most=600.0)
    try:
        kept.update(site)
        kept.settled()
        write_page(site, "deals/a", "Deal a", "Neue Worte")
        walked.clear()
        kept.update(site)
        assert walked == []  # the build's process goes on at once
        kept.settled()
        assert walked and set(walked) == {"search-de"}, walked
        assert "Neue" in str(pagefind_search.indexed_pages(site)[0]["content"])
    finally:
        kept.close()


def test_waiting_for_the_pause_holds_the_index_back(tmp_path: Path) -> None:
    site = tmp_path / "de"
    write_page(site, "deals/a", "Deal a", "Erste Worte")
    kept = pagefind_search.KeptSearch("de", quiet=600.0, at_most=600.0)
    try:
        kept.update(site)
        time.sleep(1.0)
        assert not (site / "pagefind").exists()
        kept.settled()  # a test (or closing) does not wait for the pause
        assert [p["url"] for p in pagefind_search.indexed_pages(site)] == ["/deals/a/"]
    finally:
        kept.close()


@pytest.mark.parametrize(("edit", "message"), [
    # Material's search plugin listed beside Pagefind: two searches, one box.
    (lambda text: text.replace("\nnav:", "  - search\n\nnav:", 1),
     "Material's search plugin is listed while the briefing plugin's 'search' is 'pagefind'"),
    # Material's search chosen without its plugin.
    (lambda text: text.replace("  - briefing:\n", "  - briefing:\n      search: material\n", 1),
     "'material' needs Material's search plugin"),
    (lambda text: text.replace("  - briefing:\n", "  - briefing:\n      search: lunr\n", 1),
     "search"),
])
def test_a_wrong_search_setting_stops_the_build_with_the_line_to_change(
        tmp_path: Path, edit: object, message: str) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_the_index_is_written_by_the_pinned_pagefind(tmp_path: Path) -> None:
    """The binary comes from npm's package-lock.json (1.6.0 scores a word on every page of
    10,000 deals in about 0.1 s, PyPI's 1.5.2 in 0.6-0.9 s): a build must use that one."""
    import json

    lock = json.loads((pagefind_search.NPM_FOLDER / "package-lock.json").read_text("utf-8"))
    pinned = lock["packages"]["node_modules/pagefind"]["version"]
    assert pagefind_search.executable().is_relative_to(pagefind_search.NPM_FOLDER)
    site = tmp_path / "en"
    write_page(site, "deals/a", "Alpha", "Words", lang="en")
    pagefind_search.index_language(site)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["version"] == pinned


@pytest.mark.parametrize("machine", ["x86_64", "riscv64"])
def test_a_missing_pagefind_stops_the_build_before_it_starts_and_says_how_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, machine: str) -> None:
    import platform
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from generator.engine import plugin

    monkeypatch.setattr(pagefind_search, "NPM_FOLDER", tmp_path / "pagefind-bin")
    monkeypatch.setattr(platform, "machine", lambda: machine)
    with pytest.raises(pagefind_search.SearchIndexFailed) as missing:
        pagefind_search.executable()
    assert "bash .ci/setup site" in str(missing.value)
    assert ("x64" if machine == "x86_64" else machine) in str(missing.value)
    config = SimpleNamespace(plugins={}, config_file_path="mkdocs.yml")
    with pytest.raises(PluginError) as stopped:
        plugin._check_search_setting("pagefind", config)  # type: ignore[arg-type]
    assert "bash .ci/setup site" in str(stopped.value)
    plugin._check_search_setting("material", SimpleNamespace(  # type: ignore[arg-type]
        plugins={"material/search": object()}, config_file_path="mkdocs.yml"))  # no binary needed
