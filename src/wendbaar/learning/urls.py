from django.urls import path

from wendbaar.learning import views

app_name = "learning"
urlpatterns = [
    path("leren/", views.catalogue, name="catalogue"),
    path("leren/aanbod/<int:pk>/", views.offering_detail, name="offering"),
    path("leren/advies/", views.advice_page, name="advice"),
    path("ontwikkelplan/", views.plan_page, name="plan"),
    path("ontwikkelplan/doel/", views.plan_goal, name="plan_goal"),
    path("ontwikkelplan/advies/", views.plan_from_advice, name="plan_from_advice"),
    path("ontwikkelplan/aanbod/<int:pk>/", views.plan_add_offering, name="plan_add_offering"),
    path("ontwikkelplan/actie/", views.plan_add_action, name="plan_add_action"),
    path("ontwikkelplan/actie/<int:pk>/status/", views.action_status, name="action_status"),
    path("ontwikkelplan/gedeeld/", views.shared_plans, name="shared_plans"),
    path("ontwikkelplan/gedeeld/<int:pk>/", views.shared_plan, name="shared_plan"),
    path("aanbieder/", views.provider_area, name="provider_area"),
    path("aanbieder/aanbod/nieuw/", views.provider_offering_new, name="provider_offering_new"),
    path("aanbieder/aanbod/<int:pk>/", views.provider_offering, name="provider_offering"),
    path("aanbieder/importeren/", views.provider_import, name="provider_import"),
]
