from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """Domain calls and the API answer in English: these tests read the English messages
    (the Dutch ones come from the catalogue, which the translation tests check)."""
    with translation.override("en"):
        yield
