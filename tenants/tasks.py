"""Background tasks of the state's core. They run in the public schema and take ids only.

Each task sits beside the service it calls; this module keeps the figures' task and the names
importable for older callers. ``registration_provision_task`` lives in ``registration``, which
no longer imports this module: the two used to import each other.
"""

from django.db import connection
from django_tasks import task

from platform_core.tasks import TENANT_QUEUE_BACKEND

from .registration import registration_provision_task

__all__ = ["registration_provision_task", "stats_refresh_task"]


@task(backend=TENANT_QUEUE_BACKEND)
def stats_refresh_task() -> int:
    """Recount every municipality's figures for the console; returns how many were counted."""
    from .stats import stats_refresh

    connection.set_schema_to_public()
    return len(stats_refresh())
