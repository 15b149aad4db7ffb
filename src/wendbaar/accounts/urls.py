from django.urls import path

from wendbaar.accounts import password_reset, views

app_name = "accounts"
urlpatterns = [
    path("registreren/", views.register, name="register"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/code/", views.login_code, name="login_code"),
    path("uitloggen/", views.logout, name="logout"),
    path(
        "wachtwoord-vergeten/",
        password_reset.PasswordResetRequest.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        password_reset.PasswordResetSent.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        password_reset.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        password_reset.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("mijn-account/", views.account, name="account"),
    path("mijn-account/gegevens-wijzigen/", views.details, name="details"),
    path("mijn-account/wachtwoord/", views.password_change, name="password_change"),
    path("mijn-account/tweestapsverificatie/", views.two_step, name="two_step"),
    path(
        "mijn-account/tweestapsverificatie/uitzetten/",
        views.two_step_disable,
        name="two_step_disable",
    ),
    path(
        "mijn-account/tweestapsverificatie/herstelcodes/",
        views.recovery_codes,
        name="recovery_codes",
    ),
    path("mijn-account/tokens/", views.token_create, name="token_create"),
    path("mijn-account/tokens/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path("mijn-account/gegevens/", views.download, name="download"),
    path("mijn-account/verwijderen/", views.delete, name="delete"),
]
