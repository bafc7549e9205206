"""The OpenAPI schema, generated once per process and served from memory.

Anyone may read it (it describes the API, no data), so what it costs is what anyone can
make a worker spend: generating it took 190 ms a call, and drf-spectacular before 0.29
kept every generation's views alive (1.7 MB a call, until the worker died). The schema
only changes with the code, so each rendering (per format, API version and language)
is built on first request and kept; the key space is bounded, since an unknown
language falls back to the default and an unknown version to none.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.request import Request

_RENDERED: dict[tuple[str | None, str, str], bytes] = {}
_LOCK = Lock()


def _language(request: Request) -> str:
    asked = request.GET.get("lang") or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(asked)
    except LookupError:
        return settings.LANGUAGE_CODE


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 schema of this API (YAML, or JSON by content negotiation)."""

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        version = self.api_version or request.version or self._get_version_parameter(request)  # type: ignore[no-untyped-call]
        language = _language(request)
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        key = (version, language, media_type)
        body = _RENDERED.get(key)
        if body is None:
            with _LOCK, translation.override(language):
                body = _RENDERED.get(key)
                if body is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    data = generator.get_schema(  # type: ignore[no-untyped-call]
                        request=request, public=self.serve_public
                    )
                    body = renderer.render(data, media_type, self.get_renderer_context())
                    _RENDERED[key] = body
        charset = getattr(renderer, "charset", None)
        response = HttpResponse(
            body, content_type=f"{media_type}; charset={charset}" if charset else media_type
        )
        response["Content-Disposition"] = (
            f'inline; filename="{self._get_filename(request, version)}"'  # type: ignore[no-untyped-call]
        )
        return response
