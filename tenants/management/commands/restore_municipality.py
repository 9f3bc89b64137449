from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platform_core import audit
from tenants.lifecycle import municipality_restore
from tenants.services import ProvisioningError


class Command(BaseCommand):
    help = (
        "Restore a municipality archive (from the console's “archive”) into a new municipality. "
        "The archived schema name must be free: delete the old municipality first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar.gz archive")
        parser.add_argument("--ags", help="AGS of the new municipality (default: the archived one)")
        parser.add_argument("--slug", help="subdomain of the new municipality (default: the archived one)")
        parser.add_argument("--name", help="display name (default: the archived one)")

    def handle(self, *args, **options):
        try:
            municipality = municipality_restore(
                path=Path(options["archive"]),
                ags=options.get("ags"),
                slug=options.get("slug"),
                name=options.get("name"),
                actor=audit.Actor(audit.Kind.SYSTEM, "", "manage.py restore_municipality"),
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        domain = municipality.domains.get(is_primary=True).domain
        self.stdout.write(self.style.SUCCESS(f"{municipality.name} ({municipality.ags}) restored: {domain}"))
