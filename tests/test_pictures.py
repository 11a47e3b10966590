"""Pictures of articles as hostile files: measured from the header before decoding, refused
above the limits with the check's message, and published encoded anew (nothing after the
picture's end, no metadata), the same bytes for the same file. (A decompression bomb and a
cut-off file together are the case article-image-decompression-bomb of tests/bad_inputs/.)"""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from conftest import copy_project
from PIL import Image

from generator.build import pipeline
from generator.content import pictures
from generator.engine.config import load_site_config
from generator.errors import ContentError

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"
ARTICLE = "content/articles/acme-globex.en.md"
SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_valid_png(width: int, height: int) -> bytes:
    """A whole, valid grey PNG of ``width``×``height``, made row by row (never held
    decoded): 144 megapixels of black compress to about 140 KB."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then one byte a pixel
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
            + _chunk(b"IEND", b""))


def small_png() -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize((320, 180)).convert("RGB").save(out, "PNG")
    return out.getvalue()


def project_showing(tmp_path: Path, picture: bytes, name: str = "photo.png",
                    size: tuple[int, int] = (320, 180)) -> Path:
    """The minimal project with an English article showing ``picture``."""
    project = copy_project(tmp_path / "project", content=MINIMAL)
    (project / "content" / "images").mkdir(exist_ok=True)
    (project / "content" / "images" / name).write_bytes(picture)
    article = project / ARTICLE
    text = article.read_text(encoding="utf-8")
    text = text.replace('reviewed: "2026-11-01"', (
        f'reviewed: "2026-11-01"\nimages:\n  - {{id: photo, file: images/{name}, alt: A photo, '
        f'credit: Acme, width: {size[0]}, height: {size[1]}}}'), 1)
    article.write_text(text.replace("Our own research", "[[figure:photo]]\n\nOur own research",
                                    1), encoding="utf-8")
    return project


def test_a_valid_144_megapixel_png_is_refused_from_its_header(tmp_path: Path) -> None:
    data = huge_valid_png(12000, 12000)
    # A real picture, not a broken one; Pillow alone only warns and would decode it.
    with pytest.warns(Image.DecompressionBombWarning), Image.open(io.BytesIO(data)) as image:
        assert image.size == (12000, 12000)
    project = project_showing(tmp_path, data, size=(800, 800))
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    started = time.perf_counter()
    _documents, problems = pipeline.check(config)
    assert time.perf_counter() - started < 20  # measured, not decoded (576 MB)
    assert [str(p) for p in problems] == [
        (f"{ARTICLE}:15:23: images[0].file: content/images/photo.png is 12000×12000 pixels "
         f"(144 megapixels, 576 MB decoded); pictures are at most 40 megapixels and 20000 "
         f"pixels on a side (expected a smaller version, such as 2400 pixels wide)")]
    with pytest.raises(ContentError):
        pipeline.build_markdown(config)


def test_the_limits_are_where_the_readme_says() -> None:
    assert pictures.MAX_PIXELS == 40_000_000 and pictures.MAX_SIDE == 20_000
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "40 megapixels" in readme and "20,000 pixels" in readme


def test_a_panorama_within_the_pixels_but_beyond_a_side_is_refused() -> None:
    with pytest.raises(pictures.PictureError, match="20000 pixels on a side"):
        pictures.prepare(huge_valid_png(25000, 10), "content/images/strip.png")


def test_an_animation_is_refused() -> None:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(pictures.PictureError, match="animation of 2 frames"):
        pictures.prepare(out.getvalue(), "content/images/moving.png")


def test_html_after_the_end_of_a_png_is_not_published(tmp_path: Path) -> None:
    original = small_png()
    project = project_showing(tmp_path, original + SCRIPT)
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    pipeline.build_markdown(config)
    published = (config.markdown_dir / "en" / "images" / "photo.png").read_bytes()
    assert b"<script" not in published and b"<html" not in published
    assert published.endswith(_chunk(b"IEND", b""))
    with Image.open(io.BytesIO(published)) as shown, Image.open(io.BytesIO(original)) as was:
        assert shown.size == was.size and shown.tobytes() == was.convert(shown.mode).tobytes()


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_metadata_and_trailing_bytes_go_and_the_same_file_gives_the_same_bytes(
        kind: str) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS: where the photo was taken
    out = io.BytesIO()
    Image.radial_gradient("L").convert("RGB").save(out, kind, exif=exif.tobytes())
    data = out.getvalue() + SCRIPT
    assert b"SecretCam" in data
    first = pictures.prepare.__wrapped__(data, "content/images/x")
    again = pictures.prepare.__wrapped__(data, "content/images/x")
    assert first.data == again.data  # deterministic, not just cached
    assert b"SecretCam" not in first.data and b"<script" not in first.data
    with Image.open(io.BytesIO(first.data)) as shown:
        assert shown.format == kind and not shown.getexif()


def test_a_photo_is_published_standing_as_its_exif_says() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "JPEG", exif=exif.tobytes())
    shown = pictures.prepare.__wrapped__(out.getvalue(), "content/images/phone.jpg")
    assert (shown.width, shown.height) == (20, 40)
