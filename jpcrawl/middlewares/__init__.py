"""Downloader middlewares: how a page is fetched (render), getting past interstitials, the subscriber session.

Order (DOWNLOADER_MIDDLEWARES in settings.py): session (650) < interstitial (660) < render (670), so on the
way back a response meets render first (escalate a page that needs the browser), then the interstitial
check, then the session check (a paywall during a logged-in crawl means the session expired).
"""
