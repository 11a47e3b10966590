"""The pictures articles show (content/images/): measured from their header before a pixel
is decoded, refused above a size, and published re-encoded.

A picture file is a program for a decoder: 70 bytes of PNG can declare 100000×100000
pixels (40 GB decoded), and bytes after a PNG's end (IEND) or a JPEG's (EOI) are carried
along by any copy, an HTML page included. So:

- the header alone gives the size; a picture above ``MAX_PIXELS`` pixels, ``MAX_SIDE``
  pixels on a side or ``MAX_DECODED_BYTES`` decoded is refused before it is decoded
  (Pillow's own bomb guard, ``Image.open``'s, is not reached: the format's reader is
  called directly);
- an animation is refused (a news picture is one picture; re-encoding would drop frames);
- the picture is decoded once, and whatever the decoder raises is a message, not a
  traceback;
- what is published is the decoded pixels encoded anew by Pillow: nothing after the
  picture's end, no metadata (EXIF with its GPS position and camera serial, XMP, text
  chunks, comments), only the colour profile and transparency that change what a reader
  sees. EXIF's orientation is applied to the pixels first, so that a phone's photo stands
  as it did. The same file gives the same bytes.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageFile, ImageOps, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from ..text.messages import Message, msg

# 40 megapixels: above every picture a news page needs (the article column is about 800
# pixels wide; a 4K screen shows 8.3 megapixels) and above a full-frame camera's 36 MP
# photo, while the decoded picture stays at 160 MB (MAX_DECODED_BYTES) in the build.
MAX_PIXELS = 40_000_000
# A panorama of 20000×2000 is 40 MP too; a 40000000×1 strip is no picture.
MAX_SIDE = 20_000
# Pillow keeps every pixel of the modes a PNG, JPEG or WebP opens in (1, L, P, RGB, RGBA,
# CMYK, I;16, …) in at most 4 bytes.
BYTES_PER_PIXEL = 4
MAX_DECODED_BYTES = MAX_PIXELS * BYTES_PER_PIXEL

# The readers of the three formats the site publishes, each called on its own so that
# nothing else (a TIFF, an MPO, a PSD renamed .png) is ever handed to a decoder.
_READERS: dict[str, tuple[Callable[[io.BytesIO], ImageFile.ImageFile],
                          Callable[[bytes], object]]] = {
    "PNG": (PngImagePlugin.PngImageFile, PngImagePlugin._accept),
    "JPEG": (JpegImagePlugin.JpegImageFile, JpegImagePlugin._accept),
    "WEBP": (WebPImagePlugin.WebPImageFile, WebPImagePlugin._accept),
}


@dataclass(frozen=True)
class Picture:
    """A picture as it is published: its format, its size as shown (after EXIF's
    orientation) and its bytes, encoded anew."""
    kind: str
    width: int
    height: int
    data: bytes


class PictureError(ValueError):
    """Why a picture file cannot be published, in words for the editor."""

    @property
    def message(self) -> str:
        """The message as it was raised (text/messages.py: sayable in the editor's
        language), where ``str(error)`` gives its English text only."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else str(self)


def _megapixels(pixels: int) -> Message:
    return msg("{millions} megapixels",
               millions=f"{pixels / 1_000_000:,.1f}".removesuffix(".0"))


def _open(data: bytes, name: str) -> Image.Image:
    """The picture's header read by its format's own reader; no pixel decoded yet."""
    for kind, (reader, accepts) in _READERS.items():
        if accepts(data[:16]):
            try:
                image = reader(io.BytesIO(data))
            except Exception as error:
                raise PictureError(msg("{name} is not a {kind} picture that can be read ({value})",
                                       name=name, kind=kind, value=error or type(error).__name__)) from error
            return image
    raise PictureError(msg("{name} is not a picture that can be read (expected PNG, JPEG or WebP)",
                           name=name))


def measure(image: Image.Image, name: str) -> None:
    """Refuse a picture whose header declares more than the site publishes."""
    width, height = image.size
    pixels = width * height
    if width < 1 or height < 1:
        raise PictureError(msg("{name} declares {width}×{height} pixels (expected a picture)",
                               name=name, width=width, height=height))
    if pixels > MAX_PIXELS or max(width, height) > MAX_SIDE or (
            pixels * BYTES_PER_PIXEL > MAX_DECODED_BYTES):
        raise PictureError(
            msg("{name} is {width}×{height} pixels ({megapixels}, {decoded:,.0f} MB decoded); "
                "pictures are at most {megapixels2} and {MAX_SIDE} pixels on a side (expected a "
                "smaller version, such as 2400 pixels wide)",
                name=name, width=width, height=height, megapixels=_megapixels(pixels), decoded=pixels * BYTES_PER_PIXEL / 1000000, megapixels2=_megapixels(MAX_PIXELS), MAX_SIDE=MAX_SIDE))
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        raise PictureError(msg("{name} is an animation of {frames} frames (expected a single "
                               "picture)", name=name, frames=frames))


@lru_cache(maxsize=32)
def prepare(data: bytes, name: str) -> Picture:
    """The picture in ``data`` as it is published, or PictureError saying why not.
    ``name`` is the file as the editor knows it (content/images/x.png)."""
    image = _open(data, name)
    try:
        measure(image, name)
        kind = image.format or ""
        try:
            with warnings.catch_warnings():
                # Measured above; a bomb warning now would mean the header lied.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
                shown = ImageOps.exif_transpose(image)
        except PictureError:
            raise
        except Exception as error:
            # ValueError, EOFError, struct.error, zlib.error and its bomb error by turns
            raise PictureError(msg("{name} could not be decoded ({value}; expected a PNG, JPEG "
                                   "or WebP picture saved whole)",
                                   name=name, value=error or type(error).__name__)) from error
        return Picture(kind, shown.width, shown.height, _encode(shown, image, kind))
    finally:
        image.close()


def _encode(shown: Image.Image, original: Image.Image, kind: str) -> bytes:
    """The pixels of ``shown`` in ``kind`` again, with only what changes how they look."""
    kept: dict[str | tuple[int, int], object] = {key: original.info[key] for key in ("icc_profile", "transparency")
            if original.info.get(key)}
    clean = shown.copy()
    clean.info = dict(kept)
    out = io.BytesIO()
    if kind == "JPEG":
        # The original's quantisation tables and chroma subsampling: encoded again with
        # the same tables, a JPEG loses almost nothing.
        tables = getattr(original, "quantization", None)
        sampling = JpegImagePlugin.get_sampling(original)
        options: dict[str, object] = {"qtables": tables} if tables else {"quality": 90}
        if sampling >= 0:
            options["subsampling"] = sampling
        clean.save(out, "JPEG", icc_profile=kept.get("icc_profile"), **options)
    elif kind == "WEBP":
        clean.save(out, "WEBP", quality=90, method=4, icc_profile=kept.get("icc_profile", ""))
    else:
        clean.save(out, "PNG")
    return out.getvalue()
