"""Forms of the service pages, following the NL Design System form guidelines.

Every label says "(required)" or "(optional)"; errors are listed in a summary above the
form that links to each field, and each field points to its own error with
``aria-describedby`` and says ``aria-invalid``. Public forms carry a honeypot field.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from wendbaar.services import choices, geo
from wendbaar.services.postcodes import Place, PlaceNotFound, find_place

HONEYPOT = "website"
# The length is checked with the place itself, so one message says what to type.
PLACE_ATTRS = {"autocomplete": "postal-code", "maxlength": str(geo.PLACE_MAX_LENGTH)}
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{6,28}$")


class AccessibleBoundField(BoundField):
    """Django links errors for single inputs; radio and checkbox groups need it on each option."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and self.auto_id:
            described = [f"{self.auto_id}_helptext"] if self.help_text else []
            if self.errors:
                described.append(f"{self.auto_id}_error")
                attrs["aria-invalid"] = "true"
            if described:
                attrs["aria-describedby"] = " ".join(described)
        return attrs

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the input, or the first option of a group."""
        if self.use_fieldset:
            return f"{self.auto_id}_0"
        return self.id_for_label


class AccessibleForm(forms.Form):
    bound_field_class = AccessibleBoundField

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order of the form; errors of the
        whole form link to its first field, so every line leads somewhere."""
        fields = [field for field in self.visible_fields() if field.name != HONEYPOT]
        first = fields[0].anchor if fields else ""  # type: ignore[attr-defined]
        links = [(first, str(message)) for message in self.non_field_errors()]
        for field in fields:
            links.extend((field.anchor, str(message)) for message in field.errors)  # type: ignore[attr-defined]
        return links


class PublicForm(AccessibleForm):
    """A form anyone may send: bots fill the hidden honeypot field, people never see it."""

    website = forms.CharField(required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _("Your answers could not be sent. Please try again."), code="spam"
            )
        return cleaned

    def visible_fields(self) -> list[BoundField]:
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


def _radio(
    choices_: Any, *, label: Any, required: Any = None, empty: Any = None
) -> forms.ChoiceField:
    """A radio group; ``required`` is the message when nothing is chosen, else optional."""
    options = list(choices_) + ([("", empty)] if empty else [])
    return forms.ChoiceField(
        choices=options,
        required=required is not None,
        label=label,
        widget=forms.RadioSelect,
        error_messages={"required": required} if required else {},
    )


class GoalForm(PublicForm):
    goal = _radio(
        choices.Goal.choices,
        label=_("Choose what fits you best"),
        required=_("Choose what you want."),
    )


class AboutForm(PublicForm):
    work_situation = _radio(
        choices.WorkSituation.choices,
        label=_("What is your work situation now?"),
        required=_("Choose your work situation."),
    )
    education = _radio(
        choices.Education.choices,
        label=_("What is your highest diploma?"),
        empty=_("I would rather not say"),
    )
    age_group = _radio(
        choices.AgeGroup.choices,
        label=_("How old are you?"),
        empty=_("I would rather not say"),
    )


class WorkPlaceForm(PublicForm):
    found_place: Place | None = None
    sector = forms.ChoiceField(
        choices=[("", _("I do not know, or I do not work now")), *choices.Sector.choices],
        required=False,
        label=_("In which sector do you work, or want to work?"),
    )
    employer_size = _radio(
        choices.EmployerSize.choices,
        label=_("How many people work at your employer?"),
        empty=_("I do not know, or I have no employer"),
    )
    place = forms.CharField(
        required=False,
        label=_("Where do you live?"),
        help_text=_("Your postcode or municipality, for example 3511 AB or Utrecht."),
        widget=forms.TextInput(attrs=PLACE_ATTRS),
    )

    def clean_place(self) -> str:
        text: str = self.cleaned_data["place"]
        self.found_place = place_or_error(text) if text.strip() else None
        return text.strip()


class BarriersForm(PublicForm):
    barriers = forms.MultipleChoiceField(
        choices=choices.Barrier.choices,
        required=False,
        label=_("What makes learning hard for you?"),
        help_text=_("Tick all that fit. You may also tick nothing."),
        widget=forms.CheckboxSelectMultiple,
    )


def place_or_error(text: str) -> Place:
    """A known place, or a ValidationError that says what to type instead."""
    try:
        return find_place(text)
    except geo.PlaceError as exc:
        if exc.code == geo.PlaceError.TOO_LONG:
            raise forms.ValidationError(
                _("Type at most %(max)s characters.") % {"max": geo.PLACE_MAX_LENGTH}
            ) from exc
        raise forms.ValidationError(
            _("Type a postcode like 1234 AB, or the name of your municipality.")
        ) from exc
    except PlaceNotFound as exc:
        if isinstance(exc.query, geo.PostcodeQuery):
            message = _(
                "We do not know postcode %(postcode)s. Check the digits, or type your municipality."
            ) % {"postcode": exc.query.display}
        else:
            message = _(
                "We do not know “%(place)s”. Check the spelling, or type your postcode."
            ) % {"place": exc.query.name}
        raise forms.ValidationError(message) from exc


class ConversationForm(PublicForm):
    name = forms.CharField(
        max_length=100,
        label=_("Your name"),
        error_messages={"required": _("Fill in your name.")},
        help_text=_("So the adviser knows how to address you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label=_("Your e-mail address"),
        help_text=_("Give an e-mail address, a phone number or both."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        required=False,
        max_length=30,
        label=_("Your phone number"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    question = forms.CharField(
        required=False,
        max_length=1000,
        label=_("What would you like to talk about?"),
        help_text=_("At most 1000 characters. Do not write about your health."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    share_route = forms.BooleanField(
        required=False,
        label=_("The adviser may see the answers I gave in “What do you want?”"),
    )
    consent = forms.BooleanField(
        label=_("I agree that this service point uses my details to contact me"),
        help_text=_("We delete your request when you withdraw it."),
        error_messages={"required": _("Tick the box to agree, or we cannot send your request.")},
    )

    def __init__(self, *args: Any, has_route: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_route:
            del self.fields["share_route"]

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(_("Type a phone number with digits, like 06 12345678."))
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email"):
            self.add_error(
                "email",
                _("Give an e-mail address or a phone number, so the adviser can reach you."),
            )
        return cleaned


class EmailRouteForm(PublicForm):
    email = forms.EmailField(
        max_length=254,
        label=_("Your e-mail address"),
        error_messages={"required": _("Fill in your e-mail address.")},
        help_text=_("We send the route once and do not keep your address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PointSearchForm(AccessibleForm):
    found_place: Place | None = None
    place = forms.CharField(
        required=False,
        label=_("Postcode or place"),
        help_text=_("For example 3511 AB or Utrecht."),
        widget=forms.TextInput(attrs=PLACE_ATTRS),
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *choices.PointKind.choices],
        required=False,
        label=_("Kind of place"),
    )
    topic = forms.ChoiceField(
        choices=[("", _("All questions")), *choices.Topic.choices],
        required=False,
        label=_("Your question"),
    )

    def clean_place(self) -> str:
        text: str = self.cleaned_data["place"]
        self.found_place = place_or_error(text) if text.strip() else None
        return text.strip()


class LearningSearchForm(AccessibleForm):
    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Search"),
        help_text=_("A skill or a word, for example: e-mail, spelling or fractions."),
    )
    topic = forms.ChoiceField(
        choices=[("", _("All skills")), *choices.ResourceTopic.choices],
        required=False,
        label=_("Skill"),
    )
