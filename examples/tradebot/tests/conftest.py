import pytest

from tradebot.container import build_container


@pytest.fixture
def exchange_client():
    return build_container().resolve("ExchangeClient")
