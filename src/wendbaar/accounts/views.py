"""Account pages: register, log in (with the optional second step), my account, changing
one's details and password, two-step verification, API tokens, download of all own data
and deleting the account. The "forgot password" pages are in password_reset.py."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.mail import send_mail
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wendbaar.accounts import personal_data, totp
from wendbaar.accounts.api.tokens import create_token
from wendbaar.accounts.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    CodeForm,
    DeleteAccountForm,
    DetailsForm,
    LoginForm,
    NewPasswordForm,
    PasswordCheckForm,
    RegistrationForm,
)
from wendbaar.accounts.models import ApiToken, Role, User
from wendbaar.accounts.permissions import forbidden
from wendbaar.services import ratelimit

LOGIN_URL = reverse_lazy("accounts:login")
PENDING = "accounts_pending_login"
# The second step must follow the password within five minutes.
PENDING_SECONDS = 300
# Wrong codes before the password must be typed again (the rate limit counts per address).
PENDING_TRIES = 5
TOKEN_ROLES = (Role.ISSUER, Role.EMPLOYER)
TOO_MANY_ATTEMPTS = gettext_lazy("Too many attempts. Wait ten minutes and try again.")

account_required = login_required(login_url=LOGIN_URL)


def _next_url(request: HttpRequest) -> str:
    """The safe place to go after logging in, else the account page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("accounts:account")


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def _oidc_context() -> dict[str, Any]:
    return {
        "oidc_enabled": getattr(settings, "WENDBAAR_OIDC_ENABLED", False),
        "oidc_name": getattr(settings, "WENDBAAR_OIDC_NAME", "DigiD"),
    }


def _rate_limited(
    request: HttpRequest, form: Any, template: str, context: dict[str, Any]
) -> HttpResponse | None:
    if ratelimit.allow(request, "login"):
        return None
    form.is_valid()
    form.add_error(None, TOO_MANY_ATTEMPTS)
    return render(request, template, {**context, "form": form}, status=429)


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationForm(_posted(request))
    if request.method == "POST":
        refused = _rate_limited(request, form, "accounts/register.html", {})
        if refused:
            return refused
        if form.is_valid():
            user = form.save()
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account has been made. Welcome!"))
            return redirect("accounts:account")
        return render(request, "accounts/register.html", {"form": form}, status=400)
    return render(request, "accounts/register.html", {"form": form})


def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    context = {
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "oidc_next": next_url,
        **_oidc_context(),
    }
    form = LoginForm(request, data=_posted(request))
    if request.method == "POST":
        refused = _rate_limited(request, form, "accounts/login.html", context)
        if refused:
            return refused
        if form.is_valid():
            user = form.get_user()
            if totp.is_enabled(user):
                request.session[PENDING] = {
                    "user": user.pk,
                    "backend": user.backend,  # type: ignore[attr-defined]
                    "at": time.time(),
                    "next": next_url,
                }
                return redirect("accounts:login_code")
            auth_login(request, user)
            return HttpResponseRedirect(next_url)
        return render(request, "accounts/login.html", {**context, "form": form}, status=400)
    return render(request, "accounts/login.html", {**context, "form": form})


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else None


def login_code(request: HttpRequest) -> HttpResponse:
    found = _pending_user(request)
    if found is None:
        messages.warning(request, _("Log in again: the time for the code has run out."))
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(_posted(request))
    if request.method == "POST":
        refused = _rate_limited(request, form, "accounts/login_code.html", {})
        if refused:
            return refused
        if form.is_valid():
            used = totp.verify(user, form.cleaned_data["code"])
            if used:
                del request.session[PENDING]
                auth_login(request, user, backend=pending["backend"])
                if used == "recovery":
                    messages.warning(
                        request,
                        _("You used a recovery code. You have %(count)d left.")
                        % {"count": totp.remaining_recovery_codes(user)},
                    )
                return HttpResponseRedirect(pending["next"])
            pending["tries"] = pending.get("tries", 0) + 1
            if pending["tries"] >= PENDING_TRIES:
                del request.session[PENDING]
                messages.error(request, _("Too many wrong codes. Log in again."))
                return redirect("accounts:login")
            request.session[PENDING] = pending
            form.add_error("code", _("This code is not right. Try the code your app shows now."))
        return render(request, "accounts/login_code.html", {"form": form}, status=400)
    return render(request, "accounts/login_code.html", {"form": form})


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Stands in for the admin's login page, which knows nothing of the second step."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(target, login_url=str(LOGIN_URL))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("accounts:login")


def _account_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    may_have_tokens = user.has_role(*TOKEN_ROLES)
    return {
        "account": user,
        "two_step": totp.is_enabled(user),
        "recovery_left": totp.remaining_recovery_codes(user),
        "may_have_tokens": may_have_tokens,
        "tokens": user.api_tokens.all() if may_have_tokens else [],
        "token_form": ApiTokenForm() if may_have_tokens else None,
        "external_logins": user.external_identities.all(),
        **_oidc_context(),
        **extra,
    }


@account_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", _account_context(request))


@account_required
def details(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    old_email = user.email
    form = DetailsForm(user, _posted(request))
    if request.method == "POST":
        # Only posts that try a password count, so fixing a typo in a name is never refused.
        if request.POST.get("password"):
            refused = _rate_limited(request, form, "accounts/details.html", {})
            if refused:
                return refused
        if form.is_valid():
            email_changed = form.email_changed
            form.save()
            if email_changed and old_email:
                _tell_old_address(request, user, old_email)
            messages.success(request, _("Your details have been saved."))
            return redirect("accounts:account")
        return render(request, "accounts/details.html", {"form": form}, status=400)
    return render(request, "accounts/details.html", {"form": form})


def _tell_old_address(request: HttpRequest, user: User, old_email: str) -> None:
    """If someone else changed the address, the owner hears of it at the address they know."""
    context = {
        "username": user.get_username(),
        "login_url": request.build_absolute_uri(str(LOGIN_URL)),
    }
    subject = render_to_string("accounts/email/email_changed_subject.txt", context).strip()
    body = render_to_string("accounts/email/email_changed.txt", context)
    send_mail(subject, body, None, [old_email])


@account_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password; an account made through DigiD has none and may set one."""
    user: User = request.user  # type: ignore[assignment]
    has_password = user.has_usable_password()
    form_class = ChangePasswordForm if has_password else NewPasswordForm
    form = form_class(user, _posted(request))
    context = {"form": form, "has_password": has_password}
    if request.method == "POST":
        refused = _rate_limited(request, form, "accounts/password_change.html", context)
        if refused:
            return refused
        if form.is_valid():
            form.save()
            # The new password ends every other session; this one stays logged in.
            update_session_auth_hash(request, user)
            if has_password:
                messages.success(request, _("Your password has been changed."))
            else:
                messages.success(
                    request,
                    _("Your password has been set. You can now also log in with your user name."),
                )
            return redirect("accounts:account")
        return render(request, "accounts/password_change.html", context, status=400)
    return render(request, "accounts/password_change.html", context)


@account_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_role(*TOKEN_ROLES):
        return forbidden(request, TOKEN_ROLES)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accounts/account.html", _account_context(request, token_form=form), status=400
        )
    token, plain = create_token(user, form.cleaned_data["name"])
    # Shown in this answer only; the database keeps a hash.
    return render(
        request,
        "accounts/account.html",
        _account_context(request, new_token=plain, new_token_name=token.name),
        status=201,
    )


@account_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:account")


@account_required
def two_step(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if totp.is_enabled(user):
        return render(
            request,
            "accounts/two_step_manage.html",
            {
                "disable_form": PasswordCheckForm(user, prefix="disable"),
                "codes_form": PasswordCheckForm(user, prefix="codes"),
                "recovery_left": totp.remaining_recovery_codes(user),
            },
        )
    setup = totp.start_setup(user)
    form = CodeForm(_posted(request), numeric=True)
    if request.method == "POST" and form.is_valid():
        codes = totp.confirm(user, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True}
            )
        form.add_error("code", _("This code is not right. Try the code your app shows now."))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/two_step_setup.html", {"setup": setup, "form": form}, status=status
    )


def _manage_with_errors(request: HttpRequest, **forms: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "disable_form": PasswordCheckForm(user, prefix="disable"),
        "codes_form": PasswordCheckForm(user, prefix="codes"),
        "recovery_left": totp.remaining_recovery_codes(user),
        **forms,
    }
    return render(request, "accounts/two_step_manage.html", context, status=400)


@account_required
@require_POST
def two_step_disable(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordCheckForm(user, request.POST, prefix="disable")
    if not form.is_valid():
        return _manage_with_errors(request, disable_form=form)
    totp.disable(user)
    messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:account")


@account_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordCheckForm(user, request.POST, prefix="codes")
    if not totp.is_enabled(user):
        return redirect("accounts:two_step")
    if not form.is_valid():
        return _manage_with_errors(request, codes_form=form)
    codes = totp.new_recovery_codes(user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False})


@account_required
def download(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    data = personal_data.export(user)
    name = f"wendbaar-{user.pk}-{timezone.now():%Y%m%d}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@account_required
def delete(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(user, _posted(request))
    context = {"form": form, "summary": personal_data.deletion_summary(user)}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", context, status=400)
        try:
            user.delete()
        except (ProtectedError, RestrictedError):
            form.add_error(
                None,
                _(
                    "Your account cannot be deleted yet, because other records depend on it. "
                    "Ask the administrator."
                ),
            )
            return render(request, "accounts/delete.html", context, status=409)
        auth_logout(request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", context)
