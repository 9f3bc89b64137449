"""The baseline of the benchmarks: the same one-query view, without the tenant middleware."""

from .bench import *  # noqa: F403

MIDDLEWARE = [m for m in MIDDLEWARE if m != "tenants.middleware.MunicipalityMiddleware"]  # noqa: F405
ROOT_URLCONF = "bench.urls_plain"
