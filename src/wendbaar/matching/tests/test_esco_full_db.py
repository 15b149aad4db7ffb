"""The full ESCO v1.1.1 and the CBS tables through the database: the profiles the service
reads equal those read straight from the files, and transitions from the Dutch label
"administratief medewerker" are explained. One import per module, rolled back at the end;
no encoder (relations and hierarchy only), so it is deterministic."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import transaction

from wendbaar.matching import present, service
from wendbaar.matching.engine.esco_files import profiles_from_esco_files
from wendbaar.matching.signals_import import import_cbs_folder
from wendbaar.taxonomy.brc import import_brc
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.tests.shared_data import (
    BRC_GROUPS,
    ESCO_V111,
    ISCO_TO_BRC,
    SHARED,
    require,
)

pytestmark = [pytest.mark.esco_full, pytest.mark.django_db]
ADMINISTRATIVE_ASSISTANT = (
    "http://data.europa.eu/esco/occupation/044d78cc-f62f-4532-83a5-8e04f2889652"
)


@pytest.fixture(scope="module")
def esco(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    require(*ESCO_V111, BRC_GROUPS, ISCO_TO_BRC, SHARED / "cbs")
    with django_db_blocker.unblock(), transaction.atomic():
        import_esco(ESCO_V111)
        import_brc(BRC_GROUPS, ISCO_TO_BRC)
        import_cbs_folder(SHARED / "cbs")
        yield
        transaction.set_rollback(True)


def test_database_profiles_equal_the_files(esco) -> None:  # type: ignore[no-untyped-def]
    db = service.profiles_from_database().profiles
    files = profiles_from_esco_files(ESCO_V111)
    assert db.skills.uris == files.skills.uris
    assert [o.uri for o in db.occupations] == [o.uri for o in files.occupations]
    assert [o.isco for o in db.occupations] == [o.isco for o in files.occupations]
    # The files' 67 requirements naming a missing occupation are left out by both.
    assert (db.essential != files.essential).nnz == 0
    assert (db.optional != files.optional).nnz == 0
    assert (db.skills.related != files.skills.related).nnz == 0
    assert np.array_equal(db.skills.in_collection("green"), files.skills.in_collection("green"))
    assert db.skills.activity.shape == files.skills.activity.shape


def test_transitions_from_a_dutch_label(esco) -> None:  # type: ignore[no-untyped-def]
    assert service.resolve_occupation("Administratief medewerker") == ADMINISTRATIVE_ASSISTANT
    engine = service.get_engine()
    assert engine.market is not None
    result = engine.transitions(ADMINISTRATIVE_ASSISTANT)
    data = present.transitions_dict(engine, result, engine.profiles.index[ADMINISTRATIVE_ASSISTANT])
    labels = [o["occupation"]["label"] for o in data["options"][:10]]
    # secretary and office clerk, in the reader's language
    assert {"administratief medewerker secretariaat", "kantoorbediende"} <= set(labels)
    first = data["options"][0]
    assert {f["name"] for f in first["flags"]} >= {"viable", "desirable", "effort"}
    assert first["signals"]["wage"] is not None and first["covered"]
    assert data["origin_signals"]["brc"] == "0423"  # ISCO 3343 in the CBS table
