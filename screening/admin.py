"""Admin for sanctions lists and their versions. Everything is read-only: lists change
only through ``manage.py load_sanctions_list``, so every version is a file that was
published and whose hash is on record."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.admin import ReadOnlyAdmin
from screening.models import Entry, EntryName, ListVersion, Rescreen, SanctionsList, ScreeningAlert


@admin.register(SanctionsList)
class SanctionsListAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "format", "current_version", "created_at")
    search_fields = ("name", "slug")
    readonly_fields = ("name", "slug", "format", "current_version", "created_at")
    list_select_related = ("current_version__sanctions_list",)


@admin.register(ListVersion)
class ListVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "sanctions_list",
        "published_on",
        "loaded_at",
        "is_current_display",
        "entry_count",
        "name_count",
        "load_seconds",
        "short_sha",
    )
    list_filter = ("sanctions_list",)
    list_select_related = ("sanctions_list",)
    readonly_fields = [f.name for f in ListVersion._meta.fields]

    @admin.display(description=_("current"), boolean=True)
    def is_current_display(self, obj: ListVersion) -> bool:
        return obj.is_current

    @admin.display(description=_("SHA-256"))
    def short_sha(self, obj: ListVersion) -> str:
        return obj.source_sha256[:12]


class EntryNameInline(admin.TabularInline):
    model = EntryName
    fields = ("name", "kind", "normalised")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("uid", "primary_name", "kind", "version")
    list_filter = ("kind", "version__sanctions_list")
    search_fields = ("uid", "primary_name", "names__name", "names__normalised")
    list_select_related = ("version__sanctions_list",)
    readonly_fields = [f.name for f in Entry._meta.fields]
    inlines = [EntryNameInline]
    show_full_result_count = False


@admin.register(Rescreen)
class RescreenAdmin(ReadOnlyAdmin):
    list_display = ("version", "state", "progress", "changed_entries", "alerts_created", "created_at", "finished_at")
    list_filter = ("state",)
    list_select_related = ("version__sanctions_list",)
    readonly_fields = [f.name for f in Rescreen._meta.fields]

    @admin.display(description=_("progress"))
    def progress(self, obj: Rescreen) -> str:
        return _("%(done)d of %(total)d people (%(percent)d %%)") % {
            "done": obj.done,
            "total": obj.total,
            "percent": obj.percent,
        }


@admin.register(ScreeningAlert)
class ScreeningAlertAdmin(ReadOnlyAdmin):
    list_display = ("subject_label", "source", "entry_uid", "score", "state", "created_at")
    list_filter = ("state", "source")
    search_fields = ("subject_label", "entry_uid", "subject_key")
    readonly_fields = [f.name for f in ScreeningAlert._meta.fields]
