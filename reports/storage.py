"""Report photos lie outside MEDIA_ROOT in <REPORTS_PRIVATE_ROOT>/<schema>/: /media/ can never serve
them; views hand out the blurred copy when it is published and the original only to staff."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection


def private_root() -> str:
    return settings.REPORTS_PRIVATE_ROOT or str(settings.MEDIA_ROOT).rstrip("/\\") + "-reports"


class ReportPhotoStorage(FileSystemStorage):
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
        raise ValueError("Report photos have no URL; use the photo views.")

    def deconstruct(self):
        return ("reports.storage.ReportPhotoStorage", (), {})


photo_storage = ReportPhotoStorage()
