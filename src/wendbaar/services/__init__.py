"""Accessible service for everyone: intake, personal route, service points, scheme finder."""
