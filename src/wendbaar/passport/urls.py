from django.urls import path

from wendbaar.passport import sharing_urls, views

app_name = "passport"
urlpatterns: list = [
    path("mijn-paspoort/", views.overview, name="overview"),
    path("mijn-paspoort/vaardigheid/<int:pk>/", views.claim_edit, name="claim_edit"),
    path(
        "mijn-paspoort/vaardigheid/<int:pk>/verwijderen/",
        views.claim_delete,
        name="claim_delete",
    ),
    path("mijn-paspoort/vaardigheid/<int:pk>/bewijs/", views.evidence_add, name="evidence_add"),
    path("mijn-paspoort/bewijs/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("mijn-paspoort/werk/<int:pk>/", views.job_edit, name="job_edit"),
    path("mijn-paspoort/werk/<int:pk>/verwijderen/", views.job_delete, name="job_delete"),
    path("mijn-paspoort/opleiding/", views.education_add, name="education_add"),
    path("mijn-paspoort/opleiding/<int:pk>/", views.education_edit, name="education_edit"),
    path(
        "mijn-paspoort/opleiding/<int:pk>/verwijderen/",
        views.education_delete,
        name="education_delete",
    ),
    path(
        "mijn-paspoort/diploma/<int:pk>/verwijderen/",
        views.credential_delete,
        name="credential_delete",
    ),
    path("mijn-paspoort/zoeken/", views.fill_search, name="fill_search"),
    path("mijn-paspoort/werk/", views.fill_jobs, name="fill_jobs"),
    path("mijn-paspoort/werk/beroep/<int:occupation_id>/", views.fill_job, name="fill_job"),
    path("mijn-paspoort/cv/", views.fill_cv, name="fill_cv"),
    path("mijn-paspoort/diplomas-en-badges/", views.fill_credentials, name="fill_credentials"),
    path("mijn-paspoort/importeren/", views.fill_import, name="fill_import"),
]
urlpatterns += sharing_urls.urlpatterns
