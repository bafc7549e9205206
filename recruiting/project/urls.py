from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from recruiting.api.schema import SchemaView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("recruiting.api.urls")),
    path("api/v1/", include("candidates.api.urls")),
    path("api/v1/", include("candidates.notifications.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]

handler400 = "recruiting.errors.json_bad_request"
handler403 = "recruiting.errors.json_permission_denied"
handler404 = "recruiting.errors.json_not_found"
handler500 = "recruiting.errors.json_server_error"
