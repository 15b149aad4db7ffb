from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkingConfig(AppConfig):
    name = "wendbaar.linking"
    verbose_name = _("Linking")
