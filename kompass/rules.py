"""Who may do what in KOMPASS, declared once (django-rules).

Three roles:
- the municipality's KOMPASS coordinator: a Wagtail admin user holding ``kompass.coordinate_kompass``
  (a group "KOMPASS-Koordination" in the municipality; a municipal admin, being a superuser, holds it);
- the programme office: state-console staff (second factor passed) in the group ``OFFICE_GROUP``;
- police KOMPASS staff: state-console accounts in ``POLICE_GROUP`` with a ``PoliceStaff`` row naming
  their headquarters; they pass the console's sign-in and second factor, and see status,
  conferences, measures and aggregates only of municipalities in their headquarters' districts.
"""

from __future__ import annotations

import rules
from django.db import connection

OFFICE_GROUP = "KOMPASS-Programmbüro"
POLICE_GROUP = "KOMPASS Polizei"
COORDINATOR_GROUP = "KOMPASS-Koordination"


@rules.predicate
def is_state_account(user) -> bool:
    """A console account of the public schema (the console's own sign-in admits the same)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and connection.schema_name == "public")


@rules.predicate
def is_otp_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


@rules.predicate
def is_admin_user(user) -> bool:
    """Logged in, active and allowed into the Wagtail admin of this municipality."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


@rules.predicate
def holds_coordinator_perm(user) -> bool:
    return bool(user.has_perm("kompass.coordinate_kompass"))


@rules.predicate
def in_office_group(user) -> bool:
    return user.groups.filter(name=OFFICE_GROUP).exists()


@rules.predicate
def is_police_account(user) -> bool:
    from .state.models import PoliceStaff

    return user.groups.filter(name=POLICE_GROUP).exists() and PoliceStaff.objects.filter(user=user).exists()


@rules.predicate
def covers_participation(user, participation) -> bool:
    """The police account's headquarters covers the participation's district (no object: any)."""
    if participation is None:
        return True
    from .state.models import PoliceStaff

    staff = PoliceStaff.objects.filter(user=user).first()
    return bool(staff and participation.headquarters_id == staff.headquarters_id)


is_coordinator = is_admin_user & holds_coordinator_perm
is_office = is_state_account & is_otp_verified & in_office_group
is_police = is_state_account & is_otp_verified & is_police_account

# Municipality admin (/cms/kompass/): interest, application, survey from the template, report, measures.
rules.add_perm("kompass.coordinate", is_coordinator)
# State console (/konsole/kompass/): dashboard, participation pages, benchmark and its exports.
rules.add_perm("kompass.view_programme", is_office | is_police)
rules.add_perm("kompass.view_participation", is_office | (is_police & covers_participation))
# Programme office only: admit, set statuses and contacts, seal criteria and seals, templates.
rules.add_perm("kompass.manage_programme", is_office)
