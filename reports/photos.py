"""The one door to photo privacy: the ``photoblur`` package (faces and plates blurred, metadata removed).

FALLBACK (branch ``reports`` only, to be removed once ``photoblur`` is merged into main): without
the package, photos are re-encoded without metadata and nothing is detected; boxes that staff
draw are still blurred with Pillow.
"""

from __future__ import annotations

import io

try:
    import photoblur
except ImportError:  # pragma: no cover - the fallback below
    photoblur = None


class UnsupportedPhoto(Exception):
    pass


def blur(data: bytes) -> tuple[bytes, list[list]]:
    """(blurred JPEG, boxes as [x, y, w, h, kind]) of an uploaded photo."""
    if photoblur is not None:
        try:
            result = photoblur.blur_image(data)
        except photoblur.UnsupportedImage as exc:
            raise UnsupportedPhoto(str(exc)) from exc
        return result.image, [list(box) for box in result.boxes]
    return _fallback_strip(data), []


def apply_boxes(original: bytes, boxes) -> bytes:
    if photoblur is not None:
        return photoblur.apply_boxes(original, [tuple(b) for b in boxes])
    return _fallback_apply(original, boxes)


def read_location(data: bytes) -> tuple[float, float] | None:
    if photoblur is not None:
        try:
            return photoblur.read_exif_location(data)
        except Exception:  # a damaged EXIF block is no reason to refuse the photo
            return None
    return None


def check(data: bytes) -> None:
    """Raise UnsupportedPhoto unless the bytes are a JPEG, PNG or HEIC picture."""
    try:
        _open(data)
    except Exception as exc:
        raise UnsupportedPhoto(str(exc)) from exc


# --- FALLBACK: remove after photoblur is in main ------------------------------------------------
def _open(data: bytes):
    from PIL import Image, ImageOps

    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:
        pass
    image = Image.open(io.BytesIO(data))
    if image.format not in ("JPEG", "PNG", "HEIF"):
        raise ValueError(f"unsupported format {image.format}")
    return ImageOps.exif_transpose(image).convert("RGB")


def _fallback_strip(data: bytes) -> bytes:
    out = io.BytesIO()
    _open(data).save(out, "JPEG", quality=85)
    return out.getvalue()


def _fallback_apply(original: bytes, boxes) -> bytes:
    from PIL import ImageFilter

    image = _open(original)
    for x, y, w, h, *_ in boxes:
        region = (int(x), int(y), int(x + w), int(y + h))
        image.paste(image.crop(region).filter(ImageFilter.GaussianBlur(12)), region[:2])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


# --- end FALLBACK --------------------------------------------------------------------------------
