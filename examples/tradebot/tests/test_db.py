from tradebot.db import OrderStore


def test_no_open_orders_at_start():
    assert OrderStore().open_orders() == []


def test_count_open_orders():
    assert len(OrderStore().open_orders()) == 0


def test_orders_survive_reconnect():
    store = OrderStore()
    assert store.open_orders() is not None


def test_store_with_migrations():
    store = OrderStore(migrate=True)
    store.add("ETH/USDT", 2.0)
    assert store.open_orders() == [(1, "ETH/USDT", 2.0)]
