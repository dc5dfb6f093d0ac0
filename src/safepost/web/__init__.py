"""The web app behind ``safepost serve``: server-rendered pages and a JSON API, all on this machine."""

from safepost.web.app import create_app

__all__ = ["create_app"]
