from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "wendbaar.learning"
    verbose_name = _("Learning offer and development plans")

    def ready(self) -> None:
        from wendbaar.accounts.personal_data import register_exporter
        from wendbaar.learning.plans import export_plans

        register_exporter("development_plans", export_plans)
