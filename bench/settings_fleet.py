"""Settings of the fleet benchmark (bench/fleet.py): the bench settings plus a bench-only tenant app.

BENCH_FLEET_NEW_MIGRATION=1 gives that app one more migration (an AddField), so a deploy has
exactly one small migration to apply in every municipality.
"""

import os

from platform_core.settings.bench import *  # noqa: F403
from platform_core.settings.bench import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "bench.fleet_app"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.fleet_app"]
MIGRATION_MODULES = {
    "bench_fleet": "bench.fleet_app.migrations_new"
    if os.environ.get("BENCH_FLEET_NEW_MIGRATION") == "1"
    else "bench.fleet_app.migrations"
}
