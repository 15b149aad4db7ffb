"""Forms of the learning pages (NL Design System: labels say required/optional, errors in a
summary that links to each field; the forms keep what was typed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wendbaar.learning.models import (
    MAX_DURATION_WEEKS,
    MAX_STUDY_HOURS,
    ActionKind,
    ActionStatus,
    Mode,
    Offering,
    OfferingKind,
    Provider,
)
from wendbaar.services.forms import AccessibleForm
from wendbaar.services.postcodes import PlaceNotFound, find_place
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept

DATE = forms.DateInput(attrs={"type": "date"})


def occupation_choices() -> list[tuple[str, str]]:
    """Occupations that have at least one skill an offering teaches (goal choices)."""
    occupations = list(
        Concept.objects.filter(kind="occupation", deprecated=False)
        .filter(relations_out__target__offerings__isnull=False)
        .distinct()
        .values_list("id", "uri")
    )
    labels = preferred_labels([i for i, _u in occupations])
    choices = [(uri, labels[i].text if i in labels else uri) for i, uri in occupations]
    return sorted(choices, key=lambda c: c[1].casefold())


def region_choices() -> list[tuple[str, str]]:
    regions = (
        Offering.objects.filter(active=True)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
    )
    return sorted((r, r.replace("-", " ").capitalize()) for r in regions)


class CatalogueForm(AccessibleForm):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    skill = forms.CharField(
        label=_("Skill"),
        required=False,
        max_length=200,
        help_text=_("For example: heat pumps, bookkeeping."),
    )
    occupation = forms.ChoiceField(label=_("Occupation you aim for"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    mode = forms.ChoiceField(
        label=_("How you learn"), required=False, choices=[("", _("any way")), *Mode.choices]
    )
    max_price = forms.DecimalField(
        label=_("Highest price in euros"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )
    start_before = forms.DateField(label=_("Starts before"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupation = self.fields["occupation"]
        region = self.fields["region"]
        assert isinstance(occupation, forms.ChoiceField) and isinstance(region, forms.ChoiceField)
        occupation.choices = [("", _("any occupation")), *occupation_choices()]
        region.choices = [("", _("anywhere")), *region_choices()]


class AdviceForm(AccessibleForm):
    occupation = forms.ChoiceField(
        label=_("Occupation you aim for"),
        error_messages={"required": _("Choose the occupation you aim for.")},
    )
    budget = forms.DecimalField(
        label=_("Your budget in euros"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("Leave empty if money is not the limit."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week you can learn"), required=False, min_value=1, max_value=60
    )
    weeks = forms.IntegerField(
        label=_("Weeks you have"), required=False, min_value=1, max_value=520
    )
    online_only = forms.BooleanField(label=_("Only online"), required=False)
    place = forms.CharField(
        label=_("Your postcode or place"),
        required=False,
        max_length=100,
        help_text=_("To find offerings near you."),
    )
    max_distance = forms.IntegerField(
        label=_("Farthest travel distance in km"), required=False, min_value=1, max_value=300
    )
    start_before = forms.DateField(label=_("Start before"), required=False, widget=DATE)
    english = forms.BooleanField(label=_("English is fine too"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupation = self.fields["occupation"]
        assert isinstance(occupation, forms.ChoiceField)
        occupation.choices = [("", _("choose an occupation")), *occupation_choices()]

    def clean_start_before(self) -> dt.date | None:
        value = self.cleaned_data.get("start_before")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        place = (cleaned.get("place") or "").strip()
        cleaned["point"] = None
        if place:
            try:
                cleaned["point"] = find_place(place).point
            except (PlaceNotFound, ValueError):
                self.add_error("place", _("We do not know this postcode or place."))
        if cleaned.get("max_distance") and not place and not cleaned.get("online_only"):
            self.add_error("place", _("Fill in your postcode to use a travel distance."))
        if bool(cleaned.get("hours_per_week")) != bool(cleaned.get("weeks")):
            self.add_error("weeks", _("Fill in both the hours per week and the weeks, or neither."))
        return cleaned

    @property
    def budget_value(self) -> Decimal | None:
        return self.cleaned_data.get("budget")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    validated = forms.BooleanField(required=False)


class ActionForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Kind of action"),
        choices=[(k, v) for k, v in ActionKind.choices if k != ActionKind.OFFERING],
    )
    title = forms.CharField(label=_("What will you do?"), max_length=300)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class OfferingEditForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    cost = forms.DecimalField(
        label=_("Price in euros"), min_value=0, max_digits=10, decimal_places=2
    )
    study_hours = forms.IntegerField(
        label=_("Study load in hours"), min_value=0, max_value=MAX_STUDY_HOURS
    )
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks"), min_value=0, max_value=MAX_DURATION_WEEKS
    )
    active = forms.BooleanField(label=_("Show in the catalogue"), required=False)


class OfferingCreateForm(AccessibleForm):
    """A new offering typed in by its provider; the skills are found in the description
    and wait on the offering's page for the provider to confirm them."""

    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What people learn"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_(
            "Describe what people can do after it, in plain words. We find the skills in "
            "this text; you check them on the next page."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of offering"), choices=OfferingKind.choices)
    mode = forms.ChoiceField(label=_("How people learn"), choices=Mode.choices)
    cost = forms.DecimalField(
        label=_("Price in euros"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Fill in 0 when it is free."),
    )
    study_hours = forms.IntegerField(
        label=_("Study load in hours"), min_value=0, max_value=MAX_STUDY_HOURS
    )
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks"), min_value=0, max_value=MAX_DURATION_WEEKS
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("nl", _("Dutch")), ("en", _("English"))]
    )
    location = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("Empty when online.")
    )
    postcode = forms.RegexField(
        label=_("Postcode (4 digits)"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Fill in the four digits of the postcode, e.g. 3511.")},
    )
    start = forms.DateField(label=_("First start date"), required=False, widget=DATE)
    url = forms.URLField(label=_("Web page"), required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = providers

    def clean_start(self) -> dt.date | None:
        start: dt.date | None = self.cleaned_data.get("start")
        if start is not None and start < timezone.localdate():
            raise forms.ValidationError(_("This date is in the past."))
        return start


class UploadForm(AccessibleForm):
    feed = forms.FileField(
        label=_("EDU-DEX XML or CSV file"),
        help_text=_("At most 5 MB. Records with a mistake are listed; the others are imported."),
        error_messages={"required": _("Choose a file.")},
    )

    def clean_feed(self) -> Any:
        feed = self.cleaned_data["feed"]
        if feed.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not feed.name.lower().endswith((".xml", ".csv")):
            raise forms.ValidationError(_("Choose an EDU-DEX XML file or a CSV file."))
        return feed
