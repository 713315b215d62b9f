"""Public pages of the sources app (the public-site issue fills these in)."""

app_name = "sources"

urlpatterns = []
