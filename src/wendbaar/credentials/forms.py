"""The issuer's form: who receives the credential, which skills, what it says."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.models import Role, User
from wendbaar.credentials.engine.dids import DidError, did_key_document
from wendbaar.services.forms import AccessibleForm
from wendbaar.taxonomy.models import Concept, ConceptScheme

SKILL_KINDS: tuple[str, ...] = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)
MAX_SKILLS = 20


class IssueForm(AccessibleForm):
    recipient = forms.CharField(
        label=_("Who receives it"),
        max_length=300,
        help_text=_(
            "The person's wendbaar username, or their DID (starts with did:key: or did:web:)."
        ),
    )
    name = forms.CharField(
        label=_("Name of the credential"),
        max_length=200,
        help_text=_("For example: Lassen MIG/MAG, or: Nederlandse teksten lezen."),
    )
    description = forms.CharField(
        label=_("What the person can do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criteria = forms.CharField(
        label=_("How you checked it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: EVC procedure with a practical assessment."),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            ("validated", _("validated: EVC procedure or assessment")),
            ("certified", _("certified: diploma, certificate or micro-credential")),
        ],
        widget=forms.RadioSelect,
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty if it does not expire. Write it as 31-12-2030."),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, chosen: list[Concept] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.chosen = chosen or []
        self.recipient_user: User | None = None

    def error_links(self) -> list[tuple[str, str]]:
        """As AccessibleForm, but "choose a skill" leads to the skill search box."""
        links = super().error_links()
        skills = {str(message) for message in self.non_field_errors()}
        return [("q" if message in skills else anchor, message) for anchor, message in links]

    def clean_recipient(self) -> str:
        value = str(self.cleaned_data["recipient"]).strip()
        if value.startswith("did:key:"):
            try:
                did_key_document(value)
            except DidError:
                raise forms.ValidationError(
                    _("This did:key is not valid. Copy it again from the person's wallet."),
                    code="did",
                ) from None
            return value
        if value.startswith("did:web:"):
            return value
        if value.startswith("did:"):
            raise forms.ValidationError(
                _("Use a DID that starts with did:key: or did:web:."), code="did"
            )
        # Passports are for persons: other accounts (advisers, issuers) cannot receive.
        user = User.objects.filter(username__iexact=value, is_active=True, role=Role.PERSON).first()
        if user is None:
            raise forms.ValidationError(
                _("We do not know this username. Check it with the person, or use their DID."),
                code="unknown",
            )
        self.recipient_user = user
        return value

    def clean_valid_until(self) -> datetime | None:
        day: date | None = self.cleaned_data.get("valid_until")
        if day is None:
            return None
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."), code="past")
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.chosen:
            raise forms.ValidationError(
                _("Choose at least one skill: search for it, then tick it."), code="skills"
            )
        return cleaned


def chosen_skills(values: list[str]) -> list[Concept]:
    """The ticked skills (concept ids), only skills and knowledge of an ESCO scheme."""
    ids = [int(value) for value in values if value.isdigit()][:MAX_SKILLS]
    found = Concept.objects.filter(
        pk__in=ids, kind__in=SKILL_KINDS, scheme__kind=ConceptScheme.Kind.ESCO
    ).in_bulk()
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]
