"""Support views of passports for administrators; the owner's pages are the real editor.

Claims are shown, not edited here: a level only rises through the routes that prove it.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wendbaar.passport.claims import remove_credential
from wendbaar.passport.models import (
    Education,
    HeldCredential,
    Passport,
    SkillClaim,
    WorkExperience,
)


class ClaimInline(admin.TabularInline):
    model = SkillClaim
    fields = ["concept", "level", "source", "context", "last_used"]
    readonly_fields = ["concept", "level", "source", "context", "last_used"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Passport)
class PassportAdmin(admin.ModelAdmin):
    list_display = ["owner", "findable", "region", "updated_at"]
    search_fields = ["owner__username", "owner__email"]
    readonly_fields = ["owner", "holder_did", "created_at", "updated_at"]
    inlines = [ClaimInline]


@admin.register(SkillClaim)
class SkillClaimAdmin(admin.ModelAdmin):
    list_display = ["passport", "concept", "level", "source", "last_used"]
    list_filter = ["level", "source", "context"]
    search_fields = ["passport__owner__username", "concept__uri"]
    raw_id_fields = ["passport", "concept", "source_concept"]
    readonly_fields = ["level", "source", "created_at", "updated_at"]


@admin.register(HeldCredential)
class HeldCredentialAdmin(admin.ModelAdmin):
    list_display = ["name", "passport", "issuer_name", "verified", "added_at"]
    list_filter = ["verified"]
    search_fields = ["name", "issuer_name", "passport__owner__username"]
    raw_id_fields = ["passport"]
    readonly_fields = ["document", "verified", "verdict", "added_at"]

    # Deleting here lowers the claims it supported, as the owner's own removal does.
    def delete_model(self, request: HttpRequest, obj: HeldCredential) -> None:
        remove_credential(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HeldCredential]) -> None:
        for held in queryset:
            remove_credential(held)


@admin.register(WorkExperience)
class WorkExperienceAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "passport", "start", "end"]
    search_fields = ["title", "employer", "passport__owner__username"]
    raw_id_fields = ["passport", "occupation"]


@admin.register(Education)
class EducationAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "passport", "completed", "diploma"]
    search_fields = ["title", "institution", "passport__owner__username"]
    raw_id_fields = ["passport"]
