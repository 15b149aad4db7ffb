"""Trusted issuers, and the issuing side: keys, status lists, issued credentials, holder keys.

Private keys are stored only encrypted (see ``keys.py``); a key's fragment in the DID
document is its public multibase, so the same rows serve whatever host the DID names.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wendbaar.credentials.engine.dids import DidError, did_web_url


class TrustedIssuer(models.Model):
    """An issuer (a DID or URL) whose credentials the verification page calls trusted.

    Any did:web issuer's documents are fetched to check a signature; only the issuers
    on this list (and the platform's own) are called trusted.
    """

    identifier = models.CharField(
        _("issuer id"),
        max_length=500,
        unique=True,
        help_text=_("A did:web, did:key or URL as in the credential."),
    )
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted issuer")
        verbose_name_plural = _("trusted issuers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.identifier = self.identifier.strip()
        if self.identifier.startswith("did:web:"):
            try:
                did_web_url(self.identifier)
            except DidError:
                raise ValidationError(
                    {
                        "identifier": _(
                            "This is not a valid did:web DID, such as did:web:example.org."
                        )
                    }
                ) from None
        elif not self.identifier.startswith(("did:key:z", "https://", "http://")):
            raise ValidationError(
                {
                    "identifier": _(
                        "Enter the issuer exactly as in the credential: a did:web or did:key DID,"
                        " or a URL."
                    )
                }
            )


class KeyStatus(models.TextChoices):
    ACTIVE = "active", _("active: signs new credentials")
    RETIRED = "retired", _("retired: still listed, so what it signed stays valid")
    REVOKED = "revoked", _("revoked: removed from the DID document")


class IssuerKey(models.Model):
    """An Ed25519 signing key of an issuing organisation, or of the platform (no organisation)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuer_keys",
        help_text=_("Empty for the platform's own key."),
    )
    fragment = models.CharField(_("key id"), max_length=100, unique=True)
    public_key_multibase = models.CharField(_("public key"), max_length=100)
    encrypted_seed = models.TextField(_("encrypted private key"))
    status = models.CharField(
        _("status"), max_length=10, choices=KeyStatus.choices, default=KeyStatus.ACTIVE
    )
    created = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.organisation or 'platform'} #{self.fragment[:12]}… ({self.status})"


class StatusList(models.Model):
    """One Bitstring Status List of an issuer DID; its signed credential is kept ready to serve."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_lists",
    )
    issuer_did = models.CharField(_("issuer DID"), max_length=300)
    url = models.CharField(_("URL"), max_length=500, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, default="revocation")
    size = models.PositiveIntegerField(_("entries"), default=131_072)
    allocated = models.PositiveIntegerField(_("entries in use"), default=0)
    credential = models.JSONField(_("signed status list credential"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self) -> str:
        return self.url


class IssuedCredential(models.Model):
    """A credential this platform signed; kept so the issuer can list and revoke it."""

    credential_id = models.CharField(_("credential id"), max_length=500, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_credentials",
    )
    issuer_did = models.CharField(_("issuer DID"), max_length=300)
    subject_did = models.CharField(_("holder DID"), max_length=300)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credentials_received",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credentials_issued",
    )
    name = models.CharField(_("name"), max_length=300)
    document = models.JSONField(_("credential"))
    skills = models.JSONField(
        _("skills"), default=list, help_text=_("URIs of the skills it proves.")
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    status_index = models.PositiveIntegerField(_("status list index"))
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_credential_per_status_entry"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HolderKey(models.Model):
    """A person's own did:key: it signs their passport as a Verifiable Presentation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holder_key"
    )
    public_key_multibase = models.CharField(_("public key"), max_length=100)
    encrypted_seed = models.TextField(_("encrypted private key"))
    created = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("holder key")
        verbose_name_plural = _("holder keys")

    def __str__(self) -> str:
        return f"did:key:{self.public_key_multibase}"
