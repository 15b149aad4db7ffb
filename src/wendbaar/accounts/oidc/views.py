"""The two client views of mozilla-django-oidc, answering 404 while OIDC is off and
sending failures back to the login page with a message instead of an error page."""

from __future__ import annotations

from typing import Any

import requests
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from wendbaar.accounts.oidc.backend import enabled


class Authenticate(OIDCAuthenticationRequestView):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        # The parent reads settings here; they only exist while OIDC is on.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        response: HttpResponse = super().get(request)
        return response


class Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    @property
    def success_url(self) -> str:
        return self.request.session.get("oidc_login_next") or reverse("accounts:account")

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request, _("Logging in with %(name)s did not work. Try again.") % {"name": _name()}
        )
        return HttpResponseRedirect(self.failure_url)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except requests.RequestException:
            # The provider's token or user info endpoint failed or could not be reached.
            return self.login_failure()
        return response


def _name() -> str:
    from django.conf import settings

    return str(getattr(settings, "WENDBAAR_OIDC_NAME", "DigiD"))
