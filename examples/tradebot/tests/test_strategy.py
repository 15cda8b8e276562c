from tradebot.strategy import position_size


def test_position_size_small_account():
    assert position_size(1000, 0.02, 50) == 0.4


def test_position_size_rounds_to_lot():
    assert position_size(1000, 0.25, 3) == 83.33
