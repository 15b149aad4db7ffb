"""The optional second factor: set up, confirm, check at login, recovery codes, switch off."""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from wendbaar.accounts.models import RecoveryCode, TotpDevice, User
from wendbaar.accounts.secrets import (
    KeyStoreError,
    decrypt_secret,
    encrypt_secret,
    hash_code,
    new_recovery_code,
    normalise_code,
)

logger = logging.getLogger(__name__)

ISSUER_NAME = "wendbaar"
RECOVERY_CODE_COUNT = 10
# One step either side: the phone's clock may be 30 seconds off.
VALID_WINDOW = 1


@dataclass(frozen=True)
class Setup:
    """What the set-up page shows: the QR code and the same secret as text."""

    secret: str
    uri: str
    qr_svg: str

    @property
    def grouped_secret(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def is_enabled(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def start_setup(user: User) -> Setup:
    """The unconfirmed device's secret, made on first use (so reloading keeps the QR code)."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is None or device.confirmed_at is not None:
        if device is not None:
            raise ValueError("two-step verification is already on")
        device = TotpDevice.objects.create(
            user=user, encrypted_secret=encrypt_secret(pyotp.random_base32())
        )
    secret = _secret(device)
    if secret is None:  # the secret key changed: start again with a new secret
        secret = pyotp.random_base32()
        device.encrypted_secret = encrypt_secret(secret)
        device.save(update_fields=["encrypted_secret"])
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER_NAME)
    qr = segno.make(uri, error="m")
    svg = qr.svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="totp-qr__code", lineclass=None
    )
    return Setup(secret=secret, uri=uri, qr_svg=svg)


def _secret(device: TotpDevice) -> str | None:
    try:
        return decrypt_secret(device.encrypted_secret)
    except KeyStoreError:
        logger.error("the TOTP secret of user %s cannot be decrypted", device.user_id)
        return None


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code this is, within the window, or None."""
    code = normalise_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        moment = now + offset * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def _use_code(device: TotpDevice, code: str, now: float | None = None) -> bool:
    """Accept a code once: a code of the same or an earlier time step is refused."""
    secret = _secret(device)
    if secret is None:
        return False
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None:
        return False
    updated = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    return updated == 1


def confirm(user: User, code: str, now: float | None = None) -> list[str] | None:
    """Switch the second factor on with a first code; returns fresh recovery codes."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None or not _use_code(device, code, now):
        return None
    with transaction.atomic():
        TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
        return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace all recovery codes; the plain codes are returned once and never stored."""
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=hash_code(normalise_code(code))) for code in codes
        )
    return codes


def verify(user: User, code: str, now: float | None = None) -> str | None:
    """Check a login code: "totp" or "recovery" for what matched, None when nothing did.

    A recovery code works once.
    """
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return None
    if _use_code(device, code, now):
        return "totp"
    used = RecoveryCode.objects.filter(
        user=user, code_hash=hash_code(normalise_code(code)), used_at__isnull=True
    ).update(used_at=timezone.now())
    return "recovery" if used == 1 else None


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def disable(user: User) -> None:
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
