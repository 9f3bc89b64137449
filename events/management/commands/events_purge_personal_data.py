from django.core.management.base import BaseCommand

from events.services import personal_data_purge

from ._each_municipality import each_municipality


class Command(BaseCommand):
    help = (
        "Anonymise attendees of dates that ended more than EVENTS_PERSONAL_DATA_DAYS (default 30) days ago: "
        "names, email addresses and links to accounts are removed, the counts stay. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schema", default="", help="only this municipality's schema")

    def handle(self, *args, schema="", **options):
        purged = each_municipality(personal_data_purge, schema=schema)
        self.stdout.write(f"registrations anonymised: {sum(purged.values())} in {len(purged)} municipalities")
