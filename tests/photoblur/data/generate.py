"""Builds the photo-blurring test set (issue 11) deterministically from public-domain / CC0 sources.

    .venv/bin/python tests/photoblur/data/generate.py

writes `scenes/*.jpg` and `manifest.json` next to this file (both committed). Inputs:
  * `sources/*.jpg`: images that ship inside pip packages, copied once as JPEG (see SOURCES below for
    package, file and licence): faces of Eileen Collins (NASA, public domain), Grace Hopper (US Navy,
    public domain) and the CC0 "camera" photographer; CC0 textures and photos for backgrounds and
    negatives.
  * German number plates drawn here with Pillow (white field, black border, blue EU band with "D",
    text in DejaVu Sans Condensed Bold, which Debian's fonts-dejavu-core installs).
Scenes place face crops and plates on a generated street or a CC0 texture at known positions, with
scaling, small rotations, mirroring and lighting changes. Every known box (face: brows to chin,
ear to ear; plate: the whole plate) is written to the manifest with the image's source and licence.
Fixed seeds and Pillow/NumPy versions pinned in requirements.txt make the output reproducible.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

HERE = Path(__file__).resolve().parent
SOURCES_DIR = HERE / "sources"
SCENES_DIR = HERE / "scenes"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"
SIZE = (800, 560)
QUALITY = 80

SKIMAGE = "scikit-image 0.26.0, skimage/data/"
SOURCES = {
    "astronaut": {
        "from": SKIMAGE + "astronaut.png",
        "licence": "public domain (NASA; skimage.data.astronaut: 'No known copyright restrictions')",
        "face": [174, 60, 100, 108],
    },
    "grace_hopper": {
        "from": "matplotlib 3.11.2, matplotlib/mpl-data/sample_data/grace_hopper.jpg",
        "licence": "public domain (official US Navy photograph of Grace Hopper)",
        "face": [160, 105, 210, 225],
    },
    "camera": {
        "from": SKIMAGE + "camera.png",
        "licence": "CC0 (photographer Lav Varshney; skimage.data.camera)",
        "face": [182, 112, 72, 90],
    },
    "coffee": {"from": SKIMAGE + "coffee.png", "licence": "CC0 (photographer Rachel Michetti)"},
    "chelsea": {"from": SKIMAGE + "chelsea.png", "licence": "CC0 (photographer Stefan van der Walt)"},
    "rocket": {"from": SKIMAGE + "rocket.jpg", "licence": "public domain (SpaceX photos)"},
    "brick": {"from": SKIMAGE + "brick.png", "licence": "CC0 (CC0Textures Bricks25)"},
    "gravel": {"from": SKIMAGE + "gravel.png", "licence": "CC0 (CC0Textures Gravel04)"},
    "grass": {"from": SKIMAGE + "grass.png", "licence": "CC0 (linolafett, Grass 01)"},
}
GENERATED = "generated for this project by tests/photoblur/data/generate.py (CC0)"
FACES = ("astronaut", "grace_hopper", "camera")
DISTRICTS = ("KS", "MR", "F", "GI", "DA", "WI", "FD", "HU", "OF", "LDK", "HR", "VB", "KB", "ESW", "HEF", "WM")


def source(name: str) -> Image.Image:
    return Image.open(SOURCES_DIR / f"{name}.jpg").convert("RGB")


def plate_text(rng: np.random.Generator) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    district = DISTRICTS[rng.integers(len(DISTRICTS))]
    middle = "".join(letters[rng.integers(len(letters))] for _ in range(int(rng.integers(1, 3))))
    digits = str(int(rng.integers(1, 10 ** int(rng.integers(1, 5)))))
    return f"{district}-{middle} {digits}"


def render_plate(text: str) -> Image.Image:
    """A German plate at 520 x 110 (its real size in millimetres)."""
    plate = Image.new("RGB", (520, 110), "white")
    draw = ImageDraw.Draw(plate)
    draw.rounded_rectangle((1, 1, 518, 108), radius=9, outline="black", width=6)
    draw.rectangle((6, 6, 48, 103), fill=(0, 51, 153))
    for k in range(12):  # the ring of stars
        angle = 2 * math.pi * k / 12
        cx, cy = 27 + 11 * math.cos(angle), 32 + 11 * math.sin(angle)
        draw.ellipse((cx - 2, cy - 2, cx + 2, cy + 2), fill=(255, 204, 0))
    draw.text((27, 78), "D", fill="white", font=ImageFont.truetype(FONT, 28), anchor="mm")
    font_size = 78
    font = ImageFont.truetype(FONT, font_size)
    while draw.textlength(text, font=font) > 440 and font_size > 40:
        font_size -= 2
        font = ImageFont.truetype(FONT, font_size)
    draw.text((286, 57), text, fill="black", font=font, anchor="mm")
    return plate


def street(rng: np.random.Generator) -> Image.Image:
    """A plain generated street: facade with windows above, asphalt below, a kerb and lane marks."""
    width, height = SIZE
    horizon = int(rng.integers(200, 300))
    facade_colour = np.array([rng.integers(150, 230), rng.integers(130, 210), rng.integers(110, 190)])
    arr = np.zeros((height, width, 3), dtype=np.float32)
    arr[:horizon] = facade_colour
    arr[horizon:] = rng.integers(70, 110)
    arr += rng.normal(0, 9, arr.shape)
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for col in range(int(rng.integers(3, 7))):
        x = 30 + col * int(rng.integers(110, 150))
        for row in range(2):
            y = 20 + row * 100
            if y + 70 < horizon - 10:
                draw.rectangle((x, y, x + 60, y + 75), fill=(40, 50, 60), outline=(230, 230, 230), width=4)
    draw.rectangle((0, horizon, width, horizon + 12), fill=(160, 160, 155))
    lane = horizon + int(rng.integers(120, 200))
    for x in range(0, width, 120):
        draw.rectangle((x, lane, x + 60, lane + 6), fill=(225, 225, 225))
    return image.filter(ImageFilter.GaussianBlur(0.6))


def texture(name: str) -> Image.Image:
    tile = source(name)
    canvas = Image.new("RGB", SIZE)
    for x in range(0, SIZE[0], tile.width):
        for y in range(0, SIZE[1], tile.height):
            canvas.paste(tile, (x, y))
    return canvas


def rotated_box(box, size, angle, offset):
    """Axis-aligned bounds of `box` (in an image of `size`) after Pillow's rotate(angle, expand=True)."""
    w, h = size
    cx, cy = w / 2, h / 2
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    new_w = abs(w * cos) + abs(h * sin)
    new_h = abs(w * sin) + abs(h * cos)
    x, y, bw, bh = box
    points = []
    for px, py in ((x, y), (x + bw, y), (x, y + bh), (x + bw, y + bh)):
        dx, dy = px - cx, py - cy
        points.append((dx * cos + dy * sin + new_w / 2, -dx * sin + dy * cos + new_h / 2))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [
        round(offset[0] + min(xs)),
        round(offset[1] + min(ys)),
        round(max(xs) - min(xs)),
        round(max(ys) - min(ys)),
    ]


def place(canvas: Image.Image, piece: Image.Image, box, angle: float, at, soft: int = 14) -> list[int]:
    """Pastes `piece` rotated by `angle` with a soft edge at `at`; returns `box` mapped onto the canvas."""
    mask = Image.new("L", piece.size, 0)
    inset = max(2, min(piece.size) // soft)
    ImageDraw.Draw(mask).rounded_rectangle(
        (inset, inset, piece.width - inset, piece.height - inset), radius=inset * 2, fill=255
    )
    mask = mask.filter(ImageFilter.GaussianBlur(inset / 2))
    rotated = piece.rotate(angle, resample=Image.BICUBIC, expand=True)
    rotated_mask = mask.rotate(angle, resample=Image.BICUBIC, expand=True)
    canvas.paste(rotated, at, rotated_mask)
    return rotated_box(box, piece.size, angle, at)


def face_piece(rng: np.random.Generator, name: str, face_width: int):
    image = source(name)
    fx, fy, fw, fh = SOURCES[name]["face"]
    # head and shoulders around the face
    x0, y0 = max(0, fx - fw // 2), max(0, fy - int(fh * 0.5))
    x1, y1 = min(image.width, fx + fw + fw // 2), min(image.height, fy + int(fh * 1.6))
    crop = image.crop((x0, y0, x1, y1))
    box = [fx - x0, fy - y0, fw, fh]
    if rng.random() < 0.4:
        crop = ImageOps.mirror(crop)
        box = [crop.width - box[0] - box[2], box[1], box[2], box[3]]
    scale = face_width / fw
    crop = crop.resize((max(8, round(crop.width * scale)), max(8, round(crop.height * scale))), Image.LANCZOS)
    box = [v * scale for v in box]
    crop = ImageEnhance.Brightness(crop).enhance(float(rng.uniform(0.65, 1.25)))
    crop = ImageEnhance.Contrast(crop).enhance(float(rng.uniform(0.8, 1.15)))
    return crop, box


def car_piece(rng: np.random.Generator, plate_width: int):
    """The rear of a car (body, window, lights, bumper) with a plate; returns (image, plate box)."""
    plate = render_plate(plate_text(rng))
    plate_height = round(plate_width * 110 / 520)
    plate = plate.resize((plate_width, plate_height), Image.LANCZOS)
    body_w, body_h = round(plate_width * 3.6), round(plate_width * 2.2)
    colour = tuple(int(c) for c in rng.integers(20, 220, 3))
    car = Image.new("RGB", (body_w, body_h), colour)
    draw = ImageDraw.Draw(car)
    draw.rounded_rectangle((body_w * 0.12, body_h * 0.05, body_w * 0.88, body_h * 0.42), radius=8, fill=(35, 45, 55))
    for lx in (0.04, 0.8):
        draw.rectangle((body_w * lx, body_h * 0.5, body_w * (lx + 0.16), body_h * 0.62), fill=(200, 30, 30))
    draw.rectangle((0, body_h * 0.78, body_w, body_h), fill=(30, 30, 30))
    px, py = (body_w - plate_width) // 2, round(body_h * 0.56)
    car.paste(plate, (px, py))
    car = ImageEnhance.Brightness(car).enhance(float(rng.uniform(0.6, 1.2)))
    return car, [px, py, plate_width, plate_height]


def free_spot(rng, size, taken, canvas_size):
    for _ in range(200):
        x = int(rng.integers(0, max(1, canvas_size[0] - size[0])))
        y = int(rng.integers(0, max(1, canvas_size[1] - size[1])))
        rect = (x, y, size[0], size[1])
        if all(
            rect[0] + rect[2] <= t[0] or t[0] + t[2] <= rect[0] or rect[1] + rect[3] <= t[1] or t[1] + t[3] <= rect[1]
            for t in taken
        ):
            return x, y
    return None


def compose(rng: np.random.Generator, index: int, faces: int, plates: int) -> tuple[Image.Image, dict]:
    backgrounds = ("street", "street", "street", "brick", "gravel", "grass")
    background = backgrounds[index % len(backgrounds)]
    canvas = street(rng) if background == "street" else texture(background)
    boxes, used, taken = [], ({background} - {"street"}), []
    for _ in range(plates):
        car, plate_box = car_piece(rng, int(rng.integers(70, 160)))
        angle = float(rng.uniform(-7, 7))
        spot = free_spot(rng, (car.width + 20, car.height + 20), taken, SIZE)
        if spot is None:
            continue
        taken.append((*spot, car.width + 20, car.height + 20))
        boxes.append({"kind": "plate", "box": place(canvas, car, plate_box, angle, spot, soft=40)})
    for _ in range(faces):
        name = FACES[int(rng.integers(len(FACES)))] if rng.random() < 0.3 else FACES[int(rng.integers(2))]
        crop, face_box = face_piece(rng, name, int(rng.integers(40, 140)))
        angle = float(rng.uniform(-12, 12))
        spot = free_spot(rng, (crop.width + 20, crop.height + 20), taken, SIZE)
        if spot is None:
            continue
        taken.append((*spot, crop.width + 20, crop.height + 20))
        boxes.append({"kind": "face", "box": place(canvas, crop, face_box, angle, spot)})
        used.add(name)
    if index % 5 == 4:  # a dim, low-contrast evening scene
        canvas = ImageEnhance.Brightness(canvas).enhance(0.6)
    return canvas, {"boxes": boxes, "uses": sorted(used)}


def sign_negative(rng: np.random.Generator) -> Image.Image:
    """A street with a white street-name sign and a poster: text, but no plate and no face."""
    canvas = street(rng)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((420, 60, 720, 120), fill="white", outline=(20, 40, 120), width=5)
    draw.text((570, 90), "Königsplatz", fill=(20, 40, 120), font=ImageFont.truetype(FONT, 40), anchor="mm")
    draw.rectangle((80, 260, 260, 500), fill=(240, 200, 40))
    draw.text((170, 320), "Markt", fill="black", font=ImageFont.truetype(FONT, 44), anchor="mm")
    return canvas


def main():
    SCENES_DIR.mkdir(exist_ok=True)
    for old in SCENES_DIR.glob("*.jpg"):
        old.unlink()
    rng = np.random.default_rng(20261201)
    entries = []

    def save(name, image, boxes, uses, note):
        path = SCENES_DIR / f"{name}.jpg"
        image.convert("RGB").save(path, format="JPEG", quality=QUALITY, optimize=True)
        entries.append(
            {
                "file": f"scenes/{name}.jpg",
                "width": image.width,
                "height": image.height,
                "boxes": boxes,
                "note": note,
                "sources": [{"name": u, **{k: SOURCES[u][k] for k in ("from", "licence")}} for u in uses]
                + [{"name": "composition", "from": "generate.py", "licence": GENERATED}],
            }
        )

    for name in FACES:  # the real photos as they are
        image = source(name)
        save(f"photo_{name}", image, [{"kind": "face", "box": SOURCES[name]["face"]}], [name], "unaltered photo")
    layout = [(1, 1), (2, 0), (0, 2), (1, 2), (2, 1), (3, 1), (1, 0), (0, 1), (2, 2), (1, 1)] * 3
    for index, (faces, plates) in enumerate(layout):
        image, info = compose(rng, index, faces, plates)
        save(f"scene_{index:02d}", image, info["boxes"], info["uses"], f"composed: {faces} faces, {plates} plates")
    for name in ("coffee", "chelsea", "rocket", "brick", "gravel"):
        save(f"negative_{name}", source(name), [], [name], "negative: no face, no plate")
    save("negative_street", street(rng), [], [], "negative: generated street")
    save("negative_signs", sign_negative(rng), [], [], "negative: street sign and poster with text")
    manifest = {
        "description": "Photo-blurring test set for issue 11: known face and number-plate boxes [x, y, w, h].",
        "generator": "tests/photoblur/data/generate.py",
        "images": entries,
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    total = sum(p.stat().st_size for p in SCENES_DIR.glob("*.jpg"))
    print(f"{len(entries)} images, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
