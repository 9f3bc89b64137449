"""The state's audit log in the Django admin of the state portal: reading only."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor_label", "actor_kind", "municipality_name", "target_label"]
    list_filter = ["action", "actor_kind"]
    search_fields = ["actor_label", "municipality_name", "municipality_ags", "action", "target_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
