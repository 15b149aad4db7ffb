from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wendbaar.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib import admin

        # Registers the bearer token scheme with drf-spectacular.
        from wendbaar.accounts.api import schema  # noqa: F401
        from wendbaar.accounts.views import admin_login

        # The admin's own login form would skip two-step verification: use ours.
        admin.site.login = admin_login  # type: ignore[method-assign]
