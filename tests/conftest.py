"""Test set-up: one test database, deployed once, with two municipalities made once per run.

Tenants are expensive (a schema each), so they are provisioned in the session fixture
through the real service and shared; each test runs in a transaction that is rolled back.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants.demo import DEMO_PASSWORD
from tenants.middleware import clear_host_cache
from tenants.models import Municipality
from tenants.services import municipality_provision

TEST_MUNICIPALITIES = {"kassel": "06611000", "marburg": "06534014"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("deploy", verbosity=0)
        for slug, ags in TEST_MUNICIPALITIES.items():
            if not Municipality.objects.filter(ags=ags).exists():
                municipality_provision(ags=ags, slug=slug, admin_email=f"admin@{slug}.example", send_invitation=False)
            with schema_context(Municipality.objects.get(ags=ags).schema_name):
                from django.contrib.auth import get_user_model

                admin = get_user_model().objects.get(email=f"admin@{slug}.example")
                admin.set_password(DEMO_PASSWORD)
                admin.save()
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _back_to_public():
    yield
    connection.set_schema_to_public()
    # Rolled-back tenants must not linger in the per-process host cache.
    clear_host_cache()


@pytest.fixture
def kassel(db):
    return Municipality.objects.get(slug="kassel")


@pytest.fixture
def marburg(db):
    return Municipality.objects.get(slug="marburg")


def host_of(municipality) -> str:
    return municipality.domains.get(is_primary=True).domain


@pytest.fixture
def client_for():
    """A test client that talks to one municipality's host."""

    def make(municipality):
        return Client(HTTP_HOST=host_of(municipality))

    return make


@pytest.fixture
def committed_db(django_db_blocker):
    """Database access without a wrapping transaction, for code that commits or closes
    connections itself (the task worker, a live server). Use unique names: data stays."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
