"""Settings for crawling a server on this machine (the replica): what a crawl of the real site must not do."""

from __future__ import annotations

# What a crawl of a server on this machine may do that a crawl of the real site must not.
LOOPBACK_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "DOWNLOAD_DELAY": "0",
}


def loopback_args() -> list[str]:
    args: list[str] = []
    for name, value in LOOPBACK_SETTINGS.items():
        args += ["-s", f"{name}={value}"]
    return args
