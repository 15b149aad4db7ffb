from django.urls import path

from wendbaar.credentials.api import views

urlpatterns = [
    path("credentials/verify", views.VerifyCredential.as_view(), name="vc-verify-credential"),
    path("presentations/verify", views.VerifyPresentation.as_view(), name="vc-verify-presentation"),
]
