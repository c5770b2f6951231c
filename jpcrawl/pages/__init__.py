"""Page objects: pure parsers over (url, html). One module per site; `SITES` maps profile names to them."""

from __future__ import annotations

from jpcrawl.pages.base import Listing, LoginForm, SiteProfile
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE as JAKARTAPOST

SITES: dict[str, SiteProfile] = {JAKARTAPOST.name: JAKARTAPOST}


def get_site(name: str = "jakartapost") -> SiteProfile:
    """The profile registered under `name` (KeyError lists the known names)."""
    try:
        return SITES[name]
    except KeyError:
        raise KeyError(f"unknown site profile {name!r}; known: {sorted(SITES)}") from None


__all__ = ["JAKARTAPOST", "SITES", "Listing", "LoginForm", "PageKind", "SiteProfile", "get_site"]
