from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from accounts.emails import email_retry
from accounts.models import OutgoingEmail, User

# The admin is an official page like any other: no entry without the second factor.
admin.site.__class__ = OTPAdminSite


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "given_name", "surname", "role", "email_verified_at", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("email", "given_name", "surname")
    readonly_fields = ("code", "date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("code", "email", "password")}),
        ("Person", {"fields": ("given_name", "surname", "language")}),
        ("Access", {"fields": ("role", "is_active", "is_staff", "is_superuser", "email_verified_at")}),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent, what is waiting and why. "Send again" is the one act."""

    list_display = ("created_at", "to", "subject", "delivery", "attempts", "sent_at", "last_error_short")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), ("gave_up_at", admin.EmptyFieldListFilter), "template")
    search_fields = ("to", "subject", "code")
    date_hierarchy = "created_at"
    actions = ("send_again",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("delivery"))
    def delivery(self, obj: OutgoingEmail) -> str:
        return obj.get_delivery_display()

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: OutgoingEmail) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected e-mails again"))
    def send_again(self, request, queryset):
        emails = list(queryset.filter(sent_at__isnull=True))
        for email in emails:
            email_retry(email=email)
        self.message_user(request, _("%(n)s e-mail(s) will be sent again.") % {"n": len(emails)})
