from tradebot.config import exchange_timeout, load_settings


def test_defaults_load():
    assert load_settings()["risk"]["max_position"] == 0.25


def test_exchange_timeout():
    assert exchange_timeout(load_settings()) > 0
