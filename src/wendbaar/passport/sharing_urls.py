"""Sharing pages; included by passport/urls.py (app_name "passport")."""

from django.urls import path

from wendbaar.passport import sharing_views as views
from wendbaar.passport.export import register_with_accounts

urlpatterns = [
    path("paspoort/delen/", views.share_links, name="share_links"),
    path("paspoort/delen/<int:pk>/gemaakt/", views.share_created, name="share_created"),
    path("paspoort/delen/<int:pk>/stoppen/", views.share_revoke, name="share_revoke"),
    path("paspoort/gedeeld/<str:token>/", views.shared, name="shared"),
    path("paspoort/toestemming/", views.consents, name="consents"),
    path("paspoort/toestemming/<int:pk>/intrekken/", views.consent_revoke, name="consent_revoke"),
    path("paspoort/wie-heeft-gekeken/", views.access_log, name="access_log"),
    path("paspoort/downloaden/", views.download_json, name="download_json"),
    path("paspoort/afdrukken/", views.print_passport, name="print"),
    path("gedeelde-paspoorten/", views.shared_with_me, name="shared_with_me"),
    path("gedeelde-paspoorten/<int:pk>/", views.consented_passport, name="consented"),
    path(
        "gedeelde-paspoorten/<int:pk>/vaardigheid/<int:claim>/",
        views.raise_claim,
        name="raise_claim",
    ),
]

register_with_accounts()
