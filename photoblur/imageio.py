"""Reading uploads safely and writing clean JPEGs.

Only JPEG, PNG and HEIC/HEIF are opened (Pillow's `formats=` restricts the decoders, so a TIFF, SVG or
PSD never reaches a parser). The pixel count is checked from the header before any pixel is decoded,
which refuses decompression bombs cheaply.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from .types import UnsupportedImage

try:  # HEIC from phones; pillow-heif is pinned in requirements.txt
    import pillow_heif

    pillow_heif.register_heif_opener()
    _FORMATS = ("JPEG", "PNG", "HEIF")
except ImportError:  # pragma: no cover - the dependency is pinned
    _FORMATS = ("JPEG", "PNG")

MAX_BYTES = 30 * 1024 * 1024  # an upload larger than this is refused before decoding
MAX_PIXELS = 50_000_000  # 50 megapixels: larger than any phone photo, far below a pixel bomb
MIN_SIDE = 16
JPEG_QUALITY = 88

GPS_IFD = 0x8825


def open_image(data: bytes) -> Image.Image:
    """The image, header checked, not yet decoded. Raises UnsupportedImage."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UnsupportedImage("expected the image as bytes")
    if len(data) == 0:
        raise UnsupportedImage("the file is empty")
    if len(data) > MAX_BYTES:
        raise UnsupportedImage(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)), formats=_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedImage("the image has too many pixels") from exc
    except Exception as exc:  # UnidentifiedImageError, OSError, SyntaxError from broken headers
        raise UnsupportedImage("not a JPEG, PNG or HEIC image") from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise UnsupportedImage(f"the image has too many pixels ({width}x{height}, at most {MAX_PIXELS})")
    if min(width, height) < MIN_SIDE:
        raise UnsupportedImage("the image is too small")
    return image


def load_upright(data: bytes) -> tuple[Image.Image, Image.Image]:
    """(original header object, decoded upright RGB image). EXIF orientation is applied."""
    image = open_image(data)
    try:
        image.seek(0)
        image.load()
        upright = ImageOps.exif_transpose(image)
        rgb = upright.convert("RGB") if upright.mode != "RGB" else upright.copy()
    except UnsupportedImage:
        raise
    except Exception as exc:  # truncated or corrupt pixel data
        raise UnsupportedImage("the image data is damaged") from exc
    if rgb.width * rgb.height > MAX_PIXELS:
        raise UnsupportedImage("the image has too many pixels")
    return image, rgb


def encode_jpeg(image: Image.Image) -> bytes:
    """A baseline JPEG with no EXIF, XMP, ICC or comment: only the pixels."""
    clean = Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())  # drops image.info entirely
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return float(numerator) / float(denominator)


def _degrees(dms, ref) -> float:
    parts = [_ratio(p) for p in dms]
    while len(parts) < 3:
        parts.append(0.0)
    value = parts[0] + parts[1] / 60 + parts[2] / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    if str(ref).strip().upper() in ("S", "W"):
        value = -value
    return value


def exif_location(image: Image.Image) -> tuple[float, float] | None:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    try:
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except Exception:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return round(lat, 7), round(lon, 7)
