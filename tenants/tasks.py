"""Background tasks of the state's core. They run in the public schema and take ids only.

Provisioning belongs to no municipality yet, so it is not a ``tenant_task``; it still uses
the database queue ("db"), which one worker serves for the whole platform.
"""

from django.db import connection
from django_tasks import task

from platform_core.tasks import TENANT_QUEUE_BACKEND


@task(backend=TENANT_QUEUE_BACKEND)
def registration_provision_task(registration_id: int) -> str:
    """Provision the municipality of an approved registration; returns its new status."""
    from .registration import registration_provision

    connection.set_schema_to_public()
    return registration_provision(registration_id=registration_id).status


@task(backend=TENANT_QUEUE_BACKEND)
def stats_refresh_task() -> int:
    """Recount every municipality's figures for the console; returns how many were counted."""
    from .stats import stats_refresh

    connection.set_schema_to_public()
    return len(stats_refresh())
