"""Forms of the passport pages (NL Design System: labels say required/optional, errors
are summarised above the form and linked to their field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wendbaar.passport.models import ClaimContext, Proficiency
from wendbaar.services.forms import AccessibleForm

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".txt": b"",
}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _context_choices() -> list[tuple[str, Any]]:
    return [("", _("(not given)")), *ClaimContext.choices]


class ClaimDetailsForm(AccessibleForm):
    """What the owner may say about a claim; never its validation level."""

    proficiency = forms.TypedChoiceField(
        label=_("How well can you do it?"),
        choices=[("", _("(not given)")), *Proficiency.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    context = forms.ChoiceField(
        label=_("Where did you learn or use it?"), choices=_context_choices, required=False
    )
    last_used = forms.DateField(
        label=_("When did you last use it?"),
        help_text=_("A date, for example 2024-06-30. Leave empty if you do not know."),
        required=False,
        widget=DATE_INPUT,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Only you and the people you share your passport with can read this."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChooseSkillsForm(AccessibleForm):
    """Context and last use for every skill chosen on one screen."""

    context = forms.ChoiceField(
        label=_("Where did you learn or use these skills?"),
        choices=_context_choices,
        required=False,
    )
    last_used = forms.DateField(
        label=_("When did you last use them?"),
        help_text=_("A date, for example 2024-06-30. Leave empty if you do not know."),
        required=False,
        widget=DATE_INPUT,
    )


class EvidenceForm(AccessibleForm):
    title = forms.CharField(
        label=_("What is it?"),
        max_length=300,
        help_text=_("For example: certificate VCA, or: reference letter."),
    )
    url = forms.URLField(
        assume_scheme="https",
        label=_("Link"),
        required=False,
        max_length=1000,
        help_text=_("A web address where others can see the proof."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (docx), OpenDocument (odt), text, PNG or JPEG; at most 5 MB."),
    )

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = (upload.name or "").lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in EVIDENCE_TYPES:
            raise forms.ValidationError(
                _("This type of file is not accepted. Use PDF, docx, odt, txt, PNG or JPEG.")
            )
        if upload.size is not None and upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(EVIDENCE_TYPES[suffix]) or (suffix == ".txt" and b"\x00" in head):
            raise forms.ValidationError(
                _("The file's content does not match its name (%(suffix)s)."),
                params={"suffix": suffix},
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("url") and not cleaned.get("file"):
            raise forms.ValidationError(_("Give a link or choose a file."))
        if cleaned.get("url") and cleaned.get("file"):
            raise forms.ValidationError(_("Give a link or a file, not both."))
        return cleaned


class JobForm(AccessibleForm):
    title = forms.CharField(label=_("Job title"), max_length=300)
    employer = forms.CharField(label=_("Employer"), max_length=300, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, help_text=_("For example 2019-09-01.")
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty if you still work here."),
    )
    context = forms.ChoiceField(
        label=_("What kind of work was it?"),
        choices=[
            (ClaimContext.PAID_WORK, ClaimContext.PAID_WORK.label),
            (ClaimContext.VOLUNTEERING, ClaimContext.VOLUNTEERING.label),
            (ClaimContext.CARE, ClaimContext.CARE.label),
        ],
        initial=ClaimContext.PAID_WORK,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class JobEditForm(JobForm):
    """A job already in the passport; its skills stay as they are, so no context here."""

    context = None  # type: ignore[assignment]
    description = forms.CharField(
        label=_("What did you do?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EducationForm(AccessibleForm):
    title = forms.CharField(
        label=_("Programme or course"),
        max_length=300,
        help_text=_("For example: MBO Verzorgende IG, or: course Excel for beginners."),
    )
    institution = forms.CharField(label=_("School or provider"), max_length=300, required=False)
    level = forms.CharField(
        label=_("Level"),
        max_length=20,
        required=False,
        help_text=_(
            "For example MBO 2, HBO bachelor, NLQF 4 or EQF 5. Leave empty if you do not know."
        ),
    )
    completed = forms.DateField(
        label=_("Finished on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("For example 2018-06-30. Leave empty if you are still learning."),
    )
    diploma = forms.BooleanField(label=_("I got a diploma or certificate"), required=False)


class CvForm(AccessibleForm):
    text = forms.CharField(
        label=_("Paste the text of your CV"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label=_("Or choose your CV as a file"),
        required=False,
        help_text=_("Text (txt), PDF or Word (docx); at most 5 MB."),
        error_messages={
            "empty": _("We could not read text from this file. Paste the text of your CV instead.")
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste the text of your CV or choose a file."))
        return cleaned


class CredentialForm(AccessibleForm):
    document = forms.CharField(
        label=_("Paste the credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("Or choose the file"),
        required=False,
        help_text=_(
            "A .json file of at most 2 MB: one credential, a list of credentials, or a "
            "presentation."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not self.errors
            and not (cleaned.get("document") or "").strip()
            and not cleaned.get("file")
        ):
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        return cleaned


class ImportForm(AccessibleForm):
    scheme = forms.ChoiceField(label=_("Which system does the export come from?"))
    file = forms.FileField(
        label=_("The export file"),
        help_text=_("CSV or JSON, at most 2 MB. The page below explains the columns."),
    )

    def __init__(self, *args: Any, schemes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = schemes  # type: ignore[attr-defined]
