"""Readers for a page whose template a site profile describes: the profile passes its selectors, these walk.

Where `body`, `images` and `fields` find the article in markup nobody described, these take the site's own
selectors (content block, junk blocks, drop-cap classes, byline elements, meta row...) and read exactly what
they point at: a profile built on them is exact on its own templates, and the generic readers remain its
fallback when the templates drift. Pure code over parsel Selectors / lxml elements; nothing here names a
site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from jpcrawl.pages.base import (
    attr,
    class_tokens,
    drop,
    ld_image_urls,
    ld_names,
    meta_content,
    node_text,
    raw_text,
)
from jpcrawl.processors import dedupe, fold_site_url, normalize_space, split_byline, split_caption

# The lazy-load attribute comes before src, which is often a placeholder.
IMG_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "src")


def first_text(sel: Selector | Any, selectors: Iterable[str]) -> str | None:
    """Text of the first non-empty element matched by the selectors, tried in order."""
    for css in selectors:
        for node in sel.css(css):
            text = node_text(node)
            if text:
                return text
    return None


# --- body ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DropCap:
    """A drop cap set as two elements: the letter (`char_class`) and, as its sibling, the paragraph holding
    the rest of the word (`text_class`). Joined with no space: "J" + "apanese"; "A" + " leading" keeps it."""

    char_class: str
    text_class: str

    def paragraph_text(self, el: Any) -> str:
        """The text of a <p>, with the drop-cap letter put back when `el` is the drop cap's text part."""
        if self.text_class not in class_tokens(el):
            return node_text(el)
        char = ""
        parent = el.getparent()
        if parent is not None:
            for sib in parent:
                if isinstance(sib.tag, str) and self.char_class in class_tokens(sib):
                    char = normalize_space(raw_text(sib))
                    break
        return normalize_space(char + raw_text(el))


def content_paragraphs(
    content: Selector,
    *,
    junk_css: str,
    stop_css: str | None = None,
    drop_cap: DropCap | None = None,
    skip: Callable[[str], bool] | None = None,
) -> list[str]:
    """The <p>s of a content block in document order. Junk blocks (`junk_css`), figures and captions are
    removed first (this mutates the tree); reading ends at the first `stop_css` element (a paywall box ends
    the teaser); paragraphs for which `skip(text)` is true ("Read also" lines, widget text) are left out."""
    stops = {n.root for n in content.css(stop_css)} if stop_css else set()
    drop(content.css(f"{junk_css}, figure, figcaption"))
    paragraphs: list[str] = []
    for el in content.root.iter():
        if el in stops:  # before any <p> inside it: document order
            break
        if not isinstance(el.tag, str) or el.tag != "p":
            continue
        text = drop_cap.paragraph_text(el) if drop_cap is not None else node_text(el)
        if not text or (skip is not None and skip(text)):
            continue
        paragraphs.append(text)
    return paragraphs


# --- images -------------------------------------------------------------------------------------------------


def img_src(img: Any, page_url: str, base_url: str, hosts_suffix: str | None = None) -> str | None:
    """An <img>'s source (lazy-load attribute first), absolute and folded onto the crawl's origin when it is
    one of the site's hosts; `img` is a Selector or an lxml element."""
    for name in IMG_SRC_ATTRS:
        value = (attr(img, name) or "").strip()
        if value and not value.startswith("data:"):
            return fold_site_url(urljoin(page_url, value), base_url, hosts_suffix)
    return None


def figure_images(
    scope: Selector,
    *,
    junk_css: str,
    page_url: str,
    base_url: str,
    hosts_suffix: str | None = None,
    ld: dict[str, Any] | None = None,
    metas: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """[{"url", "caption", "credit"}] of the <figure>s in `scope` outside junk blocks. With none, the lead
    picture JSON-LD `image` / og:image name (one: both describe the same picture)."""
    images: list[dict[str, Any]] = []
    seen: set[str] = set()
    junk = {n.root for n in scope.css(junk_css)}
    for fig in scope.css("figure"):
        if any(anc in junk for anc in fig.root.iterancestors()):
            continue
        img = next(fig.root.iter("img"), None)
        if img is None:
            continue
        url = img_src(img, page_url, base_url, hosts_suffix)
        if not url or url in seen:
            continue
        # The caption is the figcaption's: an img's alt is an accessibility description, often just the
        # headline again, never the caption a reader sees.
        cap = next(fig.root.iter("figcaption"), None)
        caption, credit = split_caption(node_text(cap))  # no figcaption: "" -> (None, None)
        seen.add(url)
        images.append({"url": url, "caption": caption, "credit": credit})
    if images:
        return images
    fallbacks = ld_image_urls(ld.get("image")) if ld is not None else []
    og = meta_content(metas or {}, "og:image", "twitter:image")
    if og:
        fallbacks.append(og)
    for raw in fallbacks:
        url = fold_site_url(urljoin(page_url, raw), base_url, hosts_suffix)
        if url and url not in seen:
            images.append({"url": url, "caption": None, "credit": None})
            break
    return images


# --- byline and dateline ------------------------------------------------------------------------------------


def read_byline(
    scope: Selector,
    ld: dict[str, Any] | None,
    metas: dict[str, str],
    *,
    selectors: Iterable[str],
    agencies: Iterable[str],
    skip: Callable[[str], bool] = lambda _: False,
    one_per_writer: Iterable[str] = (),
) -> tuple[list[str], str | None]:
    """(authors, source): the first byline element of `selectors` whose text is not `skip`ped ("A and B
    (Agency)"; a bare agency name is a source), else JSON-LD author[] (an Organization alone is the source),
    else meta author. A selector in `one_per_writer` marks a layout with one element per writer: all of
    them are read."""
    agencies = tuple(agencies)
    per_writer = set(one_per_writer)
    for css in selectors:
        for node in scope.css(css):
            text = node_text(node)
            if not text or skip(text):
                continue
            authors, source = split_byline(text, agencies)
            if css in per_writer:
                names = [node_text(n) for n in scope.css(css)]
                authors = dedupe(a for n in names for a in split_byline(n, agencies)[0])
            return authors, source
    if ld is not None:
        authors = []
        source = None
        for name, _type in ld_names(ld.get("author")):
            name = normalize_space(name)
            if not name:
                continue
            a, s = split_byline(name, agencies)
            if s and source is None:
                source = s
            authors.extend(a)
        if authors or source:
            return dedupe(authors), source
    meta_author = meta_content(metas, "author")
    if meta_author:
        return split_byline(meta_author, agencies)
    return [], None


def meta_row_dateline(
    row: Selector,
    *,
    exclude_classes: Iterable[str],
    agencies: Iterable[str],
    skip: Callable[[str], bool] = lambda _: False,
) -> str | None:
    """The place name of an article's meta row (byline, date, badges...): its first short capitalised text
    without digits that is not inside an element whose class contains one of `exclude_classes` (byline,
    dates, badges, share buttons), not `skip`ped (UI labels, the byline's names), not in parentheses and
    not a bare agency name."""
    agencies = tuple(agencies)
    excluded = " or ".join(f"contains(@class,{_xpath_literal(c)})" for c in exclude_classes) or "false()"
    texts = row.xpath(
        ".//text()[not(ancestor::script or ancestor::style or ancestor::button or ancestor::a"
        f" or ancestor::*[{excluded}])]"
    ).getall()
    for raw in texts:
        t = normalize_space(raw)
        if not t or any(ch.isdigit() for ch in t) or len(t) > 60 or len(t.split()) > 6:
            continue
        if skip(t):
            continue
        if split_byline(t, agencies) == ([], t):
            continue  # a bare wire name
        if t[0].isupper():  # "(AFP)", "lower case": not a place name
            return t
    return None


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


# --- subtitle -----------------------------------------------------------------------------------------------

# Elements of an article head that never hold its lede.
NOT_LEDE_TAGS = frozenset({"figure", "figcaption", "h1", "nav", "ul", "ol", "button", "form"})


def head_lede(
    head: Selector,
    *,
    classed: Iterable[str],
    exclude: re.Pattern[str],
    title: str | None,
    skip: Callable[[str], bool] = lambda _: False,
    min_words: int = 4,
) -> str | None:
    """The lede of an article head block: the first element matching `classed` (then any <p>/<h2>) that is
    not the title, not `skip`ped, at least `min_words` long (shorter is a label), and not inside a figure,
    list, form or an element whose class matches `exclude` (meta row, breadcrumb, widgets)."""
    for node in [*head.css(", ".join(classed)), *head.css("p, h2")]:
        if _excluded_in(node.root, head.root, exclude):
            continue
        text = node_text(node)
        if not text or text == title or skip(text) or len(text.split()) < min_words:
            continue
        return text
    return None


def _excluded_in(el: Any, head_root: Any, exclude: re.Pattern[str]) -> bool:
    while el is not None and el is not head_root:
        if el.tag in NOT_LEDE_TAGS or exclude.search(el.get("class") or ""):
            return True
        el = el.getparent()
    return False


def subtitle_from_description(
    desc: str | None, body: list[str], title: str | None, skip: Callable[[str], bool] = lambda _: False
) -> str | None:
    """The page description as a subtitle, unless it is the title, `skip`ped, or the first body paragraph
    (whole or cut short with "..."): what sites put there when an article has no lede."""
    if not desc or desc == title or skip(desc):
        return None
    if body:
        first = body[0]
        stem = desc.rstrip(" .…").rstrip()
        if first == desc or first.startswith(stem[:100]) or stem.startswith(first[:100]):
            return None
    return desc


# --- drift --------------------------------------------------------------------------------------------------


class Fallbacks:
    """A site profile's readings completed by the generic readers where its selectors found nothing
    ("graceful drift"): `generic` is the page's GenericPage (anything with `field(name)`); `names` lists
    the fields the generic readers filled, for the spider to count as jpcrawl/fallback/<field>."""

    def __init__(self, generic: Any) -> None:
        self.generic = generic
        self.names: list[str] = []

    def fill(self, name: str, value: Any) -> Any:
        """`value` when it is set, else the generic reader's value for field `name` (a fallback when that
        one is set)."""
        if value:
            return value
        found = self.generic.field(name)
        if found:
            self.names.append(name)
            return found
        return value

    def pair(self, name: str, found: tuple[Any, Any]) -> tuple[Any, Any]:
        """Two fields read together (authors/source, published/modified) that the site's selectors missed,
        as the generic readers `found` them; a fallback of `name` when its first value is set (or, for
        authors, the source)."""
        if found[0] or (name == "authors" and found[1] is not None):
            self.names.append(name)
        return found
