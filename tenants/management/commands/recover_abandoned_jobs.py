from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from tenants.models import Municipality
from tenants.registration import registrations_recover_abandoned


class Command(BaseCommand):
    help = (
        "Mark background jobs whose worker died (provisioning, survey exports) as failed, so staff "
        "can retry. Safe to run at any time, e.g. when a worker starts or from cron."
    )

    def handle(self, *args, **options):
        from surveys.services import survey_exports_recover_abandoned

        registrations = registrations_recover_abandoned()
        exports = 0
        for schema in Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True):
            with schema_context(schema):
                exports += survey_exports_recover_abandoned()
        self.stdout.write(f"recovered: {registrations} registrations, {exports} survey exports")
