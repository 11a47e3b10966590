"""The fast search index gives exactly Material's entries.

Every comparison feeds the same page to Material's ``SearchIndex`` and to
``FastSearchIndex``: the sample site's real pages (as Material's search plugin receives them
in a real MkDocs build), its built HTML, hand-written markup chosen for Material's odd
rules, and seeded random markup. No timings here: benchmarks/search_indexing.py measures
the speed and benchmarks/README.md holds the figures.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import LANGUAGES, TODAY, copy_project, run_mkdocs
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.config import load_config

from generator.engine import fast_search
from generator.engine.search_index import FastSearchIndex, install, search_plugin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import search_indexing


def with_materials_search(project: Path) -> Path:
    """The project set to Material's own search (the briefing plugin's `search: material`
    and Material's search plugin), the path this module checks; the site's search is
    Pagefind's (generator/engine/pagefind_search.py)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - briefing:\n", "  - briefing:\n      search: material\n", 1)
    text = text.replace("\nnav:", "  - search:\n      separator: '[\\s\\-\\u2011]+'\n\nnav:", 1)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return with_materials_search(copy_project(tmp_path / "project"))


def stand_in_page(content: str, meta: dict[str, Any] | None = None) -> SimpleNamespace:
    return SimpleNamespace(content=content, toc=[], url="deals/x/", meta=meta or {},
                           title="Page title")


def index_both(page: Any) -> tuple[Any, Any]:
    """Material's entries and the fast index for one page; an exception that Material's
    parser raises must be raised by the fast index as well, and is returned as its type."""
    material = SearchIndex()
    try:
        material.add_entry_from_context(page)
        expected: Any = material.entries
    except Exception as error:  # noqa: BLE001 - compared below
        expected = type(error)
    fast = FastSearchIndex()
    if isinstance(expected, type):
        with pytest.raises(expected):
            fast.add_entry_from_context(page)
    else:
        fast.add_entry_from_context(page)
        assert fast.entries == expected
    return expected, fast


# --- the sample site's real pages -----------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pages(built_site: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, search_indexing.Built]:
    """Each language's pages as Material's search plugin receives them: plain Material
    builds the Markdown that the sample site's build generated, in this process."""
    project = built_site.parent
    work = tmp_path_factory.mktemp("search-pages")
    return {lang: search_indexing.build_and_keep_pages(
                search_indexing.reference_config(project, lang, work / "site" / lang), work)
            for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_sample_site_gives_materials_entries(
        sample_pages: dict[str, search_indexing.Built], lang: str) -> None:
    built = sample_pages[lang]
    assert len(built.pages) >= 20
    whole = FastSearchIndex(**built.search_settings)
    for page in built.pages:
        expected, fast = index_both(page)
        assert expected, page.url
        assert fast.pages_read_by_material == 0, f"{page.url} went to Material's parser"
        whole.add_entry_from_context(page)
    # The whole index, serialised as the plugin does, is the file the build wrote.
    assert whole.generate_search_index(None) == built.search_index_json


@pytest.mark.parametrize("lang", LANGUAGES)
def test_install_at_pre_build_writes_the_same_search_index(
        sample_pages: dict[str, search_indexing.Built], built_site: Path,
        tmp_path: Path, lang: str) -> None:
    fast_build = search_indexing.build_and_keep_pages(
        search_indexing.reference_config(built_site.parent, lang, tmp_path / "site"),
        tmp_path, fast_index=True)
    assert isinstance(fast_build.search_index, FastSearchIndex)
    assert fast_build.search_index.pages_read_by_material == 0
    assert fast_build.search_index_json == sample_pages[lang].search_index_json


def test_built_html_pages_give_materials_entries(built_site: Path) -> None:
    """Whole built pages (theme, inline scripts, SVG, forms) and their article parts."""
    documents = sorted(built_site.rglob("*.html"))
    assert len(documents) >= 40
    fast_bodies = 0
    for document in documents:
        html = document.read_text(encoding="utf-8")
        body = html[html.index("<body"):]
        parts = [html, body]
        if "<article" in html:
            start = html.index(">", html.index("<article")) + 1
            parts.append(html[start:html.index("</article>")])
        for part in parts:
            _expected, fast = index_both(stand_in_page(part))
            if part is body and not fast.pages_read_by_material:
                fast_bodies += 1
    assert fast_bodies >= 40  # the theme's own markup takes the fast path too


# --- hand-written markup ----------------------------------------------------------------------

# (name, HTML, whether the fast reading handles it itself)
SNIPPETS = [
    ("entities", ("<p>Fish &amp; chips &lt;b&gt; &#39;q&#39; a&nbsp;b &copy; &copy &amp "
                 "&#x41;&#65; &unknown; x&gt;y > z</p>"), True),
    ("nbsp alone is whitespace", "<p>a</p>&nbsp;<p>&nbsp;</p><p>b&#32;</p>", True),
    ("sections", '<h1 id="t">Title</h1><p>x</p><h2 id="a">A</h2><p>y</p>', True),
    ("heading nested in div", ('<h1 id="t">T</h1><div><h2 id="n">Nested</h2><p>in</p></div>'
                              "<p>after the div goes back to T</p>"), True),
    ("heading in details", ("<details><summary>S</summary><h3 id=\"d\">D</h3><p>x</p>"
                           "</details><p>out</p><h2 id=\"e\">E</h2>"), True),
    ("deeper nesting", ('<div><section><h2 id="a">A</h2>a<div><h3 id="b">B</h3>b</div>'
                       "back in A</section>outside</div>end"), True),
    ("headings without id", ('<h2>No id</h2><p>t</p><h2 id="b">B</h2><h2>Plain h2 joins the '
                            "title</h2>text<h3>h3</h3>"), True),
    ("h1 not first", '<p>intro</p><h1 id="late">Late</h1><p>x</p>', True),
    ("h2 first then h1", '<h2 id="first">F</h2><h1 id="one">One</h1><p>z</p>', True),
    ("first h1 has no section id", '<h1 id="top">Top</h1>text', True),
    ("empty title takes the page's", '<h2 id="e"></h2><p>x</p>', True),
    ("excluded block", ("<div data-search-exclude><p>hidden</p><div>inner</div><p>leaks: "
                       "Material drops 'div' from skip at the inner end</p></div>"
                       "<p>visible</p>"), True),
    ("excluded section", ('<h2 id="ex" data-search-exclude>Excl</h2><p>text of excluded '
                         'section</p><h2 id="in">In</h2>shown'), True),
    ("exclusion spellings", ('<div DATA-SEARCH-EXCLUDE="">a</div><p data-search-exclude="x">'
                            "b</p><span data-search-exclude='' >c</span>d"), True),
    ("headerlink", ('<h2 id="h">Head<a class="headerlink" href="#h" title="Permanent link">'
                   "&para;</a></h2><p>x<a class=\"headerlink\">kept in text</a></p>"), True),
    ("headerlink by reference", '<h2 id="h">H<a class="&#104;eaderlink">&para;</a></h2>', True),
    ("pre and code", ("<pre><code>line 1\n\n  indented &lt;tag&gt;\n\n\n</code></pre>"
                     "<p>a\n\nb   c</p>\n\n\n<pre>  </pre><pre>\n</pre>"), True),
    ("empty kept tags", ("<p></p><p> </p><ul>\n<li></li>\n</ul><p>x</p><p>\n</p><p></p>"
                        "<code> </code>"), True),
    ("kept tags in a title", '<h2 id="k"><code>x</code> and <code></code></h2>', True),
    ("void tags", ('<p>a<br>b<br/>c<img src="x.png" alt="i"><hr></p><input type="text" '
                  'value="<p>"><img data-search-exclude>after'), True),
    ("void tag opens the preface", '<br><img src="x">text', True),
    ("comments", "<p>a<!-- c -->b</p>\n<!-- x -->\n<p>c</p><!---->\n", False),
    ("plain comments", "<p>a<!-- c -->b</p>\n<!-- x -->\n<p>c</p><!-- - -->", True),
    ("script and style", ("<script>var a = 1 && 2;</script><style>p > a { }</style>"
                         "<p>t</p><SCRIPT>x</SCRIPT>"), True),
    ("script with a tag inside", '<script>document.write("<b>x</b>")</script><p>y</p>', False),
    ("script with a comparison", "<script>if (a < b) {}</script><p>x</p>", False),
    ("self-closing script", "<script/><p>x</p>", False),
    ("unclosed script", "<p>x</p><script>a", False),
    ("object", "<object><p>x</p></object>y<object data-search-exclude>z</object>w", True),
    ("quoted '>' in attributes", ('<a href="x" title="a > b">link</a> <span data-x=\'1>2\'>'
                                 "s</span>"), True),
    ("unquoted attribute values", '<h2 id=plain class=x>P</h2><a href=foo>f</a>', True),
    ("slash after an unquoted value", "<p>a</p><a href=foo/>x</a><p>y</p>", True),
    ("attribute quirks", ('<h2 id="a" id="b">repeated id</h2><h3 id>bare id</h3>'
                         '<h4 id="">empty id</h4><h5 ID="x&amp;y">reference</h5>'), True),
    ("uppercase tags", '<P>Up</P><H2 ID="U">Upper</H2><UL><LI>one</LI></UL><Pre>a\n b</pRE>',
     True),
    ("mismatched end tags", "<p>a<span>b</p>c</span>d</p></div><p>x</p>", True),
    ("stray end tags first", "</div></p>text", True),
    ("linenodiv", ('<table><tr><td class="linenodiv"><pre>1\n2</pre></td><td><pre>code</pre>'
                  "</td></tr></table>"), True),
    ("self-closing elements", "<p/>x<div/>y<h2 id=\"s\"/>z<li/>", True),
    ("preface text", 'text before<h2 id="a">A</h2>', True),
    ("whitespace first", "\n\n<p>x</p>", True),
    ("only whitespace", " \n ", True),
    ("empty page", "", True),
    ("sub and sup", "<p>H<sub>2</sub>O E=mc<sup>2</sup><sup> </sup></p>", True),
    ("heading in a list item", '<ul><li><h3 id="li">In list</h3>item</li></ul>after', True),
    ("literal hx tag", "<hx>preface title?</hx>text", True),
    ("tail reference", "<p>x</p>tail &amp", True),
    ("tail ampersand", "<p>x</p>tail & more &", True),
    ("carriage returns and tabs", "<p>a\r\nb\tc</p>\r\n\t<p>d</p>", True),
    ("stray '<'", "<p>a < b</p>", False),
    ("stray '<' at the end", "<p>a</p><", False),
    ("CDATA", "<![CDATA[x<p>]]><p>y</p>", False),
    ("doctype", "<!DOCTYPE html><p>y</p>", False),
    ("processing instruction", "<?xml version='1.0'?><p>y</p>", False),
    ("comment with --", "<!-- a -- b --><p>y</p>", False),
    ("end tag with a space", "<p>a</p ><p>b</p>", False),
    ("unclosed start tag", '<p>a</p><a href="x"', False),
    ("attribute glued to a quote", '<a href="x"title="y">t</a>', False),
    ("textarea and title", "<textarea>a<b>c</b></textarea><svg><title>T</title></svg>x", None),
]


@pytest.mark.parametrize(("html", "fast_path"), [(html, fast) for _name, html, fast in SNIPPETS],
                         ids=[name for name, _html, _fast in SNIPPETS])
def test_tricky_markup_gives_materials_entries(html: str, fast_path: bool | None) -> None:
    _expected, fast = index_both(stand_in_page(html))
    if fast_path is not None:
        assert fast.pages_read_by_material == (0 if fast_path else 1)


def test_a_kept_tag_closed_outside_its_list_raises_as_materials_parser_does() -> None:
    # <p> opens while the div is excluded and closes after the exclusion ended: Material's
    # list.index finds no "<p>" and raises; a build with the fast index fails the same way.
    html = "<div data-search-exclude><p>x<div></div>y</p></div>"
    expected, fast = index_both(stand_in_page(html))
    assert expected is ValueError and fast.pages_read_by_material == 1


@pytest.mark.parametrize("meta", [{"search": {"exclude": True}}, {"title": "From meta"},
                                  {"tags": ["a", 1, None, {"x": 1}], "search": {"boost": 2}}])
def test_page_settings_are_honoured(meta: dict[str, Any]) -> None:
    expected, _fast = index_both(stand_in_page('<h2 id="a"></h2>x<h2 id="b">B</h2>', meta))
    assert (expected == []) == bool(meta.get("search", {}).get("exclude"))


# --- random markup ----------------------------------------------------------------------------

WORDS = ["Deal", "Übernahme", "a", "b", " ", "  ", "\n", "\n\n", " \t ", "&amp;", "&lt;",
         "&gt;", "&#39;", "&nbsp;", "&copy", "&", ">", "a&b", "&#x41;", "\u00a0", "x\ny",
         "&amp", "&#10;"]
ELEMENTS = ["p", "div", "span", "a", "em", "code", "pre", "ul", "ol", "li", "sub", "sup",
            "h1", "h2", "h3", "h4", "details", "summary", "table", "td", "section", "object",
            "hx", "strong"]
VOID_ELEMENTS = ["br", "img", "hr", "input", "wbr"]
ATTRIBUTES = ['id="{n}"', "id={n}", "id", 'id="x{n}&amp;"', 'class="headerlink"',
              'class="linenodiv"', 'class="cite"', "data-search-exclude", 'data-search-exclude=""',
              'title="a > b"', "href=../x", "title='q \"u\"'", 'CLASS="headerlink"', 'ID="U{n}"']
MALFORMED = ["<", "< b", "<![CDATA[x]]>", "<?pi?>", "<!DOCTYPE html>", "<!-- a -- b -->",
             "<a href=x/>", "</ p>", '<a b="c"d>', "<!x>", "<script>a<b</script>"]


def random_markup(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
    if roll < 0.37:
        return f"<{rng.choice(VOID_ELEMENTS)}{'/' if rng.random() < 0.3 else ''}>"
    if roll < 0.39:
        return "<!-- note -->"
    if roll < 0.41:
        return rng.choice(["<script>var x = 1 && 2;</script>", "<style>a > b {}</style>"])
    if roll < 0.415:
        return rng.choice(MALFORMED)
    tag = rng.choice(ELEMENTS)
    written = tag.upper() if rng.random() < 0.05 else tag
    attributes = "".join(" " + rng.choice(ATTRIBUTES).format(n=rng.randint(1, 5))
                         for _ in range(rng.choice([0, 0, 0, 1, 1, 2])))
    if rng.random() < 0.04:
        return f"<{written}{attributes}/>"
    children = "".join(random_markup(rng, depth + 1) for _ in range(rng.randint(0, 4)))
    end_roll = rng.random()
    end = (f"</{written}>" if end_roll < 0.85 else
           f"</{rng.choice(ELEMENTS)}>" if end_roll < 0.95 else "")
    return f"<{written}{attributes}>{children}{end}"


def test_random_markup_gives_materials_entries() -> None:
    rng = random.Random(20261123)
    fast_pages = 0
    for _ in range(1500):
        html = "".join(random_markup(rng) for _ in range(rng.randint(1, 6)))
        _expected, fast = index_both(stand_in_page(html))
        fast_pages += not fast.pages_read_by_material
    assert fast_pages > 1000  # most of them exercise the fast reading, not the fallback


# --- install() -------------------------------------------------------------------------------


def test_install_swaps_the_index_of_the_projects_search_plugin(project: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"))
    plugin = search_plugin(config)
    assert plugin is config.plugins["material/search"]
    # MkDocs keeps one instance of a plugin with on_startup per process, so this one may
    # hold an index from an earlier build in this process: Material's on_config replaces
    # it, which is why install() must come after that.
    plugin.on_config(config)
    materials_index = plugin.search_index
    assert type(materials_index) is SearchIndex
    fast = install(config)
    assert isinstance(fast, FastSearchIndex) and plugin.search_index is fast
    assert fast.config == materials_index.config and fast.config["lang"] == ["de"]
    assert install(config) is fast


def test_install_before_materials_on_config_is_refused() -> None:
    fresh = SearchPlugin()
    fresh.load_config({})
    with pytest.raises(RuntimeError, match="on_config"):
        install(SimpleNamespace(plugins={"material/search": fresh}))


@pytest.mark.parametrize("plugins", ["[]", "[{search: {enabled: false}}]"])
def test_install_does_nothing_without_materials_search(project: Path, plugins: str) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("\nplugins:")
    end = text.index("\nnav:")
    (project / "mkdocs.yml").write_text(text[:start] + f"\nplugins: {plugins}\n" + text[end:],
                                        encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    for plugin in config.plugins.values():
        plugin.on_config(config)
    assert install(config) is None


# --- only on a Material it was verified against ---------------------------------------------


def material_with_version(folder: Path, version: str) -> dict[str, str]:
    """An environment in which the installed Material says it is ``version``: a copy of its
    distribution's metadata (entry points and all) with that version, found first on
    PYTHONPATH. Its code is the installed one; only the version Python reports differs."""
    real = metadata.distribution("mkdocs-material")
    info = folder / f"mkdocs_material-{version}.dist-info"
    info.mkdir(parents=True)
    for name in ("METADATA", "entry_points.txt"):
        text = real.read_text(name) or ""
        if name == "METADATA":
            text = text.replace(f"\nVersion: {real.version}\n", f"\nVersion: {version}\n", 1)
        (info / name).write_text(text, "utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path)


def test_the_stand_in_reports_another_version(tmp_path: Path) -> None:
    env = material_with_version(tmp_path / "other", "9.9.0")
    asking = "from generator.engine import fast_search; print(fast_search.installed_material())"
    said = subprocess.run([sys.executable, "-c", asking], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert said == "9.9.0\n"
    assert fast_search.installed_material() in fast_search.VERIFIED_MATERIAL  # here: verified


@pytest.mark.slow
def test_another_material_builds_with_its_own_indexing_and_says_so(tmp_path: Path) -> None:
    project = with_materials_search(copy_project(tmp_path / "project"))
    fast = with_materials_search(copy_project(tmp_path / "fast"))
    env = dict(material_with_version(tmp_path / "other", "9.9.0"), BRIEFING_TODAY=TODAY,
               NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    built = run_mkdocs(fast, "--strict")  # on the verified Material: the fast indexing
    assert built.returncode == 0, built.stderr
    built_site = fast / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr  # a note, not a warning: --strict passes
    said = [line for line in result.stderr.splitlines() if "fast_search_index" in line]
    assert said and said[0] == (
        "INFO    -  briefing: fast_search_index: Material 9.9.0 is not a version the fast "
        f"search indexing was verified against ({', '.join(fast_search.VERIFIED_MATERIAL)}); "
        "Material's own indexing builds the search index (the same index, a little slower)")
    for lang in LANGUAGES:  # Material's own index is the one the fast indexing writes
        index = f"{lang}/search/search_index.json"
        assert (project / "site" / index).read_bytes() == (built_site / index).read_bytes()


def test_on_another_material_the_plugins_own_index_stays(
        project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    config = load_config(str(project / "mkdocs.yml"))
    plugin = search_plugin(config)
    assert plugin is not None
    plugin.on_config(config)
    monkeypatch.setattr(fast_search, "installed_material", lambda: "10.0.0")
    with caplog.at_level("INFO", logger="mkdocs.plugins.briefing"):
        assert fast_search.install(config) is False
    assert type(plugin.search_index) is SearchIndex
    assert "Material 10.0.0 is not a version the fast search indexing" in caplog.text
    monkeypatch.undo()
    assert fast_search.install(config) is True
    assert isinstance(plugin.search_index, FastSearchIndex)


def test_on_another_material_a_preview_save_is_a_full_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Under serve, each language's process keeps every page's search entries through
    Material's internals only on a verified Material; elsewhere it builds the whole site."""
    from generator.engine import site_worker

    assert site_worker._Kept().keeps_search  # here: verified
    monkeypatch.setattr(fast_search, "installed_material", lambda: "10.0.0")
    site = site_worker.KeptSite("mkdocs.yml")
    site.config, site.kept = load_config(str(ROOT / "mkdocs.yml")), site_worker._Kept()
    site.warnings = site_worker._Warnings(site.config)
    assert site.kept.keeps_search is False
    with pytest.raises(site_worker.FullBuildNeeded, match="Material 10.0.0"):
        site._update(["deals/amazon-openai-investment.md"], [])


# --- the benchmark keeps working ----------------------------------------------------------------


@pytest.mark.slow
def test_benchmark_reports_both_languages(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "search_indexing.py"), "--project",
         str(built_site.parent), "--repeat", "1", "--work", str(tmp_path / "work"),
         "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300,
        check=False)
    assert done.returncode == 0, done.stderr
    assert "| de |" in done.stdout and "| en |" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    for lang in LANGUAGES:
        result = results[lang]
        assert result["pages"] >= 20 and result["entries"] > result["pages"]
        assert result["pages_with_different_entries"] == []
        assert result["same_search_index_json"] and result["material_json_as_written"]
        assert result["material_ms_per_page"] > 0 and result["fast_ms_per_page"] > 0
