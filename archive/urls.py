"""Root URLs: the home page and the admin; the public listings and API arrive with their issues."""

from django.contrib import admin
from django.urls import path

from archive import views

admin.site.site_header = "North Korean entrepreneurship funding archive"
admin.site.site_title = "Funding archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]
