"""Who may do what in consultations, declared once (django-rules).

Dialogue and procedure pages are Wagtail pages (Wagtail's page permissions decide who edits
them). Moderators hold ``consultations.moderate_comment``; clerks who weigh statements and export
them hold ``consultations.handle_statement``. A municipal admin, being a superuser, holds both.
Citizens comment, support, report and follow when signed in (the services check the phase and
blocks); statements need no account.
"""

from __future__ import annotations

import rules

from events.rules import has_django_perm, is_admin_user

is_moderator = is_admin_user & has_django_perm("consultations.moderate_comment")
is_statement_clerk = is_admin_user & has_django_perm("consultations.handle_statement")

# The moderation queue: approve, hide with a reason, block and unblock people, the word list.
rules.add_perm("consultations.moderate", is_moderator)
# The statements of procedures: weighing screen, grouping, exports, publishing the result.
rules.add_perm("consultations.handle_statements", is_statement_clerk)
# Citizens' actions on a dialogue (the services also check the phase and blocked accounts).
rules.add_perm("consultations.take_part", rules.is_authenticated & rules.is_active)
