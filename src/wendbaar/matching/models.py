"""Labour-market signals as loaded by an administrator, vacancies and contact requests.

Signals are replaced as a whole by each load (CBS wages, UWV tension), so the engine
always sees one consistent table; ``is_demo`` marks the self-written demo figures.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.models import Organisation
from wendbaar.taxonomy.models import Concept


class WageFigure(models.Model):
    """CBS 85517NED: hourly wage quartiles and employees of one BRC code (any level)."""

    brc = models.CharField(_("BRC code"), max_length=10, unique=True)
    employees_thousands = models.FloatField(_("employees (thousands)"), null=True, blank=True)
    p25 = models.FloatField(_("hourly wage, 25th percentile"), null=True, blank=True)
    p50 = models.FloatField(_("hourly wage, median"), null=True, blank=True)
    p75 = models.FloatField(_("hourly wage, 75th percentile"), null=True, blank=True)
    source = models.CharField(_("source file"), max_length=300)
    is_demo = models.BooleanField(_("demo data"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("wage figure")
        verbose_name_plural = _("wage figures")
        ordering = ["brc"]

    def __str__(self) -> str:
        return f"{self.brc}: {self.p50}"


class EmploymentFigure(models.Model):
    """Eurostat lfsa_egai2d: employed persons per ISCO-08 2-digit group in the Netherlands."""

    isco2 = models.CharField(_("ISCO-08 sub-major group"), max_length=2, unique=True)
    employed_thousands = models.FloatField(_("employed (thousands)"))
    source = models.CharField(_("source file"), max_length=300)
    is_demo = models.BooleanField(_("demo data"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("employment figure")
        verbose_name_plural = _("employment figures")
        ordering = ["isco2"]

    def __str__(self) -> str:
        return f"{self.isco2}: {self.employed_thousands}"


class TensionFigure(models.Model):
    """UWV Spanningsindicator: the latest figure of one BRC group in one region."""

    brc = models.CharField(_("BRC code"), max_length=10)
    region = models.CharField(_("labour-market region"), max_length=80)
    category = models.CharField(_("typering"), max_length=20)
    value = models.FloatField(_("indicator"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=40, blank=True)
    source = models.CharField(_("source file"), max_length=300)
    is_demo = models.BooleanField(_("demo data"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("tension figure")
        verbose_name_plural = _("tension figures")
        ordering = ["brc", "region"]
        constraints = [
            models.UniqueConstraint(fields=["brc", "region"], name="one_tension_per_group_region")
        ]

    def __str__(self) -> str:
        return f"{self.brc} {self.region}: {self.category}"


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Vacancy(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="vacancies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("job title"), max_length=200)
    text = models.TextField(_("description of the work"), max_length=10000)
    region = models.CharField(_("labour-market region"), max_length=80, blank=True)
    hours = models.PositiveSmallIntegerField(
        _("hours per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.OPEN


class VacancySkill(models.Model):
    """A skill a vacancy asks for: suggested by the linker until the employer confirms it."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    concept = models.ForeignKey(
        Concept, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    required = models.BooleanField(_("required"), default=True)
    confirmed = models.BooleanField(_("confirmed by the employer"), default=False)
    matched_text = models.CharField(_("found in the text as"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vacancy skill")
        verbose_name_plural = _("vacancy skills")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "concept"], name="one_skill_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.concept_id}"


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class ContactRequest(models.Model):
    """An employer asks a findable person about a vacancy; the name is shown only after
    the person accepts."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vacancy_contacts"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "person"], name="one_request_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} -> {self.person_id} ({self.status})"
