"""Read-mostly admin: cards change state only through the services (and their journal)."""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from digital_id.models import (
    DigitalId,
    PersonalCode,
    PickupBooking,
    PickupChange,
    PickupSlot,
    PinEnvelope,
    Renewal,
    RevocationRequest,
)


@admin.register(DigitalId)
class DigitalIdAdmin(ReadOnlyAdmin):
    list_display = ("document_number", "surname", "given_names", "state", "pickup_location", "expires_on")
    list_filter = ("state",)
    search_fields = ("document_number", "surname", "personal_code__code")


@admin.register(PersonalCode)
class PersonalCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "person", "birth_date", "allocated_at")
    search_fields = ("code",)


@admin.register(PinEnvelope)
class PinEnvelopeAdmin(ReadOnlyAdmin):
    list_display = ("digital_id", "created_at", "released_at", "destroyed_reason")
    exclude = ("sealed", "wrapped_key")


@admin.register(PickupSlot)
class PickupSlotAdmin(admin.ModelAdmin):
    list_display = ("location", "starts_at", "capacity")
    list_filter = ("location",)


admin.site.register(PickupBooking, ReadOnlyAdmin)
admin.site.register(PickupChange, ReadOnlyAdmin)
admin.site.register(RevocationRequest, ReadOnlyAdmin)
admin.site.register(Renewal, ReadOnlyAdmin)
