"""Taxonomy model: schemes, concepts, labels, relations, collections and mappings.

ESCO URIs are stable across releases, so one scheme holds every release of ESCO;
concepts record the first and last release they were seen in and are marked
deprecated, never deleted, when a newer release drops them (see
docs/decisions/0003-one-scheme-per-classification.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def title_in(titles: dict[str, str], lang: str | None, fallback: str) -> str:
    """The title in ``lang`` (the reader's by default), else English, else Dutch."""
    lang = lang or get_language() or "nl"
    return titles.get(lang) or titles.get("en") or titles.get("nl") or fallback


class ConceptScheme(models.Model):
    class Kind(models.TextChoices):
        ESCO = "esco", _("ESCO")
        ISCO = "isco", _("ISCO-08")
        BRC = "brc", _("BRC 2014")
        EXTERNAL = "external", _("External scheme")

    code = models.SlugField(_("code"), max_length=100, unique=True)
    uri = models.CharField(_("URI"), max_length=500, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    titles = models.JSONField(_("titles"), default=dict, help_text=_("Title per language code."))
    version = models.CharField(_("current version"), max_length=50, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    attribution = models.TextField(_("attribution"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("concept scheme")
        verbose_name_plural = _("concept schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title()

    def title(self, lang: str | None = None) -> str:
        return title_in(self.titles, lang, self.code)


class SchemeRelease(models.Model):
    """One import of one version of a scheme, with what it changed."""

    scheme = models.ForeignKey(ConceptScheme, on_delete=models.CASCADE, related_name="releases")
    version = models.CharField(_("version"), max_length=50)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("scheme release")
        verbose_name_plural = _("scheme releases")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.version}"


class Concept(models.Model):
    class Kind(models.TextChoices):
        OCCUPATION = "occupation", _("occupation")
        SKILL = "skill", _("skill/competence")
        KNOWLEDGE = "knowledge", _("knowledge")
        ISCO_GROUP = "isco_group", _("ISCO group")
        SKILL_GROUP = "skill_group", _("skill group")
        OCCUPATION_GROUP = "occupation_group", _("occupation group")
        EXTERNAL = "external", _("external concept")

    scheme = models.ForeignKey(ConceptScheme, on_delete=models.PROTECT, related_name="concepts")
    uri = models.CharField(_("URI"), max_length=500, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=30, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_("Referred to by a relation but not described by any imported file."),
    )
    deprecated = models.BooleanField(_("deprecated"), default=False, db_index=True)
    first_release = models.CharField(_("first seen in"), max_length=50, blank=True)
    last_release = models.CharField(_("last seen in"), max_length=50, blank=True)
    content_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        indexes = [models.Index(fields=["scheme", "kind"])]

    def __str__(self) -> str:
        return self.uri

    @property
    def is_skill(self) -> bool:
        return self.kind in (self.Kind.SKILL, self.Kind.KNOWLEDGE)


class Label(models.Model):
    class Kind(models.TextChoices):
        PREFERRED = "pref", _("preferred")
        ALTERNATIVE = "alt", _("alternative")
        HIDDEN = "hidden", _("hidden")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    lang = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    text = models.TextField(_("text"))
    search_text = models.CharField(max_length=255, db_index=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        indexes = [models.Index(fields=["concept", "lang", "kind"])]

    def __str__(self) -> str:
        return f"{self.text} ({self.lang})"


class ConceptText(models.Model):
    """The longer texts of a concept in one language, with a hash of all its language content."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="texts")
    lang = models.CharField(_("language"), max_length=8)
    description = models.TextField(_("description"), blank=True)
    definition = models.TextField(_("definition"), blank=True)
    scope_note = models.TextField(_("scope note"), blank=True)
    content_hash = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("concept text")
        verbose_name_plural = _("concept texts")
        constraints = [
            models.UniqueConstraint(fields=["concept", "lang"], name="unique_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.concept.uri} ({self.lang})"


class Relation(models.Model):
    class Kind(models.TextChoices):
        ESSENTIAL = "essential", _("essential skill")
        OPTIONAL = "optional", _("optional skill")
        SKILL_ESSENTIAL = "skill_essential", _("essential related skill")
        SKILL_OPTIONAL = "skill_optional", _("optional related skill")
        BROADER = "broader", _("broader")

    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_relation")
        ]
        indexes = [models.Index(fields=["target", "kind"])]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Collection(models.Model):
    """An ESCO collection such as green or digital skills."""

    scheme = models.ForeignKey(ConceptScheme, on_delete=models.CASCADE, related_name="collections")
    code = models.SlugField(_("code"), max_length=60)
    titles = models.JSONField(_("titles"), default=dict)
    members = models.ManyToManyField(Concept, related_name="collections", blank=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_collection_code")
        ]

    def __str__(self) -> str:
        return self.title()

    def title(self, lang: str | None = None) -> str:
        return title_in(self.titles, lang, self.code)


class Mapping(models.Model):
    """A SKOS mapping from a concept of one scheme to a concept of another."""

    class Relation(models.TextChoices):
        EXACT = "exactMatch", _("exact match")
        CLOSE = "closeMatch", _("close match")
        BROAD = "broadMatch", _("broad match")
        NARROW = "narrowMatch", _("narrow match")
        RELATED = "relatedMatch", _("related match")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mappings_in")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    provenance = models.CharField(_("provenance"), max_length=200, blank=True)
    status = models.CharField(
        _("review status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_mapping_pair")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.source.uri} {self.relation} {self.target.uri}"


class ImportRun(models.Model):
    """A log of every import, also of failed ones (the taxonomy itself is left untouched then)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    sources = models.JSONField(_("sources"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} {self.status}"
