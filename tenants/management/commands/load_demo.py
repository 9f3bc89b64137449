from django.core.management.base import BaseCommand

from tenants.demo import demo_load


class Command(BaseCommand):
    help = "Load demo data (state staff login, three municipalities with logins). Idempotent."

    def handle(self, *args, **options):
        for login in demo_load():
            self.stdout.write(f"{login.label:40} {login.url:55} {login.email} / {login.password}")
