"""The second factor's rules: encrypted at rest, one step of clock drift, no replays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyotp
import pytest

from wendbaar.accounts import totp
from wendbaar.accounts.models import RecoveryCode, TotpDevice, User
from wendbaar.accounts.secrets import decrypt_secret, hash_code, normalise_code

pytestmark = pytest.mark.django_db
NOW = 1_800_000_000.0


def _switched_on(user: User) -> tuple[str, list[str]]:
    setup = totp.start_setup(user)
    codes = totp.confirm(user, pyotp.TOTP(setup.secret).at(NOW), now=NOW)
    assert codes is not None
    return setup.secret, codes


def test_setup_keeps_its_secret_until_confirmed(make_user: Callable[..., User]) -> None:
    user = make_user()
    first = totp.start_setup(user)
    assert totp.start_setup(user).secret == first.secret
    assert first.uri.startswith("otpauth://totp/wendbaar:anna?secret=")
    assert not totp.is_enabled(user)
    assert totp.confirm(user, "000000", now=NOW) is None
    _switched_on(user)
    with pytest.raises(ValueError):
        totp.start_setup(user)


def test_secret_is_encrypted_and_survives_a_key_rotation(
    make_user: Callable[..., User], settings: Any
) -> None:
    user = make_user()
    secret, _codes = _switched_on(user)
    stored = TotpDevice.objects.get(user=user).encrypted_secret
    assert secret not in stored
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert decrypt_secret(stored) == secret
    assert totp.verify(user, pyotp.TOTP(secret).at(NOW + 30), now=NOW + 30) == "totp"
    # Without the old key the code cannot be checked, but a recovery code still works.
    settings.SECRET_KEY_FALLBACKS = []
    assert totp.verify(user, pyotp.TOTP(secret).at(NOW + 60), now=NOW + 60) is None


def test_clock_drift_of_one_step_and_no_replay(make_user: Callable[..., User]) -> None:
    user = make_user()
    secret, _codes = _switched_on(user)
    generator = pyotp.TOTP(secret)
    later = NOW + 300
    assert totp.verify(user, generator.at(later - 30), now=later) == "totp"
    assert totp.verify(user, generator.at(later - 30), now=later) is None
    assert totp.verify(user, generator.at(later), now=later) == "totp"
    assert totp.verify(user, generator.at(later + 90), now=later) is None
    assert totp.verify(user, "abcdef", now=later) is None


def test_recovery_codes_are_hashed_and_work_once(make_user: Callable[..., User]) -> None:
    user = make_user()
    _secret, codes = _switched_on(user)
    assert len(set(codes)) == totp.RECOVERY_CODE_COUNT
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert stored == {hash_code(normalise_code(code)) for code in codes}
    assert totp.verify(user, f"  {codes[3].upper()} ") == "recovery"
    assert totp.verify(user, codes[3]) is None
    assert totp.remaining_recovery_codes(user) == totp.RECOVERY_CODE_COUNT - 1
