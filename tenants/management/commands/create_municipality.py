from django.core.management.base import BaseCommand, CommandError

from platform_core import audit
from tenants.services import ProvisioningError, municipality_provision


class Command(BaseCommand):
    help = "Create a municipality from the official register: schema (cloned), site, pages, first admin, invitation."

    def add_arguments(self, parser):
        parser.add_argument("--ags", required=True, help="8-digit municipality key, e.g. 06611000")
        parser.add_argument("--admin-email", required=True, help="first administrator; receives the invitation")
        parser.add_argument("--slug", help="subdomain (default: from the official name)")
        parser.add_argument("--name", help="display name (default: the official short name)")
        parser.add_argument("--admin-name", default="")

    def handle(self, *args, **options):
        try:
            result = municipality_provision(
                ags=options["ags"],
                admin_email=options["admin_email"],
                slug=options.get("slug"),
                name=options.get("name"),
                admin_name=options["admin_name"],
                actor=audit.Actor(audit.Kind.SYSTEM, "", "manage.py create_municipality"),
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        m = result.municipality
        self.stdout.write(self.style.SUCCESS(f"{m.name} ({m.ags}) created in {result.seconds:.2f} s"))
        self.stdout.write(f"  site:       {result.invitation_url.split('/konto/')[0]}/")
        self.stdout.write(f"  invitation: {result.invitation_url}")
