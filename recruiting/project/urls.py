from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from recruiting.api.schema import SchemaView
from recruiting.api.views import ApiRootView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("candidates.web.urls")),
    path("api/v1/", include("recruiting.api.urls")),
    path("api/v1/", include("candidates.api.urls")),
    path("api/v1/", include("candidates.notifications.api.urls")),
    path("api/", ApiRootView.as_view(), name="api"),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), so the
    # page needs no inline script under the Content-Security-Policy.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]

# JSON under /api/, a page elsewhere (candidates/web/errors.py).
handler400 = "candidates.web.errors.bad_request"
handler403 = "candidates.web.errors.permission_denied"
handler404 = "candidates.web.errors.page_not_found"
handler500 = "candidates.web.errors.server_error"
