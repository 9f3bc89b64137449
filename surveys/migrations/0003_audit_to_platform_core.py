"""Move the survey audit entries of this municipality into the one audit table
(platform_core.AuditEntry, same schema); the old table goes in 0004."""

from django.db import migrations

COPY_AUDIT = """
INSERT INTO platform_core_auditentry (
    created_at, action, actor_kind, actor_id, actor_label, target_type, target_id, target_label,
    municipality_name, municipality_ags, municipality_slug, data
)
SELECT
    created_at, action, CASE WHEN actor IN ('', 'system') THEN 'system' ELSE 'municipal_user' END, '', actor,
    'surveys.survey', COALESCE(survey_id::text, ''), survey_title, '', '', '', data
FROM surveys_auditentry
ORDER BY created_at, id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_survey_exports_as_tasks"),
        ("platform_core", "0001_one_audit_trail"),
    ]

    operations = [migrations.RunSQL(COPY_AUDIT, migrations.RunSQL.noop)]
