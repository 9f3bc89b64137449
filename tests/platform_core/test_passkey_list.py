"""The passkey list (allauth's template loads django.contrib.humanize) opens for a signed-in person."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context


def test_passkey_list_opens(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    response = client.get("/konto/2fa/webauthn/")
    assert response.status_code == 200
    assert "Passkey" in response.content.decode() or "Sicherheitsschlüssel" in response.content.decode()
