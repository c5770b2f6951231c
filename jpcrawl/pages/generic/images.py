"""Article images: the featured image and inline figures, with caption and credit.

Scope: the nearest `<article>` (or `[itemscope]` article) around the body, else the body root's parent.
Images come from `<figure>`s and captioned containers (`.wp-caption`) and bare `<img>`s in that scope,
outside junk blocks (related posts, author bios, share bars, ads: the body module's rules); tiny images
(width/height under 100) and placeholders are skipped. The URL is the lazy-load attribute when there is one
(data-src, data-lazy-src, data-original, the first srcset candidate), else src, made absolute.

Caption: the figure's figcaption (or `.wp-caption-text`, or a `[class*=caption]` element) minus its credit;
credit: a `.credit`/`.copyright`/`.photographer` element inside it, else a trailing "(Credit)".

og:image / JSON-LD image: a share image that matches no image of the article is the site's default share
picture, not an article image. One that matches an image elsewhere on the page (a hero above the article
block) is the featured image and comes first.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from jpcrawl.pages.generic.body import is_junk
from jpcrawl.processors import absolute_url, normalize_space, split_caption

MAX_IMAGES = 60
LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-full-src", "data-hi-res-src")
SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
CREDIT_TOKENS = frozenset({"credit", "credits", "copyright", "photographer", "source", "byline", "author"})
PLACEHOLDER = re.compile(
    r"(?:^|/)(?:blank|spacer|pixel|transparent|placeholder|grey|lazy)[^/]*\.(?:gif|png|svg)",
                         re.I)  # fmt: skip
_SIZE_SUFFIX = re.compile(
    r"-\d{2,5}x\d{2,5}(?=\.[a-z0-9]+$)|[._](?:large|medium|small|thumb|thumbnail)(?=\.)",
                          re.I)  # fmt: skip


def img_url(img: Any, page_url: str) -> str | None:
    """The real source of an <img> (lazy-load attributes first), absolute; None for placeholders."""
    for attr in LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return absolute_url(value, page_url)
    # absolute_url() gives None for an empty value and a data: URI: the next attribute is tried.
    for attr in SRCSET_ATTRS:
        first = (img.get(attr) or "").split(",")[0].split()
        if first:
            out = absolute_url(first[0], page_url)
            if out:
                return out
    src = (img.get("src") or "").strip()
    if PLACEHOLDER.search(src):
        return None
    return absolute_url(src, page_url)


def image_key(url: str | None) -> str:
    """A URL folded so that the sizes of one picture compare equal: path without size suffix or query."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return _SIZE_SUFFIX.sub("", parts.path).lower()


def _tiny(img: Any) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 100:
            return True
    return False


def _tokens(el: Any) -> set[str]:
    return set(re.split(r"[\s_\-]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower()))


def _caption_el(img: Any, stop: Any) -> Any:
    """The caption element belonging to an image: its figure's figcaption, or a caption-classed element in
    its nearest container."""
    el = img.getparent()
    for _ in range(4):
        if el is None:
            return None
        if el.tag == "figure":
            cap = next(el.iter("figcaption"), None)
            if cap is not None:
                return cap
        if any(other is not img for other in el.iter("img")):
            return None  # a block of several pictures: a caption here is not this image's
        for child in el.iter():
            if (
                child.tag in {"figcaption", "p", "span", "div"}  # neither the <img> nor a comment
                and "caption" in (child.get("class") or "").lower()
                and child.find(".//img") is None
            ):
                return child
        if el is stop or el.tag == "figure":
            return None
        el = el.getparent()
    return None


def caption_credit(cap: Any) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption element."""
    if cap is None:
        return None, None
    credit_text = None
    parts: list[str] = []
    for node in cap.iter():
        if node is not cap and _tokens(node) & CREDIT_TOKENS:  # a comment has no class: never matches
            credit_text = normalize_space("".join(node.itertext())).removeprefix("(").removesuffix(")")
            credit_text = normalize_space(credit_text) or None
            break
    if credit_text is not None:

        def rec(node: Any) -> None:
            # A comment's text is markup, not caption (itertext() leaves it out too); its tail is caption.
            if node is not cap and (not isinstance(node.tag, str) or _tokens(node) & CREDIT_TOKENS):
                if node.tail:
                    parts.append(node.tail)
                return
            if node.text:
                parts.append(node.text)
            for c in node:
                rec(c)
            if node is not cap and node.tail:
                parts.append(node.tail)

        rec(cap)
        caption = normalize_space(" ".join(parts)) or None
        return caption, credit_text
    return split_caption("".join(cap.itertext()))


def image_scope(body_roots: list[Any]) -> Any | None:
    if not body_roots:
        return None
    first = body_roots[0]
    for anc in [first, *first.iterancestors()]:
        if anc.tag == "article" or "article" in (anc.get("itemtype") or "").lower():
            return anc
        if anc.tag == "body":  # <html> comes after it
            break
    parent = first.getparent()
    return parent if parent is not None and parent.tag not in {"body", "html"} else first


_IMAGE_HOLDERS = frozenset({"figure", "figcaption", "header", "picture", "a", "span"})


def _outside_junk(el: Any, stop: Any) -> bool:
    for anc in el.iterancestors():
        if anc is stop:
            break
        if anc.tag in _IMAGE_HOLDERS or "caption" in (anc.get("class") or "").lower():
            continue
        if is_junk(anc):
            return False
    return True


def read_images(
    root: Any, body_roots: list[Any], page_url: str, share_images: list[str] | None = None
) -> list[dict[str, Any]]:
    """[{"url", "caption", "credit"}] of the article (see the module docstring). `root` is the document's
    root element; `share_images` are og:image and JSON-LD image URLs."""
    scope = image_scope(body_roots)
    images: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(img: Any, stop: Any, first: bool = False) -> None:
        url = img_url(img, page_url)
        if not url or _tiny(img) or image_key(url) in seen:
            return
        caption, credit = caption_credit(_caption_el(img, stop))
        seen.add(image_key(url))
        entry = {"url": url, "caption": caption, "credit": credit}
        if first:
            images.insert(0, entry)
        else:
            images.append(entry)

    if scope is not None:
        for n, img in enumerate(scope.iter("img")):
            if n >= 500 or len(images) >= MAX_IMAGES:
                break
            if _outside_junk(img, scope):
                add(img, scope)
    # A share image shown outside the article block (a hero) is the featured image.
    keys = {image_key(absolute_url(u, page_url)) for u in share_images or ()}
    keys.discard("")
    if keys and not (keys & seen):
        for n, img in enumerate(root.iter("img")):
            if n >= 2000:
                break
            if image_key(img_url(img, page_url)) in keys and _outside_junk(img, root):
                add(img, root, first=True)
                break
    return images
