"""What every importer shares: the plain record, strict value parsing, saving one record,
and the report that lists every refused record with its reason.

Records are imported one by one, each in its own transaction: a good record is saved
whole, a bad one not at all, and the report never calls an import with refused records
complete (see docs/decisions/0015-edu-dex-import.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wendbaar.learning.models import (
    MAX_DURATION_WEEKS,
    MAX_STUDY_HOURS,
    Mode,
    Offering,
    OfferingKind,
    OfferingSkill,
    OfferingStart,
    Provider,
    QualityMark,
)
from wendbaar.taxonomy.models import Concept

# Finds skill URIs in a text: (text, language) -> URIs. The default uses the linker.
SkillLinker = Callable[[str, str], list[str]]


class RecordError(ValueError):
    """One record cannot be imported; the message says why."""


@dataclass
class Record:
    """An offering as read from any source, before it touches the database."""

    external_id: str
    provider: str
    title: str
    kind: str = OfferingKind.COURSE
    description: str = ""
    provider_id: str = ""
    provider_marks: list[str] = field(default_factory=list)
    skill_uris: list[str] = field(default_factory=list)  # stated by the provider
    nlqf_level: str = ""
    eqf_level: str = ""
    study_hours: int = 0
    duration_weeks: int = 0
    cost: Decimal | None = None
    mode: str = Mode.CLASSROOM
    location: str = ""
    postcode: str = ""
    region: str = ""
    language: str = "nl"
    starts: list[dt.date] = field(default_factory=list)
    credential: dict[str, Any] = field(default_factory=dict)
    funding_kind: str = ""
    kansberoep: bool | None = None
    url: str = ""


@dataclass
class Refused:
    record: str  # the record's id, or the file when it cannot be read at all
    reason: str


@dataclass
class ImportReport:
    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.refused

    @property
    def imported(self) -> int:
        return len(self.added) + len(self.updated)

    def merge(self, other: ImportReport) -> None:
        self.added += other.added
        self.updated += other.updated
        self.refused += other.refused
        self.warnings += other.warnings

    def summary(self) -> str:
        total = self.imported + len(self.refused)
        if self.complete:
            return (
                f"{self.source}: complete: {total} records, {len(self.added)} added, "
                f"{len(self.updated)} updated"
            )
        return (
            f"{self.source}: NOT complete: {self.imported} of {total} records imported "
            f"({len(self.added)} added, {len(self.updated)} updated), "
            f"{len(self.refused)} refused"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "complete": self.complete,
            "added": self.added,
            "updated": self.updated,
            "refused": [{"record": r.record, "reason": r.reason} for r in self.refused],
            "warnings": self.warnings,
        }


_PRICE_NL = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$|^\d+(?:,\d{1,2})?$")
_PRICE_PLAIN = re.compile(r"^\d+\.\d{1,2}$")
_DATE_NL = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_price(text: str) -> Decimal:
    """Euros as "1.234,50", "1234,50", "1234.50" or "1234"; anything else is refused."""
    value = text.strip().removeprefix("€").strip()
    if _PRICE_NL.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif not _PRICE_PLAIN.match(value):
        raise RecordError(f"price {text!r} is not an amount in euros like 1.234,50 or 1234.50")
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # the patterns make this unreachable; keep it safe
        raise RecordError(f"price {text!r} is not an amount") from exc


def parse_date(text: str) -> dt.date:
    """A date as 2026-03-01 or 01-03-2026."""
    value = text.strip()
    try:
        if _DATE_ISO.match(value):
            return dt.date.fromisoformat(value)
        match = _DATE_NL.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError as exc:
        raise RecordError(f"date {text!r} does not exist") from exc
    raise RecordError(f"date {text!r} is not written as 2026-03-01 or 01-03-2026")


def parse_int(text: str, what: str) -> int:
    value = text.strip()
    if not value:
        return 0
    if not value.isdigit():
        raise RecordError(f"{what} {text!r} is not a whole number")
    return int(value)


def check(record: Record, today: dt.date) -> None:
    """The checks every source shares."""
    if not record.external_id:
        raise RecordError("the record has no id")
    if not record.title.strip():
        raise RecordError("the record has no title")
    if not record.provider.strip():
        raise RecordError("the record has no provider")
    if record.kind not in OfferingKind.values:
        raise RecordError(f"kind {record.kind!r} is not one of {', '.join(OfferingKind.values)}")
    if record.mode not in Mode.values:
        raise RecordError(f"mode {record.mode!r} is not one of {', '.join(Mode.values)}")
    if record.cost is None:
        raise RecordError("the record has no price (write 0 for free)")
    past = [d for d in record.starts if d < today]
    if past:
        raise RecordError(f"start date {past[0].isoformat()} is in the past")
    unknown = [m for m in record.provider_marks if m not in QualityMark.values]
    if unknown:
        raise RecordError(f"quality mark {unknown[0]!r} is not one of {QualityMark.values}")
    if record.postcode and not re.fullmatch(r"\d{4}", record.postcode):
        raise RecordError(f"postcode {record.postcode!r} is not four digits")
    for name, limit in (("study_hours", MAX_STUDY_HOURS), ("duration_weeks", MAX_DURATION_WEEKS)):
        if getattr(record, name) > limit:
            raise RecordError(f"{name} {getattr(record, name)} is more than {limit}")


def default_linker() -> SkillLinker:
    """Skills found in a description by the linker (unconfirmed until the provider checks)."""
    from wendbaar.linking.engine.extract import extract
    from wendbaar.linking.service import get_linker

    linker = get_linker()

    def link(text: str, lang: str) -> list[str]:
        if not text.strip():
            return []
        mentions = extract(linker, text[:5000], kinds=["skill"], lang=lang, top=1)
        return list(dict.fromkeys(m.candidates[0].uri for m in mentions if m.candidates))

    return link


def _provider(record: Record, source: str, demo: bool) -> Provider:
    key = record.provider_id or slugify(record.provider)[:80] or "provider"
    provider = Provider.objects.filter(source=source, external_id=key).first()
    if provider is None:
        slug = base = slugify(record.provider)[:70] or "provider"
        n = 1
        while Provider.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        provider = Provider.objects.create(
            name=record.provider, slug=slug, source=source, external_id=key, is_demo=demo
        )
    marks = sorted(set(provider.marks) | set(record.provider_marks))
    if marks != provider.marks or provider.name != record.provider:
        provider.marks, provider.name = marks, record.provider
        provider.save(update_fields=["marks", "name"])
    return provider


def save_record(
    record: Record,
    source: str,
    link: SkillLinker | None,
    *,
    demo: bool = False,
    today: dt.date | None = None,
    provider: Provider | None = None,
) -> tuple[Offering, bool, list[str]]:
    """Save one checked record; returns (offering, created, warnings). All or nothing.
    ``provider``: an existing provider to use (the provider area's form) instead of the
    one the record names."""
    check(record, today or timezone.localdate())
    warnings: list[str] = []
    stated = list(dict.fromkeys(record.skill_uris))
    known = dict(Concept.objects.filter(uri__in=stated).values_list("uri", "id"))
    for uri in stated:
        if uri not in known:
            warnings.append(f"{record.external_id}: skill {uri} is not in the taxonomy; left out")
    linked: dict[str, int] = {}
    if link is not None:
        text = f"{record.title}. {record.description}"
        uris = [u for u in link(text, record.language) if u not in known]
        linked = dict(
            Concept.objects.filter(uri__in=uris, kind__in=["skill", "knowledge"]).values_list(
                "uri", "id"
            )
        )
    with transaction.atomic():
        offering = Offering.objects.filter(source=source, external_id=record.external_id).first()
        created = offering is None
        confirmed_before: set[int] = set()
        if offering is not None:
            confirmed_before = set(
                offering.skill_links.filter(confirmed=True).values_list("concept_id", flat=True)
            )
        if not known and not linked and not confirmed_before:
            raise RecordError("no recognisable skills in the record or its description")
        fields = {
            "provider": provider or _provider(record, source, demo),
            "title": record.title.strip()[:300],
            "description": record.description.strip(),
            "kind": record.kind,
            "nlqf_level": record.nlqf_level,
            "eqf_level": record.eqf_level,
            "study_hours": record.study_hours,
            "duration_weeks": record.duration_weeks,
            "cost": record.cost,
            "mode": record.mode,
            "location": record.location,
            "postcode": record.postcode,
            "region": record.region,
            "language": record.language,
            "funding_kind": record.funding_kind,
            "kansberoep": record.kansberoep,
            "url": record.url,
            "is_demo": demo,
            "active": True,
        }
        if record.credential:
            fields["credential"] = record.credential
        if offering is None:
            offering = Offering.objects.create(
                source=source, external_id=record.external_id, **fields
            )
        else:
            for name, value in fields.items():
                setattr(offering, name, value)
            offering.save()
        # Stated skills are the provider's own; linked ones wait for the provider.
        offering.skill_links.filter(confirmed=False).delete()
        for concept_id in known.values():
            OfferingSkill.objects.update_or_create(
                offering=offering, concept_id=concept_id, defaults={"confirmed": True}
            )
        for concept_id in linked.values():
            OfferingSkill.objects.get_or_create(offering=offering, concept_id=concept_id)
        offering.starts.all().delete()
        OfferingStart.objects.bulk_create(
            OfferingStart(offering=offering, date=d) for d in sorted(set(record.starts))
        )
    return offering, created, warnings


def import_records(
    records: Iterable[Record | Refused],
    source: str,
    report: ImportReport,
    link: SkillLinker | None,
    *,
    demo: bool = False,
    today: dt.date | None = None,
) -> None:
    for item in records:
        if isinstance(item, Refused):
            report.refused.append(item)
            continue
        try:
            _offering, created, warnings = save_record(item, source, link, demo=demo, today=today)
        except RecordError as exc:
            report.refused.append(Refused(item.external_id or "?", str(exc)))
            continue
        (report.added if created else report.updated).append(item.external_id)
        report.warnings += warnings
