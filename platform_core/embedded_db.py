"""Start (or reuse) the embedded PostgreSQL server from the ``pgserver`` package.

Used when ``DATABASE_URL`` is unset, so a fresh machine needs nothing but Python.
``pgserver`` counts the processes holding a handle and stops the server when the
last one exits, so the web server, the task worker and the test run can share it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def embedded_database_settings(data_dir: Path) -> dict:
    """Return a Django ``DATABASES["default"]`` dict for the embedded server."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"pgserver-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        # Benchmarks use a database of their own on the same server.
        "NAME": os.environ.get("DJANGO_EMBEDDED_DB_NAME", "postgres"),
        "USER": "postgres",
        "PASSWORD": "",
        # pgserver listens on a Unix socket only; its folder is the "host".
        "HOST": str(info.socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }
