"""The link preview of a deal page (og:image): a 1200×630 PNG made at build time.

It shows the site's name, the headline, the status and the key amount, in the page's
language, drawn with Pillow in DejaVu Sans (generator/fonts/, with its licence): no
network, no font the machine happens to have. The picture is returned as bytes (the writer
writes it, like every page); the same words give the same bytes: Pillow's PNG writer adds
no time stamp, and no text or physical-size chunk is asked for.

A long headline is wrapped at spaces (a non-breaking space, as in „50 Mrd. US-Dollar“,
keeps its words together), then drawn smaller until it fits; only a headline that does not
fit in the smallest size is cut at a word and ends in "…".

Drawing a picture costs about 12 ms, which at 2,000 deals in two languages would be most of
the generator's time. So the renderer returns a ``Picture``: its key (what it shows, and
the version of this drawing code, Pillow and the fonts) and a way to draw it. The writer
draws only pictures whose key it has not written before (write.py keeps the keys beside
the files); a rebuild of unchanged content draws none.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
# The headline's box: below the site's name, above the status and amount.
HEADLINE_TOP, HEADLINE_BOTTOM = 150, 440
HEADLINE_SIZES = (64, 58, 52, 46, 40)  # largest first; each line 1.2 times the size
FONTS = Path(__file__).resolve().parent.parent / "fonts"

# Drawn in 16 grey levels, then each level given a colour: 0 the background, 14 white, the
# levels between the blend of the two (text's soft edges, the muted status), 15 the
# accent bar, which has no soft edges. Half a byte a pixel instead of three, and zlib's
# fastest level: 2 to 3 ms to compress instead of 15 for RGB, a file of about 22 KB
# (figures in benchmarks/README.md, "Preview pictures"). Compressed as runs of the same
# byte (zlib's Z_RLE), which is what a flat background with lines of text is: another
# 1.2 ms less a picture (7.0 → 5.8 ms) and a fifth smaller (20.5 → 16.3 KB).
BACKGROUND = (22, 35, 61)
WHITE_LEVEL, MUTED_LEVEL, ACCENT_LEVEL = 14, 10, 15
ACCENT = (255, 193, 7)
PALETTE = [round(dark + (255 - dark) * level / WHITE_LEVEL)
           for level in range(WHITE_LEVEL + 1) for dark in BACKGROUND] + list(ACCENT)

FontType = ImageFont.FreeTypeFont
# What else decides a picture's bytes: this code, Pillow, the fonts. A change to any of them
# gives every picture a new key, so that the writer draws them all again.
_DESIGN = hashlib.sha256(b"".join(
    [Path(__file__).read_bytes(), PIL.__version__.encode(),
     *(path.read_bytes() for path in sorted(FONTS.glob("*.ttf")))])).hexdigest()


class Picture:
    """A picture as the renderer returns it: drawn each time its bytes are asked for (the
    writer asks once, and keeps no copy: 4,000 pictures would be 90 MB). Two pictures
    with the same key are the same bytes."""

    def __init__(self, key: str, draw: Callable[..., bytes], words: Mapping[str, str | None]):
        self.key = key
        self.draw = draw  # a module's function, so that another process can be asked to
        self.words = words  # what it shows: draw(**words)

    @property
    def data(self) -> bytes:
        return self.draw(**self.words)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Picture) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Picture({self.key[:12]}…)"


def preview(*, site_name: str, headline: str, status: str, amount: str | None) -> Picture:
    """A deal's link preview, drawn when the writer needs it (see ``preview_png``)."""
    words = {"site_name": site_name, "headline": headline, "status": status, "amount": amount}
    key = hashlib.sha256((_DESIGN + json.dumps(words, sort_keys=True)).encode()).hexdigest()
    return Picture(key, preview_png, words)
_NUMBER_AND_WORD = re.compile(r"(\d) (?=\S)")


@cache
def font(size: int, bold: bool = False) -> FontType:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def wrap(text: str, face: FontType, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``, broken at ordinary spaces only; a word
    wider than a line stands alone on its line (and is then too wide: see ``fit``)."""
    lines: list[str] = []
    # A number keeps the word after it („50 Mrd.“, "$50 billion"), as on the pages.
    text = _NUMBER_AND_WORD.sub("\\1\u00a0", text)
    for word in text.split(" "):
        if not word:
            continue
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit(text: str, width: int, height: int) -> tuple[FontType, list[str]]:
    """The largest headline size at which ``text`` fits the box, and its lines; at the
    smallest size, the lines that fit, the last cut at a word and ended with "…"."""
    for size in HEADLINE_SIZES:
        face = font(size, bold=True)
        lines = wrap(text, face, width)
        if (len(lines) * round(size * 1.2) <= height
                and all(face.getlength(line) <= width for line in lines)):
            return face, lines
    size = HEADLINE_SIZES[-1]
    face = font(size, bold=True)
    room = max(1, height // round(size * 1.2))
    lines = wrap(text, face, width)[:room]
    last = lines[-1]
    while last and face.getlength(f"{last} …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = f"{last} …"
    return face, lines


def preview_png(*, site_name: str, headline: str, status: str, amount: str | None) -> bytes:
    """The picture as PNG bytes. ``status`` and ``amount`` are already in the page's
    language ("angekündigt", "bis zu 50 Mrd. US-Dollar")."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 15, HEIGHT), fill=ACCENT_LEVEL)
    draw.text((MARGIN, 64), site_name, font=font(32, bold=True), fill=MUTED_LEVEL)

    face, lines = fit(headline, TEXT_WIDTH, HEADLINE_BOTTOM - HEADLINE_TOP)
    step = round(face.size * 1.2)
    for number, line in enumerate(lines):
        draw.text((MARGIN, HEADLINE_TOP + number * step), line, font=face, fill=WHITE_LEVEL)

    # The status in a box, the amount beside it; both smaller where the pair is too wide.
    bottom = HEIGHT - 72
    for size in (34, 30, 26, 22):
        status_face, amount_face = font(size, bold=True), font(size + 6, bold=True)
        status_width = round(status_face.getlength(status)) + 40
        amount_width = amount_face.getlength(amount) if amount else 0
        if status_width + 32 + amount_width <= TEXT_WIDTH:
            break
    box_height = status_face.size + 28
    middle = bottom - box_height // 2
    draw.rounded_rectangle((MARGIN, bottom - box_height, MARGIN + status_width, bottom),
                           radius=10, outline=MUTED_LEVEL, width=3)
    draw.text((MARGIN + 20, middle), status, font=status_face, fill=MUTED_LEVEL, anchor="lm")
    if amount:
        draw.text((MARGIN + status_width + 32, middle), amount, font=amount_face,
                  fill=WHITE_LEVEL, anchor="lm")

    picture = Image.frombytes("P", (WIDTH, HEIGHT), image.tobytes())
    picture.putpalette(PALETTE)
    out = io.BytesIO()
    picture.save(out, format="PNG", bits=4, compress_level=1, compress_type=zlib.Z_RLE)
    return out.getvalue()
