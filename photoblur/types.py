"""The value types of the package: boxes, results and the one error type."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

KINDS = ("face", "plate", "manual")


class UnsupportedImage(ValueError):
    """The upload is not a JPEG, PNG or HEIC image, is damaged, or is too large to process safely."""


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels of the upright image (EXIF orientation applied): left, top, width, height."""

    x: int
    y: int
    w: int
    h: int
    kind: str = "manual"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown box kind {self.kind!r}; expected one of {KINDS}")
        if self.w <= 0 or self.h <= 0:
            raise ValueError("a box needs a positive width and height")

    @property
    def area(self) -> int:
        return self.w * self.h

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_value(cls, value) -> Box:
        """A Box from a Box, a mapping with x, y, w, h (and kind) or a tuple (x, y, w, h[, kind])."""
        if isinstance(value, Box):
            return value
        if isinstance(value, Mapping):
            return cls(
                int(value["x"]), int(value["y"]), int(value["w"]), int(value["h"]), str(value.get("kind", "manual"))
            )
        x, y, w, h, *rest = value
        return cls(int(x), int(y), int(w), int(h), str(rest[0]) if rest else "manual")


def boxes_from(values: Iterable) -> list[Box]:
    return [Box.from_value(v) for v in values]


@dataclass(frozen=True)
class BlurResult:
    """The blurred photo as JPEG without metadata, the boxes that were blurred, and the photo's size."""

    image: bytes
    boxes: list[Box] = field(default_factory=list)
    width: int = 0
    height: int = 0

    @property
    def faces(self) -> list[Box]:
        return [b for b in self.boxes if b.kind == "face"]

    @property
    def plates(self) -> list[Box]:
        return [b for b in self.boxes if b.kind == "plate"]
