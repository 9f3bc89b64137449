"""Who may do what with issue reports, declared once (django-rules).

Clerks hold Django permissions through their department's group: ``reports.change_report``
to handle reports (status, notes, assignment, moderation, photos), ``reports.view_all_reports``
to see every department's inbox, ``reports.view_original_photo`` for photos before blurring,
``reports.change_category`` to edit categories and text templates. A municipal admin, being a
superuser, holds all. Citizens act only through their private links.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_admin_user(user) -> bool:
    """Logged in, active and allowed into the Wagtail admin of this municipality."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def has_django_perm(perm: str) -> rules.Predicate:
    return rules.Predicate(lambda user: bool(user.has_perm(perm)), name=f"has_django_perm:{perm}")


is_clerk = is_admin_user & (has_django_perm("reports.change_report") | has_django_perm("reports.view_report"))

# The inbox, a report's page, the evaluation and its exports.
rules.add_perm("reports.read_reports", is_clerk)
# Status, public answer, notes, assignment, resubmission, publication, photos, merge, forwarding, staff entry.
rules.add_perm("reports.handle_reports", is_admin_user & has_django_perm("reports.change_report"))
rules.add_perm("reports.view_all", is_admin_user & has_django_perm("reports.view_all_reports"))
rules.add_perm("reports.see_originals", is_admin_user & has_django_perm("reports.view_original_photo"))
