"""Detection quality on the project's test set (tests/photoblur/data, see manifest.json and generate.py)."""

from __future__ import annotations

import io
import json

import cv2
import numpy as np
import pytest
from PIL import Image

from photoblur.detection import detect_faces_gray, detect_plates_rgb
from photoblur.evaluate import evaluate

from .helpers import DATA

MANIFEST = DATA / "manifest.json"


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(MANIFEST, keep_results=True)


def test_manifest_names_source_and_licence_of_every_image_and_stays_small():
    manifest = json.loads(MANIFEST.read_text())
    images = manifest["images"]
    assert len(images) >= 30
    total = 0
    for entry in images:
        path = DATA / entry["file"]
        total += path.stat().st_size
        image = Image.open(path)
        assert image.format == "JPEG"
        assert image.size == (entry["width"], entry["height"])
        assert entry["sources"] and all(s["licence"] and s["from"] for s in entry["sources"])
        for known in entry["boxes"]:
            x, y, w, h = known["box"]
            assert known["kind"] in ("face", "plate")
            assert 0 <= x and 0 <= y and x + w <= image.width + 2 and y + h <= image.height + 2
    assert total < 5_000_000
    kinds = [k["kind"] for e in images for k in e["boxes"]]
    assert kinds.count("face") >= 25 and kinds.count("plate") >= 25
    assert sum(1 for e in images if not e["boxes"]) >= 5  # negatives


def test_face_recall_is_at_least_090(evaluation):
    assert evaluation.recall("face") >= 0.9, evaluation.misses()


def test_plate_recall_is_at_least_090(evaluation):
    assert evaluation.recall("plate") >= 0.9, evaluation.misses()


def test_false_positives_stay_rare(evaluation):
    assert evaluation.false_positives_per_image <= 0.5
    negatives = [o for o in evaluation.images if not o.known]
    assert sum(o.false_positives for o in negatives) <= 2


def _crop(pixels: np.ndarray, box, margin: float):
    """The region around `box` and the box in the region's coordinates."""
    x, y, w, h = box
    x0, y0 = max(0, x - int(w * margin)), max(0, y - int(h * margin))
    region = pixels[y0 : y + h + int(h * margin), x0 : x + w + int(w * margin)]
    return np.ascontiguousarray(region), (x - x0, y - y0, w, h)


def _found_there(detections, box) -> bool:
    """A detection covers at least 30 % of the known box."""
    x, y, w, h = box
    for dx, dy, dw, dh in detections:
        ix = max(0.0, min(x + w, dx + dw) - max(x, dx))
        iy = max(0.0, min(y + h, dy + dh) - max(y, dy))
        if ix * iy >= 0.3 * w * h:
            return True
    return False


def _detail(region: np.ndarray) -> float:
    gray = cv2.cvtColor(np.ascontiguousarray(region), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_32F).var())


def test_blurred_faces_and_plates_are_no_longer_recognisable(evaluation):
    checked = {"face": 0, "plate": 0}
    for outcome in evaluation.images:
        original = np.asarray(Image.open(DATA / outcome.file).convert("RGB"))
        blurred = np.asarray(Image.open(io.BytesIO(outcome.result.image)).convert("RGB"))
        assert blurred.shape == original.shape
        for known, found in zip(outcome.known, outcome.found, strict=True):
            if not found:
                continue
            checked[known["kind"]] += 1
            x, y, w, h = known["box"]
            inner = (slice(y, y + h), slice(x, x + w))
            # the fine detail that makes a face or characters readable is gone
            assert _detail(blurred[inner]) < 0.1 * _detail(original[inner]), (outcome.file, known)
            # and the detectors no longer find a face or a plate there
            if known["kind"] == "face":
                region, box = _crop(blurred, known["box"], 0.6)
                detections = detect_faces_gray(cv2.cvtColor(region, cv2.COLOR_RGB2GRAY))
            else:
                region, box = _crop(blurred, known["box"], 0.8)
                detections = detect_plates_rgb(region)
            assert not _found_there(detections, box), (outcome.file, known, detections)
    assert checked["face"] >= 25 and checked["plate"] >= 25


def test_the_detectors_do_find_the_unblurred_originals():
    """The check above can fail: on the original crops the same detectors fire."""
    manifest = json.loads(MANIFEST.read_text())
    entry = next(e for e in manifest["images"] if e["file"] == "scenes/photo_astronaut.jpg")
    original = np.asarray(Image.open(DATA / entry["file"]).convert("RGB"))
    region, box = _crop(original, entry["boxes"][0]["box"], 0.6)
    assert _found_there(detect_faces_gray(cv2.cvtColor(region, cv2.COLOR_RGB2GRAY)), box)
    entry = next(e for e in manifest["images"] if any(k["kind"] == "plate" for k in e["boxes"]))
    original = np.asarray(Image.open(DATA / entry["file"]).convert("RGB"))
    region, box = _crop(original, next(k["box"] for k in entry["boxes"] if k["kind"] == "plate"), 0.8)
    assert _found_there(detect_plates_rgb(region), box)
