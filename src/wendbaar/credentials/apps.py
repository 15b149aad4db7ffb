from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "wendbaar.credentials"
    verbose_name = _("Credentials")
