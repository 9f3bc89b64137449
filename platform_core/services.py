"""Services on a citizen's or clerk's own account in the current municipality's schema."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from .registry import registry


class AccountError(Exception):
    """A request on an account that cannot be carried out; the message is for the user."""


def user_data_export(*, user) -> dict:
    """Everything this municipality stores about the user (DSGVO Art. 15 and 20): the account,
    its email addresses and each app's part (``platform_core.registry.PersonalData``)."""
    from allauth.account.models import EmailAddress

    data = {
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
    for label, part in registry.personal_data():
        exported = part.export(user)
        if exported is not None:
            data[label] = exported
    return data


def user_delete(*, user) -> None:
    """Delete an account and its personal data; the last administrator cannot leave.

    Each app first deletes or anonymises its part (``PersonalData.erase``), in the same
    transaction: either all of it goes or nothing does.
    """
    User = get_user_model()
    with transaction.atomic():
        if user.is_superuser:
            others = User.objects.select_for_update().filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
            if not others.exists():
                raise AccountError(
                    _("You are the last administrator of this site. Appoint another administrator first.")
                )
        for _label, part in registry.personal_data():
            part.erase(user)
        user.delete()


def erasure_notes() -> list:
    """What each app does with a person's data when the account is deleted (for the deletion page)."""
    return [part.erasure_note for _label, part in registry.personal_data() if part.erasure_note]
