from django.core.management.base import BaseCommand

from tenants.stats import stats_refresh


class Command(BaseCommand):
    help = "Count pages, surveys, responses, events, registrations and users of every municipality for the console."

    def handle(self, *args, **options):
        rows = stats_refresh()
        self.stdout.write(f"stats: {len(rows)} municipalities counted")
