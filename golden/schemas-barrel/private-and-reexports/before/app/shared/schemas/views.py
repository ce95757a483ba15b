"""Views re-export the common page."""

from .common import Page


class View:
    page: Page
