"""HTML, XML and text renderers of the replica's page types. Pure functions of (site, spec, origin, state)."""

from __future__ import annotations

import json
import random
import re
import zlib
from datetime import datetime
from email.utils import format_datetime
from html import escape

from . import content as c
from .config import WIB
from .site import NEWS_SITEMAP_WINDOW, PAGE_SIZE, ArticleSpec, ReplicaSite, iso


def t(s: str) -> str:
    return escape(s, quote=False)


def a(s: str) -> str:
    return escape(s, quote=True)


OUTDATED_BROWSER = """<div class="on-ie-underversion9">
<div class="col-xs-6 article-ie">
<img src="/skin/img/logo.png" alt="Jakarta Post" />
<p>Please Update your browser</p>
<p>
Your browser is out of date, and may not be compatible with our website. \
A list of the most popular web browsers can be found below.<br />
Just click on the icons to get to the download page.</p>
<a href="http://windows.microsoft.com/en-us/internet-explorer/download-ie" target="_blank">\
<img src="/skin/img/browser_msie.gif" alt="Jakarta Post" /></a>
</div>
</div>"""

INTERSTITIAL_PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>The Jakarta Post</title>\n'
    "</head>\n<body>\n" + OUTDATED_BROWSER + "\n</body>\n</html>\n"
)

# A 1x1 transparent GIF, served for every /img/ and /skin/ image so rendered fetches never wait on a network.
PIXEL_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)

_NAV: str | None = None


def nav() -> str:
    global _NAV
    if _NAV is None:
        items = []
        for key, (name, subs) in c.SECTIONS.items():
            sub = "".join(
                f'<li class="tjp-nav__subitem"><a href="/{key}/{s}">{t(n)}</a></li>' for s, n in subs
            )
            items.append(
                f'<li class="tjp-nav__item"><a class="tjp-nav__link" href="/{key}">{t(name)}</a>'
                f'<ul class="tjp-nav__sub">{sub}</ul></li>'
            )
        _NAV = '<nav class="tjp-nav"><ul class="tjp-nav__list">' + "".join(items) + "</ul></nav>"
    return _NAV


def header(logged_in: str | None) -> str:
    if logged_in:
        account = (
            f'<span class="tjp-header__user">{t(logged_in)}</span> '
            '<a class="tjp-header__logout" href="/user/account/logout">Log out</a>'
        )
    else:
        account = (
            '<a class="tjp-header__login" href="/user/account/login">Log in</a> '
            '<a class="tjp-header__subscribe" href="/packages">Subscribe</a>'
        )
    return (
        '<header class="tjp-header"><div class="tjp-header__top">'
        '<a class="tjp-header__logo" href="/"><h1 class="thejakartapost">TheJakartaPost</h1></a>'
        f'<div class="tjp-header__account">{account}</div>'
        '<form class="tjp-header__search" method="get" action="/search"><input type="text" name="q" '
        'placeholder="Search.."></form></div>' + nav() + "</header>"
    )


FOOTER = (
    '<footer class="tjp-footer"><p>© 2026 The Jakarta Post replica. For tests and benchmarks only.</p>'
    '<ul><li><a href="/sitemap.xml">Sitemap</a></li><li><a href="/rss/home">RSS</a></li>'
    '<li><a href="/packages">Subscribe</a></li></ul></footer>'
)


def page(title: str, head_extra: str, main: str, logged_in: str | None, after: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{t(title)}</title>\n{head_extra}"
        '<link href="/skin/css/tjp.css" rel="stylesheet">\n</head>\n<body>\n'
        f"{OUTDATED_BROWSER}\n"
        f'<div class="tjp-wrapper">\n{header(logged_in)}\n{main}\n{FOOTER}\n</div>\n{after}'
        "</body>\n</html>\n"
    )


def relative_time(ts: int, now_ts: int) -> str:
    d = max(0, now_ts - ts)
    if d < 3600:
        n, unit = max(1, d // 60), "minute"
    elif d < 86400:
        n, unit = d // 3600, "hour"
    elif d < 30 * 86400:
        n, unit = d // 86400, "day"
    else:
        n, unit = d // (30 * 86400), "month"
    return f"{n} {unit}{'s' if n != 1 else ''} ago"


def listing_href(spec: ArticleSpec, origin: str, where: str) -> str:
    """The href a listing shows: relative, absolute, `.html-<digits>` or with utm_* trackers (varied)."""
    h = zlib.crc32(f"{spec.index}:{where}".encode()) % 100
    path = spec.path
    if h < 45:
        return path
    if h < 65:
        return origin + path
    if h < 80:
        return f"{path}-{1000 + h * 37 + spec.index % 1000}"
    base = origin + path if h >= 92 else path
    return f"{base}?utm_source=(direct)&utm_medium=channel_{spec.subsection}"


def image_url(spec: ArticleSpec, origin: str, size: str = "large") -> str | None:
    img = spec.head.image
    if not img:
        return None
    return origin + img["path"].replace("._large.", f"._{size}.")


def list_item(spec: ArticleSpec, origin: str, now_ts: int, where: str) -> str:
    head = spec.head
    href = a(listing_href(spec, origin, where))
    img = image_url(spec, origin, "medium")
    image = (
        f'<div class="imageLatest"><a href="{href}"><img class="lazy" src="/skin/img/blank.gif" '
        f'data-src="{a(img)}" alt="{a(head.title)}"></a></div>'
        if img
        else ""
    )
    badge = ' <span class="premiumBadge">premium</span>' if spec.is_premium else ""
    return (
        f'<div class="listNews">{image}<div class="latestDetail">'
        f'<span class="dt-news">{t(spec.subsection_name)}</span>{badge}'
        f'<a href="{href}"><h2 class="titleNews">{t(head.title)}</h2></a>'
        f"<p>{t(head.summary)}</p>"
        f'<span class="date">{relative_time(spec.published_ts, now_ts)}</span></div></div>'
    )


def list_item_json(spec: ArticleSpec, origin: str, now_ts: int, where: str) -> dict:
    return {
        "href": listing_href(spec, origin, where),
        "title": spec.head.title,
        "summary": spec.head.summary,
        "sub": spec.subsection_name,
        "premium": spec.is_premium,
        "image": image_url(spec, origin, "medium"),
        "date": relative_time(spec.published_ts, now_ts),
    }


JS_LISTING = """<script>
(function () {
  var data = JSON.parse(document.getElementById('tjp-listing-data').textContent);
  var box = document.querySelector('.tjp-newsListing');
  function esc(s) { return String(s).replace(/[&<>"]/g, function (ch) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[ch]; }); }
  var html = '';
  data.forEach(function (it) {
    html += '<div class="listNews">' + (it.image ? '<div class="imageLatest"><a href="' + esc(it.href) +
      '"><img class="lazy" src="/skin/img/blank.gif" data-src="' + esc(it.image) + '" alt="' + esc(it.title) +
      '"></a></div>' : '') + '<div class="latestDetail"><span class="dt-news">' + esc(it.sub) + '</span>' +
      (it.premium ? ' <span class="premiumBadge">premium</span>' : '') + '<a href="' + esc(it.href) +
      '"><h2 class="titleNews">' + esc(it.title) + '</h2></a><p>' + esc(it.summary) +
      '</p><span class="date">' + esc(it.date) + '</span></div></div>';
  });
  box.innerHTML = html;
})();
</script>"""


def side_block(cls: str, title: str, specs: list[ArticleSpec], origin: str, now_ts: int, where: str) -> str:
    """'The Latest' / 'Most viewed': links to other sections' articles, deliberately not div.listNews."""
    items = []
    for s in specs:
        href = a(listing_href(s, origin, where))
        items.append(
            f'<li class="tjp-latest__item"><span class="tjp-latest__label">{t(s.subsection_name)}</span>'
            f'<a href="{href}"><h5 class="tjp-latest__title">{t(s.head.title)}</h5></a>'
            f'<span class="tjp-latest__date">{relative_time(s.published_ts, now_ts)}</span></li>'
        )
    return (
        f'<div class="{cls}"><h3 class="tjp-block__title">{t(title)}</h3>'
        f'<a class="tjp-block__more" href="/{"most-viewed" if "viewed" in cls else "latest"}">View more</a>'
        f"<ul>{''.join(items)}</ul></div>"
    )


def listing(
    site: ReplicaSite, section: str, sub: str | None, pg: int, origin: str, logged_in: str | None, js: bool
) -> str:
    name, subs = c.SECTIONS[section]
    sub_name = dict(subs).get(sub) if sub and sub != "latest" else None
    specs = site.listing(section, sub, pg)
    now_ts = site.now_ts
    where = f"{section}/{sub}/{pg}"
    base_path = f"/{section}" + (f"/{sub}" if sub else "")
    if js:
        data = json.dumps([list_item_json(s, origin, now_ts, where) for s in specs], ensure_ascii=False)
        data = data.replace("</", "<\\/")
        items = (
            '<div class="tjp-newsListing" data-render="client"></div>\n'
            f'<script type="application/json" id="tjp-listing-data">{data}</script>\n{JS_LISTING}'
        )
    elif specs:
        items = '<div class="tjp-newsListing">' + "\n".join(
            list_item(s, origin, now_ts, where) for s in specs
        )
        items += "</div>"
    else:
        items = '<div class="tjp-newsListing"><p class="tjp-newsListing__empty">No more articles.</p></div>'
    pages = site.listing_pages(section, sub)
    links = []
    if pg > 1:
        prev = base_path if pg == 2 else f"{base_path}?page={pg - 1}"
        links.append(f'<a class="tjp-pagination__prev" rel="prev" href="{prev}">Previous</a>')
    if pg < pages:
        links.append(f'<a class="tjp-pagination__next" rel="next" href="{base_path}?page={pg + 1}">Next</a>')
    pagination = (
        f'<nav class="tjp-pagination"><span class="tjp-pagination__current">Page {pg} of {pages}</span>'
        f"{''.join(links)}</nav>"
    )
    crumbs = f'<li class="tjp-breadcrumb__list-item"><a href="/{section}">{t(name)}</a></li>'
    if sub_name:
        crumbs += f'<li class="tjp-breadcrumb__list-item active"><a href="{base_path}">{t(sub_name)}</a></li>'
    sidebar = side_block("tjp-latest", "The Latest", site.newest_other(section, 6), origin, now_ts, where)
    sidebar += side_block(
        "jpmvcontainer tjp-most-viewed", "Most viewed", site.most_viewed(section, 5), origin, now_ts, where
    )
    title = f"{sub_name or name} - The Jakarta Post"
    main = (
        f'<div class="tjp-section"><ul class="tjp-breadcrumb">{crumbs}</ul>'
        f'<h1 class="tjp-section__title">{t(sub_name or name)}</h1>'
        f'<div class="tjp-section__main">{items}\n{pagination}</div>'
        f'<aside class="tjp-section__sidebar">{sidebar}</aside></div>'
    )
    canonical = f'<link rel="canonical" href="{origin}{base_path}{f"?page={pg}" if pg > 1 else ""}">\n'
    return page(title, canonical, main, logged_in)


def home(site: ReplicaSite, origin: str, logged_in: str | None) -> str:
    now_ts = site.now_ts
    top = [site.articles[i] for i in site.newest[:4]]
    headline = ""
    if top:
        lead = top[0]
        headline = (
            '<div class="tjp-homepage__headline-main">'
            f'<a href="{a(listing_href(lead, origin, "home-lead"))}"><h2>{t(lead.head.title)}</h2></a>'
            f"<p>{t(lead.head.summary)}</p></div>"
        )
    blocks = []
    for key, (name, _) in c.SECTIONS.items():
        specs = site.listing(key, None, 1)[:4]
        lis = "".join(
            f'<li><a href="{a(listing_href(s, origin, "home-" + key))}">{t(s.head.title)}</a></li>'
            for s in specs
        )
        blocks.append(
            f'<div class="tjp-homepage__section tjp-homepage__section--{key}">'
            f'<h3><a href="/{key}">{t(name)}</a></h3><ul>{lis}</ul></div>'
        )
    latest = side_block(
        "tjp-latest", "The Latest", [site.articles[i] for i in site.newest[:10]], origin, now_ts, "home"
    )
    viewed = side_block(
        "jpmvcontainer tjp-most-viewed", "Most viewed", site.most_viewed(None, 8), origin, now_ts, "home"
    )
    main = (
        f'<div class="container borderGrid">{headline}'
        f'<div class="tjp-grid tjp-grid--1-2">{"".join(blocks)}</div>'
        f'<aside class="tjp-homepage__sidebar">{latest}{viewed}</aside></div>'
    )
    head = (
        '<meta name="description" content="The Jakarta Post - Always Bold. Always Independent">\n'
        f'<link rel="canonical" href="{origin}/">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{origin}/rss/home">\n'
    )
    return page("The Jakarta Post - Always Bold. Always Independent", head, main, logged_in)


# --- article ----------------------------------------------------------------------------------------------

NEWSLETTER = (
    '<div class="tjp-newsletter-box"><h3>Prospects</h3>'
    "<p>Get exclusive interviews and in-depth coverage of Indonesia’s business scene, in your inbox "
    'every week.</p><form><input type="email" placeholder="Email"><button>Register</button></form>'
    "<p>By registering, you agree with The Jakarta Post's Privacy Policy</p>"
    "<p>Please check your email for your newsletter subscription.</p></div>"
)
WIDGETS = (
    '<div class="tjp-single__widgets">'
    '<div class="tjp-gift"><h3>Gift Premium Articles<br> to Anyone</h3><p>Share the best of The Jakarta Post '
    "with friends, family or colleagues. Subscribers can gift 3 to 5 articles a month that anyone can read — "
    "no subscription required.</p></div>"
    '<div class="tjp-feedback"><h3>Your Opinion Matters</h3><p>Tell us about your experience, your ideas and '
    "any problems you have run into on The Jakarta Post. We are listening.</p><textarea></textarea>"
    "<span>Enter at least 30 characters</span><span>0 / 30</span>"
    '<div class="tjp-feedback__thanks"><h4>Thank You</h4><p>Thanks for sharing your thoughts with us.</p>'
    "</div></div>"
    '<div class="tjp-share-options"><h3>Share options</h3><p>Share this story with your network in a single '
    "click and keep everyone up to date.</p></div>"
    '<div class="tjp-text-size"><h3>Change text size options</h3>'
    "<p>Make reading comfortable: switch the text "
    "size to small, medium or large.</p></div>"
    '<div class="tjp-app-banner"><h3>Continue in the app</h3>'
    "<p>Faster access, exclusive features and an easier "
    "way to stay up to date.</p></div></div>"
)


def _para_html(markup: str, links: list[ArticleSpec]) -> str:
    out = []
    for kind, text in c.paragraph_segments(markup):
        if kind == "t":
            out.append(t(text))
        elif kind == "i":
            out.append(f"<i>{t(text)}</i>")
        else:
            target = links.pop() if links else None
            href = target.path if target else "/"
            out.append(f'<a href="{a(href)}">{t(text)}</a>')
    return "".join(out)


_CLASS_RE = re.compile(r'class="([^"]*)"')


def redesign_classes(html: str) -> str:
    """The `redesign` knob: every `tjp-*` class of the page body renamed (`<head>` left byte for byte)."""

    def rename(tok: str) -> str:
        if tok.startswith("tjp-"):
            return "jp2-" + tok[4:].replace("__", "_")
        return REDESIGN_RENAMES.get(tok, tok)

    def fix(m: re.Match) -> str:
        return 'class="' + " ".join(rename(tok) for tok in m.group(1).split()) + '"'

    head, sep, body = html.partition("</head>")
    return head + sep + _CLASS_RE.sub(fix, body)


# Classes outside the tjp- namespace that the article template also renames in the redesign.
REDESIGN_RENAMES = {"created": "jp2-published"}


def article(
    site: ReplicaSite, spec: ArticleSpec, origin: str, logged_in: str | None, redesign: bool = False
) -> str:
    head = spec.head
    paywalled = spec.is_premium and not logged_in
    paras = site.body_markup(spec)
    canonical = origin + spec.path
    img = image_url(spec, origin)
    section_name = spec.section_name
    description = head.subtitle or head.summary
    ld: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": canonical,
        "headline": head.title,
        "description": description,
        "datePublished": iso(spec.published_ts),
    }
    if head.modified_ts:
        ld["dateModified"] = iso(head.modified_ts)
    ld["author"] = (
        [{"@type": "Person", "name": n} for n in head.authors]
        if head.authors
        else [{"@type": "Organization", "name": head.source}]
    )
    if img:
        ld["image"] = {"@type": "ImageObject", "url": img}
    ld["isAccessibleForFree"] = "false" if spec.is_premium else "true"
    ld["articleSection"] = spec.subsection_name
    ld["keywords"] = head.tags
    ld["publisher"] = {"@type": "Organization", "name": "The Jakarta Post"}
    metas = [
        f'<meta name="description" content="{a(description)}">',
        f'<meta name="author" content="{a(", ".join(head.authors) or head.source)}">',
        f'<meta name="keywords" content="{a(", ".join(head.tags))}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{a(head.title)} - {a(section_name)} - The Jakarta Post">',
        f'<meta property="og:description" content="{a(description)}">',
        f'<meta property="og:url" content="{a(canonical)}">',
    ]
    if img:
        metas.append(f'<meta property="og:image" content="{a(img)}">')
    if spec.is_premium:
        metas.append('<meta name="tjp-is-premium" content="1">')
    metas.append(f'<link rel="canonical" href="{a(canonical)}">')
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    metas.append(f'<script type="application/ld+json">{ld_json}</script>')
    head_extra = "\n".join(metas) + "\n"

    listing_sec = spec.listing_section
    crumbs = (
        f'<ul class="tjp-breadcrumb"><li class="tjp-breadcrumb__list-item"><a href="/{listing_sec}">'
        f"{t(c.SECTIONS[listing_sec][0])}</a></li>"
        f'<li class="tjp-breadcrumb__list-item active"><a href="/{listing_sec}/{spec.subsection}">'
        f"{t(spec.subsection_name)}</a></li></ul>"
    )
    published = datetime.fromtimestamp(spec.published_ts, WIB)
    meta_items = [
        f'<div class="tjp-meta__content-item"><span class="tjp-meta__label">{t(head.byline)}</span></div>'
    ]
    if spec.is_premium:
        meta_items.append('<div class="tjp-meta__content-premium"><span>Premium</span></div>')
    if head.dateline:
        meta_items.append(
            '<div class="tjp-meta__content-item">'
            f'<span class="tjp-meta__location">{t(head.dateline)}</span></div>'
        )
    meta_items.append(
        f'<div class="tjp-meta__content-item"><span class="tjp-meta__date">{published:%a, %B %d, %Y}</span> '
        f'<span class="created">Published on {iso(spec.published_ts)}</span></div>'
    )
    subtitle = f'<p class="tjp-single__head-lede">{t(head.subtitle)}</p>' if head.subtitle else ""
    if redesign:
        head_html = (
            f'<header class="tjp-story__header">{crumbs}<h1 class="tjp-headline">{t(head.title)}</h1>'
            f"{subtitle.replace('tjp-single__head-lede', 'tjp-story__standfirst')}"
            f'<div class="tjp-byline">{"".join(meta_items)}</div></header>'
        )
    else:
        head_html = (
            '<div class="tjp-single__head"><div class="tjp-single__head-item tjp-single__head-item--detail">'
            f'{crumbs}<h1 class="tjp-title tjp-title--single">{t(head.title)}</h1>{subtitle}'
            f'<div class="tjp-meta"><div class="tjp-meta__content-list">{"".join(meta_items)}</div>'
            '<div class="tjp-meta__share"><span>Share This Article</span> <span>Change Size</span></div>'
            "</div></div></div>"
        )
    figure = ""
    if head.image:
        cap = head.image["caption"]
        figure = (
            '<figure class="tjp-single__figure">'
            f'<img class="lazy" src="/skin/img/blank.gif" data-src="{a(img or "")}" '
            f'alt="{a(cap)}"><figcaption>{t(cap)} ({t(head.image["credit"])})</figcaption></figure>'
        )

    # Body with the non-body furniture interleaved at fixed, per-article positions.
    rng = random.Random(f"{site.seed}:{spec.index}:layout")
    n = len(paras)
    read_also_at = set(rng.sample(range(1, max(2, n - 1)), k=min(rng.choice((0, 1, 1, 2)), max(0, n - 2))))
    read_also = site.related(spec, "read-also", 2)
    inline_links = site.related(spec, "inline", 6)
    popular = site.most_viewed(None, 5)
    shown = paras[: head.teaser] if paywalled else paras
    first = c.plain(shown[0])
    if redesign:
        parts = [
            f'<p class="tjp-story__lead"><span class="tjp-dropcap">{t(first[0])}</span>{t(first[1:])}</p>'
        ]
    else:
        parts = [
            f'<div class="tjp-opening"><h1 class="tjp-opening__char">{t(first[0])}</h1>'
            f'<p class="tjp-opening__txt">{t(first[1:])}</p></div>'
        ]
    for k, p in enumerate(shown[1:], start=1):
        parts.append(f"<p>{_para_html(p, inline_links)}</p>")
        if k == 1:
            parts.append(
                '<div class="tjp-single__content-ads"><p>Advertisement</p><div id="div-gpt-ad-1"></div></div>'
            )
        if k in read_also_at and read_also:
            ra = read_also.pop()
            parts.append(f'<p>Read also: <a href="{a(ra.path)}">{t(ra.head.title)}</a></p>')
        if k == 4:
            lis = "".join(f'<li><a href="{a(s.path)}">{t(s.head.title)}</a></li>' for s in popular)
            parts.append(
                '<div class="tjp-single__content-list tjp-single__content-list--popular">'
                f"<h3>Popular</h3><ul>{lis}</ul></div>"
            )
        if k == 6:
            parts.append(NEWSLETTER)
    if n <= 6 and not paywalled:
        parts.append(NEWSLETTER)
    after = ""
    if paywalled:
        parts.append(
            '<div class="tjp-paywall"><div class="tjp-paywall__box">'
            '<h1 class="tjp-paywall__title">This article is for paying subscribers</h1>'
            "<p>Get unlimited access to our premium journalism. Starting from IDR 55,000/month.</p>"
            '<a class="tjp-paywall__button" href="/packages">Subscribe now</a>'
            '<p>Already a subscriber? <a href="/user/account/login">Log in</a></p></div></div>'
        )
        after = '<div class="tjp-overlay"></div>\n<script src="/skin/js/tjp-single.js"></script>\n'
    if redesign:
        content = '<section class="tjp-story__body">' + "\n".join(parts) + "</section>"
        main = (
            f'<main class="tjp-story"><article class="tjp-story__article">{head_html}{figure}\n{content}\n'
            f"{WIDGETS}</article></main>"
        )
    else:
        content = '<div class="tjp-single__content">' + "\n".join(parts) + "</div>"
        main = f'<div class="tjp-single">{head_html}{figure}\n{content}\n{WIDGETS}</div>'
    html = page(f"{head.title} - {section_name} - The Jakarta Post", head_extra, main, logged_in, after)
    return redesign_classes(html) if redesign else html


# --- login, search, misc ---------------------------------------------------------------------------------


def login(token: str, error: bool, logged_in: str | None) -> str:
    err = '<div class="auth-box__error">These credentials do not match our records.</div>' if error else ""
    main = (
        '<div class="auth-box"><h2 class="auth-box__title">Log in to your account</h2>'
        f'{err}<form class="auth-box__content-form" method="post" action="/user/account/login">'
        f'<input type="hidden" name="_token" value="{a(token)}">'
        '<label>Email <input type="email" name="email" value="" required></label>'
        '<label>Password <input type="password" name="password" required></label>'
        '<label><input type="checkbox" name="remember"> Remember me</label>'
        '<button type="submit" class="auth-box__submit">Log in</button></form>'
        '<p><a href="/login/google/process">Continue with Google</a></p></div>'
    )
    return page(
        "Login - The Jakarta Post", f'<meta name="csrf-token" content="{a(token)}">\n', main, logged_in
    )


def search(site: ReplicaSite, q: str, origin: str, logged_in: str | None) -> str:
    """Results are only in inline JSON; a script draws them (like the site's client-side search widget)."""
    words = q.lower().split()
    hits = []
    if words:
        for i in site.newest:
            s = site.articles[i]
            if all(w in s.head.title.lower() for w in words):
                hits.append({"href": origin + s.path, "title": s.head.title, "snippet": s.head.summary})
                if len(hits) == 10:
                    break
    data = json.dumps(hits, ensure_ascii=False).replace("</", "<\\/")
    script = (
        f'<script type="application/json" id="tjp-search-data">{data}</script>\n<script>\n'
        "(function () { var d = JSON.parse(document.getElementById('tjp-search-data').textContent);\n"
        "  var box = document.getElementById('gsc-results'); d.forEach(function (r) {\n"
        "    var div = document.createElement('div'); div.className = 'gsc-webResult gsc-result';\n"
        "    var link = document.createElement('a'); link.className = 'gs-title'; link.href = r.href;\n"
        "    link.textContent = r.title; var sn = document.createElement('div');\n"
        "    sn.className = 'gs-bidi-start-align gs-snippet'; sn.textContent = r.snippet;\n"
        "    div.appendChild(link); div.appendChild(sn); box.appendChild(div); }); })();\n</script>\n"
    )
    main = (
        f'<div class="tjp-search"><h1>Search: {t(q)}</h1>'
        '<div id="gsc-results" class="gsc-results"></div></div>'
    )
    return page("Search - The Jakarta Post", "", main, logged_in, script)


def simple(title: str, text: str, logged_in: str | None) -> str:
    return page(
        f"{title} - The Jakarta Post",
        "",
        f'<div class="tjp-simple"><h1>{t(title)}</h1><p>{t(text)}</p></div>',
        logged_in,
    )


def robots(origin: str) -> str:
    return f"User-agent: *\nDisallow: /user/\nDisallow: /test/\nAllow: /\n\nSitemap: {origin}/sitemap.xml\n"


def sitemap_index(site: ReplicaSite, origin: str) -> str:
    lastmod = iso(site.now_ts)
    rows = []
    for key in c.SECTIONS:
        for kind in ("news", "web"):
            rows.append(
                f"<sitemap><loc>{origin}/{key}/{kind}/sitemap.xml</loc><lastmod>{lastmod}</lastmod></sitemap>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</sitemapindex>\n"
    )


def _cdata(s: str) -> str:
    return s.replace("]]>", "]]]]><![CDATA[>")


def news_sitemap(site: ReplicaSite, section: str, origin: str) -> str:
    rows = []
    for s in site.recent(NEWS_SITEMAP_WINDOW, section):
        rows.append(
            f"<url><loc><![CDATA[{origin}{s.path}]]></loc>\n"
            " <news:news><news:publication><news:name><![CDATA[ The Jakarta Post ]]></news:name>"
            "<news:language><![CDATA[ en ]]></news:language></news:publication>\n"
            f" <news:publication_date><![CDATA[{iso(s.published_ts)}]]></news:publication_date>\n"
            f" <news:title><![CDATA[{_cdata(s.head.title)}]]></news:title></news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def web_sitemap(site: ReplicaSite, section: str, origin: str) -> str:
    rows = []
    for i in site.listing_indices(section):
        s = site.articles[i]
        lastmod = iso(s.head.modified_ts or s.published_ts) if s._head else iso(s.published_ts)
        rows.append(f"<url><loc>{origin}{t(s.path)}</loc><lastmod>{lastmod}</lastmod></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def rss(site: ReplicaSite, origin: str) -> str:
    items = []
    for i in site.newest[:20]:
        s = site.articles[i]
        pub = format_datetime(datetime.fromtimestamp(s.published_ts, WIB))
        items.append(
            f"<item><title>{t(s.head.title)}</title><link>{origin}{t(s.path)}</link>"
            f'<guid isPermaLink="true">{origin}{t(s.path)}</guid>'
            f"<description>{t(s.head.summary)}</description><pubDate>{pub}</pubDate>"
            f"<category>{t(s.section_name)}</category></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>The Jakarta Post</title>'
        f"<link>{origin}/</link><description>The Jakarta Post - Always Bold. Always Independent</description>"
        "<language>en</language>\n" + "\n".join(items) + "\n</channel></rss>\n"
    )


__all__ = ["INTERSTITIAL_PAGE", "PAGE_SIZE", "PIXEL_GIF"]
