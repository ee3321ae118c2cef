import pytest

from checkout_api.gateway import (
    Declined,
    GatewayTimeout,
    authorise,
    backoff_seconds,
    idempotency_key,
)


class ScriptedProvider:
    """Answers each call with the next scripted outcome and records the keys it saw."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.keys = []

    def authorise(self, session_id, amount, currency, key):
        self.keys.append(key)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def test_the_idempotency_key_is_stable_per_session():
    assert idempotency_key("ses_1") == idempotency_key("ses_1")
    assert idempotency_key("ses_1") != idempotency_key("ses_2")
    assert idempotency_key("ses_1").startswith("chk_")
    assert len(idempotency_key("ses_1")) == 36


def test_a_timeout_is_retried_once_with_the_same_key():
    provider = ScriptedProvider(GatewayTimeout(), "auth_8812")
    result = authorise(provider, "ses_1", 5_248, "EUR")
    assert result.reference == "auth_8812"
    assert result.attempts == 2
    assert provider.keys == [idempotency_key("ses_1")] * 2


def test_a_second_timeout_reaches_the_caller():
    provider = ScriptedProvider(GatewayTimeout(), GatewayTimeout())
    with pytest.raises(GatewayTimeout):
        authorise(provider, "ses_1", 5_248, "EUR")
    assert len(provider.keys) == 2


def test_a_decline_is_not_retried():
    provider = ScriptedProvider(Declined("insufficient funds"))
    with pytest.raises(Declined):
        authorise(provider, "ses_1", 5_248, "EUR")
    assert len(provider.keys) == 1


def test_a_non_positive_amount_is_refused_before_calling_the_provider():
    provider = ScriptedProvider()
    with pytest.raises(ValueError):
        authorise(provider, "ses_1", 0, "EUR")
    assert provider.keys == []


def test_backoff_stays_under_its_cap():
    assert all(0 <= backoff_seconds(attempt) <= 2.0 for attempt in range(10))
