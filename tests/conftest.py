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
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Always create the test database, also for runs that only hold committed/browser tests
    (pytest-django would otherwise set up none and leave them on the development database)."""
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    from tenants.hosts import DomainAllowedHosts

    # setup_test_environment() turned ALLOWED_HOSTS into a plain list (adding "testserver");
    # keep the production behaviour of admitting registered domains.
    settings.ALLOWED_HOSTS = DomainAllowedHosts(settings.ALLOWED_HOSTS)

    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=0, interactive=False, keepdb=False, aliases={"default"})
        assert connection.settings_dict["NAME"].startswith("test_")
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
    yield
    with django_db_blocker.unblock():
        # Start from a fresh connection: a test may have left this one closed or broken.
        connection.close()
        connection.set_schema_to_public()
        with connection.cursor() as cursor:  # live-server threads may still hold a connection
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        teardown_databases(db_cfg, verbosity=0)


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
def committed_db(django_db_setup, django_db_blocker):
    """Database access without a wrapping transaction, for code that commits or closes
    connections itself (the task worker, a live server). Use unique names: data stays."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
