"""Markup of the Island Courier's pages: a WordPress theme (underscores-like) with Yoast SEO and Jetpack.

Pure functions of (site, post, origin). See the package docstring for what each page holds.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.utils import format_datetime
from html import escape

from .. import content as c
from .site import (
    CATEGORIES,
    DEFAULT_SHARE_IMAGE,
    NEWS_SITEMAP_WINDOW,
    SITE_NAME,
    TAGLINE,
    CourierSite,
    Image,
    Post,
    wp_slug,
)


def t(s: str) -> str:
    return escape(s, quote=False)


def a(s: str) -> str:
    return escape(s, quote=True)


def _ld(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")


def menu() -> str:
    items = "".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
        f'<a href="/category/{k}/">{t(name)}</a></li>'
        for k, (name, _) in CATEGORIES.items()
    )
    return (
        '<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" '
        'aria-controls="primary-menu" aria-expanded="false">Menu</button>'
        f'<ul id="primary-menu" class="menu"><li class="menu-item menu-item-home"><a href="/">Home</a></li>'
        f"{items}</ul></nav>"
    )


def sidebar(site: CourierSite, origin: str) -> str:
    recent = "".join(
        f'<li><a href="{a(origin + site.articles[i].path)}">{t(site.articles[i].title)}</a></li>'
        for i in site.newest[:5]
    )
    cats = "".join(
        f'<li class="cat-item"><a href="/category/{k}/">{t(name)}</a></li>'
        for k, (name, _) in CATEGORIES.items()
    )
    return (
        '<aside id="secondary" class="widget-area">'
        '<section id="search-2" class="widget widget_search"><form role="search" method="get" '
        'class="search-form" action="/"><input type="search" class="search-field" name="s"></form></section>'
        '<section id="recent-posts-2" class="widget widget_recent_entries">'
        f'<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>'
        '<section id="categories-2" class="widget widget_categories">'
        f'<h2 class="widget-title">Categories</h2><ul>{cats}</ul></section></aside>'
    )


FOOTER = (
    '<footer id="colophon" class="site-footer"><div class="site-info">'
    f"© 2026 {SITE_NAME} replica. For tests and benchmarks only. "
    '<a href="/about/">About</a> <a href="/contact/">Contact</a> <a href="/feed/">RSS</a>'
    "</div></footer>"
)


def page(
    title: str, head_extra: str, main: str, site: CourierSite, origin: str, body_class: str = "home"
) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t(title)}</title>\n{head_extra}"
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
        f'href="{origin}/feed/">\n'
        "<link rel='stylesheet' id='courier-style-css' href='/wp-content/themes/courier/style.css' "
        "media='all' />\n"
        '<meta name="generator" content="WordPress 6.6.2" />\n</head>\n'
        f'<body class="{body_class}">\n<div id="page" class="site">'
        '<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>'
        '<header id="masthead" class="site-header"><div class="site-branding">'
        f'<p class="site-title"><a href="/" rel="home">{SITE_NAME}</a></p>'
        f'<p class="site-description">{TAGLINE}</p></div>{menu()}</header>\n'
        f'<div id="content" class="site-content">\n{main}\n{sidebar(site, origin)}\n</div>\n'
        f"{FOOTER}\n</div>\n"
        "<script src='/wp-includes/js/jquery/jquery.min.js' id='jquery-core-js'></script>\n"
        "</body>\n</html>\n"
    )


def _time_html(post: Post) -> str:
    """WordPress's posted_on(): one `time.published.updated` when never modified, else published + updated."""
    pub = post.iso(post.published_ts)
    shown = f"{post.published:%B %-d, %Y}"
    if post.modified_ts is None:
        return f'<time class="entry-date published updated" datetime="{pub}">{shown}</time>'
    mod = post.iso(post.modified_ts)
    mod_shown = f"{datetime.fromtimestamp(post.modified_ts, post.tz):%B %-d, %Y}"
    return (
        f'<time class="entry-date published" datetime="{pub}">{shown}</time>'
        f'<time class="updated" datetime="{mod}">{mod_shown}</time>'
    )


def listing_item(site: CourierSite, post: Post, origin: str) -> str:
    cats = " ".join(f"category-{k}" for k in post.categories)
    tags = " ".join(f"tag-{wp_slug(x)}" for x in post.tags)
    thumb = ""
    if post.featured:
        thumb = (
            f'<a class="post-thumbnail" href="{a(origin + post.path)}" aria-hidden="true">'
            f'<img width="300" height="200" src="{a(origin + post.featured.path)}" '
            f'class="attachment-post-thumbnail wp-post-image" alt=""></a>'
        )
    return (
        f'<article id="post-{1000 + post.index}" class="post-{1000 + post.index} post type-post '
        f'status-publish format-standard hentry {cats} {tags}">'
        f'<header class="entry-header"><h2 class="entry-title"><a href="{a(origin + post.path)}" '
        f'rel="bookmark">{t(post.title)}</a></h2>'
        f'<div class="entry-meta"><span class="posted-on">Posted on <a href="{a(origin + post.path)}" '
        f'rel="bookmark">{_time_html(post)}</a></span></div></header>{thumb}'
        f'<div class="entry-summary"><p>{t(site.excerpt(post))}</p></div></article>'
    )


def pagination(base: str, pg: int, pages: int) -> tuple[str, str]:
    """(head links, nav markup) of a paged archive whose page 1 is `base` and page N `base + page/N/`."""

    def href(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    links = ""
    parts = []
    if pg > 1:
        links += f'<link rel="prev" href="{href(pg - 1)}">\n'
        parts.append(f'<a class="prev page-numbers" href="{href(pg - 1)}">&laquo; Previous</a>')
    for n in range(1, pages + 1):
        if n == pg:
            parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        elif n in (1, pages) or abs(n - pg) <= 2:
            parts.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
        elif abs(n - pg) == 3:
            parts.append('<span class="page-numbers dots">&hellip;</span>')
    if pg < pages:
        links += f'<link rel="next" href="{href(pg + 1)}">\n'
        parts.append(f'<a class="next page-numbers" href="{href(pg + 1)}">Next &raquo;</a>')
    nav = (
        '<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">'
        f'Posts navigation</h2><div class="nav-links">{"".join(parts)}</div></nav>'
    )
    return links, nav


def category(site: CourierSite, cat: str, pg: int, origin: str) -> str:
    name = CATEGORIES[cat][0]
    posts = site.category(cat, pg)
    base = f"{origin}/category/{cat}/"
    links, nav = pagination(base, pg, site.category_pages(cat))
    canonical = base if pg == 1 else f"{base}page/{pg}/"
    head = (
        f'<link rel="canonical" href="{canonical}">\n{links}'
        f'<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{a(name)} Archives | {SITE_NAME}">\n'
    )
    main = (
        '<main id="primary" class="site-main"><header class="page-header">'
        f'<h1 class="page-title">Category: <span>{t(name)}</span></h1></header>'
        + "".join(listing_item(site, p, origin) for p in posts)
        + nav
        + "</main>"
    )
    title = f"{name} Archives" + (f" - Page {pg} of {site.category_pages(cat)}" if pg > 1 else "")
    return page(f"{title} | {SITE_NAME}", head, main, site, origin, f"archive category category-{cat}")


def home(site: CourierSite, origin: str) -> str:
    posts = [site.articles[i] for i in site.newest[:10]]
    head = (
        f'<meta name="description" content="{TAGLINE}">\n<link rel="canonical" href="{origin}/">\n'
        '<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{SITE_NAME}">\n'
        f'<meta property="og:image" content="{origin}{DEFAULT_SHARE_IMAGE}">\n'
    )
    more = "".join(
        f'<a class="more-link" href="/category/{k}/">More {t(n)}</a> ' for k, (n, _) in CATEGORIES.items()
    )
    main = (
        '<main id="primary" class="site-main">'
        + "".join(listing_item(site, p, origin) for p in posts)
        + f'<div class="home-more">{more}</div></main>'
    )
    return page(f"{SITE_NAME} | {TAGLINE}", head, main, site, origin, "home blog")


def simple(
    site: CourierSite, origin: str, title: str, text: str, path: str, status_class: str = "page"
) -> str:
    head = f'<link rel="canonical" href="{origin}{path}">\n' if path else ""
    main = (
        f'<main id="primary" class="site-main"><article class="{status_class} type-page">'
        f'<header class="entry-header"><h1 class="entry-title">{t(title)}</h1></header>'
        f'<div class="entry-content"><p>{t(text)}</p></div></article></main>'
    )
    return page(f"{title} | {SITE_NAME}", head, main, site, origin, status_class)


def not_found(site: CourierSite, origin: str) -> str:
    main = (
        '<main id="primary" class="site-main"><section class="error-404 not-found">'
        '<header class="page-header"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1>'
        "</header>"
        '<div class="page-content"><p>It looks like nothing was found at this location.</p></div>'
        "</section></main>"
    )
    return page(f"Page not found | {SITE_NAME}", "", main, site, origin, "error404")


# --- article ----------------------------------------------------------------------------------------------


def _person_id(origin: str, name: str) -> str:
    return f"{origin}/#/schema/person/{hashlib.md5(name.encode()).hexdigest()}"


def _inline(markup: str, links: list[Post], origin: str) -> str:
    out = []
    for kind, text in c.paragraph_segments(markup):
        if kind == "t":
            out.append(t(text))
        elif kind == "i":
            out.append(f"<em>{t(text)}</em>")
        else:
            target = links.pop() if links else None
            out.append(f'<a href="{a(origin + target.path) if target else "/"}">{t(text)}</a>')
    return "".join(out)


def _figure(img: Image, origin: str, cls: str) -> str:
    return (
        f'<figure class="{cls}"><img decoding="async" width="{img.width}" height="{img.height}" '
        f'src="{a(origin + img.path)}" alt="{a(img.caption)}">'
        f"<figcaption>{t(img.caption)} ({t(img.credit)})</figcaption></figure>"
    )


NEWSLETTER = (
    '<div class="newsletter-signup"><h3>The Morning Brief</h3>'
    "<p>The day’s top stories from across the islands, in your inbox before breakfast.</p>"
    '<form class="newsletter-form" method="post" action="/newsletter/"><input type="email" name="email" '
    'placeholder="Your email address"><button type="submit">Sign up</button></form>'
    '<p class="newsletter-note">You can unsubscribe at any time. Read our privacy policy.</p></div>'
)
SHARE = (
    '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">'
    '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
    '<li class="share-facebook"><a class="share-facebook sd-button" href="#"><span>Facebook</span></a></li>'
    '<li class="share-x"><a class="share-x sd-button" href="#"><span>X</span></a></li>'
    '<li class="share-email"><a class="share-email sd-button" href="#"><span>Email</span></a></li>'
    "</ul></div></div></div>"
)


def _byline(post: Post) -> str:
    vcards = " and ".join(
        f'<span class="author vcard"><a class="url fn n" href="/author/{wp_slug(n)}/">{t(n)}</a></span>'
        for n in post.authors
    )
    if post.byline == "agency":
        return f'<span class="byline"> By <span class="agency">{t(post.source)}</span></span>'
    if post.byline == "wire":
        return f'<span class="byline"> By {vcards} | {t(post.source)}</span>'
    return f'<span class="byline"> by {vcards}</span>'


def _json_ld(site: CourierSite, post: Post, origin: str) -> dict:
    canonical = origin + post.path
    pub = post.iso(post.published_ts)
    mod = post.iso(post.modified_ts)
    imgs = post.images
    cat_names = [CATEGORIES[k][0] for k in post.categories]
    org = {"@type": "Organization", "name": SITE_NAME, "url": origin + "/"}
    if not post.yoast:
        ld: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
            "headline": post.title,
            "description": site.excerpt(post, 30),
            "datePublished": pub,
        }
        if mod:
            ld["dateModified"] = mod
        if post.authors:
            persons = [
                {"@type": "Person", "name": n, "url": f"{origin}/author/{wp_slug(n)}/"} for n in post.authors
            ]
            # One author as a bare object, several as a list: both shapes are common in the wild.
            ld["author"] = persons[0] if len(persons) == 1 else persons
        else:
            ld["author"] = {"@type": "Organization", "name": post.source}
        if imgs:
            ld["image"] = [origin + im.path for im in imgs]
        ld["publisher"] = {
            **org,
            "logo": {"@type": "ImageObject", "url": f"{origin}/wp-content/uploads/logo.png"},
        }
        if post.tags:
            ld["keywords"] = ", ".join(post.tags)
        ld["articleSection"] = cat_names[0]
        ld["inLanguage"] = "en-US"
        return ld
    org_id = f"{origin}/#organization"
    graph: list[dict] = []
    if post.authors:
        people = [
            {
                "@type": "Person",
                "@id": _person_id(origin, n),
                "name": n,
                "url": f"{origin}/author/{wp_slug(n)}/",
            }
            for n in post.authors
        ]
        author_refs: list[dict] | dict = [{"@id": p["@id"]} for p in people]
        if len(people) == 1:
            author_refs = author_refs[0]
    else:
        people = [
            {
                "@type": "Organization",
                "@id": f"{origin}/#/schema/organization/{wp_slug(post.source)}",
                "name": post.source,
            }
        ]
        author_refs = {"@id": people[0]["@id"]}
    article: dict = {
        "@type": "Article",
        "@id": f"{canonical}#article",
        "isPartOf": {"@id": canonical},
        "author": author_refs,
        "headline": post.title,
        "datePublished": pub,
    }
    if mod:
        article["dateModified"] = mod
    article["mainEntityOfPage"] = {"@id": canonical}
    article["publisher"] = {"@id": org_id}
    if imgs:
        article["image"] = {"@id": f"{canonical}#primaryimage"}
        article["thumbnailUrl"] = origin + imgs[0].path
    if post.tags:
        article["keywords"] = list(post.tags)
    article["articleSection"] = cat_names
    article["inLanguage"] = "en-US"
    graph.append(article)
    webpage: dict = {
        "@type": "WebPage",
        "@id": canonical,
        "url": canonical,
        "name": f"{post.title} | {SITE_NAME}",
        "isPartOf": {"@id": f"{origin}/#website"},
        "datePublished": pub,
    }
    if mod:
        webpage["dateModified"] = mod
    if imgs:
        webpage["primaryImageOfPage"] = {"@id": f"{canonical}#primaryimage"}
    webpage["breadcrumb"] = {"@id": f"{canonical}#breadcrumb"}
    graph.append(webpage)
    if imgs:
        graph.append(
            {
                "@type": "ImageObject",
                "inLanguage": "en-US",
                "@id": f"{canonical}#primaryimage",
                "url": origin + imgs[0].path,
                "contentUrl": origin + imgs[0].path,
                "width": imgs[0].width,
                "height": imgs[0].height,
                "caption": imgs[0].caption,
            }
        )
    graph.append(
        {
            "@type": "BreadcrumbList",
            "@id": f"{canonical}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": origin + "/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": cat_names[0],
                    "item": f"{origin}/category/{post.primary}/",
                },
                {"@type": "ListItem", "position": 3, "name": post.title},
            ],
        }
    )
    graph.append(
        {
            "@type": "WebSite",
            "@id": f"{origin}/#website",
            "url": origin + "/",
            "name": SITE_NAME,
            "publisher": {"@id": org_id},
        }
    )
    graph.append(
        {
            **org,
            "@id": org_id,
            "logo": {"@type": "ImageObject", "url": f"{origin}/wp-content/uploads/logo.png"},
        }
    )
    graph.extend(people)
    return {"@context": "https://schema.org", "@graph": graph}


def article(site: CourierSite, post: Post, origin: str) -> str:
    canonical = origin + post.path
    cat_names = [CATEGORIES[k][0] for k in post.categories]
    description = site.excerpt(post, 30)
    author_meta = ", ".join(post.authors) or post.source
    metas = [
        f'<meta name="description" content="{a(description)}">',
        f'<link rel="canonical" href="{a(canonical)}">',
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{a(post.title)}">',
        f'<meta property="og:description" content="{a(description)}">',
        f'<meta property="og:url" content="{a(canonical)}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="article:published_time" content="{post.iso(post.published_ts)}">',
    ]
    if post.modified_ts is not None:
        metas.append(f'<meta property="article:modified_time" content="{post.iso(post.modified_ts)}">')
    metas.append(f'<meta property="og:image" content="{a(origin + post.share_image)}">')
    metas.append(f'<meta property="article:section" content="{a(cat_names[0])}">')
    metas.extend(f'<meta property="article:tag" content="{a(tag)}">' for tag in post.tags)
    metas.append(f'<meta name="author" content="{a(author_meta)}">')
    metas.append('<meta name="twitter:card" content="summary_large_image">')
    cls = "yoast-schema-graph" if post.yoast else "courier-schema"
    metas.append(
        f'<script type="application/ld+json" class="{cls}">{_ld(_json_ld(site, post, origin))}</script>'
    )
    head = "\n".join(metas) + "\n"

    cat_links = ", ".join(
        f'<a href="/category/{k}/" rel="category tag">{t(CATEGORIES[k][0])}</a>' for k in post.categories
    )
    header = (
        '<header class="entry-header">'
        f'<span class="cat-links">{cat_links}</span>'
        f'<h1 class="entry-title">{t(post.title)}</h1>'
        f'<div class="entry-meta"><span class="posted-on">Posted on <a href="{a(canonical)}" rel="bookmark">'
        f"{_time_html(post)}</a></span>{_byline(post)}</div></header>"
    )
    featured = _figure(post.featured, origin, "post-thumbnail wp-caption") if post.featured else ""

    blocks = site.body_blocks(post)
    inline_links = site.related(post, "inline", 6)
    read_also = site.related(post, "read-also", 2)
    parts = []
    k = 0  # index among the "p" blocks
    for kind, markup in blocks:
        if kind == "quote":
            parts.append(f'<blockquote class="wp-block-quote"><p>{t(markup)}</p></blockquote>')
            continue
        if k == 0 and post.dropcap:
            text = c.plain(markup)
            parts.append(f'<p><span class="dropcap">{t(text[0])}</span>{t(text[1:])}</p>')
        else:
            parts.append(f"<p>{_inline(markup, inline_links, origin)}</p>")
        if k == 1:
            parts.append(
                '<div class="ad-slot ad-inarticle"><span class="ad-label">Advertisement</span>'
                '<div id="div-gpt-ad-courier-1"></div></div>'
            )
        if k == post.figure_at and post.inline:
            parts.append(_figure(post.inline, origin, "wp-block-image size-large"))
        if k in post.read_also_at and read_also:
            ra = read_also.pop()
            if ra.index % 2:
                parts.append(
                    f'<p><strong>Read also:</strong> <a href="{a(origin + ra.path)}">{t(ra.title)}</a></p>'
                )
            else:
                parts.append(f'<p>Also read: <a href="{a(origin + ra.path)}">{t(ra.title)}</a></p>')
        if k == 3 and post.newsletter_inside:
            parts.append(NEWSLETTER)
        k += 1
    rel = site.related(post, "jetpack", 3)
    jetpack = (
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        '<em>Related</em></h3><div class="jp-relatedposts-items">'
        + "".join(
            f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="'
            f'{a(origin + r.path)}">{t(r.title)}</a></h4><p class="jp-relatedposts-post-excerpt">'
            f'{t(site.excerpt(r, 25))}</p><p class="jp-relatedposts-post-date">{r.published:%B %-d, %Y}'
            "</p></div>"
            for r in rel
        )
        + "</div></div>"
    )
    content = '<div class="entry-content">' + "\n".join(parts) + "\n" + SHARE + jetpack + "</div>"
    tags = ""
    if post.tags:
        tags = (
            '<span class="tags-links">Tagged '
            + ", ".join(f'<a href="/tag/{wp_slug(x)}/" rel="tag">{t(x)}</a>' for x in post.tags)
            + "</span>"
        )
    footer = (
        f'<footer class="entry-footer"><span class="cat-links">Posted in {cat_links}</span>{tags}</footer>'
    )
    bio = ""
    if post.authors:
        n = post.authors[0]
        bio = (
            '<div class="author-bio"><img class="avatar" src="/wp-content/uploads/avatar.png" alt="">'
            f'<h2 class="author-title">About {t(n)}</h2><p class="author-description">{t(n)} writes about '
            f"{t(cat_names[0].lower())} for {SITE_NAME}. Before joining the paper, {t(c.surname(n))} "
            f'reported for regional dailies for more than a decade.</p><a class="author-link" '
            f'href="/author/{wp_slug(n)}/">View all posts</a></div>'
        )
    after = "" if post.newsletter_inside else NEWSLETTER
    related = site.related(post, "theme", 4)
    theme_related = (
        '<section class="related-posts"><h2 class="related-posts-title">You may also like</h2>'
        + "".join(
            f'<div class="related-post"><h3><a href="{a(origin + r.path)}">{t(r.title)}</a></h3>'
            f"<p>{t(site.excerpt(r, 20))}</p></div>"
            for r in related
        )
        + "</section>"
    )
    comments = _comments(site, post)
    cats = " ".join(f"category-{k}" for k in post.categories)
    main = (
        '<main id="primary" class="site-main">'
        f'<article id="post-{1000 + post.index}" class="post-{1000 + post.index} post type-post '
        f'status-publish format-standard {"has-post-thumbnail " if post.featured else ""}hentry {cats}">'
        f"{header}{featured}{content}{footer}</article>"
        f"{bio}{after}"
        '<div class="ad-slot ad-bottom"><span class="ad-label">Advertisement</span></div>'
        f"{theme_related}{comments}</main>"
    )
    return page(
        f"{post.title} | {SITE_NAME}",
        head,
        main,
        site,
        origin,
        f"post-template-default single single-post postid-{1000 + post.index} single-format-standard",
    )


def _comments(site: CourierSite, post: Post) -> str:
    import random

    rng = random.Random(f"courier:{site.seed}:{post.index}:comments")
    ctx = c.Ctx(random.Random(f"courier:{site.seed}:{post.index}:ctx"), post.text_section)
    ctx.rng = rng
    items = []
    for k in range(post.comments):
        who = c.person(rng, c.pick(rng, ("id", "intl")))
        text = c.plain(" ".join(c.sentence(ctx) for _ in range(rng.randint(1, 3))))
        when = datetime.fromtimestamp(post.published_ts + 3600 * (k + 1), post.tz)
        items.append(
            f'<li id="comment-{post.index * 10 + k}" class="comment even thread-even depth-1">'
            '<article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{t(who)}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><time datetime="{when.isoformat()}">'
            f"{when:%B %-d, %Y at %-I:%M %p}</time></div></footer>"
            f'<div class="comment-content"><p>{t(text)}</p></div>'
            '<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div>'
            "</article></li>"
        )
    listed = ""
    if items:
        title = f"{len(items)} thought{'s' if len(items) > 1 else ''} on &ldquo;{t(post.title)}&rdquo;"
        listed = f'<h2 class="comments-title">{title}</h2><ol class="comment-list">{"".join(items)}</ol>'
    return (
        f'<div id="comments" class="comments-area">{listed}'
        '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">'
        'Leave a Reply</h3><form action="/wp-comments-post.php" method="post" id="commentform" '
        'class="comment-form"><p class="comment-notes">Your email address will not be published.</p>'
        '<p class="comment-form-comment"><textarea id="comment" name="comment"></textarea></p>'
        '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" '
        'value="Post Comment"></p></form></div></div>'
    )


# --- robots, sitemaps, feed -------------------------------------------------------------------------------


def robots(origin: str) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {origin}/sitemap_index.xml\n"
    )


XSL = '<?xml-stylesheet type="text/xsl" href="/main-sitemap.xsl"?>\n'


def sitemap_index(site: CourierSite, origin: str) -> str:
    newest = site.articles[site.newest[0]] if site.newest else None
    lastmod = newest.iso(newest.modified_ts or newest.published_ts) if newest else ""
    rows = "".join(
        f"\t<sitemap>\n\t\t<loc>{origin}/{name}</loc>\n\t\t<lastmod>{lastmod}</lastmod>\n\t</sitemap>\n"
        for name in ("post-sitemap.xml", "page-sitemap.xml", "category-sitemap.xml", "news-sitemap.xml")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + XSL
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + rows
        + "</sitemapindex>\n"
    )


def _urlset(rows: list[str], extra_ns: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + XSL
        + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{extra_ns}>\n'
        + "".join(rows)
        + "</urlset>\n"
    )


def post_sitemap(site: CourierSite, origin: str) -> str:
    rows = [f"\t<url>\n\t\t<loc>{origin}/</loc>\n\t</url>\n"]
    for p in sorted(site.articles, key=lambda p: (p.modified_ts or p.published_ts, p.index)):
        img = ""
        if p.images:
            img = "".join(
                f"\t\t<image:image>\n\t\t\t<image:loc>{origin}{im.path}</image:loc>\n\t\t</image:image>\n"
                for im in p.images
            )
        rows.append(
            f"\t<url>\n\t\t<loc>{origin}{p.path}</loc>\n\t\t<lastmod>{p.iso(p.modified_ts or p.published_ts)}"
            f"</lastmod>\n{img}\t</url>\n"
        )
    return _urlset(rows, ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"')


def page_sitemap(site: CourierSite, origin: str) -> str:
    return _urlset([f"\t<url>\n\t\t<loc>{origin}{p}</loc>\n\t</url>\n" for p in ("/about/", "/contact/")])


def category_sitemap(site: CourierSite, origin: str) -> str:
    return _urlset([f"\t<url>\n\t\t<loc>{origin}/category/{k}/</loc>\n\t</url>\n" for k in CATEGORIES])


def news_sitemap(site: CourierSite, origin: str) -> str:
    rows = [
        f"\t<url>\n\t\t<loc>{origin}{p.path}</loc>\n\t\t<news:news>\n\t\t\t<news:publication>\n"
        f"\t\t\t\t<news:name>{SITE_NAME}</news:name>\n\t\t\t\t<news:language>en</news:language>\n"
        f"\t\t\t</news:publication>\n\t\t\t<news:publication_date>{p.iso(p.published_ts)}"
        f"</news:publication_date>\n\t\t\t<news:title>{t(p.title)}</news:title>\n\t\t</news:news>\n\t</url>\n"
        for p in site.recent(NEWS_SITEMAP_WINDOW)
    ]
    return _urlset(rows, ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')


def feed(site: CourierSite, origin: str) -> str:
    items = []
    for i in site.newest[:10]:
        p = site.articles[i]
        cats = "".join(f"<category><![CDATA[{CATEGORIES[k][0]}]]></category>" for k in p.categories)
        creator = ", ".join(p.authors) or p.source
        items.append(
            f"<item>\n<title>{t(p.title)}</title>\n<link>{origin}{p.path}</link>\n"
            f"<dc:creator><![CDATA[{creator}]]></dc:creator>\n"
            f"<pubDate>{format_datetime(p.published)}</pubDate>\n{cats}\n"
            f'<guid isPermaLink="false">{origin}/?p={1000 + p.index}</guid>\n'
            f"<description><![CDATA[{site.excerpt(p)}]]></description>\n</item>"
        )
    last = format_datetime(site.articles[site.newest[0]].published) if site.newest else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{SITE_NAME}</title>\n"
        f'<atom:link href="{origin}/feed/" rel="self" type="application/rss+xml" />\n'
        f"<link>{origin}</link>\n<description>{TAGLINE}</description>\n<lastBuildDate>{last}</lastBuildDate>\n"
        "<language>en-US</language>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )
