from django.contrib import admin

from wendbaar.credentials.models import TrustedIssuer


@admin.register(TrustedIssuer)
class TrustedIssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "identifier", "added_at"]
    search_fields = ["name", "identifier"]
