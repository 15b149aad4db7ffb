from django.urls import path

from wendbaar.accounts.api import views

urlpatterns = [
    path("me", views.Me.as_view(), name="api-me"),
    path("me/tokens", views.Tokens.as_view(), name="api-me-tokens"),
    path("me/tokens/<int:pk>", views.TokenDetail.as_view(), name="api-me-token"),
]
