"""Forms of the sharing pages: a share link, and consent for an adviser or employer."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.passport.models import ConsentScope, SkillClaim
from wendbaar.passport.sharing import (
    DEFAULT_DAYS,
    MAX_DAYS,
    advisers_by_point,
    find_grantee,
    shown_name,
)
from wendbaar.services.forms import AccessibleForm

WHOLE = "whole"
SELECTION = "selection"


class ShareLinkForm(AccessibleForm):
    label = forms.CharField(
        label=_("For whom is this link?"),
        max_length=200,
        help_text=_("For example: “job interview at the bakery”. Only you see this name."),
    )
    days = forms.IntegerField(
        label=_("How many days may the link be used?"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("At most 365 days. You can stop the link earlier at any time."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    scope = forms.ChoiceField(
        label=_("What does the link show?"),
        choices=[
            (WHOLE, _("My whole passport")),
            (SELECTION, _("Only the skills I choose below")),
        ],
        initial=WHOLE,
        widget=forms.RadioSelect,
    )
    claims = forms.MultipleChoiceField(
        label=_("Skills to show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only needed when the link shows the skills you choose."),
    )

    def __init__(self, *args: Any, claims: list[tuple[SkillClaim, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._claims = {str(claim.pk): claim for claim, _label in claims}
        cast(forms.MultipleChoiceField, self.fields["claims"]).choices = [
            (str(claim.pk), label) for claim, label in claims
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("scope") == SELECTION and not cleaned.get("claims"):
            self.add_error("claims", _("Choose at least one skill, or show the whole passport."))
        return cleaned

    def chosen_claims(self) -> list[SkillClaim] | None:
        """None for the whole passport, else the chosen claims."""
        if self.cleaned_data["scope"] == WHOLE:
            return None
        return [self._claims[pk] for pk in self.cleaned_data["claims"]]


def _adviser_choices() -> list[Any]:
    choices: list[Any] = [("", _("— none —"))]
    for point, advisers in advisers_by_point():
        choices.append((point, [(str(user.pk), shown_name(user)) for user in advisers]))
    return choices


class ConsentForm(AccessibleForm):
    adviser = forms.ChoiceField(
        label=_("An adviser of a service point"),
        required=False,
        help_text=_("Choose the adviser you talk to, or fill in an e-mail address below."),
    )
    email = forms.EmailField(
        label=_("Or the e-mail address of an adviser or employer"),
        required=False,
        max_length=254,
        help_text=_("Ask them for the address they use on wendbaar."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("What may they see?"),
        choices=ConsentScope.choices,
        initial=ConsentScope.PASSPORT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        cast(forms.ChoiceField, self.fields["adviser"]).choices = _adviser_choices()
        self.grantee: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        adviser, email = cleaned.get("adviser"), cleaned.get("email")
        if "email" in self.errors:
            return cleaned
        if adviser and email:
            self.add_error("email", _("Choose an adviser or fill in an e-mail address, not both."))
        elif adviser:
            found = [u for _p, users in advisers_by_point() for u in users if str(u.pk) == adviser]
            self.grantee = found[0] if found and found[0].pk != self.owner.pk else None
            if self.grantee is None:
                self.add_error("adviser", _("This adviser cannot be chosen."))
        elif email:
            self.grantee = find_grantee(email)
            if self.grantee is None or self.grantee.pk == self.owner.pk:
                self.grantee = None
                self.add_error(
                    "email",
                    _(
                        "We found no adviser or employer with this e-mail address. "
                        "Check the address with them."
                    ),
                )
        else:
            self.add_error("adviser", _("Choose an adviser or fill in an e-mail address."))
        return cleaned
