from django.contrib import admin

from audit.models import JournalEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only change through services (and their journal) are shown, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "subject_type", "subject_id", "from_state", "to_state")
    list_filter = ("action", "subject_type")
    search_fields = ("subject_id", "actor_label", "reason")
    readonly_fields = [f.name for f in JournalEntry._meta.fields]
