"""Public pages of the ventures app: ventures, funding flows, places and the network."""

from django.urls import path

from ventures import views

app_name = "ventures"

urlpatterns = [
    path("ventures/", views.venture_list, name="venture-list"),
    path("ventures/<slug:slug>/", views.venture_detail, name="venture-detail"),
    path("flows/", views.flow_list, name="flow-list"),
    path("flows/<int:pk>/", views.flow_detail, name="flow-detail"),
    path("places/", views.place_list, name="place-list"),
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
    path("network/", views.network, name="network"),
]
