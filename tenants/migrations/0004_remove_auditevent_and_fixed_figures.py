from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_audit_to_platform_core_and_figures")]

    operations = [
        migrations.RemoveField(model_name="municipalitystats", name="surveys"),
        migrations.RemoveField(model_name="municipalitystats", name="responses"),
        migrations.RemoveField(model_name="municipalitystats", name="events"),
        migrations.RemoveField(model_name="municipalitystats", name="event_registrations"),
        migrations.DeleteModel(name="AuditEvent"),
    ]
