"""A second, independent test site that honours docs/site-contract.md.

It is written from the contract alone (not from jpcrawl/replica/ or the parser), so that a parser tuned to the
replica's particular markup shows up here. `site.py` holds the content, its truth and the HTML;
`server.py` serves it on loopback.
"""

from tests.othersite.server import OtherSiteServer
from tests.othersite.site import OtherSite

__all__ = ["OtherSite", "OtherSiteServer"]
