"""Django admin: fees are read here and changed only with ``manage.py fee_version`` (so
history is never edited); payments, events and refunds are read-only records. Hand-offs
can be retried."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from audit.admin import ReadOnlyAdmin
from payments.models import Fee, Payment, Refund, SettlementHandoff, WebhookEvent


@admin.register(Fee)
class FeeAdmin(ReadOnlyAdmin):
    list_display = ("code", "variant", "amount", "valid_from", "valid_to", "note")
    list_filter = ("code",)
    search_fields = ("code", "legal_reference", "note")


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ("created_at", "amount", "status", "reason", "provider_refund_id", "requested_by", "error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "purpose",
        "reference",
        "payer",
        "amount",
        "status",
        "provider",
        "needs_attention",
        "created_at",
    )
    list_filter = ("status", "provider", "purpose", "needs_attention")
    search_fields = ("code", "reference", "payer__email", "provider_session_id", "provider_payment_intent")
    date_hierarchy = "created_at"
    list_select_related = ("payer",)
    inlines = [RefundInline]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "provider", "event_type", "outcome", "payment", "received_at")
    list_filter = ("provider", "event_type", "outcome")
    search_fields = ("event_id", "payment__code")
    list_select_related = ("payment",)


@admin.register(SettlementHandoff)
class SettlementHandoffAdmin(ReadOnlyAdmin):
    list_display = ("payment", "purpose", "status", "attempts", "updated_at")
    list_filter = ("status", "purpose")
    list_select_related = ("payment",)
    actions = ["retry_now"]

    def has_change_permission(self, request, obj=None):
        # Needed for the admin action; the form itself has only read-only fields.
        return request.user.is_active and request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Retry the hand-off now"))
    def retry_now(self, request, queryset):
        from payments.services import settlement_handoff_reopen

        for handoff in queryset:
            settlement_handoff_reopen(handoff=handoff, actor=request.user)
        messages.success(request, _("Retries queued."))
