"""Administrators manage reference data here; cases change only through the services."""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from eresidency.models import (
    Application,
    InfoRequest,
    NationalityRestriction,
    PickupLocation,
    RefusalGround,
    ScreeningStage,
)


@admin.register(PickupLocation)
class PickupLocationAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "kind", "active")
    list_filter = ("kind", "active", "country")
    search_fields = ("name", "city", "code")


@admin.register(NationalityRestriction)
class NationalityRestrictionAdmin(admin.ModelAdmin):
    list_display = ("country", "group", "valid_from", "valid_to", "legal_reference")
    list_filter = ("group",)


@admin.register(RefusalGround)
class RefusalGroundAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "legal_reference", "valid_from", "valid_to", "position")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("code", "surname", "given_names", "state", "flagged", "decision_due")
    list_filter = ("state", "flagged")
    search_fields = ("code", "surname", "document_number")
    exclude = ("photo", "cv", "exception_evidence", "letter")


@admin.register(ScreeningStage)
class ScreeningStageAdmin(ReadOnlyAdmin):
    list_display = ("application", "name", "status", "attempts", "updated_at")
    list_filter = ("name", "status")


@admin.register(InfoRequest)
class InfoRequestAdmin(ReadOnlyAdmin):
    list_display = ("application", "status", "deadline", "requested_at")
    list_filter = ("status",)
