"""Management pages for editors: providers and offerings (plans are the person's own and
are not shown here)."""

from __future__ import annotations

from django.contrib import admin

from wendbaar.learning.models import Offering, OfferingSkill, OfferingStart, Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "source", "is_demo"]
    list_filter = ["is_demo", "source"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["organisation"]


class OfferingSkillInline(admin.TabularInline):
    model = OfferingSkill
    raw_id_fields = ["concept"]
    extra = 0


class OfferingStartInline(admin.TabularInline):
    model = OfferingStart
    extra = 0


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "kind", "mode", "cost", "active", "is_demo"]
    list_filter = ["kind", "mode", "active", "is_demo", "source"]
    search_fields = ["title", "external_id", "provider__name"]
    list_select_related = ["provider"]
    raw_id_fields = ["provider"]
    inlines = [OfferingSkillInline, OfferingStartInline]
