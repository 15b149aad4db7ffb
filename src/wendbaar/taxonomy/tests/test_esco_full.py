"""The real ESCO v1.1.1 files, the VDAB crosswalk, the CBS tables and the v1.2.0 upgrade.

One import per module (rolled back at the end); each test runs in its own savepoint.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Count

from wendbaar.taxonomy import queries
from wendbaar.taxonomy.brc import import_brc
from wendbaar.taxonomy.crosswalk_import import CrosswalkOptions, import_crosswalk
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import Concept, Label, Mapping
from wendbaar.taxonomy.stats import taxonomy_stats

from .shared_data import BRC_GROUPS, ESCO_V111, ESCO_V120_NL, ISCO_TO_BRC, VDAB, require

pytestmark = [pytest.mark.esco_full, pytest.mark.django_db]

VDAB_OPTIONS = CrosswalkOptions(
    scheme="vdab-competent-3.8",
    scheme_title="VDAB Competent 3.8",
    source_column="vdab_id",
    label_column="query_nl",
    target_column="esco_skill_uri",
    relation_column="relation",
)


@pytest.fixture(scope="module")
def esco(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    require(*ESCO_V111, ESCO_V120_NL, VDAB, BRC_GROUPS, ISCO_TO_BRC)
    with django_db_blocker.unblock(), transaction.atomic():
        result = {
            "esco": import_esco(ESCO_V111),
            "vdab": import_crosswalk(VDAB, VDAB_OPTIONS),
            "brc": import_brc(BRC_GROUPS, ISCO_TO_BRC),
        }
        yield result
        transaction.set_rollback(True)


def test_counts_of_the_full_release(esco) -> None:  # type: ignore[no-untyped-def]
    stats = taxonomy_stats()["schemes"]["esco"]
    assert stats["version"] == "v1.1.1"
    assert stats["skills_total"] == 13_896
    assert stats["concepts"]["occupation"] == 3_007
    assert stats["relations"]["essential"] == 64_946
    assert stats["relations"]["optional"] == 58_909
    assert stats["relations"]["essential"] + stats["relations"]["optional"] == 123_855
    nl = stats["preferred_labels"]["nl"]
    assert nl["occupation"] == 3_007
    assert nl["skill"] + nl["knowledge"] == 2_218
    assert (
        stats["preferred_labels"]["en"]["skill"] + stats["preferred_labels"]["en"]["knowledge"]
        == 13_896
    )
    # ESCO v1.1.1 relates 67 skills to one occupation that its occupation file lacks.
    assert stats["placeholders"] == {"occupation": 1, "skill_group": 7}
    assert taxonomy_stats()["schemes"]["isco-08"]["concepts"]["isco_group"] == 619


def test_collections_are_loaded(esco) -> None:  # type: ignore[no-untyped-def]
    collections = taxonomy_stats()["schemes"]["esco"]["collections"]
    assert set(collections) == {
        "green",
        "digital",
        "digcomp",
        "language",
        "transversal",
        "research-skills",
        "research-occupations",
    }
    assert all(n > 0 for n in collections.values())


def test_reimport_changes_nothing(esco) -> None:  # type: ignore[no-untyped-def]
    summary = import_esco(ESCO_V111)
    assert summary["total_changes"] == 0


def test_vdab_crosswalk(esco) -> None:  # type: ignore[no-untyped-def]
    summary = esco["vdab"]
    assert summary["rows"] == 11_183
    assert summary["mappings_added"] == 11_133
    assert summary["unresolved"]["rows"] == 50
    assert summary["unresolved"]["distinct_targets"] == 35
    assert summary["concepts"] == 7_963
    by_relation = dict(
        Mapping.objects.filter(source__scheme__code="vdab-competent-3.8")
        .values_list("relation")
        .annotate(n=Count("id"))
    )
    assert sum(by_relation.values()) == 11_133
    assert set(by_relation) == {"exactMatch", "closeMatch", "broadMatch", "narrowMatch"}
    again = import_crosswalk(VDAB, VDAB_OPTIONS)
    assert again["mappings_added"] == 0 and again["mappings_unchanged"] == 11_133


def test_every_occupation_has_a_brc_group(esco) -> None:  # type: ignore[no-untyped-def]
    assert esco["brc"]["groups"] == 114
    occupations = Concept.objects.filter(kind="occupation", placeholder=False)
    missing = [c.uri for c in occupations.iterator() if not queries.brc_groups(c)]
    assert missing == []
    boekhouder = Label.objects.get(lang="nl", kind="pref", text="boekhouder").concept
    assert boekhouder.attributes["isco_group"] == "3313"
    assert [g.code for g in queries.brc_groups(boekhouder)] == ["0421"]


def test_upgrade_to_v120_dutch_occupations(esco) -> None:  # type: ignore[no-untyped-def]
    relations_before = taxonomy_stats()["schemes"]["esco"]["relations"]
    summary = import_esco([ESCO_V120_NL])
    assert summary["version"] == "v1.2.0"
    assert summary["concepts"]["added"] == {"occupation": 35}
    assert summary["concepts"]["deprecated"] == {"occupation": 3}
    assert summary["concepts"]["changed"]["occupation"] > 0
    gone = summary["samples"]["deprecated_occupation"]
    assert len(gone) == 3
    for uri in gone:
        concept = Concept.objects.get(uri=uri)
        assert concept.deprecated and concept.last_release == "v1.1.1"
        # Old references still resolve: the concept keeps its labels and relations.
        assert concept.labels.filter(kind="pref").exists()
    assert taxonomy_stats()["schemes"]["esco"]["relations"] == relations_before
    stats = taxonomy_stats()["schemes"]["esco"]
    assert stats["concepts"]["occupation"] == 3_007 + 35 - 3
    assert stats["deprecated"]["occupation"] == 3
