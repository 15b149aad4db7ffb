from django.urls import path

from wendbaar.learning.api import views

urlpatterns = [
    path("offerings", views.OfferingList.as_view(), name="api-offerings"),
    path("offerings/<int:pk>", views.OfferingDetail.as_view(), name="api-offering"),
    path("providers", views.ProviderList.as_view(), name="api-providers"),
    path("providers/<int:pk>", views.ProviderDetail.as_view(), name="api-provider"),
    path("advice", views.Advice.as_view(), name="api-advice"),
    path("plans", views.PlanList.as_view(), name="api-plans"),
    path("plans/<int:pk>", views.PlanDetail.as_view(), name="api-plan"),
    path("plans/<int:pk>/actions", views.PlanActions.as_view(), name="api-plan-actions"),
    path("plan-actions/<int:pk>", views.ActionDetail.as_view(), name="api-plan-action"),
]
