"""The Island Courier: a second replica publisher, on a WordPress-like CMS (a theme, Yoast SEO, Jetpack).

A fictional Southeast-Asian English-language news site, served on 127.0.0.1 with synthetic posts drawn from a
seed by the Jakarta Post replica's text generator (jpcrawl.replica.content), but with its own site model and
templates, so that a second site profile and the generic `news` spider can be measured against ground truth.

    from jpcrawl.replica.courier import CourierConfig, CourierServer
    with CourierServer(CourierConfig(articles=80, seed=7)) as server:
        base = server.base_url                          # "http://127.0.0.1:<free port>"
        urls = server.courier.article_urls(base)        # every post's canonical URL, in index order
        truth = server.courier.truth(urls[0], base)     # the clean item for a post URL (any host)
        every = server.courier.truths(base)             # {url: truth} of every post

`server.site` is the same CourierSite as `server.courier` (the latter is typed as one). CourierServer is a
ReplicaServer: same context-manager API, `hits` / `url_hits` / `statuses` / `reset_counters()` counters, and
the knobs `fail_first`, `slow_ms` and `break_selector` as in ReplicaConfig. Command line:
`scrapy replica --site courier [--port N] [--articles N] [--seed N] [--now ISO] [--fail-first N]
[--slow-ms MS] [--break-selector CLASS]` or `python -m jpcrawl.replica --site courier ...`; the first stdout
line is the base URL. The Jakarta-Post-only knobs (--interstitial, --js-listings, --session-ttl, --hostile,
--redesign) are refused with --site courier.

Code map: site.py (CourierConfig, Post, CourierSite: posts, indexes, bodies, truth), render.py (every page's
markup), server.py (CourierServer: routing).

Content
-------
* Categories (slug: name): news: News, business: Business, world: World, region: Region, lifestyle:
  Lifestyle, culture: Culture, opinion: Opinion. Every post has a primary category and ~25% a second one.
* Post i is drawn from `random.Random(f"courier:{seed}:{i}:<part>")`: same seed, same post whatever the
  post count (its slug may gain a "-N" suffix when another post's headline collides). Published times are
  spread over the 60 days before `config.now` (default 2026-11-28T12:00:00+07:00). Two bureaus: each post is
  stamped in +07:00 or +08:00 (more +08:00 in world/region), and every date it shows uses that offset.
* ~50% modified (1 minute to 2 days later), ~30% agency bylines, ~65% a featured image, ~40% an inline
  image, ~10% no tags, ~45% a block quote, ~35% a drop cap, ~50% Yoast JSON-LD.
* Headlines come from the replica's templates plus some that hold " | " or " - " themselves ("Explainer |
  What the ... means for ...", "... - the view from Manila").

Pages (every HTML page: `header#masthead` with `p.site-title`, the menu `nav#site-navigation.main-navigation`
`ul#primary-menu li.menu-item a[href=/category/<c>/]`, then `div#content` > `main#primary.site-main` + the
sidebar `aside#secondary.widget-area` (search form, `section.widget_recent_entries` "Recent Posts": the 5
newest posts, `section.widget_categories`), then `footer#colophon`)
* `/`: the 10 newest posts as archive items (below) and "More <Category>" links; og:type website.
* `/category/<c>/`, `/category/<c>/page/N/`: 10 posts per page, newest first, every post that has the
  category (primary or second). Item: `article.post.type-post.category-<c>` > `header.entry-header` >
  `h2.entry-title > a[rel=bookmark][href=<absolute post URL>]`, `div.entry-meta span.posted-on time...`
  (as on the post), `a.post-thumbnail > img` (featured image), `div.entry-summary > p` (first 40 words of the
  body + " […]"). `nav.navigation.pagination div.nav-links` with `a.prev.page-numbers`,
  `span.page-numbers.current`, numbered `a.page-numbers`, `a.next.page-numbers`; `<link rel="next">` /
  `<link rel="prev">` in the head while such a page exists. Past the last page: 404. `/page/1/`: 301 to the
  archive; without the trailing slash: 301 to it. Unknown category: 404.
* Post `/YYYY/MM/DD/<slug>/` (the date of publication in the post's own offset; the category is not in the
  URL; no trailing slash: 301 to the permalink; slugs: ASCII, lower case, punctuation dropped, one "-" per
  gap, unique site-wide with "-2", "-3"...).
  Head: `<title>Headline | The Island Courier</title>`, meta description (first 30 words + " […]"),
  `link[rel=canonical]`, og:locale, og:type "article", og:title (the headline alone), og:description, og:url,
  og:site_name, article:published_time, article:modified_time (only when modified), og:image (the featured
  image, else the inline image, else the site-wide default `/wp-content/uploads/default-share.png`),
  article:section (the primary category's name), one article:tag per tag, meta name=author (the authors
  joined by ", ", or the agency for "By Reuters"), one JSON-LD block:
  - Yoast (`script.yoast-schema-graph`): `{"@context", "@graph": [Article, WebPage, ImageObject (when the
    post has an image), BreadcrumbList, WebSite, Organization, Person...]}`. The Article (`@type` "Article",
    `@id` <url>#article) has `author` as `{"@id"}` references (one object for one author, a list for two)
    to Person nodes (name, url), or to an Organization node for "By <agency>"; `image` as `{"@id":
    <url>#primaryimage}`, `publisher` as `{"@id": <origin>/#organization}`, `keywords` a list of the tag
    names, `articleSection` a list of the category names, headline, datePublished, dateModified (only when
    modified).
  - plain (`script.courier-schema`): one `NewsArticle` with headline, description, datePublished,
    dateModified (only when modified), `author` a Person object (one author), a list of them (two) or an
    Organization (agency), `image` a list of image URLs (absent without images), publisher inline,
    `keywords` one string "a, b, c" (absent without tags), `articleSection` the primary category's name.
  Body: `article.post.type-post.hentry` (one per page; comments use `article.comment-body`) >
  `header.entry-header` (`span.cat-links` with `a[rel="category tag"][href=/category/<c>/]`, primary first;
  `h1.entry-title`; `div.entry-meta` with `span.posted-on a time...` and `span.byline`), then the featured
  image `figure.post-thumbnail > img[src] + figcaption`, `div.entry-content`, `footer.entry-footer`
  (`span.cat-links` again, `span.tags-links` with `a[rel=tag][href=/tag/<slug>/]`).
  - Times: never modified → one `time.entry-date.published.updated[datetime]`; modified →
    `time.entry-date.published[datetime]` + `time.updated[datetime]` (WordPress's posted_on()). The text is
    "November 5, 2026"; the datetime is ISO 8601 with the post's offset.
  - Bylines: staff `span.byline` " by " + `span.author.vcard > a.url.fn.n` (two joined by " and "); wire
    " By " + vcard + " | AFP"; agency `span.byline` " By " + `span.agency` "Reuters" (no vcard).
  - Captions (both figures): "Caption text. (Agency/Photographer)".
  - `div.entry-content` children: `<p>` paragraphs (inline `<a>` / `<em>`, spaces in the surrounding text),
    the first one on some posts as `<p><span class="dropcap">T</span>he rest...</p>`, a
    `blockquote.wp-block-quote > p` on some, `div.ad-slot.ad-inarticle` after the 2nd paragraph, an inline
    `figure.wp-block-image` after paragraph 2-4 on some, "Read also: <a>" (`<p><strong>Read also:</strong>
    <a>...`) or "Also read: <a>" paragraphs on some, `div.newsletter-signup` (h3, p, form) after the 4th
    paragraph on half the posts, and at the end Jetpack's `div.sharedaddy` (share buttons) and
    `div#jp-relatedposts.jp-relatedposts` (titles, excerpts in `<p>`, dates).
  - After the article, inside `main`: `div.author-bio` (staff and wire bylines: `h2.author-title`,
    `p.author-description`), `div.newsletter-signup` (the other half of the posts), `div.ad-slot.ad-bottom`,
    `section.related-posts` ("You may also like": `div.related-post > h3 a + p`), `div#comments` with
    `h2.comments-title` and `ol.comment-list > li.comment > article.comment-body` (`b.fn`,
    `div.comment-content > p`) on ~2/3 of posts, and always the `#respond` comment form.
* `/about/`, `/contact/`: pages (`article.page`, no og:type). Anything else: a 404 page.
* `/robots.txt`: disallows /wp-admin/ (allows admin-ajax.php), `Sitemap: <origin>/sitemap_index.xml`.
* `/sitemap_index.xml` (Yoast): post-sitemap.xml (the home page and every post, oldest change first, with
  `<lastmod>` and `<image:image>`), page-sitemap.xml (/about/, /contact/), category-sitemap.xml (every
  `/category/<c>/`), news-sitemap.xml (Google News: posts published in the 48 hours before `now`, with
  name, language, publication_date, title). Every sitemap carries an xml-stylesheet processing instruction.
* `/feed/`: RSS 2.0, the 10 newest posts (title, link, dc:creator, pubDate, category, guid, excerpt).
* `/wp-content/...`, `/wp-includes/...`: a 1x1 GIF, empty CSS/JS.

Ground truth (never served over HTTP): `site.truth(url_or_path, base_url)` -> dict with
jpcrawl.items.EXTRACTED_FIELDS:
* url: base_url's origin + the permalink path (trailing slash included), as in the canonical link.
* title: the headline (h1.entry-title / og:title / JSON-LD headline), " | " and " - " in it kept.
* subtitle: None (the theme has no standfirst; the meta description is an automatic excerpt, not one).
* authors: the vcard names in byline order; [] for "By <agency>".
* source: "The Island Courier" for staff bylines; the agency ("Reuters", "AFP", "AP") for "By Reuters" and
  "Name | AFP" bylines.
* dateline: None (none is rendered).
* published_at: `time.entry-date.published[datetime]`, ISO 8601 with the post's offset (+07:00 or +08:00).
* modified_at: the `time.updated` datetime when the post was modified (it then differs from published);
  None otherwise (the page then has one `time.published.updated` and no article:modified_time).
* section: the primary category's slug (the first `a[rel="category tag"]`'s /category/<slug>/).
* subsection: None.
* tags: the tag names in page order (`a[rel=tag]` texts = article:tag = Yoast keywords); [] when none.
* body: the `div.entry-content` paragraphs in order, each as its whitespace-normalised text: inline link and
  emphasis text kept, the drop cap joined to the rest of its word with no space, the block quote as one
  paragraph (its quotation marks kept); without the "Read also:" / "Also read:" lines, the ad slot, the
  figures and their captions, the newsletter box, the share buttons and Jetpack's related posts (and nothing
  outside the article: author bio, related posts, comments, sidebar).
* images: the featured image, then the inline image (each when present): {url: origin + its src path,
  caption: the figcaption without the trailing " (credit)", credit: the text in those parentheses}. The
  default share image is never an article image.
* is_premium, is_paywalled, is_advertorial: False. language: "en".
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
