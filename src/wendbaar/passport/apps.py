from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportConfig(AppConfig):
    name = "wendbaar.passport"
    verbose_name = _("Skills passport")

    def ready(self) -> None:
        # The personal-data export (accounts) gets the passport section in every process,
        # the CLI included, not only when the URLs load.
        from wendbaar.passport.export import register_with_accounts

        register_with_accounts()
