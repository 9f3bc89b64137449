from django.core.management.base import BaseCommand

from consultations.services import phases_switch
from events.management.commands._each_municipality import each_municipality


class Command(BaseCommand):
    help = (
        "Switch dialogues to the phase their dates say (announced, open, evaluation, result) and email their "
        "followers. Each switch happens once, so running it again (e.g. every 5 minutes from cron) does nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schema", default="", help="only this municipality's schema")

    def handle(self, *args, schema="", **options):
        switched = each_municipality(phases_switch, schema=schema)
        self.stdout.write(f"dialogues switched: {sum(switched.values())} in {len(switched)} municipalities")
