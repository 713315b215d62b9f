"""Public pages of the people app: people and organisations."""

from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("organisations/", views.organization_list, name="organization-list"),
    path("organisations/<slug:slug>/", views.organization_detail, name="organization-detail"),
]
