"""Fixtures of the account tests: accounts of each role and a clean rate limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from wendbaar.accounts.models import Organisation, Role, User

PASSWORD = "Lentebloesem-Zwaluw-42"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Rate limits and the mock provider's codes live in the cache; every test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str = "anna", role: str = Role.PERSON, **fields: Any) -> User:
        organisation = None
        if role in {Role.EMPLOYER, Role.ISSUER, Role.ADVISER}:
            organisation, _ = Organisation.objects.get_or_create(
                slug=f"org-{role}", defaults={"name": f"Organisatie {role}", "kind": "employer"}
            )
        return User.objects.create_user(
            username, password=PASSWORD, role=role, organisation=organisation, **fields
        )

    return make


# axe-core's source for test_pages_a11y.py (it only reads a file; each flow opens its own browser).

__all__ = ["PASSWORD"]
