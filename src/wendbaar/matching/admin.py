"""Admin: the loaded labour-market figures (read-only, replaced by uploads), an upload
form for the UWV and CBS tables, vacancies and contact requests."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from wendbaar.errors import InputError
from wendbaar.matching.forms import UploadForm
from wendbaar.matching.models import (
    ContactRequest,
    EmploymentFigure,
    TensionFigure,
    Vacancy,
    VacancySkill,
    WageFigure,
)
from wendbaar.matching.signals_import import import_tension, import_wages

UPLOAD_MAX = 20 * 1024 * 1024


class ReadOnlyFigures(admin.ModelAdmin):
    """Figures change only as a whole, by an upload (all or nothing)."""

    change_list_template = "admin/matching/figures_change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_upload"
        return [
            path("upload/", self.admin_site.admin_view(self.upload), name=name),
            *super().get_urls(),
        ]

    def upload(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("matching.delete_tensionfigure"):
            messages.error(request, _("You may not replace labour-market figures."))
            return redirect("admin:index")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > UPLOAD_MAX:
                form.add_error("file", _("The file is larger than 20 MB."))
            else:
                with tempfile.TemporaryDirectory() as folder:
                    target = Path(folder) / Path(upload.name).name
                    with target.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    try:
                        if form.cleaned_data["kind"] == "tension":
                            summary = import_tension(target, name=upload.name)
                            messages.success(
                                request,
                                _("Loaded %(n)s tension figures; %(bad)s rows could not be placed.")
                                % {"n": summary["figures"], "bad": summary["issue_count"]},
                            )
                        else:
                            summary = import_wages(target)
                            messages.success(
                                request,
                                _("Loaded wages of %(n)s BRC codes.")
                                % {"n": summary["wage_codes"]},
                            )
                    except InputError as exc:
                        form.add_error("file", str(exc).replace(folder + "/", ""))
                    else:
                        return redirect("admin:matching_tensionfigure_changelist")
        return TemplateResponse(
            request,
            "admin/matching/upload.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": _("Upload labour-market figures"),
            },
        )


@admin.register(TensionFigure)
class TensionFigureAdmin(ReadOnlyFigures):
    list_display = ["brc", "region", "category", "value", "period", "is_demo", "source"]
    list_filter = ["category", "is_demo", "region"]
    search_fields = ["brc", "region"]


@admin.register(WageFigure)
class WageFigureAdmin(ReadOnlyFigures):
    list_display = ["brc", "p25", "p50", "p75", "employees_thousands", "is_demo", "source"]
    list_filter = ["is_demo"]
    search_fields = ["brc"]


@admin.register(EmploymentFigure)
class EmploymentFigureAdmin(ReadOnlyFigures):
    list_display = ["isco2", "employed_thousands", "is_demo", "source"]


class VacancySkillInline(admin.TabularInline):
    model = VacancySkill
    raw_id_fields = ["concept"]
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "region", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name"]
    inlines = [VacancySkillInline]
    raw_id_fields = ["created_by"]


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "person", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    raw_id_fields = ["vacancy", "person"]
