"""Private files of a municipality's surveys (exports): <SURVEYS_PRIVATE_ROOT>/<schema>/.

Unlike ``tenants.storage.MunicipalityMediaStorage`` the folder lies outside MEDIA_ROOT, so the
tenant media view (``/media/<path>``) can never serve it; files have no URL and are handed out
by a view that checks permissions.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection


def private_root() -> str:
    return settings.SURVEYS_PRIVATE_ROOT or str(settings.MEDIA_ROOT).rstrip("/\\") + "-private"


class MunicipalityPrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return os.path.join(private_root(), connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private survey files have no URL; use the download view.")

    def deconstruct(self):
        return ("surveys.storage.MunicipalityPrivateStorage", (), {})


private_storage = MunicipalityPrivateStorage()
