"""Privacy for uploaded photos: faces and number plates blurred, metadata removed.

Standalone (no Django). The whole API:

    blur_image(data) -> BlurResult            detect faces and plates, blur them, JPEG without metadata
    apply_boxes(original, boxes) -> bytes     blur exactly these boxes (staff corrected them by hand)
    read_exif_location(data) -> (lat, lon) | None
    strip_metadata(data) -> bytes             JPEG, orientation applied, EXIF/GPS/XMP/ICC removed
    Box(x, y, w, h, kind), BlurResult(image, boxes, width, height), UnsupportedImage

Box coordinates are pixels of the upright image (EXIF orientation applied), which is also the size of
every JPEG this package returns. Accepted input: JPEG, PNG, HEIC/HEIF up to MAX_BYTES and MAX_PIXELS.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PIL import Image

from .blurring import blur_boxes
from .detection import detect
from .imageio import MAX_BYTES, MAX_PIXELS, encode_jpeg, exif_location, load_upright, open_image
from .types import BlurResult, Box, UnsupportedImage, boxes_from

__all__ = [
    "MAX_BYTES",
    "MAX_PIXELS",
    "BlurResult",
    "Box",
    "UnsupportedImage",
    "apply_boxes",
    "blur_image",
    "detect_boxes",
    "read_exif_location",
    "strip_metadata",
]


def _array(data: bytes) -> np.ndarray:
    _, rgb = load_upright(data)
    return np.asarray(rgb)


def detect_boxes(data: bytes) -> list[Box]:
    """The padded face and plate boxes that blur_image would blur, without blurring."""
    return detect(_array(data))


def blur_image(data: bytes) -> BlurResult:
    """Faces and number plates found and blurred; the JPEG carries no metadata."""
    pixels = _array(data)
    boxes = detect(pixels)
    height, width = pixels.shape[:2]
    blurred = blur_boxes(pixels, boxes)
    return BlurResult(image=encode_jpeg(Image.fromarray(blurred)), boxes=boxes, width=width, height=height)


def apply_boxes(original: bytes, boxes: Iterable) -> bytes:
    """The original with exactly these boxes blurred (Box objects, dicts with x/y/w/h or tuples)."""
    pixels = _array(original)
    return encode_jpeg(Image.fromarray(blur_boxes(pixels, boxes_from(boxes))))


def read_exif_location(data: bytes) -> tuple[float, float] | None:
    """(latitude, longitude) in decimal degrees from the EXIF GPS tags, or None."""
    return exif_location(open_image(data))


def strip_metadata(data: bytes) -> bytes:
    """The image as JPEG, upright, without EXIF (GPS included), XMP, ICC profile or comments."""
    _, rgb = load_upright(data)
    return encode_jpeg(rgb)
