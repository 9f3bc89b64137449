"""Demo data for `make run`: the state portal's staff account and three municipalities.

Idempotent: running it again changes nothing but resetting the demo passwords.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from platform_core.registry import registry

from .models import Municipality
from .services import municipality_provision, site_base_url

DEMO_PASSWORD = "Demo-Passwort-2026"
STATE_STAFF_EMAIL = "land@hessen.example"
# The demo staff accounts' second factor (TOTP). Public on purpose: demo data only.
# The state staff (django-otp) and every demo municipal admin (allauth.mfa) share this key, so one
# code works for all of them. `manage.py demo_otp_code` prints the current code; an
# authenticator app takes the base32 key (DEMO_TOTP_SECRET).
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of DEMO_TOTP_KEY_HEX
DEMO_MUNICIPALITIES = [
    ("06611000", "kassel"),
    ("06534014", "marburg"),
    ("06631009", "fulda"),
]


@dataclass
class DemoLogin:
    label: str
    url: str
    email: str
    password: str


def demo_load() -> list[DemoLogin]:
    from allauth.account.models import EmailAddress

    from themes.demo import demo_theme

    User = get_user_model()
    logins = []
    with schema_context("public"):
        staff, _ = User.objects.get_or_create(
            username=STATE_STAFF_EMAIL, defaults={"email": STATE_STAFF_EMAIL, "is_staff": True, "is_superuser": True}
        )
        staff.set_password(DEMO_PASSWORD)
        staff.save()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.update_or_create(
            user=staff, name="Demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )
    logins.append(DemoLogin("Landeskonsole", site_base_url_public() + "/konsole/", STATE_STAFF_EMAIL, DEMO_PASSWORD))

    for ags, slug in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.filter(ags=ags).first()
        admin_email = f"admin@{slug}.example"
        if municipality is None:
            municipality = municipality_provision(
                ags=ags, slug=slug, admin_email=admin_email, actor="demo", send_invitation=False
            ).municipality
        domain = municipality.domains.filter(is_primary=True).first().domain
        with schema_context(municipality.schema_name), transaction.atomic():
            for email, is_admin in ((admin_email, True), (f"buerger@{slug}.example", False)):
                user, _ = User.objects.get_or_create(
                    username=email, defaults={"email": email, "is_staff": is_admin, "is_superuser": is_admin}
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
                if is_admin:  # staff of the Wagtail admin need a second factor (platform_core.mfa)
                    demo_totp_authenticator(user)
            _demo_news(municipality)
            demo_theme(municipality)  # Kassel and Marburg each in their own look
            for load in registry.demo_loaders():  # each app's demo content (platform_core.registry)
                load(municipality)
        base = site_base_url(domain)
        logins.append(DemoLogin(f"{municipality.name}: Website", base + "/", f"buerger@{slug}.example", DEMO_PASSWORD))
        logins.append(DemoLogin(f"{municipality.name}: Redaktion", base + "/cms/", admin_email, DEMO_PASSWORD))
    return logins


def demo_totp_authenticator(user):
    """Give a municipal account the demo TOTP key as its allauth authenticator (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    authenticator, _ = Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}}
    )
    return authenticator


def site_base_url_public() -> str:
    from django.conf import settings

    return site_base_url(settings.PLATFORM_BASE_DOMAIN)


def _demo_news(municipality):
    from cms.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.first()
    if index is None or NewsPage.objects.filter(slug="buergerhaushalt-2027").exists():
        return
    index.add_child(
        instance=NewsPage(
            title=f"Bürgerhaushalt 2027: Ihre Ideen für {municipality.name}",
            slug="buergerhaushalt-2027",
            date=timezone.localdate(),
            teaser="Bis Ende des Monats können Sie Vorschläge für den Haushalt 2027 einreichen.",
        )
    )


def demo_otp_code() -> str:
    """The current one-time code of the demo state staff and of every demo municipal admin."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"
