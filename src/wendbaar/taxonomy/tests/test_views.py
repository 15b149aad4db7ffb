"""Portal pages of the skills language, rendered by Django (the browser tests add axe-core)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import Concept

from .esco_files import OCC, SKILL, write_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])


def test_search_page_finds_dutch_and_english(client: Client, loaded: None) -> None:
    page = client.get("/beroepen-en-vaardigheden/zoeken/", {"q": "warmtepomp"}).content.decode()
    assert "warmtepompmonteur" in page and "warmtepompen installeren" in page
    english = client.get("/en/beroepen-en-vaardigheden/zoeken/", {"q": "heat pump"})
    assert "heat pump installer" in english.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_search_keeps_what_was_typed_and_explains_errors(client: Client, loaded: None) -> None:
    page = client.get("/beroepen-en-vaardigheden/zoeken/", {"q": "x" * 201}).content.decode()
    assert 'value="' + "x" * 201 + '"' in page
    assert 'role="alert"' in page and "200" in page
    none = client.get("/beroepen-en-vaardigheden/zoeken/", {"q": "qqqzzz"}).content.decode()
    assert "0 resultaten" in none and "Niets gevonden" in none


def test_concept_page_shows_relations_labels_and_attribution(client: Client, loaded: None) -> None:
    concept = Concept.objects.get(uri=OCC + "heat-pump")
    page = client.get(f"/beroepen-en-vaardigheden/begrip/{concept.pk}/").content.decode()
    assert "<h1>warmtepompmonteur</h1>" in page
    assert "Essentiële vaardigheden en kennis" in page and "veilig werken" in page
    assert "monteur warmtepompen" in page and "heat pump fitter" in page
    assert "Deze dienst gebruikt de ESCO-classificatie van de Europese Commissie." in page


def test_concept_without_dutch_name_says_so(client: Client, loaded: None) -> None:
    concept = Concept.objects.get(uri=SKILL + "care-plans")
    page = client.get(f"/beroepen-en-vaardigheden/begrip/{concept.pk}/").content.decode()
    assert '<h1 lang="en">draw up care plans</h1>' in page
    assert "Dit begrip heeft nog geen naam in jouw taal. Je ziet de naam in het Engels." in page


def test_unknown_concept_is_404(client: Client) -> None:
    assert client.get("/beroepen-en-vaardigheden/begrip/424242/").status_code == 404


def test_schemes_and_imports_pages(client: Client, loaded: None) -> None:
    schemes = client.get("/beroepen-en-vaardigheden/schema/").content.decode()
    assert "ISCO-08" in schemes and "v1.1.1" in schemes
    imports = client.get("/beroepen-en-vaardigheden/imports/").content.decode()
    assert "esco" in imports and "gelukt" in imports


def test_running_import_shows_live_progress(client: Client) -> None:
    from django.core.cache import cache

    from wendbaar.taxonomy.models import ImportRun
    from wendbaar.taxonomy.runs import progress_key

    run = ImportRun.objects.create(kind="esco", status="running")
    cache.set(progress_key(run.pk), {"stage": "skills_en.csv", "done": 40, "total": 100})
    page = client.get("/beroepen-en-vaardigheden/imports/").content.decode()
    assert '<progress max="100" value="40"' in page and "skills_en.csv" in page
