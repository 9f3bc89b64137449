"""Images made in the tests: no files, no downloads."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

DATA = Path(__file__).resolve().parent / "data"
KASSEL = (51.3127114, 9.4797461)


def _dms(value: float):
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = (value - degrees - minutes / 60) * 3600
    return (float(degrees), float(minutes), round(seconds, 4))


def gps_exif(lat: float, lon: float, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(
        {1: "N" if lat >= 0 else "S", 2: _dms(lat), 3: "E" if lon >= 0 else "W", 4: _dms(lon), 0: b"\x02\x02\x00\x00"}
    )
    return exif


def marker_image(width: int = 240, height: int = 160) -> Image.Image:
    """Grey image with a red block in the top-left corner, to tell orientation."""
    arr = np.full((height, width, 3), 128, dtype=np.uint8)
    arr[: height // 4, : width // 4] = (220, 20, 20)
    return Image.fromarray(arr)


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of the given size that compresses to a few kilobytes."""
    raw = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = b"".join(raw.compress(row) for _ in range(min(height, 2000)))  # header matters; the rest is cut
    body += raw.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def source_bytes(name: str) -> bytes:
    return (DATA / "sources" / f"{name}.jpg").read_bytes()


def to_array(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(np.int16)
