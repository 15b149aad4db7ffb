from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wendbaar.credentials.models import IssuedCredential, IssuerKey, StatusList, TrustedIssuer


@admin.register(TrustedIssuer)
class TrustedIssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "identifier", "added_at"]
    search_fields = ["name", "identifier"]


# Keys, lists and issued credentials change only through the issuing code (signatures and
# status lists must stay consistent), so the admin shows them read-only; private keys are
# never shown, not even encrypted.
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "fragment", "status", "created"]
    list_filter = ["status"]
    exclude = ["encrypted_seed"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ["url", "organisation", "allocated", "size", "updated_at"]
    exclude = ["credential"]


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "subject_did", "issued_at", "revoked_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "credential_id", "subject_did"]
    exclude = ["document"]
