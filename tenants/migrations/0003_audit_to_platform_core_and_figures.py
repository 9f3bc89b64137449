"""Move the state's audit log into the one audit table (platform_core.AuditEntry) and the
feature apps' figures into ``MunicipalityStats.figures``; the old columns and table go in 0004."""

from django.db import migrations, models

# Old rows keep their time, action, text of the actor and details; the municipality's name
# comes from the row, its AGS and subdomain from the municipality if it still exists.
COPY_AUDIT = """
INSERT INTO platform_core_auditentry (
    created_at, action, actor_kind, actor_id, actor_label, target_type, target_id, target_label,
    municipality_name, municipality_ags, municipality_slug, data
)
SELECT
    e.created_at, e.action,
    CASE
        WHEN e.actor IN ('', 'system') THEN 'system'
        WHEN e.action IN ('registration.submitted', 'registration.verified') THEN 'applicant'
        ELSE 'state_staff'
    END,
    '', e.actor,
    CASE
        WHEN e.municipality_id IS NOT NULL THEN 'tenants.municipality'
        WHEN e.data ? 'registration' THEN 'tenants.municipalityregistration'
        ELSE ''
    END,
    COALESCE(e.municipality_id::text, e.data->>'registration', ''),
    COALESCE(m.name, e.municipality_name),
    e.municipality_name,
    COALESCE(NULLIF(m.ags, ''), e.data->>'ags', ''),
    COALESCE(m.slug, ''),
    e.data
FROM tenants_auditevent e LEFT JOIN tenants_municipality m ON m.id = e.municipality_id
ORDER BY e.created_at, e.id
"""

COPY_FIGURES = """
UPDATE tenants_municipalitystats SET figures = jsonb_build_object('surveys', surveys, 'responses', responses)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0002_registration_stats_archive"),
        ("platform_core", "0001_one_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipalitystats",
            name="figures",
            field=models.JSONField(blank=True, default=dict, verbose_name="figures"),
        ),
        migrations.RunSQL(COPY_FIGURES, migrations.RunSQL.noop),
        migrations.RunSQL(COPY_AUDIT, migrations.RunSQL.noop),
    ]
