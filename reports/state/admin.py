from django.contrib import admin

from .models import ApiKey, Boundary


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["ags", "name", "district", "source", "updated_at"]
    search_fields = ["ags", "name", "district"]
    exclude = ["geometry"]
    readonly_fields = ["ags", "name", "district", "min_lon", "min_lat", "max_lon", "max_lat", "source"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made with ``manage.py open311_key``; here they are listed and switched off."""

    list_display = ["name", "municipality_slug", "active", "created_at"]
    fields = ["name", "municipality_slug", "active"]

    def has_add_permission(self, request):
        return False
