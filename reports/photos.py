"""The one door to photo privacy: the ``photoblur`` package (faces and plates blurred, metadata removed)."""

from __future__ import annotations

import photoblur


class UnsupportedPhoto(Exception):
    pass


def blur(data: bytes) -> tuple[bytes, list[list]]:
    """(blurred JPEG without metadata, boxes as [x, y, w, h, kind]) of an uploaded photo."""
    try:
        result = photoblur.blur_image(data)
    except photoblur.UnsupportedImage as exc:
        raise UnsupportedPhoto(str(exc)) from exc
    return result.image, [[box.x, box.y, box.w, box.h, box.kind] for box in result.boxes]


def apply_boxes(original: bytes, boxes) -> bytes:
    """The original blurred exactly in ``boxes`` (as staff left them), without metadata."""
    try:
        return photoblur.apply_boxes(original, [tuple(box) for box in boxes])
    except photoblur.UnsupportedImage as exc:
        raise UnsupportedPhoto(str(exc)) from exc


def read_location(data: bytes) -> tuple[float, float] | None:
    try:
        return photoblur.read_exif_location(data)
    except Exception:  # a damaged EXIF block is no reason to refuse the photo
        return None


def check(data: bytes) -> None:
    """Raise UnsupportedPhoto unless the bytes are a JPEG, PNG or HEIC picture of a sane size."""
    try:
        photoblur.strip_metadata(data)
    except photoblur.UnsupportedImage as exc:
        raise UnsupportedPhoto(str(exc)) from exc
