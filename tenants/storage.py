"""Media storage: each municipality's uploads lie in MEDIA_ROOT/<schema>/.

URLs carry no schema name (``/media/images/x.jpg``); ``tenants.views.serve_media`` answers
them from the current municipality's folder only, so one municipality's host can never
serve another's file.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection


class MunicipalityMediaStorage(FileSystemStorage):
    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return settings.MEDIA_URL

    def deconstruct(self):
        # Wagtail's delete task re-creates the storage from this; it carries no state.
        return ("tenants.storage.MunicipalityMediaStorage", (), {})
