from tradebot.ui import Ticket


def test_ticket_text():
    ticket = Ticket()
    ticket.set_text("BUY 1 BTC")
    assert ticket.text == "BUY 1 BTC"
