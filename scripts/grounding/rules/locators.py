"""Locator rules (issue 13): added after the switch-over."""
