"""Read-only admin: certificates change only through the services (journaled transitions)."""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from trust.models import Certificate, CertificateAuthority, Credential, PersonKey


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "parent", "crl_number", "crl_next_update")
    exclude = ("crl_der",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("common_name", "kind", "status", "issuer", "serial_hex", "not_after")
    list_filter = ("kind", "status", "issuer")
    search_fields = ("subject", "serial_hex", "fingerprint_sha256")
    exclude = ("der",)


class PersonKeyInline(admin.TabularInline):
    model = PersonKey
    fields = ("role", "certificate", "pin_tries_left", "updated_at")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ("surname", "given_name", "personal_code", "holder", "puk_tries_left", "pin2_change_required")
    search_fields = ("personal_code", "surname", "given_name")
    fields = (
        "code",
        "holder",
        "personal_code",
        "given_name",
        "surname",
        "puk_tries_left",
        "pin2_change_required",
        "kdf_memory_kib",
        "kdf_iterations",
        "kdf_lanes",
        "created_at",
    )
    readonly_fields = fields
    inlines = (PersonKeyInline,)
