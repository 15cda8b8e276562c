from tradebot.websocket import MarketFeed


def test_feed_connects():
    MarketFeed().connect()
