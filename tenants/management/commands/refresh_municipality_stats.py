from django.core.management.base import BaseCommand

from tenants.stats import stats_refresh


class Command(BaseCommand):
    help = "Count pages, users and the figures the apps register (platform_core.registry) of every municipality."

    def handle(self, *args, **options):
        rows = stats_refresh()
        self.stdout.write(f"stats: {len(rows)} municipalities counted")
