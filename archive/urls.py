"""Root URLs: the public site, the REST API under /api/v1/, and the admin."""

from django.contrib import admin
from django.urls import include, path

from archive import views
from archive.sitemaps import SITEMAPS, sitemap_index, sitemap_section
from core import health

admin.site.site_header = "North Korean entrepreneurship funding archive"
admin.site.site_title = "Funding archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("", include("people.urls")),
    path("", include("ventures.urls")),
    path("", include("sources.urls")),
    path("api/v1/", include("archive.api_urls")),
    path("admin/", admin.site.urls),
]

# A hidden record's page answers exactly like one that never existed.
handler404 = "archive.views.page_not_found"
# A server error shows its request id; a database outage answers 503 (core/errors.py).
handler500 = "core.errors.server_error"
# Under /api/ every error is JSON in the API's shape, even those Django answers itself.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
