"""Reports for tests: the demo categories and reports made through the services."""

from __future__ import annotations

import io

from PIL import Image

from reports.demo import demo_categories
from reports.models import Category, Report
from reports.services import report_create

KASSEL_POINT = (51.3127, 9.4797)
MARBURG_POINT = (50.8090, 8.7700)


def category(name: str = "Straßenbeleuchtung") -> Category:
    demo_categories()
    return Category.objects.get(parent=None, name=name)


def jpeg(width: int = 64, height: int = 48, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def make_report(*, published: bool = True, point=KASSEL_POINT, email: str = "anna@example.org", **fields) -> Report:
    fields.setdefault("category", category())
    fields.setdefault("description", "Die Laterne vor Hausnummer 5 ist dunkel.")
    report = report_create(lat=point[0], lon=point[1], email=email, name="Anna Muster",
                           channel=Report.Channel.PHONE, actor="test", **fields)  # fmt: skip
    if published:
        report.published = True
        report.save(update_fields=["published"])
    return report
