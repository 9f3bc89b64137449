"""photoblur's API: formats, metadata, orientation, refusals and hand-made boxes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import photoblur
from photoblur import Box, UnsupportedImage

from .helpers import KASSEL, encode, gps_exif, marker_image, png_bomb, source_bytes, to_array


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def assert_no_metadata(data: bytes):
    image = reopen(data)
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(0x8825)
    for key in ("exif", "icc_profile", "xmp", "comment", "photoshop"):
        assert key not in image.info, key
    assert b"Exif" not in data[:4096] and b"PhoneMaker" not in data and b"http://ns.adobe.com/xap" not in data


def test_gps_location_is_read_from_a_phone_jpeg():
    data = encode(marker_image(), "JPEG", exif=gps_exif(*KASSEL))
    lat, lon = photoblur.read_exif_location(data)
    assert lat == pytest.approx(KASSEL[0], abs=1e-5)
    assert lon == pytest.approx(KASSEL[1], abs=1e-5)


def test_southern_and_western_references_give_negative_degrees():
    data = encode(marker_image(), "JPEG", exif=gps_exif(-33.8688, -70.6693))
    lat, lon = photoblur.read_exif_location(data)
    assert lat == pytest.approx(-33.8688, abs=1e-5) and lon == pytest.approx(-70.6693, abs=1e-5)


def test_no_location_without_gps_tags():
    assert photoblur.read_exif_location(encode(marker_image(), "JPEG")) is None
    assert photoblur.read_exif_location(encode(marker_image(), "PNG")) is None


def test_strip_metadata_removes_gps_and_camera_and_applies_orientation():
    # stored landscape 240x160 with "rotate 90° clockwise to view" (orientation 6)
    data = encode(marker_image(), "JPEG", exif=gps_exif(*KASSEL, orientation=6), icc_profile=b"\0" * 128)
    assert photoblur.read_exif_location(data) is not None
    clean = photoblur.strip_metadata(data)
    assert_no_metadata(clean)
    assert photoblur.read_exif_location(clean) is None
    image = reopen(clean)
    assert image.size == (160, 240)  # upright: portrait
    pixels = to_array(clean)
    # the red corner block moved from top-left to top-right
    assert pixels[10, 150, 0] > 180 and pixels[10, 150, 1] < 80
    assert abs(int(pixels[10, 10, 0]) - 128) < 20


def test_blur_image_returns_upright_jpeg_without_metadata_and_size():
    data = encode(marker_image(), "JPEG", exif=gps_exif(*KASSEL, orientation=6))
    result = photoblur.blur_image(data)
    assert isinstance(result, photoblur.BlurResult)
    assert (result.width, result.height) == (160, 240)
    assert reopen(result.image).size == (160, 240)
    assert_no_metadata(result.image)
    assert result.boxes == []  # nothing to blur in a grey picture


def test_png_and_heic_are_accepted():
    png = encode(marker_image(), "PNG")
    assert reopen(photoblur.strip_metadata(png)).size == (240, 160)
    rgba = marker_image().convert("RGBA")
    assert reopen(photoblur.strip_metadata(encode(rgba, "PNG"))).mode == "RGB"
    heic = encode(marker_image(), "HEIF", exif=gps_exif(*KASSEL).tobytes())
    assert photoblur.read_exif_location(heic) == pytest.approx(KASSEL, abs=1e-5)
    clean = photoblur.strip_metadata(heic)
    assert_no_metadata(clean)
    assert reopen(clean).size == (240, 160)
    assert photoblur.blur_image(heic).width == 240


def test_a_face_in_a_heic_photo_is_blurred():
    photo = Image.open(io.BytesIO(source_bytes("astronaut")))
    result = photoblur.blur_image(encode(photo, "HEIF", quality=80))
    assert [b.kind for b in result.boxes].count("face") >= 1


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (None, "GIF"),
        (None, "BMP"),
        (None, "TIFF"),
        (None, "WEBP"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', None),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", None),
        (b"", None),
        (b"\xff\xd8\xff\xe0 not really a jpeg", None),
        ("str, not bytes", None),
    ],
)
def test_other_formats_and_garbage_are_refused(data, fmt):
    if fmt:
        data = encode(marker_image(), fmt)
    for call in (photoblur.blur_image, photoblur.strip_metadata, photoblur.read_exif_location):
        with pytest.raises(UnsupportedImage):
            call(data)


def test_truncated_jpeg_is_refused_not_crashing():
    data = encode(marker_image(800, 600), "JPEG")
    with pytest.raises(UnsupportedImage):
        photoblur.blur_image(data[: len(data) // 3])


@pytest.mark.parametrize("size", [(8000, 8000), (30000, 30000)])
def test_pixel_bombs_are_refused_before_decoding(size):
    bomb = png_bomb(*size)
    assert len(bomb) < 200_000
    with pytest.raises(UnsupportedImage, match="pixels"):
        photoblur.blur_image(bomb)


def test_too_many_bytes_are_refused():
    with pytest.raises(UnsupportedImage, match="larger"):
        photoblur.strip_metadata(b"\xff\xd8\xff" + b"\0" * (photoblur.MAX_BYTES + 1))


def test_unsupported_image_is_a_value_error():
    assert issubclass(UnsupportedImage, ValueError)


def test_apply_boxes_blurs_exactly_the_given_boxes():
    original = source_bytes("astronaut")
    before = to_array(original)
    box = Box(300, 300, 120, 80, "manual")
    out = photoblur.apply_boxes(original, [box])
    after = to_array(out)
    assert after.shape == before.shape
    inside_before = before[300:380, 300:420]
    inside_after = after[300:380, 300:420]
    # detail is gone inside: local contrast collapses
    assert np.abs(np.diff(inside_after, axis=1)).mean() < 0.25 * np.abs(np.diff(inside_before, axis=1)).mean()
    # outside the box the photo is the same up to JPEG re-encoding
    mask = np.ones(before.shape[:2], dtype=bool)
    mask[290:390, 290:430] = False
    assert np.abs(after[mask] - before[mask]).mean() < 3
    assert_no_metadata(out)


def test_apply_boxes_accepts_dicts_and_tuples_and_clips_to_the_image():
    original = source_bytes("astronaut")
    as_dict = photoblur.apply_boxes(original, [{"x": 450, "y": 450, "w": 200, "h": 200, "kind": "face"}])
    as_tuple = photoblur.apply_boxes(original, [(450, 450, 200, 200)])
    assert to_array(as_dict).shape == (512, 512, 3)
    assert np.abs(to_array(as_dict) - to_array(as_tuple)).max() <= 1
    nothing = photoblur.apply_boxes(original, [])
    assert np.abs(to_array(nothing) - to_array(original)).mean() < 3


def test_apply_boxes_with_detected_boxes_reproduces_blur_image():
    original = source_bytes("grace_hopper")
    result = photoblur.blur_image(original)
    assert result.faces
    again = photoblur.apply_boxes(original, [b.to_dict() for b in result.boxes])
    assert np.abs(to_array(again) - to_array(result.image)).max() <= 1


def test_staff_can_remove_a_box():
    original = source_bytes("grace_hopper")
    result = photoblur.blur_image(original)
    face = result.faces[0]
    kept = [b for b in result.boxes if b != face]
    out = to_array(photoblur.apply_boxes(original, kept))
    region = (slice(face.y, face.y + face.h), slice(face.x, face.x + face.w))
    assert np.abs(out[region] - to_array(original)[region]).mean() < 3


def test_box_rejects_unknown_kinds_and_empty_sizes():
    with pytest.raises(ValueError):
        Box(0, 0, 10, 10, "tree")
    with pytest.raises(ValueError):
        Box(0, 0, 0, 10, "face")
    assert Box.from_value({"x": 1, "y": 2, "w": 3, "h": 4}).kind == "manual"
