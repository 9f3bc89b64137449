"""Who may do what with events' registrations, declared once (django-rules).

Event pages themselves are Wagtail pages (Wagtail's page permissions decide who edits them).
Clerks who handle attendees hold the Django permissions on ``events.Registration``: viewing the
lists, exports and the check-in list needs ``view_registration``; approving, declining,
checking in, cancelling dates and writing to attendees needs ``change_registration``. A
municipal admin, being a superuser, holds both. Citizens act only through their private link.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_admin_user(user) -> bool:
    """Logged in, active and allowed into the Wagtail admin of this municipality."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def has_django_perm(perm: str) -> rules.Predicate:
    return rules.Predicate(lambda user: bool(user.has_perm(perm)), name=f"has_django_perm:{perm}")


is_attendee_reader = is_admin_user & has_django_perm("events.view_registration")
is_attendee_manager = is_admin_user & has_django_perm("events.change_registration")

# The date list, attendee lists, exports, printable list (and the admin menu item).
rules.add_perm("events.read_attendees", is_attendee_reader | is_attendee_manager)
# Approve, decline, check in, cancel registrations or a date, message everyone.
rules.add_perm("events.manage_attendees", is_attendee_manager)
# Move a date to a new time or cancel it: everyone registered is told.
rules.add_perm("events.move_date", is_attendee_manager)
rules.add_perm("events.cancel_date", is_attendee_manager)
