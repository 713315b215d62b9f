"""Public pages of the ventures app (the public-site issue fills these in)."""

app_name = "ventures"

urlpatterns = []
