"""Photo blurring (issue 11): detection recall on the project's test set and time per photo.

    flock /tmp/bench.lock .venv/bin/python bench/blur.py

Runs photoblur.blur_image over tests/photoblur/data (composed scenes, real photos and negatives; see
its manifest.json) and prints:
  figure blur_face_recall            share of known faces covered >= 50 % by blurred face boxes
  figure blur_plate_recall           the same for number plates
  figure blur_false_positives_per_image   blurred boxes that touch no known face or plate
  figure blur_seconds_per_photo      wall time of blur_image per photo (decode, detect, blur, encode)
  figure blur_cpu_seconds_per_photo  its CPU time (both OpenCV threads), steadier on a shared machine
  figure blur_strip_seconds_per_photo     the baseline in the same run: decode + re-encode only
  figure blur_time_ratio             blur_image time over the baseline's
No database, no network.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from photoblur import strip_metadata  # noqa: E402
from photoblur.evaluate import evaluate  # noqa: E402

MANIFEST = ROOT / "tests" / "photoblur" / "data" / "manifest.json"


def figure(name, value, unit):
    print(f"figure {name} {value} {unit}", flush=True)


def main():
    evaluation = evaluate(MANIFEST)
    files = [MANIFEST.parent / o.file for o in evaluation.images]
    started = time.perf_counter()
    for path in files:
        strip_metadata(path.read_bytes())
    baseline = (time.perf_counter() - started) / len(files)
    figure("blur_face_recall", f"{evaluation.recall('face'):.3f}", "ratio")
    figure("blur_plate_recall", f"{evaluation.recall('plate'):.3f}", "ratio")
    figure("blur_false_positives_per_image", f"{evaluation.false_positives_per_image:.2f}", "boxes")
    figure("blur_seconds_per_photo", f"{evaluation.seconds_per_photo:.3f}", "seconds")
    figure("blur_cpu_seconds_per_photo", f"{evaluation.cpu_seconds_per_photo:.3f}", "seconds")
    figure("blur_strip_seconds_per_photo", f"{baseline:.3f}", "seconds")
    figure("blur_time_ratio", f"{evaluation.seconds_per_photo / baseline:.1f}", "ratio")
    print(
        f"# {len(files)} photos, {evaluation.count('face')} known faces, {evaluation.count('plate')} known plates",
        flush=True,
    )
    for file, known in evaluation.misses():
        print(f"# missed {known['kind']} {known['box']} in {file}", flush=True)


if __name__ == "__main__":
    main()
