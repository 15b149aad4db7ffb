"""A small rate limit on public forms, counted in the Django cache per client address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# scope: (how many posts, in how many seconds); settings.SERVICES_RATE_LIMITS overrides.
DEFAULT_LIMITS = {
    "intake": (120, 600),
    "request": (5, 3600),
    "email": (5, 3600),
    "login": (10, 600),
}


def _limit(scope: str) -> tuple[int, int]:
    overrides: dict[str, tuple[int, int]] = getattr(settings, "SERVICES_RATE_LIMITS", {})
    return overrides.get(scope, DEFAULT_LIMITS[scope])


def allow(request: HttpRequest, scope: str) -> bool:
    """Count this post; False once the client has posted more than its limit in the period.

    The address is hashed so the cache holds no IP addresses. Behind a proxy, the proxy
    must set REMOTE_ADDR to the client's address (e.g. waitress's trusted_proxy).
    """
    limit, seconds = _limit(scope)
    address = request.META.get("REMOTE_ADDR", "")
    key = "wendbaar:rate:" + scope + ":" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit
