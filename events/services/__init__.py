"""Writes on events, split by concern; each raises ``EventError``.

- ``base``: the error type, the audit entry, emails after commit
- ``registrations``: seats, waiting list, confirmation, cancellation, approval, check-in
- ``staff``: cancelling or moving a date, writing to everyone registered
- ``maintenance``: reminders and the removal of personal data after the event
"""

from .base import EventError
from .maintenance import personal_data_purge, reminders_send
from .registrations import (
    registration_approve,
    registration_cancel,
    registration_check_in,
    registration_confirm_email,
    registration_create,
    registration_refusal,
    registration_reject,
)
from .staff import date_cancel, date_message_all, date_move

__all__ = [
    "EventError",
    "date_cancel",
    "date_message_all",
    "date_move",
    "personal_data_purge",
    "registration_approve",
    "registration_cancel",
    "registration_check_in",
    "registration_confirm_email",
    "registration_create",
    "registration_refusal",
    "registration_reject",
    "reminders_send",
]
