"""A toy trading bot: database, config, DI container, websocket feed and UI."""
