"""The demo catalogue: about 200 offerings from invented providers for the demo occupations.

Generated from the demo taxonomy (``wendbaar/demo/taxonomy.json``) with a fixed seed, so
every load gives the same offerings; only the start dates move with the day of loading
(the first Monday of the next months), because a start date in the past is refused.
Everything is marked demo. The offerings go through the same ``save_record`` as real
imports, with their skills stated (confirmed), not linked.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wendbaar.demo.loader import DATA as TAXONOMY
from wendbaar.learning.importers.common import Record, save_record
from wendbaar.learning.models import Mode, Offering, OfferingKind, Provider
from wendbaar.taxonomy.models import Concept

SOURCE = "demo"
SEED = 2026

# name, quality marks, postcode, place, labour-market region
PROVIDERS = [
    ("Vakschool Installatie Midden", ["crkbo", "nrto"], "3511", "Utrecht", "Midden-Utrecht"),
    ("Energie Academie Noord", ["nrto"], "9711", "Groningen", "Groningen"),
    ("Techniekhuis Brabant", ["crkbo"], "5611", "Eindhoven", "Zuidoost-Brabant"),
    ("Zorgleerhuis Rijnmond", ["crkbo", "nrto"], "3011", "Rotterdam", "Rijnmond"),
    ("Welzijn & Zorg Opleidingen Oost", ["nrto"], "7511", "Enschede", "Twente"),
    ("Pabo Plus Den Haag", ["ocw"], "2511", "Den Haag", "Haaglanden"),
    ("Kantoor Vakopleidingen Amsterdam", ["crkbo"], "1012", "Amsterdam", "Groot Amsterdam"),
    ("Digitaal Vakmanschap", ["nrto"], "8011", "Zwolle", "Regio Zwolle"),
    ("Maakindustrie Leerbedrijf Zuid", ["crkbo"], "6211", "Maastricht", "Zuid-Limburg"),
    ("Logistiek & Retail College", ["ocw", "crkbo"], "4811", "Breda", "West-Brabant"),
    ("Erkenning Werkt EVC-centrum", ["evc"], "6511", "Nijmegen", "Rijk van Nijmegen"),
    ("Leren Online Nederland", ["nrto"], "", "", ""),
]

# occupation id prefix -> provider index (the sector's school)
SECTOR_PROVIDER = [
    (("warmtepomp", "zonnepaneel", "laadpaal", "energieadviseur"), 1),
    (("elektromonteur", "installatiemonteur"), 0),
    (("verzorgende", "verpleegkundige", "dokters"), 3),
    (("helpende", "thuiszorg", "begeleider"), 4),
    (("leraar", "onderwijsassistent", "docent", "pedagogisch"), 5),
    (("administratief", "boekhouder", "klantcontact", "secretaresse", "bank", "salaris"), 6),
    (("ict", "software", "data"), 7),
    (("cnc", "monteur-werktuigbouw"), 2),
    (("procesoperator",), 8),
    (("magazijn", "verkoop", "vakkenvuller", "kok"), 9),
]
CARE = ("verzorgende", "verpleegkundige", "helpende", "thuiszorg", "begeleider", "dokters")
EVC_PROVIDER = 10
ONLINE_PROVIDER = 11


def _sector_provider(occupation_id: str) -> int:
    for prefixes, index in SECTOR_PROVIDER:
        if occupation_id.startswith(prefixes):
            return index
    return 2


def _first_mondays(today: dt.date, months: tuple[int, ...]) -> list[dt.date]:
    out = []
    for ahead in months:
        year, month = today.year + (today.month - 1 + ahead) // 12, (today.month - 1 + ahead) % 12
        first = dt.date(year, month + 1, 1)
        out.append(first + dt.timedelta(days=(7 - first.weekday()) % 7))
    return out


def _uri(data: dict[str, Any], slug: str) -> str:
    return f"{data['uri_base']}skill/{slug}"


def demo_records(today: dt.date) -> list[Record]:
    """The demo offerings as records (pure: the same date gives the same list)."""
    data = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    names = {s["id"]: s["nl"]["pref"] for s in data["skills"]}
    rng = random.Random(SEED)
    records: list[Record] = []

    def add(provider: int, **fields: Any) -> None:
        name, marks, postcode, place, region = PROVIDERS[provider]
        online = fields.get("mode") == Mode.ONLINE
        records.append(
            Record(
                provider=name,
                provider_id=slugify(name),
                provider_marks=list(marks),
                postcode="" if online else postcode,
                location="" if online else place,
                region="" if online else slugify(region),
                **fields,
            )
        )

    for occupation in data["occupations"]:
        occ_id = occupation["id"]
        label = occupation["nl"]["pref"]
        essential = list(occupation["essential"])
        optional = list(occupation.get("optional", []))
        school = _sector_provider(occ_id)
        starts = _first_mondays(today, (1, 3, 6))
        # The full programme: every essential skill, a diploma, long and dear.
        add(
            school,
            external_id=f"{occ_id}-programma",
            title=f"Opleiding {label} (mbo/hbo, met diploma)",
            description=f"De volledige opleiding tot {label}, met stage en diploma.",
            kind=OfferingKind.PROGRAMME,
            skill_uris=[_uri(data, s) for s in essential],
            nlqf_level=str(rng.choice([3, 4, 4, 6])),
            study_hours=rng.choice([800, 1200, 1600]),
            duration_weeks=rng.choice([52, 78, 104]),
            cost=Decimal(rng.choice([2400, 3200, 4500])),
            mode=Mode.BLENDED,
            starts=starts[1:2],
            funding_kind="formal",
            kansberoep=occ_id.startswith(("warmtepomp", "laadpaal", *CARE)),
        )
        # Modules of up to five essential skills each.
        shuffled = essential[:]
        rng.shuffle(shuffled)
        for n in range(0, len(shuffled), 5):
            part = shuffled[n : n + 5]
            add(
                school,
                external_id=f"{occ_id}-module-{n // 5 + 1}",
                title=f"Module {names[part[0]]} en meer ({label})",
                description="Korte module voor zij-instromers: "
                + ", ".join(names[s] for s in part)
                + ".",
                kind=OfferingKind.MODULE,
                skill_uris=[_uri(data, s) for s in part],
                nlqf_level=str(rng.choice([2, 3, 4])),
                study_hours=rng.choice([24, 40, 60, 80]),
                duration_weeks=rng.choice([6, 8, 10, 12]),
                cost=Decimal(rng.choice([395, 595, 795, 995, 1250])),
                mode=rng.choice([Mode.CLASSROOM, Mode.BLENDED, Mode.ONLINE]),
                starts=starts[: rng.choice([1, 2, 3])],
                funding_kind="course",
            )
        # EVC: recognises what experienced people already do.
        add(
            EVC_PROVIDER,
            external_id=f"{occ_id}-evc",
            title=f"EVC-traject {label}",
            description=f"Laat zien wat je al kunt als {label} en krijg er een "
            "ervaringscertificaat voor.",
            kind=OfferingKind.EVC,
            skill_uris=[_uri(data, s) for s in essential],
            study_hours=rng.choice([16, 24, 32]),
            duration_weeks=rng.choice([8, 12]),
            cost=Decimal(rng.choice([900, 1200, 1450])),
            mode=Mode.AT_WORK,
            funding_kind="course",
        )
        # A micro-credential on two skills, with the badge it awards.
        pair = rng.sample(essential + optional, 2)
        badge = f"https://demo.wendbaar.nl/badges/{occ_id}-{pair[0]}"
        add(
            school,
            external_id=f"{occ_id}-microcredential",
            title=f"Microcredential {names[pair[0]]}",
            description=f"Erkend certificaat voor {names[pair[0]]} en {names[pair[1]]}.",
            kind=OfferingKind.MICRO_CREDENTIAL,
            skill_uris=[_uri(data, s) for s in pair],
            eqf_level=str(rng.choice([3, 4])),
            study_hours=rng.choice([28, 40]),
            duration_weeks=rng.choice([4, 6]),
            cost=Decimal(rng.choice([450, 650, 850])),
            mode=Mode.ONLINE,
            starts=starts[:1],
            credential={
                "id": badge,
                "type": ["Achievement"],
                "name": f"Microcredential {names[pair[0]]}",
                "criteria": {"narrative": "Praktijkopdracht en toets afgerond."},
                "alignment": [
                    {"type": ["Alignment"], "targetUrl": _uri(data, s), "targetName": names[s]}
                    for s in pair
                ],
            },
            funding_kind="course",
        )
    # Free online material for the transversal and digital skills.
    for skill in data["skills"]:
        general = {"transversal", "digital"} & set(skill.get("collections", ()))
        if general and rng.random() < 0.35:
            add(
                ONLINE_PROVIDER,
                external_id=f"online-{skill['id']}",
                title=f"Gratis online: {skill['nl']['pref']}",
                description=f"Oefen in je eigen tempo: {skill['nl']['pref'].lower()}.",
                kind=OfferingKind.FREE_ONLINE,
                skill_uris=[_uri(data, skill["id"])],
                study_hours=rng.choice([4, 8, 12]),
                duration_weeks=rng.choice([2, 4]),
                cost=Decimal(0),
                mode=Mode.ONLINE,
                funding_kind="basic_skills",
            )
    return records


def load_demo_catalogue(today: dt.date | None = None) -> int:
    """Load (or refresh) the demo catalogue; returns the number of offerings saved (0 when
    the demo taxonomy is not loaded: the demo offerings teach only demo skills)."""
    today = today or timezone.localdate()
    base = json.loads(TAXONOMY.read_text(encoding="utf-8"))["uri_base"]
    if not Concept.objects.filter(uri__startswith=base).exists():
        return 0
    records = demo_records(today)
    with transaction.atomic():
        for record in records:
            save_record(record, SOURCE, None, demo=True, today=today)
        Provider.objects.filter(source=SOURCE).update(is_demo=True)
    return len(records)


def load_demo_catalogue_if_empty() -> bool:
    if Offering.objects.filter(is_demo=True).exists():
        return False
    return load_demo_catalogue() > 0
