"""Public pages of the people app (the public-site issue fills these in)."""

app_name = "people"

urlpatterns = []
