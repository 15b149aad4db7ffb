from django.urls import path

from wendbaar.credentials import views

app_name = "credentials"

urlpatterns = [
    path("controleren/", views.verify_page, name="verify"),
]
