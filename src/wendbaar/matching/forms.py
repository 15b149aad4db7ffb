"""Forms of the matching pages: the filters of a transition query, vacancies and the
admin uploads of labour-market tables."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.matching.engine.filters import DEFAULT_WAGE_SHARE
from wendbaar.matching.engine.query import TransitionQuery
from wendbaar.matching.models import Vacancy
from wendbaar.matching.present import SECTOR_NAMES
from wendbaar.services.forms import AccessibleBoundField, AccessibleForm

SECTOR_CHOICES = [(k, v) for k, v in SECTOR_NAMES.items() if k not in ("green", "digital", "ict")]
TOP_MAX = 50


class TransitionFilters(AccessibleForm):
    """The filters of every transition page and of the API; all optional."""

    region = forms.ChoiceField(
        label=_("Labour-market region"),
        required=False,
        help_text=_("For the demand figures. Empty: the Netherlands as a whole."),
    )
    sector = forms.MultipleChoiceField(
        label=_("Sector or transition"),
        required=False,
        choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    wage_share = forms.IntegerField(
        label=_("Lowest wage you would accept, as a percentage of the current wage"),
        required=False,
        min_value=0,
        max_value=200,
        help_text=_("For example 75: at least three quarters of what you earn now."),
    )
    max_missing = forms.IntegerField(
        label=_("Most essential skills you want to learn"),
        required=False,
        min_value=0,
        max_value=100,
    )
    shortage_only = forms.BooleanField(
        label=_("Only occupations with many vacancies in the region"), required=False
    )
    all_moves = forms.BooleanField(
        label=_("Also show moves that are not yet a good match"), required=False
    )

    def __init__(self, *args: Any, regions: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("The Netherlands"))] + [
            (r, r) for r in regions or [] if r != "Nederland"
        ]

    def query(self, top: int = 20, current_wage: float | None = None) -> TransitionQuery:
        data = self.cleaned_data if self.is_valid() else {}
        require = [] if data.get("all_moves") else ["viable"]
        if data.get("shortage_only"):
            require.append("in_demand")
        if data.get("sector"):
            require.append("sector")
        if data.get("max_missing") is not None:
            require.append("effort")
        share = data.get("wage_share")
        return TransitionQuery(
            region=data.get("region") or None,
            wage_share=(share / 100) if share is not None else DEFAULT_WAGE_SHARE,
            current_wage=current_wage,
            sectors=tuple(data.get("sector") or ()),
            max_missing=data.get("max_missing"),
            require=tuple(require),
            top=top,
        )


class VacancyForm(forms.ModelForm):
    bound_field_class = AccessibleBoundField
    error_links = AccessibleForm.error_links

    class Meta:
        model = Vacancy
        fields = ["title", "text", "region", "hours", "status"]
        help_texts = {
            "text": _("Describe the work in your own words. We look for the skills in it."),
            "hours": _("Hours per week, for example 32."),
        }

    def __init__(self, *args: Any, regions: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"] = forms.ChoiceField(
            label=_("Labour-market region"),
            required=False,
            choices=[("", _("Not chosen"))] + [(r, r) for r in regions or [] if r != "Nederland"],
        )
        self.fields["hours"].widget.attrs.update({"min": 1, "max": 80})
        self.fields["text"].widget.attrs["rows"] = 8


class UploadForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Table"),
        choices=[
            ("tension", _("UWV Spanningsindicator (tension per occupation group and region)")),
            ("wages", _("CBS 85517NED wage quartiles per BRC group")),
        ],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("File (CSV, as downloaded)"))
