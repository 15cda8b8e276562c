"""The back office's Django app."""
