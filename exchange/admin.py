from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from exchange.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "reader", "reader_role", "consumer", "person", "what", "purpose")
    list_filter = ("reader_role", "consumer")
    search_fields = ("person__email", "person_ref", "what", "purpose")
