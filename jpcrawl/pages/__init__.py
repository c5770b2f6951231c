"""Page objects: pure parsers over (url, html). One module per site; a spider names its site's profile."""

from __future__ import annotations

from jpcrawl.pages.base import Listing, LoginForm, SiteProfile
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE as JAKARTAPOST

__all__ = ["JAKARTAPOST", "Listing", "LoginForm", "PageKind", "SiteProfile"]
