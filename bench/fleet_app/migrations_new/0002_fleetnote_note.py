"""The "small new migration" of the fleet benchmark: one column added in every municipality."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bench_fleet", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="fleetnote", name="note", field=models.CharField(blank=True, default="", max_length=200)
        ),
    ]
