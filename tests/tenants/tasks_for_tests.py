"""A task used by the isolation tests: it records the schema it ran in, in that schema's cache."""

from django.core.cache import cache
from django.db import connection

from platform_core.tasks import tenant_task


@tenant_task
def remember_schema(marker: str) -> str:
    cache.set("isolation-task-marker", f"{marker}@{connection.schema_name}", 60)
    return connection.schema_name
