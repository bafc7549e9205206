from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("recruiting.api.urls")),
    path("api/v1/", include("candidates.api.urls")),
    path("api/v1/", include("candidates.notifications.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), so the
    # page needs no inline script under the Content-Security-Policy.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]

handler400 = "recruiting.errors.json_bad_request"
handler403 = "recruiting.errors.json_permission_denied"
handler404 = "recruiting.errors.json_not_found"
handler500 = "recruiting.errors.json_server_error"
