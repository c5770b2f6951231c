"""The Island Courier: a second replica publisher, on a WordPress-like CMS (Yoast SEO, Jetpack, a theme).

TODO docstring
"""

from .server import CourierServer
from .site import (
    CATEGORIES,
    DEFAULT_SHARE_IMAGE,
    PER_PAGE,
    SITE_NAME,
    CourierConfig,
    CourierSite,
    Post,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_SHARE_IMAGE",
    "PER_PAGE",
    "SITE_NAME",
    "CourierConfig",
    "CourierServer",
    "CourierSite",
    "Post",
]
