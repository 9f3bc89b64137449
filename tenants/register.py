"""Import of the official municipality register (CSV copied from shared/data)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import RegisterEntry

REGISTER_CSV = Path(__file__).resolve().parent / "hessen-municipalities-2024.csv"


def register_import(*, path: Path = REGISTER_CSV) -> int:
    """Create or update every register entry; idempotent. Returns the number of rows."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with transaction.atomic():
        existing = set(RegisterEntry.objects.values_list("ags", flat=True))
        fields = ["name", "district_ags", "district", "administrative_region", "kind"]
        entries = [RegisterEntry(**{k: row[k] for k in ["ags", *fields]}) for row in rows]
        RegisterEntry.objects.bulk_create([e for e in entries if e.ags not in existing])
        RegisterEntry.objects.bulk_update([e for e in entries if e.ags in existing], fields)
    return len(rows)
