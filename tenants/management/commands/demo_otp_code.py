from django.core.management.base import BaseCommand

from tenants.demo import DEMO_MUNICIPALITIES, DEMO_TOTP_SECRET, STATE_STAFF_EMAIL, demo_otp_code


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo staff accounts: the state console's and "
        "every demo municipality's admin (demo data only; they share one TOTP key)."
    )

    def handle(self, *args, **options):
        admins = ", ".join(f"admin@{slug}.example" for _ags, slug in DEMO_MUNICIPALITIES)
        self.stdout.write(
            f"{demo_otp_code()}  (one code for all demo staff, they share one TOTP key: {STATE_STAFF_EMAIL} "
            f"in the state console, {admins} in /cms/; each account may use a code once, "
            f"a new one comes every 30 s. Key for an authenticator app: {DEMO_TOTP_SECRET})"
        )
