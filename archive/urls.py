"""Root URLs: the admin for archivists; the public site and API arrive with their issues."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "North Korean entrepreneurship funding archive"
admin.site.site_title = "Funding archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
]
