"""Link previews of deal pages (og:image): a 1200×630 PNG per deal and language, made at
build time without network (generator/pages/social_image.py), in the page's language, the same
bytes for the same content, and text that stays inside the picture however long."""

from __future__ import annotations

import io
import os
import struct
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, SAMPLE_CONFIG
from PIL import Image, ImageChops

from generator.build import pipeline
from generator.content.model import build_content
from generator.pages import social_image
from generator.pages.deals import _deal_image_words
from generator.render.renderer import LanguageRenderer

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth

SITE_URL = SAMPLE_CONFIG.site_url


def deal_pages(built_pages: dict[str, list[Path]], lang: str, built_site: Path) -> list[Path]:
    return [page for page in built_pages[lang]
            if page.parent.parent == built_site / lang / "deals"
            and page.parent.name not in ("year",)]


def og(soup: BeautifulSoup, prop: str) -> str:
    tag = soup.head.find("meta", property=prop)
    assert tag is not None, prop
    return str(tag["content"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_deal_page_has_its_preview_picture_in_the_site(
        built_site: Path, built_pages: dict[str, list[Path]], lang: str) -> None:
    pages = deal_pages(built_pages, lang, built_site)
    deals = sorted((ROOT / "content" / "deals").glob("*.yml"))
    assert len(pages) == len(deals) >= 5  # found every deal page before looking at them
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        url = og(soup, "og:image")
        assert url == f"{SITE_URL}{lang}/deals/{page.parent.name}.png"  # absolute
        picture = built_site / url.removeprefix(SITE_URL)
        assert picture.is_file(), url
        with Image.open(picture) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
        assert (og(soup, "og:image:width"), og(soup, "og:image:height")) == ("1200", "630")
        assert og(soup, "og:image:type") == "image/png"
        # The alt text says what the picture shows: the page's headline first.
        title = og(soup, "og:title")
        assert og(soup, "og:image:alt").startswith(title)
        card = soup.head.find("meta", attrs={"name": "twitter:card"})
        assert card["content"] == "summary_large_image"
        # X shows og:image (its own twitter:image would say it twice); the picture's text
        # for readers who do not see it is X's own tag.
        assert soup.head.find("meta", attrs={"name": "twitter:image:alt"})["content"] == (
            og(soup, "og:image:alt"))


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind)
        at += 12 + length
    return chunks


def test_the_pictures_are_the_same_bytes_build_after_build(built_site: Path) -> None:
    """The session's `mkdocs build` and a second, in-process build give the same bytes,
    and the files carry nothing but the picture (no time stamp, no text, no size in dpi)."""
    again = pipeline.generate(SAMPLE_CONFIG).pages
    pictures = {path: picture for path, picture in again.items() if path.endswith(".png")}
    assert len(pictures) == len(LANGUAGES) * len(list((ROOT / "content" / "deals").glob("*.yml")))
    for path, picture in pictures.items():
        assert isinstance(picture, social_image.Picture)
        data = picture.data
        assert (built_site / path).read_bytes() == data, path
        assert set(png_chunks(data)) == {b"IHDR", b"PLTE", b"IDAT", b"IEND"}, path


def ink_box(data: bytes) -> tuple[int, int, int, int]:
    """Where anything but the background is drawn, the accent bar at the left aside."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (social_image.WIDTH, social_image.HEIGHT)
        rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, rgb.getpixel((rgb.width // 2, 5)))
    drawn = ImageChops.difference(rgb, background).crop((24, 0, rgb.width, rgb.height)).getbbox()
    assert drawn is not None
    left, top, right, bottom = drawn
    return left + 24, top, right + 24, bottom


def synthetic_headlines() -> list[str]:
    companies = synth.make_companies(synth.company_count(200))
    deals = [synth.make_deal(index, companies) for index in range(200)]
    return [deal["headline"][lang] for deal in deals for lang in ("de", "en")] + [
        deal["summary"][lang] for deal in deals[:3] for lang in ("de", "en")]


def test_long_headlines_are_wrapped_shrunk_or_cut_and_stay_inside() -> None:
    headlines = synthetic_headlines()
    longest = max(headlines[:-6], key=len)
    assert len(longest) > 70
    cases = [longest, *headlines[-6:]]  # summaries of 90 words: far too long for a headline
    for text in cases:
        face, lines = social_image.fit(text, social_image.TEXT_WIDTH,
                                       social_image.HEADLINE_BOTTOM - social_image.HEADLINE_TOP)
        assert all(face.getlength(line) <= social_image.TEXT_WIDTH for line in lines)
        assert len(lines) * round(face.size * 1.2) <= (social_image.HEADLINE_BOTTOM
                                                       - social_image.HEADLINE_TOP)
        data = social_image.preview_png(site_name="Deal-Briefing", headline=text,
                                        status="Angekündigt",
                                        amount="rund 12,5\u00a0Mrd.\u00a0US-Dollar")
        left, _top, right, bottom = ink_box(data)
        assert left >= social_image.MARGIN - 2 and right <= social_image.WIDTH - social_image.MARGIN + 2
        assert bottom <= social_image.HEIGHT - 60
    # The longest synthetic headline is whole, in a smaller size if need be; a summary is cut.
    _face, lines = social_image.fit(longest, social_image.TEXT_WIDTH, 290)
    assert " ".join(lines).replace("\u00a0", " ") == " ".join(longest.split())
    _face, lines = social_image.fit(headlines[-1], social_image.TEXT_WIDTH, 290)
    assert lines[-1].endswith("…")


def test_a_number_stays_with_its_unit_across_lines() -> None:
    face = social_image.font(64, bold=True)
    text = "Amazon investiert bis zu 50 Mrd. US-Dollar in OpenAI, davon 15 Mrd. sofort"
    for width in range(500, 1100, 40):
        for line in social_image.wrap(text, face, width):
            assert not line.endswith(("50", "15")), (width, line)


def test_the_picture_speaks_the_pages_language() -> None:
    """Status and amount come from the catalogs and the language's style: „Angekündigt“,
    „bis zu 50 Mrd. US-Dollar“ with non-breaking spaces on German pages."""
    content = build_content(pipeline.check(SAMPLE_CONFIG)[0])
    deal = content.deals["amazon-openai-investment"]
    words = {}
    for lang in LANGUAGES:
        renderer = LanguageRenderer(content, SAMPLE_CONFIG, lang, pipeline.today())
        words[lang] = _deal_image_words(renderer, deal)
    (de_status, de_amount), (en_status, en_amount) = words["de"][1:], words["en"][1:]
    assert (de_status, en_status) == ("Angekündigt", "Announced")
    assert de_amount and de_amount.replace("\u00a0", " ") == "bis zu 50 Mrd. US-Dollar"
    assert en_amount and en_amount.replace("\u00a0", " ") == "up to $50 billion"
    assert "50\u00a0Mrd." in de_amount
    assert words["de"][0].startswith("Amazon investiert")
    pictures = {lang: social_image.preview_png(site_name=SAMPLE_CONFIG.site_name[lang],
                                               headline=words[lang][0], status=words[lang][1],
                                               amount=words[lang][2]) for lang in LANGUAGES}
    assert pictures["de"] != pictures["en"]


def test_a_rebuild_draws_only_the_pictures_whose_words_changed(tmp_path: Path) -> None:
    """The writer keeps each picture's key beside it: unchanged pictures are not drawn
    again, and a changed headline gives a new picture at the same address."""
    from generator.build.write import PICTURE_KEYS, write_tree

    drawn: list[str] = []

    def pictures(headline: str) -> dict[str, social_image.Picture]:
        made = {}
        for n in range(3):
            words = {"site_name": "Deal-Briefing", "headline": f"{headline} {n}",
                     "status": "Angekündigt", "amount": None}
            key = social_image.preview(**words).key

            def draw(**words: str) -> bytes:
                drawn.append(words["headline"])
                return social_image.preview_png(**words)
            made[f"deals/{n}.png"] = social_image.Picture(key, draw, words)
        return made

    first = write_tree(pictures("Eins"), tmp_path / "out")
    assert sorted(first.written) == ["deals/0.png", "deals/1.png", "deals/2.png"]
    assert sorted(drawn) == ["Eins 0", "Eins 1", "Eins 2"]
    assert (tmp_path / "out" / PICTURE_KEYS).is_file()
    second = write_tree(pictures("Eins"), tmp_path / "out")
    assert second.written == [] and second.unchanged == 3
    assert len(drawn) == 3  # none drawn again
    changed = pictures("Eins")
    changed["deals/1.png"] = pictures("Zwei")["deals/1.png"]
    drawn.clear()
    third = write_tree(changed, tmp_path / "out")
    assert third.written == ["deals/1.png"] and drawn == ["Zwei 1"]
    assert (tmp_path / "out" / "deals/1.png").read_bytes() == social_image.preview_png(
        site_name="Deal-Briefing", headline="Zwei 1", status="Angekündigt", amount=None)


@pytest.mark.slow
def test_the_picture_benchmark_runs(tmp_path: Path) -> None:
    """benchmarks/social_images.py at a tiny size (it cannot rot; no timing asserted): the
    second generator run draws no picture, the changed headline draws its two."""
    import subprocess

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "social_images.py"), "--deals", "5",
         "--pictures", "4", "--work", str(tmp_path / "work"), "--no-full"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("one picture: median ")
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    assert [row[0] for row in rows] == ["first (draws all)", "again, unchanged (draws none)",
                                        "one headline changed",
                                        "clean, pictures kept (a CI cache)"]
    pages = int(rows[0][1])
    assert pages > 40 and int(rows[0][2]) == pages and int(rows[1][2]) == 0
    assert 2 <= int(rows[2][2]) < pages  # its pictures, its page, the lists naming it
    assert int(rows[3][2]) == pages  # a clean Markdown tree: every page written again


def draw_naming_the_process(**words: str | None) -> bytes:
    """A picture's stand-in that says which process drew it (importable: another process
    can be asked to draw it)."""
    if words["headline"] == "kaputt":
        raise RuntimeError("the drawing failed")
    return f"{os.getpid()} {words['headline']}".encode()


def stand_ins(headlines: list[str]) -> dict[str, social_image.Picture]:
    return {f"deals/{n:03}.png": social_image.Picture(
        f"key-{headline}", draw_naming_the_process,
        {"site_name": "Deal-Briefing", "headline": headline, "status": "", "amount": None})
        for n, headline in enumerate(headlines)}


def test_many_pictures_are_drawn_beside_the_writer_and_each_lands_in_its_file(
        tmp_path: Path) -> None:
    """A clean build's pictures past the first few are drawn by processes of their own
    while the writer goes on; each file gets its own picture, and the processes end."""
    import multiprocessing

    from generator.build.write import write_tree

    headlines = [f"Deal {n}" for n in range(150)]  # more than wait to be written at once
    report = write_tree(stand_ins(headlines), tmp_path / "out")
    assert len(report.written) == 150
    drawn_by = {}
    for n, headline in enumerate(headlines):
        pid, shown = (tmp_path / "out" / f"deals/{n:03}.png").read_text().split(" ", 1)
        assert shown == headline
        drawn_by[n] = int(pid)
    here = [n for n, pid in drawn_by.items() if pid == os.getpid()]
    assert here == list(range(16))  # a preview's one or two are drawn in its own process
    assert os.getpid() not in {drawn_by[n] for n in range(16, 150)}  # the rest by others
    assert not multiprocessing.active_children()


def test_a_picture_that_cannot_be_drawn_beside_the_writer_leaves_the_tree_as_it_was(
        tmp_path: Path) -> None:
    from generator.build.write import write_tree

    out = tmp_path / "out"
    write_tree({"index.md": "# Vorher\n"}, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    with pytest.raises(RuntimeError, match="the drawing failed"):
        write_tree(stand_ins([f"Deal {n}" for n in range(40)] + ["kaputt"]), out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / "index.md").read_text() == "# Vorher\n"
