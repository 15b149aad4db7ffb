from django.urls import path

from wendbaar.accounts import views

app_name = "accounts"
urlpatterns = [
    path("registreren/", views.register, name="register"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/code/", views.login_code, name="login_code"),
    path("uitloggen/", views.logout, name="logout"),
    path("mijn-account/", views.account, name="account"),
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
