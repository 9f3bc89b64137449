"""Provisioning and lifecycle of municipalities: the only code that creates or changes them.

Provisioning runs in one database transaction: the municipality row, its domain, the cloned
schema (PostgreSQL DDL is transactional), the page tree and the first admin either all
exist afterwards or none does. The invitation email is sent only after the commit.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from platform_core import audit

from .models import Domain, Municipality, RegisterEntry
from .reserved import is_reserved, normalise_name

logger = logging.getLogger("platform.provisioning")

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# Serialises provisioning: clones are rare, and two at once would race on the same AGS.
PROVISIONING_LOCK_KEY = 0x6E0B_1000


class ProvisioningError(Exception):
    """Provisioning or a lifecycle change could not be carried out; the message says why."""


@dataclass
class ProvisioningResult:
    municipality: Municipality
    admin_email: str
    invitation_url: str
    seconds: float


def municipality_domain_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_BASE_DOMAIN}"


def slug_suggestion(base: str) -> str:
    """A free subdomain near ``base``: the base itself, else base-2, base-3, ..."""
    base = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")[:55] or "kommune"
    candidate, n = base, 1
    while (
        is_reserved(candidate)
        or Municipality.objects.filter(slug=candidate).exists()
        or Domain.objects.filter(domain=municipality_domain_for(candidate)).exists()
    ):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def slug_from_name(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    short = name.split(",")[0].strip().translate(table).lower()
    short = re.sub(r"\(.*?\)", "", short)
    return re.sub(r"[^a-z0-9]+", "-", short).strip("-")


def validate_slug(slug: str) -> None:
    """Raise ProvisioningError with a German/English message and a suggestion if the slug is unusable."""
    if is_reserved(slug):  # before the format check, so "ＫＯＮＳＯＬＥ" is told it is reserved
        raise ProvisioningError(
            _("The subdomain “%(slug)s” is reserved. Suggestion: %(suggestion)s")
            % {"slug": slug, "suggestion": slug_suggestion(normalise_name(slug) + "-kommune")}
        )
    if not SLUG_RE.match(slug or ""):
        raise ProvisioningError(
            _(
                "The subdomain may contain only lower-case letters, digits and hyphens (at most 63, not at the start or end)."
            )
        )
    if (
        Municipality.objects.filter(slug=slug).exists()
        or Domain.objects.filter(domain=municipality_domain_for(slug)).exists()
    ):
        raise ProvisioningError(
            _("The subdomain “%(slug)s” is already taken. Suggestion: %(suggestion)s")
            % {"slug": slug, "suggestion": slug_suggestion(slug)}
        )


def schema_name_for(ags: str) -> str:
    return f"gem_{ags}"


def ensure_clone_function() -> None:
    """Install django-tenants' clone_schema() SQL function (once per deploy, not per clone)."""
    from django_tenants.clone import CloneSchema

    with schema_context("public"):
        CloneSchema()._create_clone_schema_function()


def _clone_template(schema_name: str) -> None:
    base = settings.TENANT_BASE_SCHEMA
    if not schema_exists(base):
        raise ProvisioningError(
            _("The template schema is missing. Run “manage.py deploy” before creating municipalities.")
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = 'clone_schema'")
        if cursor.fetchone() is None:
            ensure_clone_function()
        cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [base, schema_name])


def _ensure_schema_current(schema_name: str) -> None:
    """Apply migrations the template lacks (it should have none after a deploy; see django-tenants #1154)."""
    from django.db.migrations.executor import MigrationExecutor

    with schema_context(schema_name):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        tenant_plan = [m for m, backwards in plan if not backwards and _is_tenant_app(m.app_label)]
    if tenant_plan:
        logger.warning("template schema lacks %d migrations; applying them to %s", len(tenant_plan), schema_name)
        from django.core.management import call_command

        call_command("migrate_schemas", schema_name=schema_name, tenant=True, interactive=False, verbosity=0)


def _is_tenant_app(app_label: str) -> bool:
    from django.apps import apps

    name = apps.get_app_config(app_label).name
    return name in settings.TENANT_APPS


_template_checked = False


def municipality_provision(
    *,
    ags: str,
    admin_email: str,
    slug: str | None = None,
    name: str | None = None,
    admin_name: str = "",
    actor: audit.ActorLike = "system",
    send_invitation: bool = True,
    progress: Callable[[int, str], None] | None = None,
    before_commit: Callable[[Municipality], None] | None = None,
) -> ProvisioningResult:
    """Create a municipality from the official register: schema, domain, site, pages, first admin.

    All-or-nothing: on any failure nothing is left behind and ProvisioningError says why.
    ``progress(percent, step)`` is told about each step (it must write outside this transaction
    to be seen); ``before_commit(municipality)`` runs last inside the transaction, so what it
    writes exists only if the municipality does.
    """
    report = progress or (lambda percent, step: None)
    global _template_checked
    started = time.monotonic()
    ags = (ags or "").strip()
    admin_email = (admin_email or "").strip().lower()
    entry = RegisterEntry.objects.filter(ags=ags).first()
    if entry is None:
        raise ProvisioningError(
            _("There is no municipality with the key (AGS) “%(ags)s” in the register of Hessen.") % {"ags": ags}
        )
    if not entry.can_register:
        raise ProvisioningError(
            _("%(name)s is an unincorporated area, not a municipality, and cannot take part.") % {"name": entry.name}
        )
    try:
        validate_email(admin_email)
    except ValidationError:
        raise ProvisioningError(_("“%(email)s” is not a valid email address.") % {"email": admin_email}) from None
    slug = (slug or slug_from_name(entry.name)).strip().lower()
    display_name = name or entry.short_name
    schema_name = schema_name_for(ags)
    domain_name = municipality_domain_for(slug)

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK_KEY])
            if Municipality.objects.filter(ags=ags).exists() or schema_exists(schema_name):
                raise ProvisioningError(_("%(name)s already takes part in the platform.") % {"name": entry.name})
            validate_slug(slug)
            municipality = Municipality(
                schema_name=schema_name, name=display_name, slug=slug, ags=ags, district=entry.district
            )
            municipality.full_clean()
            municipality.save()
            Domain.objects.create(domain=domain_name, tenant=municipality, is_primary=True)
            report(20, _("Copying the template database"))
            _clone_template(schema_name)
            if not _template_checked:
                _ensure_schema_current(schema_name)
                _template_checked = True
            report(60, _("Building the pages"))
            with schema_context(schema_name):
                from cms.setup import build_default_site

                build_default_site(municipality=municipality, hostname=domain_name)
                report(85, _("Creating the first administrator"))
                admin_user = _create_first_admin(email=admin_email, full_name=admin_name)
                invitation_url = invitation_link(user=admin_user, domain=domain_name)
            audit.log(
                "municipality.provisioned",
                actor=actor,
                target=municipality,
                ags=ags,
                domain=domain_name,
                admin_email=admin_email,
            )
            if before_commit is not None:
                before_commit(municipality)
    except ProvisioningError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure must roll back and be explained
        logger.exception("provisioning %s failed", ags)
        raise ProvisioningError(_("Provisioning failed and was rolled back: %(error)s") % {"error": error}) from error
    finally:
        connection.set_schema_to_public()

    if send_invitation:
        from platform_core.tasks import send_email

        subject, body = invitation_email(municipality=municipality, url=invitation_url)
        send_email.enqueue(schema_name, subject, body, [admin_email])
    return ProvisioningResult(municipality, admin_email, invitation_url, time.monotonic() - started)


def _create_first_admin(*, email: str, full_name: str = ""):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    first, _sep, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username=email[:150],
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=True,
        is_superuser=True,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def site_base_url(domain: str, *, request=None) -> str:
    """``scheme://host[:port]`` of a site of the platform (a municipality or the state portal).

    The one rule for every link the platform builds: in a request the port is the one the
    visitor used, elsewhere (tasks, emails, commands) ``PLATFORM_PORT``; it is left out for
    https (TLS ends at a proxy on 443) and for port 80.
    """
    scheme = settings.PLATFORM_SCHEME
    port = str(request.get_port() if request is not None else settings.PLATFORM_PORT)
    suffix = "" if scheme == "https" or port in ("", "80") else f":{port}"
    return f"{scheme}://{domain}{suffix}"


def current_site_base_url() -> str | None:
    """Base URL of the municipality whose schema the connection is in; None outside one.

    For links built without a request (Wagtail's notification emails, tasks)."""
    schema = connection.schema_name
    if schema in ("public", settings.TENANT_BASE_SCHEMA):
        return None
    domain = Domain.objects.filter(tenant__schema_name=schema, is_primary=True).values_list("domain", flat=True).first()
    return site_base_url(domain) if domain else None


def invitation_link(*, user, domain: str) -> str:
    """A link to set the first password; valid once, only in this municipality's schema."""
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    from .tokens import schema_token_generator

    key = schema_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return site_base_url(domain) + path


def invitation_email(*, municipality: Municipality, url: str) -> tuple[str, str]:
    subject = _("Your participation site %(name)s is ready") % {"name": municipality.name}
    body = _(
        "Hello,\n\nthe participation site of %(name)s has been set up on the participation platform Hessen.\n\n"
        "Set your password with this link (valid for %(days)s days):\n%(url)s\n\n"
        "Afterwards you can log in to the site administration at %(admin)s.\n\n"
        "Participation platform Hessen"
    ) % {
        "name": municipality.name,
        "url": url,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "admin": site_base_url(municipality.domains.first().domain) + "/cms/",
    }
    return subject, body


def municipality_suspend(*, municipality: Municipality, reason: str, actor: audit.ActorLike) -> Municipality:
    """Take a site offline: visitors see a notice, the admin is blocked, all data stays."""
    if municipality.is_public:
        raise ProvisioningError(_("The state portal cannot be suspended."))
    with schema_context("public"), transaction.atomic():
        municipality.status = Municipality.Status.SUSPENDED
        municipality.suspended_reason = reason
        municipality.save(update_fields=["status", "suspended_reason", "updated_at"])
        audit.log("municipality.suspended", actor=actor, target=municipality, reason=reason)
    return municipality


def municipality_resume(*, municipality: Municipality, actor: audit.ActorLike) -> Municipality:
    with schema_context("public"), transaction.atomic():
        municipality.status = Municipality.Status.ACTIVE
        municipality.suspended_reason = ""
        municipality.save(update_fields=["status", "suspended_reason", "updated_at"])
        audit.log("municipality.resumed", actor=actor, target=municipality)
    return municipality
