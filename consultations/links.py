"""Absolute links in emails, built outside requests too (tasks, commands)."""

from events.links import base_url

__all__ = ["base_url", "page_url"]


def page_url(page) -> str:
    return base_url() + page.url
