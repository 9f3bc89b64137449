from base64 import b32encode

from django.core.management.base import BaseCommand

from tenants.demo import DEMO_TOTP_KEY_HEX, STATE_STAFF_EMAIL, demo_otp_code


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo state staff account (demo data only)."

    def handle(self, *args, **options):
        self.stdout.write(f"{demo_otp_code()}  ({STATE_STAFF_EMAIL}; TOTP key for an authenticator app: "
                          f"{b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()})")
