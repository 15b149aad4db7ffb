from django.urls import path

from wendbaar.matching import views

app_name = "matching"
urlpatterns = [
    path("wat-kan-ik-nog-meer/", views.more, name="more"),
    path("overstappen/", views.explorer, name="explorer"),
    path("overstappen/groep/", views.group, name="group"),
    path("vacatures/", views.my_vacancies, name="my_vacancies"),
    path("vacatures/contactverzoeken/", views.contact_requests, name="contacts"),
    path("vacatures/beheer/", views.vacancy_list, name="vacancy_list"),
    path("vacatures/beheer/nieuw/", views.vacancy_edit, name="vacancy_new"),
    path("vacatures/beheer/<int:pk>/", views.vacancy_edit, name="vacancy_edit"),
    path(
        "vacatures/beheer/<int:pk>/kandidaten/", views.vacancy_candidates, name="vacancy_candidates"
    ),
]
