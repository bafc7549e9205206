from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

from recruiting.project.startup import refuse_published_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.project.settings")
application = get_asgi_application()
refuse_published_secret_key()
