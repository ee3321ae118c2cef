"""Authorises payments with the provider, retrying safely with one idempotency key."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Callable, Protocol


class GatewayTimeout(Exception):
    """The provider did not answer in time; the payment may or may not exist."""


class Declined(Exception):
    """The provider declined the payment; retrying will not help."""


@dataclass(frozen=True)
class Authorisation:
    reference: str
    idempotency_key: str
    attempts: int


class Provider(Protocol):
    def authorise(self, session_id: str, amount: int, currency: str, key: str) -> str: ...


def idempotency_key(session_id: str, attempt_group: int = 0) -> str:
    """One key per session and payment attempt group, so a retry never charges twice."""
    digest = hashlib.sha256(f"{session_id}:{attempt_group}".encode()).hexdigest()
    return f"chk_{digest[:32]}"


def backoff_seconds(attempt: int, base: float = 0.2, cap: float = 2.0) -> float:
    """Exponential backoff with full jitter between retries (not a security use of random)."""
    return random.uniform(0, min(cap, base * 2**attempt))


def authorise(
    provider: Provider,
    session_id: str,
    amount: int,
    currency: str,
    retries: int = 1,
    sleep: Callable[[float], None] = lambda _: None,
) -> Authorisation:
    """Authorises once, retrying timeouts up to `retries` times with the same key."""
    if amount <= 0:
        raise ValueError("the amount to authorise must be positive")
    key = idempotency_key(session_id)
    attempt = 0
    while True:
        attempt += 1
        try:
            reference = provider.authorise(session_id, amount, currency, key)
            return Authorisation(reference, key, attempt)
        except GatewayTimeout:
            if attempt > retries:
                raise
            sleep(backoff_seconds(attempt))
