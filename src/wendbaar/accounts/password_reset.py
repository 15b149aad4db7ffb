"""Forgot password: Django's reset views with our forms, templates and rate limit.

The request page answers the same whether or not the address has an account, so it
tells nobody who has one. The link in the e-mail uses Django's token (valid for
``PASSWORD_RESET_TIMEOUT``, and only until the password or the last login changes, so
it works once). A reset never logs in: the person logs in at /inloggen/ afterwards,
where two-step verification still asks for its code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from wendbaar.accounts.forms import NewPasswordForm, PasswordResetRequestForm
from wendbaar.accounts.views import TOO_MANY_ATTEMPTS
from wendbaar.services import ratelimit


class _ErrorsAnswer400:
    """A form with mistakes answers 400, like the other account pages."""

    def form_invalid(self, form: Form) -> HttpResponse:
        return self.render_to_response(  # type: ignore[attr-defined,no-any-return]
            self.get_context_data(form=form),  # type: ignore[attr-defined]
            status=400,
        )


class PasswordResetRequest(_ErrorsAnswer400, auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Shares the login's limit: both are ways to try addresses and passwords.
        if ratelimit.allow(request, "login"):
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return self.render_to_response(self.get_context_data(form=form), status=429)

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirm(_ErrorsAnswer400, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    reset_url_token = "nieuw-wachtwoord"
    # Never log in here: that would skip the code step of two-step verification.
    post_reset_login = False

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        if not self.validlink:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
