"""Conversation requests: the form, privacy (consent, withdraw and delete, view log) and
the advisers' queue (login, membership, pick up)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from wendbaar.accounts.models import User
from wendbaar.services.models import (
    ConversationRequest,
    RequestView,
    ServicePoint,
    ServicePointMember,
    token_hash,
)

pytestmark = pytest.mark.django_db
FORM = "/gesprek/bij/loket-utrecht/"
PERSON = {
    "name": "Anna",
    "email": "anna@example.org",
    "question": "Ik wil omscholen.",
    "consent": "on",
}


def send(client: Client, data: dict[str, str] | None = None) -> str:
    """Send a request and return the secret link shown on the confirmation page."""
    response = client.post(FORM, data or PERSON)
    assert response["Location"] == "/gesprek/verstuurd/"
    page = client.get("/gesprek/verstuurd/").content.decode()
    match = re.search(r"http://testserver(/gesprek/verzoek/[\w-]+/)", page)
    assert match, page
    return match.group(1)


@pytest.fixture
def adviser(points: dict[str, ServicePoint]) -> User:
    user = User.objects.create_user("adviseur", password="geheim-wachtwoord-1")
    ServicePointMember.objects.create(user=user, service_point=points["utrecht"])
    return user


def test_request_without_account(client: Client, points: dict[str, ServicePoint]) -> None:
    link = send(client)
    stored = ConversationRequest.objects.get()
    assert (stored.name, stored.email, stored.service_point.slug) == (
        "Anna",
        "anna@example.org",
        "loket-utrecht",
    )
    assert stored.token_hash == token_hash(link.split("/")[-2])  # only the hash is kept
    assert stored.route == {} and not stored.shares_route
    to_point, to_person = mail.outbox
    assert to_point.to == ["loket-utrecht@example.org"]
    assert "Anna" not in to_point.body and "anna@" not in to_point.body  # no personal details
    assert "/adviseurs/" in to_point.body
    assert to_person.to == ["anna@example.org"] and link in to_person.body


def test_route_is_shared_only_with_consent(client: Client, points: dict[str, ServicePoint]) -> None:
    client.post("/start/", {"goal": "switch"})
    client.post("/start/over-jou/", {"work_situation": "flex"})
    form = client.get(FORM).content.decode()
    assert 'name="share_route"' in form
    send(client, {**PERSON, "share_route": ""})
    send(client, {**PERSON, "share_route": "on"})
    without, with_consent = ConversationRequest.objects.order_by("pk")
    assert without.route == {} and not without.shares_route
    assert with_consent.shares_route and with_consent.route["work_situation"] == "flex"


def test_no_route_no_share_box(client: Client, points: dict[str, ServicePoint]) -> None:
    assert 'name="share_route"' not in client.get(FORM).content.decode()
    send(client, {**PERSON, "share_route": "on"})
    assert ConversationRequest.objects.get().route == {}


def test_withdraw_deletes_everything(client: Client, adviser: User) -> None:
    link = send(client)
    request = ConversationRequest.objects.get()
    RequestView.objects.create(request=request, user=adviser)
    status = client.get(link).content.decode()
    assert "Anna" in status and "Ik wil omscholen." in status
    assert client.post(link + "intrekken/")["Location"] == "/gesprek/ingetrokken/"
    assert not ConversationRequest.objects.exists() and not RequestView.objects.exists()
    gone = client.get(link)
    assert gone.status_code == 404 and "Aanvraag niet gevonden" in gone.content.decode()


def test_a_wrong_link_shows_nothing(client: Client, points: dict[str, ServicePoint]) -> None:
    send(client)
    assert client.get("/gesprek/verzoek/raden-lukt-niet/").status_code == 404
    client.post("/gesprek/verzoek/raden-lukt-niet/intrekken/")
    assert ConversationRequest.objects.count() == 1


def test_form_errors_are_listed_and_values_kept(
    client: Client, points: dict[str, ServicePoint]
) -> None:
    response = client.post(FORM, {"name": "", "phone": "bel me", "question": "x" * 1001})
    page = response.content.decode()
    assert response.status_code == 400
    for anchor in ("#id_name", "#id_phone", "#id_question", "#id_consent"):
        assert f'<a href="{anchor}">' in page
    assert "Zorg dat deze waarde niet meer dan 1000 tekens bevat (het zijn er nu 1001)." in page
    assert "Typ een telefoonnummer met cijfers" in page
    assert 'value="bel me"' in page and "x" * 1001 in page
    assert not ConversationRequest.objects.exists()


def test_email_or_phone_is_needed(client: Client, points: dict[str, ServicePoint]) -> None:
    page = client.post(FORM, {"name": "Anna", "consent": "on"}).content.decode()
    assert '<a href="#id_email">Vul een e-mailadres of telefoonnummer in' in page
    send(client, {"name": "Anna", "phone": "06 12345678", "consent": "on"})


def test_script_in_a_request_is_escaped_everywhere(client: Client, adviser: User) -> None:
    attack = "<script>alert('x')</script>"
    link = send(client, {**PERSON, "name": attack, "question": attack})
    assert attack not in client.get(link).content.decode()
    client.force_login(adviser)
    page = client.get(
        f"/adviseurs/verzoek/{ConversationRequest.objects.get().pk}/"
    ).content.decode()
    assert attack not in page and "&lt;script&gt;" in page


def test_honeypot_and_rate_limit(
    client: Client, points: dict[str, ServicePoint], settings: object
) -> None:
    spam = client.post(FORM, {**PERSON, "website": "http://spam.example"})
    assert spam.status_code == 400 and not ConversationRequest.objects.exists()
    settings.SERVICES_RATE_LIMITS = {"request": (1, 3600)}  # type: ignore[attr-defined]
    client.post(FORM, PERSON)
    client.post(FORM, PERSON)
    limited = client.post(FORM, {**PERSON, "question": "Nog een vraag"})
    page = limited.content.decode()
    assert limited.status_code == 429
    assert "Je hebt dit formulier vaak verstuurd" in page and "Nog een vraag" in page


def test_points_that_take_no_requests_have_no_form(
    client: Client, points: dict[str, ServicePoint]
) -> None:
    ServicePoint.objects.filter(slug="loket-utrecht").update(accepts_requests=False)
    assert client.get(FORM).status_code == 404


def test_queue_needs_login_and_membership(
    client: Client, adviser: User, points: dict[str, ServicePoint]
) -> None:
    assert client.get("/adviseurs/")["Location"].startswith("/inloggen/?next=")
    outsider = User.objects.create_user("buiten", password="geheim-wachtwoord-2")
    client.force_login(outsider)
    assert client.get("/adviseurs/").status_code == 403
    send(Client())
    request = ConversationRequest.objects.get()
    assert client.get(f"/adviseurs/verzoek/{request.pk}/").status_code == 403
    assert client.post(f"/adviseurs/verzoek/{request.pk}/oppakken/").status_code == 403
    assert not RequestView.objects.exists()


def test_advisers_see_only_their_own_points(
    client: Client, adviser: User, points: dict[str, ServicePoint]
) -> None:
    other = Client()
    other.post("/gesprek/bij/loket-zwolle/", {**PERSON, "name": "Bram"})
    send(Client())
    client.force_login(adviser)
    queue = client.get("/adviseurs/").content.decode()
    assert queue.count("Aanvraag ") == 1 and "Loket Utrecht" in queue
    zwolle = ConversationRequest.objects.get(name="Bram")
    assert client.get(f"/adviseurs/verzoek/{zwolle.pk}/").status_code == 403


def test_viewing_is_logged_and_the_route_gate_holds(client: Client, adviser: User) -> None:
    person = Client()
    person.post("/start/", {"goal": "switch"})
    person.post("/start/over-jou/", {"work_situation": "flex"})
    person.post(FORM, {**PERSON, "share_route": "on"})
    Client().post(FORM, {**PERSON, "name": "Zonder route"})
    shared, private = ConversationRequest.objects.order_by("pk")
    client.force_login(adviser)
    page = client.get(f"/adviseurs/verzoek/{shared.pk}/").content.decode()
    assert "Ander werk gaan doen" in page and "toestemming gegeven" in page
    hidden = client.get(f"/adviseurs/verzoek/{private.pk}/").content.decode()
    assert "heeft deze antwoorden niet gedeeld" in hidden
    views = list(
        RequestView.objects.order_by("pk").values_list("request_id", "user__username", "saw_route")
    )
    assert views == [(shared.pk, "adviseur", True), (private.pk, "adviseur", False)]


def test_login_page_and_pick_up(client: Client, adviser: User) -> None:
    send(Client())
    mail.outbox.clear()
    request = ConversationRequest.objects.get()
    assert client.get("/adviseurs/inloggen/?next=/adviseurs/")["Location"] == (
        "/inloggen/?next=/adviseurs/"
    )
    wrong = client.post("/inloggen/", {"username": "adviseur", "password": "fout"})
    assert wrong.status_code == 400 and 'class="error-summary"' in wrong.content.decode()
    ok = client.post(
        "/inloggen/",
        {"username": "adviseur", "password": "geheim-wachtwoord-1", "next": "/adviseurs/"},
    )
    assert ok["Location"] == "/adviseurs/"
    assert client.post(f"/adviseurs/verzoek/{request.pk}/oppakken/").status_code == 302
    request.refresh_from_db()
    assert request.status == "picked_up" and request.picked_up_by == adviser
    assert mail.outbox[0].to == ["anna@example.org"]
    again = client.post(f"/adviseurs/verzoek/{request.pk}/oppakken/", follow=True)
    assert "Een andere adviseur heeft deze aanvraag al opgepakt." in again.content.decode()
    client.post(f"/adviseurs/verzoek/{request.pk}/afronden/")
    request.refresh_from_db()
    assert request.status == "done"


def test_login_is_rate_limited(client: Client, db: None, settings: object) -> None:
    settings.SERVICES_RATE_LIMITS = {"login": (2, 600)}  # type: ignore[attr-defined]
    for _ in range(2):
        client.post("/inloggen/", {"username": "x", "password": "y"})
    limited = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert limited.status_code == 429 and "Te vaak geprobeerd" in limited.content.decode()
    assert 'value="x"' in limited.content.decode()
