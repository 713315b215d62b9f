"""The versioned REST API under /api/v1/: resources, sync, graph, exports, schema and docs.

docs/API.md is the integrator's guide; /api/v1/docs/ renders the OpenAPI schema from
static files (drf-spectacular-sidecar), with no CDN.
"""

from csp.decorators import csp_update
from django.urls import path, re_path
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from archive.changes import ChangesView
from archive.exports import ArchiveDumpView, FollowTheMoneyView
from archive.graph import GraphView
from archive.reconcile import ReconcileView
from core.api import IndexView, NotFoundView, ObtainTokenView, RevisionView
from core.registry import resources

app_name = "api"


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served from its own URL (``?script``), not
    inline, so the page runs under the site's Content-Security-Policy."""

    template_name = "archive/api_docs/swagger_ui.html"


# What Redoc needs beyond the site's policy, on its page only. It styles itself by
# inserting rules into <style> elements it creates (CSSOM rules are not subject to CSP,
# the elements are): an empty one and one with a fixed text in its pinned version, allowed
# by hash, not 'unsafe-inline'. Its search index runs in a worker built from a blob: URL.
# The browser test fails if a new Redoc needs more.
REDOC_POLICY = {
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
    "worker-src": ["'self'", "blob:"],
}


@method_decorator(csp_update(REDOC_POLICY), name="get")
class RedocView(SpectacularRedocView):
    """Redoc, without the inline script, inline style and web fonts of the stock page."""

    template_name = "archive/api_docs/redoc.html"


# Every resource the apps declare (core.registry), under the name they declare.
router = SimpleRouter()
for resource in resources():
    router.register(resource.path, resource.viewset, basename=resource.name)

#: What ``/api/v1/`` lists: each resource's list, then the other addresses.
INDEX = {
    **{prefix: f"api:{basename}-list" for prefix, _, basename in router.registry},
    "funding-flows/summary": "api:funding-flow-summary",
    "changes": "api:changes",
    "graph": "api:graph",
    "reconcile": "api:reconcile",
    "exports/archive.jsonl": "api:export-archive",
    "exports/ftm.json": "api:export-ftm",
    "auth/token": "api:token",
    "schema": "api:schema",
    "docs": "api:docs",
}

urlpatterns = [
    path("", IndexView.as_view(routes=INDEX), name="index"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("reconcile/", ReconcileView.as_view(), name="reconcile"),
    path("graph/", GraphView.as_view(), name="graph"),
    path("exports/archive.jsonl", ArchiveDumpView.as_view(), name="export-archive"),
    path("exports/ftm.json", FollowTheMoneyView.as_view(), name="export-ftm"),
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("revisions/<int:pk>/", RevisionView.as_view(), name="revision"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404, not the public site's HTML page.
    re_path(r"^[\s\S]*/$", NotFoundView.as_view(), name="not-found"),
]
