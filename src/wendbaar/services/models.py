"""Service and support: places to go, schemes, free learning, conversation requests.

Texts that editors write come in Dutch (``*_nl``, required) and English (``*_en``,
optional; the Dutch text is shown, marked as Dutch, when the English one is missing).
An intake is never stored here: it lives in the session until the person sends a
conversation request and agrees to share it (see docs/services.md, "Privacy").
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wendbaar.services import choices, geo
from wendbaar.services.rules import Funding, Rule, Validity, parse_rule


@dataclass(frozen=True)
class Localized:
    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


class Translated(models.Model):
    """Fields named ``<name>_nl`` and ``<name>_en``, read in the reader's language."""

    class Meta:
        abstract = True

    def localized(self, name: str, lang: str | None = None) -> Localized:
        lang = (lang or get_language() or "nl")[:2]
        wanted = getattr(self, f"{name}_{lang}", "") if lang in {"nl", "en"} else ""
        if wanted:
            return Localized(wanted, lang, False)
        dutch = getattr(self, f"{name}_nl", "")
        return Localized(dutch, "nl", lang != "nl" and bool(dutch))


class LabourMarketRegion(models.Model):
    """One of the 35 labour-market regions (arbeidsmarktregio's) of UWV and the municipalities."""

    code = models.SlugField(_("code"), max_length=100, unique=True)  # a slug of the name
    name = models.CharField(_("name"), max_length=100)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("labour-market region")
        verbose_name_plural = _("labour-market regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True)
    region = models.ForeignKey(
        LabourMarketRegion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("labour-market region"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def point(self) -> geo.Point:
        return geo.Point(self.latitude, self.longitude)


class PostcodeArea(models.Model):
    """A four-digit postcode area (PC4) with the centre of its surface."""

    code = models.CharField(_("postcode (4 digits)"), max_length=4, unique=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postcode_areas"
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    search_place = models.CharField(max_length=100, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def point(self) -> geo.Point:
        return geo.Point(self.latitude, self.longitude)


class ServicePoint(Translated):
    """A place to go with questions about learning and work."""

    slug = models.SlugField(_("short name in the address"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=choices.PointKind.choices)
    description_nl = models.TextField(_("description (Dutch)"), max_length=2000)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    topics = models.JSONField(
        _("questions"),
        default=list,
        blank=True,
        help_text=_("Codes of the questions it helps with."),
    )
    audiences = models.JSONField(
        _("groups"), default=list, blank=True, help_text=_("Codes of the groups it serves.")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    region = models.ForeignKey(
        LabourMarketRegion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_points",
        verbose_name=_("labour-market region"),
    )
    nationwide = models.BooleanField(
        _("nationwide"), default=False, help_text=_("Online or by phone for the whole country.")
    )
    opening_hours_nl = models.TextField(_("opening hours (Dutch)"), max_length=500, blank=True)
    opening_hours_en = models.TextField(_("opening hours (English)"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    access = models.CharField(_("how to come"), max_length=20, choices=choices.Access.choices)
    cost = models.CharField(_("cost"), max_length=10, choices=choices.Cost.choices)
    cost_note_nl = models.CharField(_("about the cost (Dutch)"), max_length=300, blank=True)
    cost_note_en = models.CharField(_("about the cost (English)"), max_length=300, blank=True)
    quality_mark = models.CharField(_("quality mark"), max_length=100, blank=True)
    accepts_requests = models.BooleanField(
        _("accepts conversation requests"),
        default=True,
        help_text=_("People can ask for a conversation here through wendbaar."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def point(self) -> geo.Point | None:
        if self.latitude is None or self.longitude is None:
            return None
        return geo.Point(self.latitude, self.longitude)

    def topic_labels(self) -> list[str]:
        return _labels(choices.Topic, self.topics)

    def audience_labels(self) -> list[str]:
        return _labels(choices.Audience, self.audiences)


def _labels(enum: type[models.TextChoices], codes: list[str]) -> list[str]:
    names = dict(enum.choices)
    return [str(names[code]) for code in codes if code in names]


class ServicePointMember(models.Model):
    """An adviser working at a service point: may see and pick up its requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_point_roles"
    )
    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("adviser at a service point")
        verbose_name_plural = _("advisers at service points")
        constraints = [
            models.UniqueConstraint(fields=["user", "service_point"], name="unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.service_point}"


class Scheme(Translated):
    """A scheme or subsidy, with its conditions as a rule over the intake's facts."""

    slug = models.SlugField(_("short name in the address"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=choices.SchemeLevel.choices)
    audiences = models.JSONField(
        _("for"), default=list, blank=True, help_text=_("Codes of the groups.")
    )
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=1000)
    summary_en = models.TextField(_("summary (English)"), max_length=1000, blank=True)
    rule = models.JSONField(
        _("conditions (rule)"),
        default=dict,
        blank=True,
        help_text=_("The conditions in the rules language; see docs/services.md."),
    )
    conditions_note_nl = models.TextField(
        _("other conditions (Dutch)"),
        max_length=1000,
        blank=True,
        help_text=_("Conditions the finder cannot check, in plain words."),
    )
    conditions_note_en = models.TextField(
        _("other conditions (English)"), max_length=1000, blank=True
    )
    amount_nl = models.CharField(_("amount (Dutch)"), max_length=300, blank=True)
    amount_en = models.CharField(_("amount (English)"), max_length=300, blank=True)
    funding_percent = models.DecimalField(
        _("share of the price it pays (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when it does not lower a price (a loan, advice)."),
    )
    funding_max = models.DecimalField(
        _("at most (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    recipient = models.CharField(
        _("paid to"),
        max_length=10,
        choices=choices.Recipient.choices,
        default=choices.Recipient.PERSON,
    )
    how_to_apply_nl = models.TextField(_("how to apply (Dutch)"), max_length=1000, blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), max_length=1000, blank=True)
    deadline = models.DateField(_("apply before"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    checked_on = models.DateField(
        _("checked by an editor on"),
        null=True,
        blank=True,
        help_text=_("Empty means: the details still have to be checked."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def parsed_rule(self) -> Rule:
        return parse_rule(self.rule)

    @property
    def validity(self) -> Validity:
        return Validity(self.valid_from, self.valid_until)

    @property
    def funding(self) -> Funding | None:
        if self.funding_percent is None:
            return None
        return Funding(self.funding_percent, self.funding_max)

    @property
    def lowers_price_for_person(self) -> bool:
        return self.funding is not None and self.recipient != choices.Recipient.EMPLOYER

    def audience_labels(self) -> list[str]:
        return _labels(choices.Audience, self.audiences)


class LearningResource(Translated):
    """Free online material for basic and digital skills, picked by an editor."""

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    provider = models.CharField(_("provider"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), max_length=1000)
    description_en = models.TextField(_("description (English)"), max_length=1000, blank=True)
    topics = models.JSONField(
        _("skills"), default=list, blank=True, help_text=_("Codes of the skills.")
    )
    keywords = models.CharField(
        _("search words"),
        max_length=500,
        blank=True,
        help_text=_("Extra words people may search for, in Dutch and English."),
    )
    material_language = models.CharField(
        _("language of the material"), max_length=2, choices=settings.LANGUAGES, default="nl"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("free learning resource")
        verbose_name_plural = _("free learning resources")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def topic_labels(self) -> list[str]:
        return _labels(choices.ResourceTopic, self.topics)


def new_token() -> tuple[str, str]:
    """A secret for the person's link and the hash we keep (a leaked table reveals no links)."""
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConversationRequest(models.Model):
    """A person asks a service point for a career conversation. Kept as little as needed."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        PICKED_UP = "picked_up", _("picked up")
        DONE = "done", _("done")

    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="requests"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    question = models.TextField(_("question"), max_length=1000, blank=True)
    shares_route = models.BooleanField(_("shares the route"), default=False)
    route = models.JSONField(
        _("route"), default=dict, blank=True, help_text=_("Only stored with consent.")
    )
    language = models.CharField(_("language"), max_length=2, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="picked_up_requests",
    )
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation request")
        verbose_name_plural = _("conversation requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service_point}"


class RequestView(models.Model):
    """Who opened a request, and whether they saw the shared route (privacy log)."""

    request = models.ForeignKey(ConversationRequest, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewed_at = models.DateTimeField(auto_now_add=True)
    saw_route = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("request view")
        verbose_name_plural = _("request views")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} viewed #{self.request_id} at {self.viewed_at:%Y-%m-%d %H:%M}"


# The fields editors maintain and the API publishes (admin forms and serializers share them).
SERVICE_POINT_FIELDS = (
    "slug",
    "name",
    "kind",
    "description_nl",
    "description_en",
    "topics",
    "audiences",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "region",
    "nationwide",
    "opening_hours_nl",
    "opening_hours_en",
    "phone",
    "email",
    "website",
    "access",
    "cost",
    "cost_note_nl",
    "cost_note_en",
    "quality_mark",
    "accepts_requests",
    "is_demo",
)
SCHEME_FIELDS = (
    "slug",
    "name",
    "level",
    "audiences",
    "summary_nl",
    "summary_en",
    "rule",
    "conditions_note_nl",
    "conditions_note_en",
    "amount_nl",
    "amount_en",
    "funding_percent",
    "funding_max",
    "recipient",
    "how_to_apply_nl",
    "how_to_apply_en",
    "deadline",
    "source_url",
    "valid_from",
    "valid_until",
    "checked_on",
)
