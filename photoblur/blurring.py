"""Making a region unrecognisable: pixelation to coarse blocks, then a strong Gaussian blur."""

from __future__ import annotations

import cv2
import numpy as np

from .types import Box

BLOCKS = 6  # the longer side of a box keeps at most this many colour blocks
SMOOTH_SIDE = 96  # the blocks are smoothed at this size and scaled up: same look, cost independent of the box


def blur_boxes(rgb: np.ndarray, boxes: list[Box]) -> np.ndarray:
    out = rgb.copy()
    height, width = out.shape[:2]
    for box in boxes:
        x0, y0 = max(0, box.x), max(0, box.y)
        x1, y1 = min(width, box.x + box.w), min(height, box.y + box.h)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        region = out[y0:y1, x0:x1]
        h, w = region.shape[:2]
        step = max(1, max(w, h) // BLOCKS)
        small = cv2.resize(region, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
        factor = max(1.0, max(w, h) / SMOOTH_SIDE)
        mid = (max(1, round(w / factor)), max(1, round(h / factor)))
        blocky = cv2.resize(small, mid, interpolation=cv2.INTER_NEAREST)
        sigma = max(2.0, max(mid) / 8)
        smooth = cv2.GaussianBlur(blocky, (0, 0), sigmaX=sigma, sigmaY=sigma, borderType=cv2.BORDER_REPLICATE)
        out[y0:y1, x0:x1] = cv2.resize(smooth, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.ascontiguousarray(out)
