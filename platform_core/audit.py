"""The one audit API: ``audit.log(action, actor=..., target=...)`` for every change staff make.

An entry goes into the schema the connection is on: the state's log in the public schema
(console, registration, provisioning, lifecycle), a municipality's own log in its schema
(pages and whatever its apps record). Both are the same table (``AuditEntry``) with one
actor shape: kind, id and label. The table is append-only in PostgreSQL itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from django.db import connection
from django.db.models import Model

from .models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

Kind = AuditEntry.ActorKind


@dataclass(frozen=True)
class Actor:
    """Who did it: a kind (state staff, municipal user, applicant, system), an id and a label."""

    kind: str
    id: str = ""
    label: str = ""

    @classmethod
    def applicant(cls, email: str) -> Actor:
        """Someone without an account yet, e.g. a municipality's contact who registers."""
        return cls(Kind.APPLICANT, "", email)


SYSTEM = Actor(Kind.SYSTEM, "", "system")
# What services accept as ``actor``: a user of the current schema, an Actor, a label, or None.
ActorLike = Union[Actor, str, None, "AbstractBaseUser"]


def actor_of(actor) -> Actor:
    """An ``Actor`` from a user, an ``Actor``, a label string, or None / "system" (the system).

    A user (or a bare label) in the public schema is state staff, in a municipality's schema
    a municipal user: accounts live per schema, so the schema says whose account it is.
    """
    if isinstance(actor, Actor):
        return actor
    if actor is None or actor == "" or actor == "system" or getattr(actor, "is_anonymous", False):
        return SYSTEM
    kind = Kind.STATE_STAFF if connection.schema_name == "public" else Kind.MUNICIPAL_USER
    if isinstance(actor, str):
        return Actor(kind, "", actor)
    label = getattr(actor, "email", "") or actor.get_username()
    return Actor(kind, str(actor.pk), label)


def actor_label(actor) -> str:
    """The text a service stores beside its own record (e.g. "decided by")."""
    return actor_of(actor).label


def log(action: str, *, actor, target: Model | None = None, municipality=None, **data) -> AuditEntry:
    """Append an entry to the current schema's audit log and return it.

    ``action`` is "<area>.<verb>" (``survey.publish``, ``municipality.suspended``); ``target`` is
    the object acted on (stored as type, id and text); ``municipality`` (default: the target if
    it is one) is stored by name, AGS and subdomain, so the row survives its deletion. ``data``
    holds further JSON-serialisable details.
    """
    who = actor_of(actor)
    entry = AuditEntry(action=action, actor_kind=who.kind, actor_id=who.id[:64], actor_label=who.label[:254], data=data)
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk or "")
        entry.target_label = str(target)[:255]
        if municipality is None and target._meta.label_lower == "tenants.municipality":
            municipality = target
    if municipality is not None:
        entry.municipality_name = municipality.name
        entry.municipality_ags = getattr(municipality, "ags", "") or ""
        entry.municipality_slug = getattr(municipality, "slug", "") or ""
    entry.save()
    return entry
