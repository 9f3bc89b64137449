import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_kassel(kassel):
    with schema_context(kassel.schema_name):
        yield kassel


@pytest.fixture
def citizen(in_kassel):
    from .factories import make_citizen

    return make_citizen()


@pytest.fixture
def dialogue(in_kassel):
    from .factories import make_dialogue

    return make_dialogue()


@pytest.fixture
def procedure(in_kassel):
    from .factories import make_procedure

    return make_procedure()
