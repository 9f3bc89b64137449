import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_kassel(kassel):
    with schema_context(kassel.schema_name):
        yield kassel
