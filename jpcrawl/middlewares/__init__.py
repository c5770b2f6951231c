"""Downloader middlewares: where a request may go, how a page is fetched, getting past interstitials, the
subscriber session. The order is settings.py's DOWNLOADER_MIDDLEWARES; this is why:

  offsite (50)            never another host, dont_filter and redirects included (offsite.py)
  session expiry (585)    a paywall during a logged-in crawl means the session expired (session.py)
  interstitial (587)      a stand-in page is retried as a browser, then through it (interstitial.py)
  render (588)            a page that needs the browser is fetched again through it (render.py)
  session (710)           after CookiesMiddleware (700): the session's cookies, the login first (session.py)

Requests pass from low to high numbers, responses from high to low: on the way back a response meets render
first, then the interstitial check, then session expiry, all below HttpCompressionMiddleware (590, so they
read decoded HTML) and above Retry (550). classify.py shares one parsed document, one classification and
one listing parse per response between them and the spider's callbacks.
"""
