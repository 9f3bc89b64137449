"""Writes of consultations, one module per concern; import from here."""

from .base import ConsultationError
from .comments import comment_create, comment_report, comment_support
from .exports import statement_export_build, statement_export_request, statement_exports_recover_abandoned
from .follows import follow_start, follow_stop, unsubscribe_token, unsubscribe_user_follow
from .moderation import comment_approve, comment_hide, held_words_save, user_block, user_unblock
from .phases import phases_switch, result_publish
from .statements import statement_answer, statement_create

__all__ = [
    "ConsultationError", "comment_create", "comment_report", "comment_support", "statement_export_build",
    "statement_export_request", "statement_exports_recover_abandoned", "follow_start", "follow_stop",
    "unsubscribe_token", "unsubscribe_user_follow", "comment_approve", "comment_hide", "held_words_save",
    "user_block", "user_unblock", "phases_switch", "result_publish", "statement_answer", "statement_create",
]  # fmt: skip
