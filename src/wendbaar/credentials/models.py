"""Which issuers employers can trust; issuing keys and status lists come with issue 4."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustedIssuer(models.Model):
    """An issuer (a DID or URL) whose credentials the verification page calls trusted."""

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
