"""Measures detection on a test set described by a manifest (see tests/photoblur/data/manifest.json).

A known box counts as found when the blurred boxes of its kind cover at least half of its area.
A blurred box that touches no known box is a false positive.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import blur_image

COVER = 0.5


def coverage(known, boxes, width: int, height: int) -> float:
    """Share of the known box [x, y, w, h] covered by the union of `boxes`."""
    x, y, w, h = known
    mask = np.zeros((height, width), dtype=bool)
    for b in boxes:
        mask[max(0, b.y) : b.y + b.h, max(0, b.x) : b.x + b.w] = True
    region = mask[max(0, y) : y + h, max(0, x) : x + w]
    return float(region.mean()) if region.size else 0.0


def touches(box, known) -> bool:
    x, y, w, h = known
    ix = min(box.x + box.w, x + w) - max(box.x, x)
    iy = min(box.y + box.h, y + h) - max(box.y, y)
    return ix > 0 and iy > 0 and ix * iy >= 0.1 * min(box.area, w * h)


@dataclass
class ImageOutcome:
    file: str
    known: list[dict]
    found: list[bool]
    boxes: list
    false_positives: int
    seconds: float
    cpu_seconds: float
    result: object = field(repr=False, default=None)


@dataclass
class Evaluation:
    images: list[ImageOutcome]

    def recall(self, kind: str) -> float:
        hits = [f for o in self.images for k, f in zip(o.known, o.found, strict=True) if k["kind"] == kind]
        return sum(hits) / len(hits) if hits else 1.0

    def count(self, kind: str) -> int:
        return sum(1 for o in self.images for k in o.known if k["kind"] == kind)

    @property
    def false_positives_per_image(self) -> float:
        return sum(o.false_positives for o in self.images) / len(self.images)

    @property
    def seconds_per_photo(self) -> float:
        return sum(o.seconds for o in self.images) / len(self.images)

    @property
    def cpu_seconds_per_photo(self) -> float:
        """CPU time of the process (both OpenCV threads counted), steadier than wall time on a shared machine."""
        return sum(o.cpu_seconds for o in self.images) / len(self.images)

    def misses(self) -> list[tuple[str, dict]]:
        return [(o.file, k) for o in self.images for k, f in zip(o.known, o.found, strict=True) if not f]


def evaluate(manifest_path: Path, keep_results: bool = False) -> Evaluation:
    manifest_path = Path(manifest_path)
    manifest = json.loads(manifest_path.read_text())
    outcomes = []
    for entry in manifest["images"]:
        data = (manifest_path.parent / entry["file"]).read_bytes()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = blur_image(data)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        known = entry["boxes"]
        found = [
            coverage(k["box"], [b for b in result.boxes if b.kind == k["kind"]], result.width, result.height) >= COVER
            for k in known
        ]
        false_positives = sum(1 for b in result.boxes if not any(touches(b, k["box"]) for k in known))
        outcomes.append(
            ImageOutcome(
                entry["file"],
                known,
                found,
                result.boxes,
                false_positives,
                seconds,
                cpu_seconds,
                result if keep_results else None,
            )
        )
    return Evaluation(outcomes)
