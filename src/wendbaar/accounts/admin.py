from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts import totp
from wendbaar.accounts.models import ApiToken, ExternalIdentity, Organisation, User


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    extra = 0
    fields = ("issuer", "subject", "created_at", "last_login_at")
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ApiTokenInline(admin.TabularInline):
    """Tokens are made by their owner on the account page; here they can only be revoked."""

    model = ApiToken
    extra = 0
    fields = ("name", "prefix", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Role"), {"fields": ("role", "situation", "organisation")}),
    )
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        (_("Role"), {"fields": ("role", "organisation")}),
    )
    actions = ["switch_off_two_step"]

    def get_inlines(
        self, request: HttpRequest, obj: User | None
    ) -> list[type[InlineModelAdmin[Any, Any]]]:
        # A new account has no logins or tokens yet.
        return [] if obj is None else [ExternalIdentityInline, ApiTokenInline]

    @admin.action(description=_("Switch off two-step verification (lost phone and codes)"))
    def switch_off_two_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            totp.disable(user)
        self.message_user(
            request, _("Two-step verification is off for the chosen accounts."), messages.SUCCESS
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
