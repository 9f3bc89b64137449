from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_audit_to_platform_core")]

    operations = [migrations.DeleteModel(name="AuditEntry")]
