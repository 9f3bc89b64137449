"""Import Hessen's municipal boundaries from BKG VG250 (GeoJSON, e.g. VG250_GEM), or draw the demo's."""

from django.core.management.base import BaseCommand, CommandError

from reports.state.services import BoundaryImportError, boundaries_import, demo_boundaries_load


class Command(BaseCommand):
    help = "Import municipal boundaries (BKG VG250 GeoJSON, WGS 84 or UTM 32N; licence dl-de/by-2-0)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="GeoJSON file (FeatureCollection with AGS and GEN)")
        parser.add_argument("--demo", action="store_true", help="draw the demo municipalities' areas instead")
        parser.add_argument("--source", default="BKG VG250 (dl-de/by-2-0)")

    def handle(self, *args, path=None, demo=False, source="", **options):
        if demo:
            self.stdout.write(f"{demo_boundaries_load()} demo boundaries drawn.")
            return
        if not path:
            raise CommandError("Give a GeoJSON file or --demo.")
        try:
            count = boundaries_import(path=path, source=source)
        except BoundaryImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} boundaries imported.")
