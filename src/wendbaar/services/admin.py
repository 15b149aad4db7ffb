"""Management pages for editors: service points (with CSV import), schemes (with a preview
of who qualifies), free learning, and the postcode table (read only).

Conversation requests are deliberately not here: only advisers of the service point see
them, through their queue, where every view is logged.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wendbaar.errors import InputError
from wendbaar.services import choices, facts, preview
from wendbaar.services.models import (
    SCHEME_FIELDS,
    SERVICE_POINT_FIELDS,
    LabourMarketRegion,
    LearningResource,
    Municipality,
    PostcodeArea,
    Scheme,
    ServicePoint,
    ServicePointMember,
)
from wendbaar.services.point_import import import_service_points
from wendbaar.services.rules import Outcome, RuleError, check_vocabulary, parse_rule


def _codes_field(enum: type[Any], label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=enum.choices, widget=forms.CheckboxSelectMultiple, required=False, label=label
    )


def _url_field(label: Any, required: bool = False) -> forms.URLField:
    return forms.URLField(label=label, required=required, assume_scheme="https")


class ServicePointForm(forms.ModelForm):
    website = _url_field(_("website"))
    topics = _codes_field(choices.Topic, _("questions"))
    audiences = _codes_field(choices.Audience, _("groups"))

    class Meta:
        model = ServicePoint
        fields = list(SERVICE_POINT_FIELDS)


class MemberInline(admin.TabularInline):
    model = ServicePointMember
    extra = 1
    autocomplete_fields = ["user"]


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    form = ServicePointForm
    list_display = ["name", "kind", "city", "nationwide", "accepts_requests", "is_demo"]
    list_filter = ["kind", "nationwide", "accepts_requests", "is_demo", "region"]
    search_fields = ["name", "city", "postcode", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberInline]
    change_list_template = "admin/services/servicepoint/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_csv),
                name="services_servicepoint_import",
            )
        ]
        return own + super().get_urls()

    def import_csv(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:index")
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with NamedTemporaryFile(suffix=".csv") as handle:
                for chunk in form.cleaned_data["file"].chunks():
                    handle.write(chunk)
                handle.flush()
                try:
                    summary = import_service_points(Path(handle.name))
                except InputError as exc:
                    message = str(exc).replace(handle.name, form.cleaned_data["file"].name)
                    form.add_error("file", message)
                else:
                    done = gettext(
                        "Imported: %(added)s added, %(changed)s changed, %(unchanged)s same."
                    )
                    self.message_user(request, done % summary, messages.SUCCESS)
                    return redirect("admin:services_servicepoint_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": gettext("Import service points from CSV"),
        }
        return TemplateResponse(request, "admin/services/servicepoint/import_csv.html", context)


class SchemeForm(forms.ModelForm):
    source_url = _url_field(_("source"))
    audiences = _codes_field(choices.Audience, _("for"))

    class Meta:
        model = Scheme
        fields = [*SCHEME_FIELDS, "is_demo"]

    def clean_rule(self) -> Any:
        data = self.cleaned_data["rule"]
        try:
            rule = parse_rule(data)
        except RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        vocabulary = facts.vocabulary(
            list(Municipality.objects.values_list("code", flat=True)),
            list(LabourMarketRegion.objects.values_list("code", flat=True)),
        )
        problems = check_vocabulary(rule, vocabulary)
        if problems:
            raise forms.ValidationError("; ".join(problems))
        return data


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    form = SchemeForm
    list_display = ["name", "level", "valid_until", "checked_on", "is_demo"]
    list_filter = ["level", "is_demo", "recipient"]
    search_fields = ["name", "slug", "summary_nl"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["who_qualifies"]

    @admin.display(description=_("who would qualify"))
    def who_qualifies(self, scheme: Scheme) -> SafeString | str:
        if scheme.pk is None:
            return gettext("Save the scheme to see who would qualify.")
        try:
            rule = scheme.parsed_rule()
        except RuleError as exc:
            return str(exc)
        result = preview.preview(rule, scheme.validity, timezone.localdate())
        labels = {
            Outcome.APPLIES: gettext("applies"),
            Outcome.MAY_APPLY: gettext("may apply"),
            Outcome.DOES_NOT_APPLY: gettext("does not apply"),
        }
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", ((p.name, labels[o]) for p, o in result.personas)
        )
        summary = gettext(
            "Of %(total)s combinations of work situation, diploma and age (other answers "
            "unknown): %(applies)s apply, %(may)s may apply, %(not)s do not apply."
        ) % {
            "total": result.combinations,
            "applies": result.counts[Outcome.APPLIES],
            "may": result.counts[Outcome.MAY_APPLY],
            "not": result.counts[Outcome.DOES_NOT_APPLY],
        }
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            summary,
            gettext("Example person"),
            gettext("Outcome"),
            rows,
        )


class LearningResourceForm(forms.ModelForm):
    url = _url_field(_("address"), required=True)
    topics = _codes_field(choices.ResourceTopic, _("skills"))

    class Meta:
        model = LearningResource
        fields = [
            "title",
            "url",
            "provider",
            "description_nl",
            "description_en",
            "topics",
            "keywords",
            "material_language",
            "is_demo",
        ]


@admin.register(LearningResource)
class LearningResourceAdmin(admin.ModelAdmin):
    form = LearningResourceForm
    list_display = ["title", "provider", "material_language", "is_demo"]
    list_filter = ["material_language", "is_demo"]
    search_fields = ["title", "provider", "keywords"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The postcode table comes from an import; editing it by hand would be lost next time."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LabourMarketRegion)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "is_demo"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "region", "is_demo"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "place", "municipality", "is_demo"]
    search_fields = ["code", "place"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PostcodeArea]:
        return super().get_queryset(request).select_related("municipality")
