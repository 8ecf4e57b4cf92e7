from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from exchange.models import AccessLogEntry, Agreement, Member, MessageBatch, MessageLogEntry, UsageMeter


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "reader", "reader_role", "consumer", "member", "person", "what", "purpose")
    list_filter = ("reader_role", "consumer")
    search_fields = ("person__email", "person_ref", "what", "purpose", "service_code")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = (
        "service_code",
        "provider",
        "consumer_agency",
        "consumer_member",
        "state",
        "valid_from",
        "valid_until",
    )
    list_filter = ("state", "provider")


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "registry_code", "country", "state", "contact")
    list_filter = ("state",)


@admin.register(MessageLogEntry)
class MessageLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "member", "service_code", "code", "batch")
    exclude = ("body", "signature")


@admin.register(MessageBatch)
class MessageBatchAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "code", "manifest_sha256")
    exclude = ("timestamp_token",)


@admin.register(UsageMeter)
class UsageMeterAdmin(ReadOnlyAdmin):
    list_display = ("month", "member", "service_code", "count")
