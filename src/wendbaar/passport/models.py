"""The skills passport: owned by the person, shared only as the owner decides.

A claim always points to an ESCO skill so every other system can read it; when it came
from another scheme (a VDAB competence, a sector code) that concept is kept beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wendbaar.taxonomy.models import Concept


class ValidationLevel(models.IntegerChoices):
    """Ordered: a higher level never gives way to a lower one."""

    SELF_DECLARED = 1, _("self-declared")
    ADVISER = 2, _("confirmed by an adviser")
    EMPLOYER = 3, _("endorsed by an employer")
    VALIDATED = 4, _("validated (EVC, assessment)")
    CERTIFIED = 5, _("certified (diploma, certificate, micro-credential)")


class ClaimContext(models.TextChoices):
    PAID_WORK = "paid_work", _("paid work")
    EDUCATION = "education", _("education")
    VOLUNTEERING = "volunteering", _("volunteering")
    INFORMAL = "informal", _("informal learning")
    CARE = "care", _("care for others")


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("basic")
    INDEPENDENT = 2, _("independent")
    PROFICIENT = 3, _("proficient")
    EXPERT = 4, _("expert")


class ClaimSource(models.TextChoices):
    SEARCH = "search", _("chosen by searching")
    OCCUPATION = "occupation", _("from a past job")
    CV = "cv", _("from a CV")
    CREDENTIAL = "credential", _("from a credential")
    IMPORT = "import", _("imported from another passport")
    ADVISER = "adviser", _("added by an adviser")
    PLAN = "plan", _("from a completed action in a development plan")


class Passport(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passport"
    )
    holder_did = models.CharField(_("holder DID"), max_length=200, blank=True)
    findable = models.BooleanField(
        _("employers may find me for vacancies"),
        default=False,
        help_text=_("Only your skills and region are matched; your name is shown after you agree."),
    )
    region = models.CharField(_("labour-market region"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skills passport")
        verbose_name_plural = _("skills passports")

    def __str__(self) -> str:
        return str(self.owner)


class SkillClaim(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="claims")
    concept = models.ForeignKey(
        Concept, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    source_concept = models.ForeignKey(
        Concept,
        verbose_name=_("concept in the original scheme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("validation level"),
        choices=ValidationLevel.choices,
        default=ValidationLevel.SELF_DECLARED,
    )
    proficiency = models.PositiveSmallIntegerField(
        _("proficiency"),
        choices=Proficiency.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(min(Proficiency)), MaxValueValidator(max(Proficiency))],
    )
    context = models.CharField(
        _("context"), max_length=20, choices=ClaimContext.choices, blank=True
    )
    last_used = models.DateField(_("last used"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ClaimSource.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill claim")
        verbose_name_plural = _("skill claims")
        constraints = [
            models.UniqueConstraint(fields=["passport", "concept"], name="one_claim_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.concept} ({self.get_level_display()})"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("file")
    LINK = "link", _("link")
    CREDENTIAL = "credential", _("verifiable credential")


class Evidence(models.Model):
    claim = models.ForeignKey(SkillClaim, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)
    credential = models.ForeignKey(
        "passport.HeldCredential",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title or self.url or self.file.name or self.get_kind_display()


class HeldCredential(models.Model):
    """A verifiable credential in the person's wallet: imported or issued to them."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="credentials")
    document = models.JSONField(_("credential"))
    name = models.CharField(_("name"), max_length=300)
    issuer_name = models.CharField(_("issuer"), max_length=300, blank=True)
    issuer_id = models.CharField(_("issuer id"), max_length=500, blank=True)
    verified = models.BooleanField(_("proof verified"), default=False)
    verdict = models.JSONField(_("verification result"), default=dict)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-added_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def counts(self) -> bool:
        """Whether it may give a level: it verifies and its issuer is trusted."""
        return self.verified and bool(self.verdict.get("trusted_issuer"))

    @property
    def revoked(self) -> bool:
        """Its issuer withdrew it (the status check found it revoked or suspended)."""
        return any(
            check.get("code") == "status"
            and check.get("outcome") == "failed"
            and ("revoked" in check.get("message", "") or "suspended" in check.get("message", ""))
            for check in self.verdict.get("checks") or []
            if isinstance(check, dict)
        )


class ClaimSupport(models.Model):
    """One thing that raised a claim above self-declared: a credential, an adviser's
    confirmation, an employer's endorsement, a completed plan action.

    The claim's level is the highest level its supports still give (``claims.recompute_level``);
    a support with a credential counts only while that credential verifies.
    """

    claim = models.ForeignKey(SkillClaim, on_delete=models.CASCADE, related_name="supports")
    level = models.PositiveSmallIntegerField(_("level given"), choices=ValidationLevel.choices)
    credential = models.ForeignKey(
        "passport.HeldCredential",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supports",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support of a claim")
        verbose_name_plural = _("supports of claims")
        ordering = ["-level", "added_at"]

    def __str__(self) -> str:
        return f"{self.claim}: {self.get_level_display()}"

    @property
    def counts(self) -> bool:
        return self.credential is None or self.credential.counts


class WorkExperience(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="jobs")
    occupation = models.ForeignKey(
        Concept,
        verbose_name=_("occupation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("job title"), max_length=300)
    employer = models.CharField(_("employer"), max_length=300, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("what you did"), blank=True)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        ordering = ["-end", "-start"]

    def __str__(self) -> str:
        return self.title


class Education(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="education")
    title = models.CharField(_("programme or course"), max_length=300)
    institution = models.CharField(_("school or provider"), max_length=300, blank=True)
    level = models.CharField(_("level (NLQF/EQF)"), max_length=20, blank=True)
    completed = models.DateField(_("completed"), null=True, blank=True)
    diploma = models.BooleanField(_("diploma or certificate obtained"), default=False)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["-completed"]

    def __str__(self) -> str:
        return self.title


class ConsentScope(models.TextChoices):
    PASSPORT = "passport", _("my skills passport")
    PLAN = "plan", _("my development plan")


class Consent(models.Model):
    """The owner lets one adviser or employer see a part of their data, until revoked."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_given"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_received"
    )
    scope = models.CharField(_("what"), max_length=20, choices=ConsentScope.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.owner} -> {self.grantee} ({self.scope})"


class ShareLink(models.Model):
    """A secret link to the whole passport or a selection of claims, until it expires."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("for whom"), max_length=200, blank=True)
    whole_passport = models.BooleanField(_("whole passport"), default=True)
    claims = models.ManyToManyField(SkillClaim, blank=True, related_name="+")
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"{self.passport} ({self.created_at:%Y-%m-%d})"


class AccessLog(models.Model):
    """Who saw what of whose data; the owner reads it, nobody edits it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_label = models.CharField(_("viewer"), max_length=300)
    share_link = models.ForeignKey(
        ShareLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="views"
    )
    what = models.CharField(_("what"), max_length=200)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.viewer_label}: {self.what}"
