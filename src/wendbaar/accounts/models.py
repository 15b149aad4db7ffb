"""People, their organisations and their roles.

The user model is our own from the start (Django cannot swap it later without pain).
One role per account decides what it may see and do; an adviser, employer or issuer
acts for an organisation. Editors also need the model permissions they edit with.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PERSON = "person", _("person")
    ADVISER = "adviser", _("career adviser")
    EMPLOYER = "employer", _("employer")
    ISSUER = "issuer", _("education or EVC provider")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("administrator")


class Situation(models.TextChoices):
    WORKING = "working", _("working (employed)")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    JOB_SEEKING = "job_seeking", _("looking for work")
    OTHER = "other", _("other")


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", _("employer")
    EDUCATION = "education", _("education provider")
    EVC = "evc", _("EVC provider")
    SERVICE = "service", _("service point or adviser organisation")
    PLATFORM = "platform", _("the platform itself")


class Organisation(models.Model):
    """An employer, education or EVC provider; issuers get a did:web under its slug."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PERSON)
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def has_role(self, *roles: str) -> bool:
        """Administrators may do what every role may do."""
        return self.is_active and (
            self.is_superuser or self.role in roles or self.role == Role.ADMIN
        )


class ExternalIdentity(models.Model):
    """A login at an OpenID Connect provider (a DigiD or eHerkenning broker).

    Only the provider's pseudonymous subject is stored, never a BSN: the subject is
    unique per issuer, so the pair identifies the person at this platform.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("provider"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external login")
        verbose_name_plural = _("external logins")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_subject")
        ]

    def __str__(self) -> str:
        return f"{self.issuer}: {self.subject}"


class TotpDevice(models.Model):
    """The second factor: a TOTP secret (RFC 6238), stored encrypted.

    ``confirmed_at`` stays empty until the person has typed a first code, and only a
    confirmed device is asked for at login. ``last_used_step`` refuses a code twice.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    encrypted_secret = models.TextField(_("encrypted secret"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("last used time step"), default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator app is lost; only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} · {self.code_hash[:8]}"


class ApiToken(models.Model):
    """A personal API token for issuers and employers; only its SHA-256 is kept.

    The token itself is shown once, when it is made. ``prefix`` (its first characters)
    tells the owner which token is which.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("first characters"), max_length=12)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
