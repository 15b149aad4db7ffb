"""Editors review suggested mappings: permissions, filters, bulk actions, correction, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from wendbaar.accounts.models import User
from wendbaar.taxonomy.crosswalk_import import CrosswalkOptions, import_crosswalk
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import Concept, Mapping

from .esco_files import SKILL, write_release

pytestmark = pytest.mark.django_db
URL = "/beroepen-en-vaardigheden/koppelingen/sector-3.8/"


@pytest.fixture
def suggestions(tmp_path: Path) -> list[Mapping]:
    import_esco([write_release(tmp_path / "v1.1.1")])
    table = tmp_path / "sector.csv"
    table.write_text(
        "code,name,target\n"
        f"A,Warmtepompen plaatsen,{SKILL}install-heat-pumps\n"
        f"B,Boekhouden,{SKILL}safety\n"
        f"C,Zorgplan maken,{SKILL}care-plans\n"
    )
    import_crosswalk(
        table,
        CrosswalkOptions(
            scheme="sector-3.8",
            source_column="code",
            label_column="name",
            target_column="target",
            relation_column="",
            status="suggested",
        ),
    )
    mappings = list(Mapping.objects.order_by("source__code"))
    for mapping, confidence in zip(mappings, (0.95, 0.40, 0.70), strict=True):
        mapping.confidence = confidence
        mapping.save()
    return mappings


@pytest.fixture
def editor(client: Client) -> Client:
    user = User.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="change_mapping"))
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login_and_others_are_refused(client: Client, suggestions) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    client.force_login(User.objects.create_user("someone", password="x"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "accept", "mapping": [suggestions[0].pk]}).status_code == 403
    assert Mapping.objects.filter(status="accepted").count() == 0


def test_list_filters_by_confidence(editor: Client, suggestions) -> None:  # type: ignore[no-untyped-def]
    page = editor.get(URL, {"min_confidence": "0,6"}).content.decode()
    assert "Warmtepompen plaatsen" in page and "Zorgplan maken" in page
    assert "Boekhouden" not in page
    assert "2 koppelingen" in page
    bad = editor.get(URL, {"min_confidence": "veel"}).content.decode()
    assert "Zekerheid moet een getal tussen 0 en 1 zijn." in bad


def test_bulk_accept_and_reject_keep_the_filters(editor: Client, suggestions) -> None:  # type: ignore[no-untyped-def]
    first, second, third = suggestions
    response = editor.post(
        URL + "?min_confidence=0.6", {"action": "accept", "mapping": [first.pk, third.pk]}
    )
    assert response.status_code == 302 and response["Location"].endswith("min_confidence=0.6")
    assert set(Mapping.objects.filter(status="accepted").values_list("pk", flat=True)) == {
        first.pk,
        third.pk,
    }
    accepted = Mapping.objects.get(pk=first.pk)
    assert accepted.reviewed_by is not None and accepted.reviewed_by.username == "editor"
    assert accepted.reviewed_at is not None
    editor.post(URL, {"action": "reject", "mapping": [second.pk]})
    assert Mapping.objects.get(pk=second.pk).status == "rejected"
    follow = editor.post(URL, {"action": "accept"}, follow=True).content.decode()
    assert "Selecteer eerst minstens één koppeling." in follow


def test_correct_a_mapping(editor: Client, suggestions) -> None:  # type: ignore[no-untyped-def]
    wrong = suggestions[1]
    url = f"/beroepen-en-vaardigheden/koppeling/{wrong.pk}/"
    page = editor.get(url, {"q": "boekhouding"}).content.decode()
    bookkeeping = Concept.objects.get(uri=SKILL + "bookkeeping")
    assert f'value="{bookkeeping.pk}"' in page
    refused = editor.post(url, {"target": wrong.source.pk, "relation": "exactMatch"})
    assert refused.status_code == 400
    response = editor.post(url, {"target": bookkeeping.pk, "relation": "closeMatch"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert (wrong.target, wrong.relation, wrong.status) == (bookkeeping, "closeMatch", "accepted")


def test_export_accepted_only(editor: Client, suggestions) -> None:  # type: ignore[no-untyped-def]
    editor.post(URL, {"action": "accept", "mapping": [suggestions[0].pk]})
    csv_text = editor.get(URL + "export.csv").content.decode()
    assert csv_text.count("\n") == 2 and "install-heat-pumps" in csv_text
    turtle = editor.get(URL + "export.turtle")
    assert turtle["Content-Type"].startswith("text/turtle")
    assert b"skos:exactMatch" in turtle.content
