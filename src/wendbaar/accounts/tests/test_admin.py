"""Administrators make organisations and the accounts of the other roles in /beheer/."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client

from wendbaar.accounts import totp
from wendbaar.accounts.models import Organisation, Role, User
from wendbaar.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_makes_an_issuer_for_an_organisation(admin_client: Client) -> None:
    made = admin_client.post(
        "/beheer/accounts/organisation/add/",
        {
            "name": "ROC Midden",
            "slug": "roc-midden",
            "kind": "education",
            "kvk_number": "",
            "website": "",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    organisation = Organisation.objects.get(name="ROC Midden")
    assert organisation.slug == "roc-midden"
    added = admin_client.post(
        "/beheer/accounts/user/add/",
        {
            "username": "roc-docent",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.ISSUER,
            "organisation": organisation.pk,
        },
    )
    assert added.status_code == 302, re.findall(
        r"errorlist[^<]*<li>([^<]*)", added.content.decode()
    )
    user = User.objects.get(username="roc-docent")
    assert (user.role, user.organisation) == (Role.ISSUER, organisation)
    assert user.check_password(PASSWORD)


def test_admin_switches_off_two_step_verification(admin_client: Client) -> None:
    user = User.objects.create_user("anna", password=PASSWORD)
    setup = totp.start_setup(user)
    assert totp.confirm(user, pyotp.TOTP(setup.secret).now()) is not None
    response = admin_client.post(
        "/beheer/accounts/user/",
        {"action": "switch_off_two_step", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not totp.is_enabled(user)
    assert not user.recovery_codes.exists()


def test_the_admin_logs_in_through_our_login_with_its_second_step(client: Client) -> None:
    response = client.get("/beheer/login/?next=/beheer/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/beheer/accounts/user/"
    assert client.get("/beheer/")["Location"] == "/beheer/login/?next=/beheer/"
    staff = User.objects.create_user(
        "beheerder", password=PASSWORD, is_staff=True, is_superuser=True
    )
    setup = totp.start_setup(staff)
    assert totp.confirm(staff, pyotp.TOTP(setup.secret).now()) is not None
    step = client.post(
        "/inloggen/", {"username": "beheerder", "password": PASSWORD, "next": "/beheer/"}
    )
    assert step["Location"] == "/inloggen/code/"
    assert client.get("/beheer/").status_code == 302
