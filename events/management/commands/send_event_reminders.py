from django.core.management.base import BaseCommand

from events.services import reminders_send

from ._each_municipality import each_municipality


class Command(BaseCommand):
    help = (
        "Email confirmed people of every date that starts tomorrow (Europe/Berlin). Each date is reminded "
        "once, so running it again (e.g. hourly from cron) sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schema", default="", help="only this municipality's schema")

    def handle(self, *args, schema="", **options):
        sent = each_municipality(reminders_send, schema=schema)
        self.stdout.write(f"reminders queued: {sum(sent.values())} in {len(sent)} municipalities")
