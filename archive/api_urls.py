"""The versioned REST API under /api/v1/ (the API issue fills this in)."""

app_name = "api"

urlpatterns = []
