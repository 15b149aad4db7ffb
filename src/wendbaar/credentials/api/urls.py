from django.urls import path

from wendbaar.credentials.api import documents, views

urlpatterns = [
    path("credentials/issue", views.IssueCredential.as_view(), name="vc-issue-credential"),
    path("credentials/verify", views.VerifyCredential.as_view(), name="vc-verify-credential"),
    path("presentations/verify", views.VerifyPresentation.as_view(), name="vc-verify-presentation"),
    path(
        "credentials/status/<slug:issuer>/<int:pk>",
        documents.status_list,
        name="credentials-status-list",
    ),
    path(".well-known/did.json", documents.platform_did, name="credentials-platform-did"),
    path(
        "organisations/<slug:slug>/did.json",
        documents.organisation_did,
        name="credentials-organisation-did",
    ),
]
