"""Root URLs: the public site, the REST API under /api/v1/, and the admin."""

from django.contrib import admin
from django.urls import include, path

from archive import views

admin.site.site_header = "North Korean entrepreneurship funding archive"
admin.site.site_title = "Funding archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("people.urls")),
    path("", include("ventures.urls")),
    path("", include("sources.urls")),
    path("api/v1/", include("archive.api_urls")),
    path("admin/", admin.site.urls),
]
