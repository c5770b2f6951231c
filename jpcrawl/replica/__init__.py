"""The replica site: a deterministic, local stand-in for www.thejakartapost.com (tests, demos, benchmarks).

It serves the site contract in the site contract over HTTP on 127.0.0.1, with synthetic English news that is
generated lazily from a seed, and it knows the ground truth of every article it serves.

    from jpcrawl.replica import ReplicaConfig, ReplicaServer, ReplicaSite
    with ReplicaServer(ReplicaConfig(articles=500, seed=7)) as server:
        base = server.base_url                         # "http://127.0.0.1:<free port>"
        truth = server.site.truth(url, base)           # the clean item for an article URL

Command line: `scrapy replica [--port N] [--articles N] [--seed N] [--now ISO] [--interstitial]
[--js-listings] [--fail-first N] [--slow-ms MS] [--session-ttl S] [--break-selector CLASS] [--hostile]
[--redesign]`, or the same options with `python -m jpcrawl.replica`. The first stdout line is the base URL;
it serves until SIGINT/SIGTERM. `--site courier` serves the second publisher instead, The Island Courier
(a WordPress-like site, its own truth rules): see jpcrawl.replica.courier.

Code map: config.py (ReplicaConfig, the User-Agent test), content.py (the text generator), site.py
(ReplicaSite: specs, indexes, truth, publish/update), render.py (every page's markup), server.py
(ReplicaServer: aiohttp in a thread, routing, knobs, login sessions, counters), cli.py.

Content
-------
* Sections (top level / subsections): indonesia (politics, jakarta, society), business (companies, markets,
  economy, tech), world (asia-pacific, americas, europe), opinion (editorial, commentary), culture
  (entertainment, arts, food), life (health, travel), academia (insight), southeast-asia (asean, region).
  Every article has one top-level section and one subsection; the subsection's display name ("Companies",
  "Asia & Pacific") is the breadcrumb's active entry and the truth's `subsection`.
* Article i is drawn from `random.Random(f"{seed}:{i}:<part>")`: same seed, same article, whatever the
  article count. Published times are WIB (+07:00), spread over the 60 days before `config.now` (default
  2026-11-28T12:00:00+07:00, fixed so that everything is reproducible). ~25% premium (more in opinion and
  academia), ~3% advertorials, ~40% with a dateModified, ~85% with an image, ~80% with a subtitle.
* Article URL `/{section}/YYYY/MM/DD/{slug}.html`. The URL date is the publication date, or 1-2 days later
  for ~20% of articles (as on the real site). Slugs drop punctuation and turn every space into "-", so
  "record - in games" gives `record---in-games`; ~5% end in "-". Advertorials: `/adv/YYYY/MM/DD/slug.html`,
  byline "Creative Desk (The Jakarta Post)", a tag `adv-<sponsor>`, never premium, listed under Business.
* Bylines: "A (The Jakarta Post)", "A and B (The Jakarta Post)", "A, B and C (The Jakarta Post)",
  "Editorial Board (The Jakarta Post)", wire "A (Reuters)", "A and B (AFP)" or a bare "(AP)". Truth:
  `authors` = the names (a bare wire credit gives []), `source` = the name in parentheses. `meta[name=author]`
  is the names joined by ", " (or the wire name when there are none); JSON-LD author[] holds Person objects
  (or one Organization for a bare wire credit).
* Runtime changes: `site.publish(n)` adds n articles published after `now` and moves `config.now` past
  them; `site.update(i)` appends a paragraph to article i and moves its dateModified later. Changing
  `config.seed`, `config.articles` or `config.now` from outside rebuilds the site on the next request.

Pages (GET unless noted; every HTML page starts its <body> with the hidden `div.on-ie-underversion9` block
"Please Update your browser", then `div.tjp-wrapper` > `header.tjp-header` with the logo
`h1.thejakartapost` and the nav menu `nav.tjp-nav` of sections and subsections)
* `/` homepage: headline, four newest articles per section, sidebar "The Latest" (`div.tjp-latest`) and
  "Most viewed" (`div.jpmvcontainer`) blocks; their items are `li.tjp-latest__item`, never `div.listNews`.
* `/{section}`, `/{section}/{subsection}` (`/{section}/latest` = the section), `?page=N`: 28 `div.listNews`
  per page inside `div.tjp-newsListing`, newest first. Item: `div.imageLatest a > img[data-src]` (when the
  article has an image), `div.latestDetail` with `span.dt-news` (subsection name), `span.premiumBadge`
  (premium), `a[href] > h2.titleNews`, the first `<p>` (summary = subtitle, or a lede), `span.date` with a
  relative time against `config.now` ("5 minutes ago", "7 hours ago", "1 day ago", "2 months ago"). Hrefs
  vary per item: relative `/section/...`, absolute `http://127.0.0.1:PORT/...`, a `.html-<digits>`
  suffix, or `?utm_source=(direct)&utm_medium=channel_<subsection>`; all of them serve the article.
  `nav.tjp-pagination` has `a.tjp-pagination__next[rel=next]` while a next page exists. A page past the end
  answers 200 with `p.tjp-newsListing__empty` and no items. Sidebar "The Latest" / "Most viewed" blocks link
  only to other sections' articles.
* Article page: head with `<title>`, `meta[name=description]`, `meta[name=author]`, `meta[name=keywords]` (tag
  slugs joined by ", "), `og:type`, `og:title` ("Headline - Section - The Jakarta Post"; headlines may hold
  " - " themselves), `og:description`, `og:url`, `og:image` (if any), `meta[name=tjp-is-premium]` content "1"
  (premium articles only), `link[rel=canonical]`, JSON-LD NewsArticle (headline, description,
  datePublished, dateModified only when modified, author[], image.url, isAccessibleForFree "true"/"false",
  articleSection, keywords). Body: `div.tjp-single` > `div.tjp-single__head` (`ul.tjp-breadcrumb` with
  `li.tjp-breadcrumb__list-item`, the last `.active` = subsection; `h1.tjp-title`; subtitle
  `p.tjp-single__head-lede`; `div.tjp-meta` with `span.tjp-meta__label` byline,
  `div.tjp-meta__content-premium` on premium, `span.tjp-meta__location` dateline, `span.tjp-meta__date`
  "Wed, November 25, 2026" and
  `span.created` "Published on 2026-11-25T16:38:14+07:00"), then `figure > img[data-src] + figcaption`
  "Caption. (Agency/Photographer)", then `div.tjp-single__content`: the drop cap `div.tjp-opening >
  h1.tjp-opening__char + p.tjp-opening__txt` (joined with no space; "A" + " leading" keeps the space), `<p>`
  paragraphs with inline `<a>` / `<i>` whose spaces live in the surrounding text, "Read also: <a>" paragraphs,
  `div.tjp-single__content-ads`, `div.tjp-single__content-list--popular`, `div.tjp-newsletter-box`; then
  `div.tjp-single__widgets` ("Gift Premium Articles to Anyone", "Your Opinion Matters", "Share options",
  "Change text size options", "Continue in the app").
  Premium article, anonymous visitor: only the first 2-3 paragraphs, then `div.tjp-paywall`
  (`h1.tjp-paywall__title`, `a.tjp-paywall__button`) inside the content and `div.tjp-overlay` after the
  wrapper. A logged-in subscriber gets the full body and no paywall.
* `/user/account/login`: `form.auth-box__content-form` (post, action `/user/account/login`) with hidden
  `_token`, `email`, `password`, and `meta[name=csrf-token]`; the first GET sets cookies `laravel_session`
  and `XSRF-TOKEN`. POST with the session's `_token` (or an X-CSRF-TOKEN / X-XSRF-TOKEN header) and
  `ReplicaSite.ACCOUNT` (subscriber@example.com / correct-horse-battery) -> 302 to `/` with a new,
  authenticated `laravel_session`; wrong credentials -> 200, the form again and `div.auth-box__error`
  "These credentials do not match our records."; missing or wrong token (or no session) -> 419.
  Logged-in pages show `a.tjp-header__logout` (href `/user/account/logout`, which logs out) and
  `span.tjp-header__user`; anonymous pages show `a.tjp-header__login`.
* `/robots.txt`: disallows /user/ and /test/, allows the rest, no Crawl-delay, lists /sitemap.xml.
* `/sitemap.xml`: sitemapindex of `/{section}/news/sitemap.xml` (Google News: articles published in the 48
  hours before `now`, `<loc>`, `<news:publication_date>` and `<news:title>` in CDATA, name and language as
  `<![CDATA[ The Jakarta Post ]]>` / `<![CDATA[ en ]]>`, as the real site's sitemaps are) and
  `/{section}/web/sitemap.xml` (every article the section lists, with `<lastmod>`). Advertorials are in
  Business's.
* `/rss/home` (also `/rss`): RSS 2.0, the 20 newest articles with teaser descriptions. The real feed lives on
  another host, https://rss.thejakartapost.com/home; the replica serves it on its own host.
* `/search?q=...`: results only in inline JSON drawn by a script into `div.gsc-webResult.gsc-result`
  (`a.gs-title`, `div.gs-snippet`), like the real client-side search widget.
* `/packages` (subscribe page), `/img/...` and `/skin/...` (a 1x1 GIF, empty CSS/JS, so rendered fetches
  never leave the machine); anything else, including `/test/...`, is a 404 page.

Knobs (`ReplicaConfig`: the same object as `server.config` and `server.site.config`; mutable at run time)
* `articles=300`, `seed=7`, `now=DEFAULT_NOW`: the content (changing them rebuilds the site).
* `interstitial=False`: HTML pages answer status 200 with a page holding ONLY the on-ie-underversion9 block
  to clients whose User-Agent does not look like a current browser: it contains bot, spider, crawl,
  Scrapy, python, curl, wget, httpx, aiohttp or HeadlessChrome, or it has no Chrome/Firefox version >= 100
  (Safari without Chrome: Version/15 or later). See `looks_like_current_browser()`.
* `js_listings=False`: listing pages hold an empty `div.tjp-newsListing[data-render=client]`, the items
  as inline JSON (`script#tjp-listing-data`) and a script that inserts the same `div.listNews` markup on load.
* `fail_first=0`: each path+query answers 503 (Retry-After: 0) to its first N requests (all paths).
* `slow_ms=0`: every response waits this long (asyncio.sleep, so concurrent requests overlap).
* `session_ttl=None`: seconds a login lasts (measured with `server.clock`, time.monotonic by default);
  an expired session gets anonymous (paywalled) pages.
* `break_selector=None`: a CSS class name renamed to `<name>-v2` everywhere in HTML responses, e.g.
  "created" (span.created) or "titleNews" (h2.titleNews): a redesign, for fill-rate alert tests.
* `redesign=False`: article pages only (listings, home, sitemaps, RSS unchanged, so crawls still find the
  articles) come from a redesigned template: every `tjp-*` class of the page body is renamed `jp2-*` with
  `__` turned into `_` (`tjp-meta__label` -> `jp2-meta_label`), `span.created` becomes
  `span.jp2-published`, and the wrappers change: `main.jp2-story > article.jp2-story_article` >
  `header.jp2-story_header` (breadcrumb, `h1.jp2-headline`, `p.jp2-story_standfirst`, `div.jp2-byline` with
  the meta items; the share/size block is gone), the figure, `section.jp2-story_body` whose first child is
  `p.jp2-story_lead` with the drop cap `span.jp2-dropcap` + the rest of the paragraph, then the widgets.
  `<head>` (title, meta, canonical, JSON-LD) is byte-for-byte the normal page's; the truth is unchanged.
* `hostile=False`: convenience, at construction sets interstitial, js_listings, fail_first=1, slow_ms=20.
* `cache_size=2048`: bound of the rendered-page and body LRUs.

Counters: `server.hits` (Counter of requests per kind: home, listing, article, login, logout, sitemap, rss,
robots, static, search, page, other), `server.url_hits` (per path+query), `server.statuses`,
`server.reset_counters()`; `site.stats` (heads/bodies generated, pages rendered, rebuilds).

Ground truth (never served over HTTP)
* `site.truth(url_or_path, base_url, subscriber=False)` -> dict with jpcrawl.items.EXTRACTED_FIELDS: url
  (base_url's origin + the clean path), title, subtitle (None if none), authors, source, dateline (None if
  none), published_at, modified_at (None if never modified), section (the URL's first segment, "adv" for
  advertorials), subsection (display name), tags, body (clean paragraphs: drop cap joined, inline text with
  its spaces, no Read also / ads / widgets / paywall; teaser only when premium and not subscriber), images
  ([{url: base_url origin + /img/..., caption without the credit, credit}]), is_premium, is_paywalled,
  is_advertorial, language "en".
* `site.find(url_or_path)` -> ArticleSpec | None; `site.articles` (list of ArticleSpec: index, section,
  listing_section, subsection, subsection_name, published, is_premium, is_advertorial, head, path, url(base));
  `site.article_urls(base_url)`, `site.article_paths()`, `iter(site)`; `site.listed_urls(base_url, sections)`
  (the set of canonical URLs the given top-level listings list); `site.listing(section, subsection, page)`,
  `site.listing_pages(section, subsection)`, `site.recent(seconds, section)`.
"""

from .config import DEFAULT_NOW, ReplicaConfig, looks_like_current_browser
from .courier import CourierConfig, CourierServer, CourierSite
from .server import ReplicaServer
from .site import PAGE_SIZE, Account, ArticleSpec, ReplicaSite

__all__ = [
    "DEFAULT_NOW",
    "PAGE_SIZE",
    "Account",
    "ArticleSpec",
    "CourierConfig",
    "CourierServer",
    "CourierSite",
    "ReplicaConfig",
    "ReplicaServer",
    "ReplicaSite",
    "looks_like_current_browser",
]
