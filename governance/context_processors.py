from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from governance.navigation import sections_for


def interface(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "product_name": settings.PRODUCT_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "navigation": sections_for(user, request.path) if signed_in else [],  # type: ignore[arg-type]
    }
