from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.admin import OTPAdminSite

from accounts.models import User

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
