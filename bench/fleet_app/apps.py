from django.apps import AppConfig


class FleetBenchConfig(AppConfig):
    """A tenant app of the fleet benchmark only (bench/fleet.py): one small table in every
    municipality, and in the second run one new migration (AddField) to apply to all of them."""

    name = "bench.fleet_app"
    label = "bench_fleet"
    default_auto_field = "django.db.models.BigAutoField"
