"""Services on a citizen's or clerk's own account in the current municipality's schema."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _


class AccountError(Exception):
    """A request on an account that cannot be carried out; the message is for the user."""


def user_data_export(*, user) -> dict:
    """Everything this municipality stores about the user (DSGVO Art. 15 and 20)."""
    from allauth.account.models import EmailAddress

    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
    }


def user_delete(*, user) -> None:
    """Delete an account and its personal data; the last administrator cannot leave."""
    User = get_user_model()
    with transaction.atomic():
        if user.is_superuser:
            others = User.objects.select_for_update().filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
            if not others.exists():
                raise AccountError(
                    _("You are the last administrator of this site. Appoint another administrator first.")
                )
        user.delete()
