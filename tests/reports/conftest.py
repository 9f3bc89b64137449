import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def demo_boundaries(db):
    from reports.state.services import demo_boundaries_load

    demo_boundaries_load()


@pytest.fixture
def in_kassel(kassel):
    with schema_context(kassel.schema_name):
        yield kassel


@pytest.fixture
def in_marburg(marburg):
    with schema_context(marburg.schema_name):
        yield marburg
