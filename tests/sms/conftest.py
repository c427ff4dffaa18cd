import pytest

# The harvest world (a mill, farmers, contracted plots, a scheme) for the tests that deliver cane.
from tests.harvest.conftest import _fast_password_hashing, hw, world  # noqa: F401
from tests.sms.gateway import Gateway, start


@pytest.fixture
def gateway(settings):
    """The HTTP backend pointed at a real gateway on 127.0.0.1, no waiting between retries."""
    gw = Gateway()
    server = start(gw)
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = gw.url
    settings.SMS_GATEWAY_TOKEN = "rahasia-token"
    settings.SMS_GATEWAY_AUTH = "bearer"
    settings.SMS_GATEWAY_SENDER = "PGSEMBORO"
    settings.SMS_GATEWAY_FORMAT = "json"
    settings.SMS_GATEWAY_TIMEOUT = 5
    settings.SMS_GATEWAY_ID_KEY = ""
    settings.SMS_SEND_ATTEMPTS = 3
    yield gw
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhooks(settings):
    """The webhooks' secret and header names set, the SMS kept in memory, no signature seen."""
    from django.core.cache import cache

    from notices import backends
    from tests.sms.webhooks import SECRET

    settings.SMS_WEBHOOK_SECRET = SECRET
    settings.SMS_TIMESTAMP_HEADER = "X-Tebu-Timestamp"
    settings.SMS_SIGNATURE_HEADER = "X-Tebu-Signature"
    settings.SMS_INBOUND_PER_HOUR = 10
    settings.SMS_BACKEND = "locmem"
    backends.outbox.clear()
    cache.clear()
    yield
    backends.outbox.clear()
    cache.clear()
