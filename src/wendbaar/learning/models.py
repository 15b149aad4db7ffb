"""The learning offer (providers, offerings, start dates) and development plans."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wendbaar.taxonomy.models import Concept


class QualityMark(models.TextChoices):
    CRKBO = "crkbo", _("CRKBO registered")
    NRTO = "nrto", _("NRTO quality mark")
    OCW = "ocw", _("recognised by the Ministry of Education (OCW)")
    EVC = "evc", _("recognised EVC provider")


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    marks = models.JSONField(
        _("quality marks"), default=list, blank=True, help_text=_("Codes of QualityMark.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_providers",
        verbose_name=_("organisation"),
    )
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("learning provider")
        verbose_name_plural = _("learning providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def mark_labels(self) -> list[str]:
        labels = dict(QualityMark.choices)
        return [str(labels[m]) for m in self.marks if m in labels]


# The most an offering may ask: importers, forms and the API refuse more.
MAX_STUDY_HOURS = 20_000
MAX_DURATION_WEEKS = 520


class OfferingKind(models.TextChoices):
    COURSE = "course", _("course")
    MODULE = "module", _("module")
    MICRO_CREDENTIAL = "micro_credential", _("micro-credential")
    PROGRAMME = "programme", _("programme with a diploma")
    EVC = "evc", _("EVC trajectory (recognition of prior learning)")
    ON_THE_JOB = "on_the_job", _("learning on the job")
    FREE_ONLINE = "free_online", _("free online material")


class Mode(models.TextChoices):
    ONLINE = "online", _("online")
    CLASSROOM = "classroom", _("in a classroom")
    BLENDED = "blended", _("blended (online and classroom)")
    AT_WORK = "at_work", _("at work")


class Offering(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferingKind.choices)
    skills = models.ManyToManyField(
        Concept, through="OfferingSkill", related_name="offerings", verbose_name=_("skills")
    )
    nlqf_level = models.CharField(_("NLQF level"), max_length=10, blank=True)
    eqf_level = models.CharField(_("EQF level"), max_length=10, blank=True)
    # Explicit upper bounds: realistic limits, and the API schema then no longer depends on
    # the database's integer range (SQLite and PostgreSQL differ).
    study_hours = models.PositiveIntegerField(
        _("study load (hours)"), default=0, validators=[MaxValueValidator(MAX_STUDY_HOURS)]
    )
    duration_weeks = models.PositiveIntegerField(
        _("duration (weeks)"), default=0, validators=[MaxValueValidator(MAX_DURATION_WEEKS)]
    )
    cost = models.DecimalField(_("cost (euros)"), max_digits=10, decimal_places=2, default=0)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode (4 digits)"), max_length=4, blank=True)
    region = models.CharField(_("labour-market region"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    credential = models.JSONField(
        _("credential awarded"),
        default=dict,
        blank=True,
        help_text=_("An Open Badges 3.0 achievement."),
    )
    funding_kind = models.CharField(
        _("kind for funding schemes"),
        max_length=20,
        blank=True,
        help_text=_("The scheme finder's offering.kind: course, formal, basic_skills or advice."),
    )
    kansberoep = models.BooleanField(
        _("leads to an occupation with good job chances"), null=True, blank=True
    )
    url = models.URLField(_("web page"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_offering_source_id",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def online(self) -> bool:
        return self.mode == Mode.ONLINE or self.kind == OfferingKind.FREE_ONLINE


class OfferingSkill(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="skill_links")
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")
    confirmed = models.BooleanField(
        _("confirmed by the provider"),
        default=False,
        help_text=_("Skills found by the linker stay unconfirmed until the provider checks them."),
    )

    class Meta:
        verbose_name = _("skill of an offering")
        verbose_name_plural = _("skills of offerings")
        constraints = [
            models.UniqueConstraint(fields=["offering", "concept"], name="unique_offering_skill")
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} teaches {self.concept_id}"


class OfferingStart(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="starts")
    date = models.DateField(_("start date"))

    class Meta:
        verbose_name = _("start date")
        verbose_name_plural = _("start dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "date"], name="unique_offering_start")
        ]

    def __str__(self) -> str:
        return self.date.isoformat()


class Plan(models.Model):
    """An ontwikkelplan: a goal and the actions towards it, owned by the person."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_plans"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    goal_occupation = models.ForeignKey(
        Concept,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("goal occupation"),
    )
    goal_skills = models.ManyToManyField(
        Concept, blank=True, related_name="+", verbose_name=_("goal skills")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"plan {self.pk}"

    def progress(self) -> tuple[int, int]:
        """(done, total) actions."""
        statuses = list(self.actions.values_list("status", flat=True))
        return sum(1 for s in statuses if s == ActionStatus.DONE), len(statuses)


class ActionKind(models.TextChoices):
    OFFERING = "offering", _("training or course")
    EVC = "evc", _("EVC trajectory")
    WORK = "work", _("work experience")
    CONVERSATION = "conversation", _("conversation")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("to do")
    DOING = "doing", _("in progress")
    DONE = "done", _("done")


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(_("what"), max_length=300)
    offering = models.ForeignKey(
        Offering, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    skills = models.ManyToManyField(
        Concept, blank=True, related_name="+", verbose_name=_("skills it closes")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    credential = models.JSONField(_("credential awarded"), default=dict, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("validated by"),
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title
