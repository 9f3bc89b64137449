"""Create an Open311 API key (printed once; only its hash is stored)."""

import secrets

from django.core.management.base import BaseCommand

from platform_core import audit
from reports.state.models import ApiKey


class Command(BaseCommand):
    help = "Create an Open311 API key for an app; --municipality limits it to one municipality's endpoint."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--municipality", default="", help="subdomain (slug); empty: every endpoint")

    def handle(self, *args, name, municipality, **options):
        raw = secrets.token_urlsafe(32)
        key = ApiKey.objects.create(name=name, key_hash=ApiKey.hash(raw), municipality_slug=municipality)
        audit.log("reports.open311_key_created", actor="system", target=key, municipality_slug=municipality)
        self.stdout.write(raw)
