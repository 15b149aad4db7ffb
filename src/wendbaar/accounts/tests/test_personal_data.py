"""Download of all own data and deleting the account with everything in it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from wendbaar.accounts import personal_data
from wendbaar.accounts.models import ApiToken, Role, User
from wendbaar.accounts.tests.conftest import PASSWORD
from wendbaar.demo.loader import load_demo
from wendbaar.passport.models import Passport, SkillClaim
from wendbaar.taxonomy.models import Concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def section() -> Iterator[None]:
    def exporter(user: User) -> dict[str, object]:
        return {
            "skills": [
                claim.concept.uri for claim in SkillClaim.objects.filter(passport__owner=user)
            ]
        }

    personal_data.register_exporter("test-section", exporter)
    yield
    personal_data.unregister_exporter("test-section")


def _passport_with_a_claim(user: User) -> SkillClaim:
    load_demo()
    passport = Passport.objects.create(owner=user)
    concept = Concept.objects.filter(kind="skill").earliest("pk")
    return SkillClaim.objects.create(passport=passport, concept=concept, level=1, source="manual")


def test_download_holds_the_account_and_every_section(
    client: Client, make_user: Callable[..., User], section: None
) -> None:
    user = make_user("anna", email="anna@example.org", situation="working")
    claim = _passport_with_a_claim(user)
    client.login(username="anna", password=PASSWORD)
    response = client.get("/mijn-account/gegevens/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="wendbaar-')
    data = json.loads(response.content)
    assert data["format"] == "wendbaar-personal-data"
    assert data["account"]["username"] == "anna"
    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["situation"] == "working"
    assert data["test-section"] == {"skills": [claim.concept.uri]}
    assert "password" not in json.dumps(data["account"]).replace("has_password", "")


def test_secrets_stay_out_of_the_download(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("school", role=Role.ISSUER)
    client.login(username="school", password=PASSWORD)
    plain = client.post("/mijn-account/tokens/", {"name": "koppeling"}).context["new_token"]
    text = client.get("/mijn-account/gegevens/").content.decode()
    assert "koppeling" in text
    assert plain not in text and ApiToken.objects.get(user=user).token_hash not in text
    assert user.password not in text


def test_the_registry_refuses_a_second_exporter_for_a_name(section: None) -> None:
    with pytest.raises(ValueError, match="already has the exporter"):
        personal_data.register_exporter("test-section", lambda user: {})
    with pytest.raises(ValueError, match="reserved"):
        personal_data.register_exporter("account", lambda user: {})


def test_delete_shows_what_goes_and_removes_the_passport(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user("anna")
    claim = _passport_with_a_claim(user)
    other = make_user("bram")
    _other_claim = SkillClaim.objects.create(
        passport=Passport.objects.create(owner=other),
        concept=claim.concept,
        level=1,
        source="manual",
    )
    client.login(username="anna", password=PASSWORD)
    page = client.get("/en/mijn-account/verwijderen/")
    assert page.status_code == 200
    summary = dict(page.context["summary"])
    assert summary[str(Passport._meta.verbose_name_plural)] == 1
    assert summary[str(SkillClaim._meta.verbose_name_plural)] == 1
    wrong = client.post("/en/mijn-account/verwijderen/", {"password": "fout"})
    assert wrong.status_code == 400
    assert "not your password" in wrong.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    done = client.post("/en/mijn-account/verwijderen/", {"password": PASSWORD})
    assert done.status_code == 200
    assert "has been deleted" in done.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Passport.objects.filter(owner_id=user.pk).exists()
    assert not SkillClaim.objects.filter(pk=claim.pk).exists()
    assert SkillClaim.objects.filter(passport__owner=other).count() == 1
    assert client.get("/mijn-account/").status_code == 302


def test_an_account_without_password_confirms_with_a_tick(client: Client, db: None) -> None:
    user = User.objects.create_user("person-abc")
    assert not user.has_usable_password()
    client.force_login(user)
    unticked = client.post("/en/mijn-account/verwijderen/", {})
    assert unticked.status_code == 400
    assert "Tick the box" in unticked.content.decode()
    assert client.post("/mijn-account/verwijderen/", {"confirm": "on"}).status_code == 200
    assert not User.objects.filter(pk=user.pk).exists()
