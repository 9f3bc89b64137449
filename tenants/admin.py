"""Django admin of the state portal (public schema): a read-mostly view for state staff.

Creating, suspending and archiving municipalities goes through the services (console,
commands), never through these forms, so that every change is provisioned and logged.
"""

from django.contrib import admin

from .models import Domain, Municipality, RegisterEntry


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    can_delete = False
    readonly_fields = ["domain", "is_primary"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "district", "status", "primary_domain", "created_at"]
    list_filter = ["status", "district"]
    search_fields = ["name", "ags", "slug", "domains__domain"]
    readonly_fields = [
        "schema_name",
        "name",
        "slug",
        "ags",
        "district",
        "status",
        "suspended_reason",
        "created_at",
        "updated_at",
    ]
    inlines = [DomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name="public").prefetch_related("domains")

    @admin.display(description="Domain")
    def primary_domain(self, obj):
        return next((d.domain for d in obj.domains.all() if d.is_primary), "")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listing and reading only: these rows come from imports and services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["ags", "name", "district", "administrative_region", "kind"]
    list_filter = ["administrative_region", "kind"]
    search_fields = ["ags", "name", "district"]
