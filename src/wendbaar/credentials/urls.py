from django.urls import path

from wendbaar.credentials import holder_views, issuer_views, views

app_name = "credentials"

urlpatterns = [
    path("controleren/", views.verify_page, name="verify"),
    path("uitgeven/", issuer_views.issue_page, name="issue"),
    path("uitgeven/uitgegeven/", issuer_views.issued_list, name="issued"),
    path("uitgeven/uitgegeven/<int:pk>.json", issuer_views.issued_json, name="issued_json"),
    path("uitgeven/uitgegeven/<int:pk>/intrekken/", issuer_views.revoke_page, name="revoke"),
    path("uitgeven/sleutels/", issuer_views.keys_page, name="keys"),
    path(
        "mijn-paspoort/credentials/<int:pk>.json",
        holder_views.held_credential_json,
        name="held_json",
    ),
    path("mijn-paspoort/presentatie.json", holder_views.presentation_json, name="presentation"),
]
