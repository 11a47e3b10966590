"""Property tests: whatever an editor saves, the loader and checker answer with the project's
own Problem list or a clean result, and a clean result renders.

Inputs are the valid records of tests/fixtures/minimal/ mutated (fields dropped, values of
other types swapped in, random Unicode), random YAML-ish text, and random bytes. The
examples are derived from the test's name (``derandomize``) and no example database is
kept, so every run on every machine tries the same inputs.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.config import SiteConfig, load_site_config
from generator.errors import ContentError, Problem
from generator.model import build_content
from generator.render import render_site

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"

FUZZ = settings(max_examples=50, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# The fixture's files and their parsed data, the starting point of every mutation.
RECORDS = {p.relative_to(MINIMAL).as_posix(): p.read_text(encoding="utf-8")
           for p in sorted(MINIMAL.rglob("*")) if p.is_file()}
YAML_RECORDS = sorted(name for name in RECORDS if name.endswith(".yml"))
ARTICLES = sorted(name for name in RECORDS if name.endswith(".md"))


_TREE = Path(tempfile.mkdtemp(prefix="fuzz-content-"))
atexit.register(shutil.rmtree, _TREE, ignore_errors=True)
shutil.copytree(MINIMAL, _TREE / "content")
_BASE_CONFIG = replace(load_site_config(ROOT / "mkdocs.yml")[0], content_dir=_TREE / "content",
                       project_dir=_TREE)


@contextmanager
def content_tree(files: dict[str, str | bytes]) -> Iterator[SiteConfig]:
    """The minimal tree with ``files`` laid over it, and a site config reading it.

    One tree serves every example: the files are put back as they were afterwards, which
    costs less than a fresh copy per example.
    """
    content = _TREE / "content"
    try:
        for name, data in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        yield _BASE_CONFIG
    finally:
        for name in files:
            path = content / name
            if name in RECORDS:
                path.write_text(RECORDS[name], encoding="utf-8")
            else:
                path.unlink(missing_ok=True)


def assert_only_own_outcomes(config: SiteConfig) -> list[Problem]:
    """Load and check; anything but a Problem list is a bug. A clean result must render."""
    documents, problems = pipeline.check(config)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file.startswith("content/") and problem.line >= 1 and problem.column >= 1
        assert problem.severity in ("error", "warning", "notice") and problem.message.strip()
        assert "\n" not in str(problem)
    if not any(p.severity == "error" for p in problems):
        pages = render_site(build_content(documents), config, today=pipeline.today())
        for path, text in pages.items():
            if isinstance(text, str):
                assert "<script" not in text.lower(), path
    return problems


# --- mutations of parsed records -------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["", "TODO", "<script>alert(1)</script>", "[x](javascript:alert(1))",
                     "2025-02-30", "2999-01-01", "USD", "acme", "release", "de", "en",
                     "https://acme.example/", "javascript:alert(1)", "../../etc/passwd",
                     "*a", "&a", "<<", "~", "null", "yes", "1e3", "0x1f", "\u202e", "\x07"]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["de", "en", "id", "value", "min", "max", "currency", "sources",
                                 "company", "role", "date", "status", "url", "x"]), inner,
                                max_size=4)),
    max_leaves=8)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed record, parents before children."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix + (i,)
            yield from paths(value, prefix + (i,))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, str]:
    """A fixture record, parsed, changed in one to three places, and written as YAML."""
    name = draw(st.sampled_from(YAML_RECORDS))
    data = yaml.safe_load(RECORDS[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = list(paths(data))
        if not places:
            break
        path = draw(st.sampled_from(places))
        container = parent_of(data, path)
        action = draw(st.sampled_from(["drop", "swap", "add"]))
        if action == "drop":
            del container[path[-1]]
        elif action == "swap":
            container[path[-1]] = draw(values)
        elif isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=12))] = draw(values)
        else:
            container.append(draw(values))
    return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@given(mutated_record())
@FUZZ
def test_mutated_records(record: tuple[str, str]) -> None:
    name, text = record
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@st.composite
def mutated_front_matter(draw: st.DrawFn) -> tuple[str, str]:
    """An article whose front matter is changed like a record, or whose body is random."""
    name = draw(st.sampled_from(ARTICLES))
    _, front, body = RECORDS[name].split("---\n", 2)
    data = yaml.safe_load(front)
    if draw(st.booleans()):
        path = draw(st.sampled_from(list(paths(data))))
        container = parent_of(data, path)
        if draw(st.booleans()):
            del container[path[-1]]
        else:
            container[path[-1]] = draw(values)
    else:
        body = draw(st.one_of(
            st.text(max_size=200),
            st.lists(st.sampled_from(
                ["# Title", "[@notes]", "[@acme-globex-investment/release]", "[@bad id]",
                 "<script>x</script>", "<b>bold</b>", "![i](https://x.example/i.png)",
                 "[l](javascript:alert(1))", "<javascript:alert(1)>", "{: onclick=x }",
                 "<!-- c -->", "```\ncode\n```", "| a | b |\n|---|---|\n| 1 | 2 |", "---",
                 "*", "\n", "[x]: http://a.example/", "&amp;", "\u0000"]),
                max_size=12).map(" ".join)))
    front_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return name, f"---\n{front_text}---\n{body}"


@given(mutated_front_matter())
@FUZZ
def test_mutated_articles(article: tuple[str, str]) -> None:
    name, text = article
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


# --- mutations of the text itself -----------------------------------------------------------

@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, str]:
    """A fixture file's text with slices deleted, duplicated or replaced by random text."""
    name = draw(st.sampled_from(sorted(RECORDS)))
    text = RECORDS[name]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
        insert = draw(st.one_of(
            st.just(""), st.just(text[start:end] * 2), st.text(max_size=10),
            st.sampled_from(["\t", ":", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", "\"", "'",
                             "\n  ", "\n", "#", "!!python/object:os.system", "---\n", "%YAML",
                             "\ufeff", "\u2028", "\x85"])))
        text = text[:start] + insert + text[end:]
    return name, text


@given(mutated_text())
@FUZZ
def test_mutated_yaml_text(file: tuple[str, str]) -> None:
    name, text = file
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.text(max_size=300))
@FUZZ
def test_random_text(name: str, text: str) -> None:
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.binary(max_size=300))
@FUZZ
def test_random_bytes(name: str, data: bytes) -> None:
    with content_tree({name: data}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.binary(max_size=200))
@FUZZ
def test_valid_text_with_random_bytes_appended(name: str, data: bytes) -> None:
    with content_tree({name: RECORDS[name].encode("utf-8") + data}) as config:
        assert_only_own_outcomes(config)


def test_generate_raises_only_content_errors() -> None:
    """The pipeline's own entry point turns a broken tree into a ContentError, not a crash."""
    with content_tree({"deals/acme-globex-investment.yml": "id: [\n"}) as config:
        try:
            pipeline.generate(config)
        except ContentError as error:
            assert error.problems and "nothing was written" in error.report()
        else:
            raise AssertionError("a broken record passed")
