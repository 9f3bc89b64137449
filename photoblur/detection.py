"""Face and number-plate detection with the detectors that ship in opencv-python-headless.

Faces: three Haar cascades (frontal "default", frontal "alt2", profile on the image and on its mirror)
on a contrast-equalised grey image, also on copies rotated by a few degrees for tilted heads.
Plates: the "russian_plate_number" cascade plus a heuristic for European plates: a bright,
wide rectangle (aspect 2.5-7) that holds dense dark strokes (black-hat + horizontal gradient),
and the blue EU band at its left end; every candidate, the cascade's too, must show the band (this
keeps texture and street signs out; plates without the band, issued before 1994, are not found).
Everything is computed on a copy scaled to at most WORK_SIDE pixels; boxes come back in the
coordinates of the full image.
"""

from __future__ import annotations

import math
from functools import cache

import cv2
import numpy as np

from .types import Box

WORK_SIDE = 1280  # plates are looked for at this size
FACE_SIDE = 1024  # faces at this one: a face 24 px wide here is about 95 px in a 12-megapixel photo
ANGLE = 12.0
FACE_PAD = (0.25, 0.25)  # share of the box's size added on each side: hair, ears and chin go too
PLATE_PAD = (0.12, 0.35)  # plates: a little wider, clearly taller (the detector often finds the text band)
MORPH_MIN_SCORE = 0.75


@cache
def _cascade(name: str) -> cv2.CascadeClassifier:
    classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if classifier.empty():  # pragma: no cover - the file ships in the wheel
        raise RuntimeError(f"OpenCV cascade {name} is missing")
    return classifier


def _work_copy(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    height, width = rgb.shape[:2]
    scale = min(1.0, WORK_SIDE / max(height, width))
    if scale < 1.0:
        rgb = cv2.resize(rgb, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return rgb, scale


def _rotate(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    rotated = cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return rotated, cv2.invertAffineTransform(matrix)


def _unrotate(rects, inverse: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Axis-aligned boxes around the rotated detections, in the unrotated image."""
    out = []
    for x, y, w, h in rects:
        corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], dtype=np.float64)
        mapped = corners @ inverse.T
        x0, y0 = mapped.min(axis=0)
        x1, y1 = mapped.max(axis=0)
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


def _min_face(gray: np.ndarray) -> int:
    return max(24, min(gray.shape) // 40)


FRONTAL = ("haarcascade_frontalface_default.xml", 6)
FRONTAL_ALT = ("haarcascade_frontalface_alt2.xml", 4)
PROFILE = ("haarcascade_profileface.xml", 5)
# (cascade, mirrored, angle, scale factor): upright faces with all three cascades and profiles facing
# either way; tilted heads with alt2; profiles looking down (tilted towards the side they face).
FACE_PASSES = (
    (FRONTAL, False, 0.0, 1.1),
    (FRONTAL_ALT, False, 0.0, 1.1),
    (PROFILE, False, 0.0, 1.1),
    (PROFILE, True, 0.0, 1.1),
    (FRONTAL_ALT, False, -ANGLE, 1.15),
    (FRONTAL_ALT, False, ANGLE, 1.15),
    (PROFILE, False, -ANGLE, 1.15),
    (PROFILE, True, ANGLE, 1.15),
)


def detect_faces_gray(gray: np.ndarray, passes=FACE_PASSES) -> list[tuple[float, float, float, float]]:
    equalised = cv2.equalizeHist(gray)
    size = _min_face(equalised)
    rotated = {0.0: (equalised, None)}
    found = []
    for (name, neighbours), mirrored, angle, scale_factor in passes:
        if angle not in rotated:
            rotated[angle] = _rotate(equalised, angle)
        image, inverse = rotated[angle]
        if mirrored:
            image = cv2.flip(image, 1)
        rects = _cascade(name).detectMultiScale(
            image, scaleFactor=scale_factor, minNeighbors=neighbours, minSize=(size, size)
        )
        rects = [tuple(map(float, r)) for r in rects]
        if mirrored:
            rects = [(image.shape[1] - x - w, y, w, h) for x, y, w, h in rects]
        if inverse is not None:
            rects = _unrotate(rects, inverse)
        found.extend(rects)
    return _merge(found)


def _plate_candidates_cascade(gray: np.ndarray) -> list[tuple[float, float, float, float]]:
    cascade = _cascade("haarcascade_russian_plate_number.xml")
    rects = cascade.detectMultiScale(gray, scaleFactor=1.05, minNeighbors=4, minSize=(40, 10))
    return [tuple(map(float, r)) for r in rects]


def _plate_score(rgb: np.ndarray, gray: np.ndarray, rect) -> float:
    """How much a candidate looks like a European plate (dark characters on an even light field); 0 means no."""
    x, y, w, h = (int(round(v)) for v in rect)
    if w < 30 or h < 8 or not 2.0 <= w / h <= 8.0:
        return 0.0
    patch = gray[y : y + h, x : x + w]
    if patch.size == 0:
        return 0.0
    inner = patch[h // 6 : h - h // 6, w // 10 : w - w // 20]
    if inner.size == 0:
        return 0.0
    light = float(np.percentile(inner, 85))
    dark = float(np.percentile(inner, 10))
    if light < 75 or light - dark < 45:
        return 0.0
    threshold = (light + dark) / 2
    dark_mask = inner < threshold
    dark_share = float(dark_mask.mean())
    if not 0.1 <= dark_share <= 0.55:
        return 0.0
    # the field around the characters is even: light pixels vary little
    light_pixels = inner[~dark_mask].astype(np.float32)
    if light_pixels.size == 0 or float(light_pixels.std()) > 0.2 * (light - dark) + 8:
        return 0.0
    # characters: vertical strokes across the middle band
    band = dark_mask[dark_mask.shape[0] // 3 : 2 * dark_mask.shape[0] // 3].astype(np.int8)
    transitions = float(np.abs(np.diff(band, axis=1)).sum(axis=1).mean()) if band.size else 0.0
    if transitions < 5:
        return 0.0
    # the blue EU band at the left end (searched a little beyond the box, which may hold only the text);
    # a blue car body is told apart because it is blue on the right as well
    height, width = gray.shape
    x0 = max(0, x - int(0.15 * w))
    region = rgb[y : y + h, x0 : min(width, x + w)].astype(np.int16)
    blue = (region[..., 2] > region[..., 0] + 25) & (region[..., 2] > region[..., 1] + 10)
    left = blue[:, : max(1, x + w // 4 - x0)].mean()
    right = blue[:, x + w // 2 - x0 :].mean() if blue.shape[1] > x + w // 2 - x0 else 1.0
    if left < 0.05 or left < right + 0.08:
        return 0.0
    return 0.5 + min(transitions, 20) / 40 + min(0.5, float(left))


def _plate_candidates_morph(rgb: np.ndarray, gray: np.ndarray) -> list[tuple[float, float, float, float]]:
    height, width = gray.shape
    found = []
    for kernel_w in (13, 25):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (kernel_w, max(3, kernel_w // 3)))
        blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
        grad = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=3))
        grad = (255 * (grad - grad.min()) / max(1e-6, float(grad.max() - grad.min()))).astype(np.uint8)
        grad = cv2.GaussianBlur(grad, (5, 5), 0)
        grad = cv2.morphologyEx(grad, cv2.MORPH_CLOSE, kernel)
        _, mask = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        mask = cv2.erode(mask, None, iterations=1)
        mask = cv2.dilate(mask, None, iterations=2)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            if h < 8 or w < 30 or w > width * 0.6 or h > height * 0.3 or not 2.0 <= w / h <= 8.0:
                continue
            # the contour is either the whole plate or only its text band: try both
            gx, gy = int(w * 0.12), int(h * 0.35)
            x0, y0 = max(0, x - gx), max(0, y - gy)
            grown = (x0, y0, min(width, x + w + gx) - x0, min(height, y + h + gy) - y0)
            best = max(((_plate_score(rgb, gray, r), r) for r in ((x, y, w, h), grown)), key=lambda t: t[0])
            if best[0] >= MORPH_MIN_SCORE:
                found.append(tuple(map(float, best[1])))
    return found


def detect_plates_rgb(rgb: np.ndarray) -> list[tuple[float, float, float, float]]:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    found = [r for r in _plate_candidates_cascade(gray) if _plate_score(rgb, gray, r) > 0]
    found.extend(_plate_candidates_morph(rgb, gray))
    return _merge(found)


def _iou_or_cover(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    if inter == 0:
        return 0.0
    return inter / min(aw * ah, bw * bh)


def _merge(rects, overlap: float = 0.5) -> list[tuple[float, float, float, float]]:
    """Groups overlapping detections and returns the bounding box of each group."""
    groups: list[list[float]] = []
    for rect in sorted(rects, key=lambda r: -r[2] * r[3]):
        for group in groups:
            if _iou_or_cover(group, rect) >= overlap:
                x0, y0 = min(group[0], rect[0]), min(group[1], rect[1])
                x1 = max(group[0] + group[2], rect[0] + rect[2])
                y1 = max(group[1] + group[3], rect[1] + rect[3])
                group[:] = [x0, y0, x1 - x0, y1 - y0]
                break
        else:
            groups.append(list(rect))
    return [tuple(g) for g in groups]


def _padded(rect, scale: float, pad: tuple[float, float], width: int, height: int, kind: str) -> Box:
    x, y, w, h = (v / scale for v in rect)
    px, py = w * pad[0], h * pad[1]
    x0, y0 = max(0, math.floor(x - px)), max(0, math.floor(y - py))
    x1, y1 = min(width, math.ceil(x + w + px)), min(height, math.ceil(y + h + py))
    return Box(x0, y0, max(1, x1 - x0), max(1, y1 - y0), kind)


def detect(rgb: np.ndarray) -> list[Box]:
    """Padded face and plate boxes for an upright RGB array, in its own pixel coordinates."""
    height, width = rgb.shape[:2]
    work, scale = _work_copy(rgb)
    gray = cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    face_scale = min(1.0, FACE_SIDE / max(gray.shape))
    if face_scale < 1.0:
        size = (round(gray.shape[1] * face_scale), round(gray.shape[0] * face_scale))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    boxes = [_padded(r, scale * face_scale, FACE_PAD, width, height, "face") for r in detect_faces_gray(gray)]
    boxes += [_padded(r, scale, PLATE_PAD, width, height, "plate") for r in detect_plates_rgb(work)]
    return boxes
