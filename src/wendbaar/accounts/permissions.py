"""Roles enforced in views and in the API, the same way.

Views::

    @role_required(Role.ADVISER)
    def queue(request): ...

    class Review(RoleRequiredMixin, View):
        required_roles = (Role.EDITOR,)

API (Django REST framework)::

    class IssueView(APIView):
        permission_classes = [HasRole(Role.ISSUER)]

Administrators (role ``admin`` or superusers) pass every check. Anonymous visitors of a
page go to the login page; a logged-in account with another role gets a 403 page that
says which role the page is for. In the API, anonymous requests get 401 (with a token
authenticator first in the list) and the wrong role 403, both with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from wendbaar.accounts.models import Role

View = Callable[..., HttpResponse]


def role_labels(roles: tuple[str, ...]) -> str:
    return ", ".join(str(Role(role).label) for role in roles)


def user_has_role(user: Any, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and user.has_role(*roles))


def forbidden(request: HttpRequest, roles: tuple[str, ...]) -> HttpResponse:
    """The 403 page: which roles may see the page, and which role this account has."""
    return render(
        request,
        "accounts/forbidden.html",
        {"required": role_labels(roles), "current": Role(request.user.role).label},  # type: ignore[union-attr]
        status=403,
    )


def _check(request: HttpRequest, roles: tuple[str, ...]) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_role(request.user, roles):
        return forbidden(request, roles)
    return None


def role_required(*roles: str) -> Callable[[View], View]:
    """Decorator for function views: only accounts with one of ``roles`` (or admins)."""
    if not roles:
        raise ValueError("role_required needs at least one role")
    for role in roles:
        Role(role)  # a misspelt role fails at import time, not at the first request

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = _check(request, roles)
            return refused if refused is not None else view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    """For class-based views: set ``required_roles``; put the mixin first."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.required_roles:
            raise ValueError(f"{type(self).__name__} sets no required_roles")
        refused = _check(request, self.required_roles)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def HasRole(*roles: str) -> type[BasePermission]:  # used like a class
    """A DRF permission class for accounts with one of ``roles`` (admins always pass)."""
    if not roles:
        raise ValueError("HasRole needs at least one role")
    for role in roles:
        Role(role)
    wanted = tuple(roles)

    class _HasRole(BasePermission):
        @property
        def message(self) -> str:  # in the language of the request, so not at import
            return _("This is only for: {roles}.").format(roles=role_labels(wanted))

        def has_permission(self, request: Request, view: APIView) -> bool:
            return user_has_role(request.user, wanted)

    _HasRole.__name__ = _HasRole.__qualname__ = "HasRole_" + "_".join(wanted)
    return _HasRole


__all__ = ["HasRole", "RoleRequiredMixin", "forbidden", "role_required", "user_has_role"]
