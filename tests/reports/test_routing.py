"""Point -> municipality against boundaries: imported from a VG250 file or drawn for the demo."""

import pathlib

import pytest
from django.core.management import CommandError, call_command

from reports.state import geo
from reports.state.models import Boundary
from reports.state.routing import route_point

SAMPLE = pathlib.Path(__file__).parent / "data" / "vg250_sample.geojson"


def test_import_reads_hessen_land_areas_and_skips_water_and_other_states(db):
    call_command("import_boundaries", str(SAMPLE))
    assert set(Boundary.objects.values_list("ags", flat=True)) == {"06611000", "06633017"}
    kassel = Boundary.objects.get(ags="06611000")
    assert kassel.name == "Kassel"
    assert kassel.district == "Kassel, documenta-Stadt"  # from the official register
    assert (kassel.min_lon, kassel.max_lat) == (9.40, 51.36)  # the water area (GF 2) is not part of it


def test_imported_holes_and_exclaves_route_to_the_right_municipality(db, kassel):
    call_command("import_boundaries", str(SAMPLE))
    assert route_point(51.30, 9.45).municipality == kassel
    exclave = route_point(51.34, 9.51)  # a hole in Kassel, filled by Lohfelden's exclave
    assert (exclave.kind, exclave.name) == ("not_participating", "Lohfelden")


def test_import_of_a_broken_file_fails_with_a_message(db, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_boundaries", str(bad))
    assert not Boundary.objects.exists()


def test_utm_coordinates_are_converted_to_wgs84():
    lon, lat = geo.utm32_to_wgs84(500000.0, 5538630.70)  # 50° N on the central meridian
    assert abs(lon - 9.0) < 1e-6 and abs(lat - 50.0) < 1e-6


def test_demo_boundaries_route_points_of_the_demo_municipalities(demo_boundaries, kassel, marburg):
    assert route_point(51.3127, 9.4797).municipality == kassel  # Kassel's town hall
    assert route_point(50.8090, 8.7700).municipality == marburg
    neighbour = route_point(51.23, 9.55)
    assert neighbour.kind == "not_participating" and neighbour.name == "Lohfelden"


def test_points_without_a_boundary_are_told_apart_from_points_outside_hessen(demo_boundaries):
    assert route_point(50.1109, 8.6821).kind == "unknown"  # Frankfurt: in Hessen, no demo boundary
    assert route_point(52.52, 13.405).kind == "outside"  # Berlin
