import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.kompass.factories import office_user, police_user
from tests.tenants.conftest import PORTAL, staff_login


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def in_kassel(kassel):
    with schema_context(kassel.schema_name):
        yield kassel


def _console_client(user, device) -> Client:
    client = Client(HTTP_HOST=PORTAL)
    staff_login(client, user, device)
    client.user = user
    return client


@pytest.fixture
def office_client(db):
    return _console_client(*office_user())


@pytest.fixture
def staff_client(db):
    """Console staff without the KOMPASS role."""
    from tests.tenants.conftest import make_staff

    return _console_client(*make_staff(email="staff-ohne-kompass@hessen.example"))


@pytest.fixture
def police_nord(db):
    return _console_client(*police_user("Polizeipräsidium Nordhessen"))


@pytest.fixture
def police_ost(db):
    return _console_client(*police_user("Polizeipräsidium Osthessen"))


@pytest.fixture
def kassel_admin(kassel, client_for):
    from django.contrib.auth import get_user_model

    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    return client


@pytest.fixture
def admitted_kassel(kassel):
    """Kassel admitted to KOMPASS (interest and application from its admin, admission by the office)."""
    from kompass import services

    with schema_context(kassel.schema_name):
        p = services.participation_declare_interest(municipality=kassel, actor="test", contact="Frau Koordinatorin",
                                                    email="kompass@kassel.example")  # fmt: skip
        services.participation_apply(participation=p, actor="test")
    with schema_context("public"):
        services.participation_admit(participation=p, actor="office")
    p.refresh_from_db()
    return p
