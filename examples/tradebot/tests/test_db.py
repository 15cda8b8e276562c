from tradebot.db import OrderStore


def test_no_open_orders_at_start():
    assert OrderStore().open_orders() == []


def test_add_then_list():
    store = OrderStore()
    store.add("BTC/USDT", 0.5)
    assert len(store.open_orders()) == 1


def test_orders_survive_reconnect():
    store = OrderStore()
    assert store.open_orders() is not None


def test_store_with_migrations():
    store = OrderStore(migrate=True)
    store.add("ETH/USDT", 2.0)
    assert store.open_orders() == [(1, "ETH/USDT", 2.0)]
