from django.contrib import admin

from exchange.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "reader", "reader_role", "consumer", "person", "what", "purpose")
    list_filter = ("reader_role", "consumer")
    search_fields = ("person__email", "person_ref", "what", "purpose")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
