"""Districts (Stadtteile) of municipalities, offered with a map question when the map has no tiles.

Without map tiles a citizen cannot point at a place, and nobody should be asked for coordinates:
the question asks for a description instead, with the municipality's districts to choose from
where they are listed here (keyed by the municipality's subdomain or its AGS).
"""

from __future__ import annotations

from django.db import connection

KASSEL = [
    "Bad Wilhelmshöhe", "Bettenhausen", "Brasselsberg", "Fasanenhof", "Forstfeld", "Harleshausen",
    "Jungfernkopf", "Kirchditmold", "Mitte", "Niederzwehren", "Nord-Holland", "Nordshausen",
    "Oberzwehren", "Philippinenhof-Warteberg", "Rothenditmold", "Südstadt", "Süsterfeld-Helleböhn",
    "Unterneustadt", "Vorderer Westen", "Waldau", "Wehlheiden", "Wesertor", "Wolfsanger-Hasenhecke",
]  # fmt: skip

MARBURG = [
    "Bauerbach", "Cappel", "Cyriaxweimar", "Dagobertshausen", "Dilschhausen", "Elnhausen", "Ginseldorf",
    "Gisselberg", "Haddamshausen", "Hermershausen", "Marbach", "Marburg-Mitte", "Marburg-Nord",
    "Marburg-Süd", "Marburg-West", "Michelbach", "Moischt", "Ockershausen", "Richtsberg", "Ronhausen",
    "Schröck", "Stadtwald", "Wehrda", "Wehrshausen",
]  # fmt: skip

DISTRICTS = {"kassel": KASSEL, "06611000": KASSEL, "marburg": MARBURG, "06534014": MARBURG}


def municipality_districts() -> list[str]:
    """The districts of the municipality whose schema is active, or [] where none are known."""
    tenant = getattr(connection, "tenant", None)
    for key in (getattr(tenant, "slug", ""), getattr(tenant, "ags", "")):
        if key and key in DISTRICTS:
            return DISTRICTS[key]
    return []
