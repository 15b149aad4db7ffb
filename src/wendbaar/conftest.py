"""Fixtures every app's tests share. The browser fixtures live here once: a second
definition per app would start a second Playwright in the same thread, which fails."""

from wendbaar.portal.tests.browser import axe_source, check_page, chromium_browser

__all__ = ["axe_source", "check_page", "chromium_browser"]
