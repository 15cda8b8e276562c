import pytest

SYMBOLS = [f"SYM{i:02d}/USDT" for i in range(30)]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_route_order(exchange_client, symbol):
    assert exchange_client.route(symbol, qty=1)
