"""Fixtures of the real-browser tests; they live in browser.py so other apps can reuse them."""

from wendbaar.portal.tests.browser import axe_source, check_page, chromium_browser

__all__ = ["axe_source", "check_page", "chromium_browser"]
