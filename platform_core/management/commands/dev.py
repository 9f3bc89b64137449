"""`make run`: deploy, demo data, the task worker and the development server in one command."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.demo import demo_load


class Command(BaseCommand):
    help = "Run the platform for development: migrate, load demo data, start the worker and the server."

    def handle(self, *args, **options):
        port = os.environ.get("PORT", "8000")
        call_command("deploy")
        logins = demo_load()
        call_command("recover_abandoned_jobs")  # jobs of a worker that died with the last run
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--backend", "db", "--queue-name", "*", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
        )
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Beteiligungsplattform Hessen läuft / is running:"))
        for login in logins:
            out.write(f"  {login.label:40} {login.url}")
            out.write(f"  {'':40} Login: {login.email} / {login.password}")
        out.write(
            "  Zweiter Faktor (Landeskonsole und Redaktion /cms/): .venv/bin/python manage.py demo_otp_code  (aktueller Code, gilt für alle Demo-Konten)"
        )
        out.write("  E-Mails (Bestätigungs- und Einladungslinks) erscheinen hier in der Ausgabe.")
        out.write("  Stop: Ctrl+C")
        out.write("")
        try:
            call_command("runserver", f"0.0.0.0:{port}", use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
