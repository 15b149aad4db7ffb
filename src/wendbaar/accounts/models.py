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

