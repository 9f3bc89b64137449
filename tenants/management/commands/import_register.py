from django.core.management.base import BaseCommand

from tenants.register import register_import


class Command(BaseCommand):
    help = "Import the official register of Hessen's municipalities (idempotent)."

    def handle(self, *args, **options):
        count = register_import()
        self.stdout.write(f"register: {count} entries")
