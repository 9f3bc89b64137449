from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.utils import schema_context

from platform_core.registry import registry
from tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "Mark background jobs whose worker died (provisioning, and what the apps register, e.g. survey "
        "exports) as failed, so staff can retry. Safe to run at any time, e.g. when a worker starts or from cron."
    )

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        recovered = {job.name: job.recover() for job in registry.jobs("public")}
        tenant_jobs = registry.jobs("tenant")
        for job in tenant_jobs:
            recovered[job.name] = 0
        if tenant_jobs:
            for schema in Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True):
                with schema_context(schema):
                    for job in tenant_jobs:
                        recovered[job.name] += job.recover()
        summary = ", ".join(f"{count} {name}" for name, count in recovered.items()) or "nothing registered"
        self.stdout.write(f"recovered: {summary}")
