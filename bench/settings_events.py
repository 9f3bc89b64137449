"""Settings of the events benchmark's server (bench/events.py): the bench settings with the tenant
task queue of production (django_tasks_db), so a registration request enqueues its email task as
it does in production; the bench measures building and sending that email separately."""

from platform_core.settings.bench import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
