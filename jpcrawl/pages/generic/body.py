"""The article's main text from markup no profile describes.

Root: the largest `[itemprop=articleBody]`; else the `<article>` with the most paragraph text (unless a
denser block elsewhere holds over twice as much); else the densest block of `<p>` text (each paragraph's
length, minus link text, scores its parent fully and its grandparent half; siblings of the winner with its
tag and class, scoring at least a fifth of it, join it: bodies split by ad slots).

Inside the root, pruned subtrees: non-text elements, forms, <aside>/<nav>/<header>/<footer>, figures and
captions, hidden elements, and elements whose class/id names comments, share/social buttons, related or
popular lists, newsletter/subscribe boxes, author bios, bylines and meta rows, ads, paywall prompts, embeds;
and link-dense blocks (several links, over 60 % of the text linked).

Paragraphs: <p>, <li>, <pre>, a <blockquote>'s text (its own <p>s, or its text when it has none), and loose
text between blocks. Headings are left out (a subhead is not a paragraph; the title is not body), except a
one-letter heading, which is a drop cap. A drop cap (one uppercase letter, optionally after an opening
quote, alone in its element) is joined to the text that follows: `<span class="dropcap">T</span>he` is
already one word; `<p><span>J</span></p><p>apanese` and `<h1>J</h1><p>apanese` become "Japanese".
Dropped lines: "Read also"/"Also read"/"Read more"/"See also"/"Baca juga" lines, link-only lines, and short
widget labels ("Advertisement", "Share this:").

Work is linear in the document and capped at MAX_ELEMENTS elements; nothing here mutates the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from jpcrawl.processors import normalize_space

MAX_ELEMENTS = 60_000
MAX_PARAGRAPHS = 3000

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "button", "form",
                       "input", "select", "textarea", "aside", "nav", "header", "footer", "figure",
                       "figcaption", "picture", "video", "audio", "canvas", "map", "dialog", "menu", "label",
                       "embed", "img", "math"})  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARA_TAGS = frozenset({"p", "li", "pre", "dd", "dt", "td", "th", "address"})
BLOCK_TAGS = frozenset({"div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "table", "tbody",
                        "thead", "tfoot", "tr", "center", "details", "summary", "hr", "body", "html",
                        *HEADINGS, *PARA_TAGS})  # fmt: skip
# Class/id tokens (split on space, "-", "_") that mark a non-body block.
JUNK_TOKENS = frozenset({
    "comment", "comments", "commentlist", "respond", "disqus", "share", "sharing", "shares", "sharedaddy",
    "social", "socials", "sociallinks", "related", "relatedposts", "popular", "trending", "recommended",
    "recommendations", "newsletter", "subscribe", "subscription", "signup", "optin", "bio", "byline",
    "author", "authors", "meta", "tags", "tagcloud", "breadcrumb", "breadcrumbs", "ad", "ads", "advert",
    "advertisement", "adsbygoogle", "adslot", "dfp", "gpt", "sponsor", "sponsored", "promo", "promotion",
    "outbrain", "taboola", "paywall", "overlay", "modal", "popup", "cookie", "cookies", "gdpr", "sidebar",
    "widget", "widgets", "caption", "credit", "toolbar", "print", "readmore", "readalso", "embed",
    "twitter", "tweet", "instagram", "facebook", "tiktok", "youtube", "hidden", "nocontent", "navigation",
    "nav", "menu", "pagination", "pager", "wp", "sr", "screen", "jp", "noprint",
})  # fmt: skip
# Multi-token names checked as substrings of the whole class/id string.
JUNK_PHRASES = ("wp-caption", "sr-only", "screen-reader", "visually-hidden", "post-navigation",
                "jp-relatedposts", "more-stories", "read-more", "read-also", "author-bio", "about-author",
                "share-", "social-", "-share", "related-", "newsletter")  # fmt: skip
# A few of JUNK_TOKENS are too short/generic to judge alone; they count only with a junk neighbour.
_WEAK = frozenset({"wp", "sr", "screen", "jp", "meta", "print", "credit", "hidden", "embed", "nav"})
KEEP_TAGS = frozenset({"article", "main", "body", "html"})
_SPLIT = re.compile(r"[\s_\-]+")
_WP_BLOCK = re.compile(r"\bwp-block(?:-|\b)")
READ_ALSO = re.compile(
    r"^\W{0,3}(?:read also|also read|read more|see also|baca juga|baca pula"
    r"|related(?: article| story| news)?s?"
    r"|more on this|recommended)\b\s*[:\-–—|]?",
    re.I,
)
WIDGET_LINES = frozenset({
    "advertisement", "advertisements", "ads", "ad", "sponsored", "share", "share this:", "share this",
    "share this article", "like this:", "loading...", "loading", "related", "related posts", "tags:",
    "scroll to continue with content", "story continues below", "continue reading", "subscribe",
    "click to share on twitter", "click to share on facebook", "print", "email", "comments", "0 comments",
    "leave a comment", "leave a reply", "skip to content", "skip advertisement",
})  # fmt: skip
# One capital (after an optional opening quote), or an opening quote alone: the first character of a text
# set in its own element.
_DROP_CAP = re.compile(r"^(?:[\"'“‘«(]?[A-Z]|[\"“‘«])$")


def _ident(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def is_junk(el: Any) -> bool:
    """Whether an element is a non-body block by its tag, class/id tokens or hidden state."""
    tag = el.tag  # callers pass elements only (a comment's tag, a function, matches no set below anyway)
    if tag in SKIP_TAGS:
        return True
    if tag in KEEP_TAGS or el.get("itemprop") == "articleBody":
        return False
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    # WordPress names its content blocks "wp-block-<kind>" (quote, paragraph, image): the kind decides.
    ident = _WP_BLOCK.sub(" ", _ident(el))
    if not ident.strip():
        return False
    tokens = set(_SPLIT.split(ident))
    hits = tokens & JUNK_TOKENS
    if hits - _WEAK:
        return True
    if len(hits) >= 2 or (hits and tokens & {"box", "block", "list", "links", "bar", "row", "area", "info"}):
        return True
    return any(p in ident for p in JUNK_PHRASES)


class _Stats:
    """Per-element text and link-text lengths, one bottom-up pass (bounded)."""

    def __init__(self, root: Any):
        self.text: dict[Any, int] = {}
        self.links: dict[Any, int] = {}
        self.n_links: dict[Any, int] = {}
        order: list[Any] = []
        in_link: dict[Any, bool] = {}
        skipped: set[Any] = set()
        # Pre-order (parents first), then reversed: every child is summed before its parent; no recursion,
        # so a hostile page nested thousands deep costs the same as a flat one.
        for n, el in enumerate(root.iter()):
            if n >= MAX_ELEMENTS:
                break
            parent = el.getparent()  # the root's own parent is in neither `skipped` nor `in_link`
            tag = el.tag if isinstance(el.tag, str) else ""
            if not tag or tag in SKIP_TAGS or (parent is not None and parent in skipped):
                skipped.add(el)
                continue
            in_link[el] = tag == "a" or (parent is not None and in_link.get(parent, False))
            order.append(el)
        for el in reversed(order):
            link = in_link[el]
            own = len((el.text or "").strip())
            text, linked, count = own, own if link else 0, 1 if el.tag == "a" else 0
            for child in el:
                tail = len((child.tail or "").strip())
                text += self.text.get(child, 0) + tail
                linked += self.links.get(child, 0) + (tail if link else 0)
                count += self.n_links.get(child, 0)
            self.text[el] = text
            self.links[el] = linked
            self.n_links[el] = count

    def link_density(self, el: Any) -> float:
        t = self.text.get(el)  # text and links have the same keys: an element is counted in both or neither
        return self.links[el] / t if t else 0.0


def _iter_elements(root: Any) -> Iterator[Any]:
    for n, el in enumerate(root.iter()):
        if n >= MAX_ELEMENTS:
            return
        if isinstance(el.tag, str):
            yield el


def _para_score(el: Any, stats: _Stats) -> int:
    t = stats.text.get(el, 0)
    if t < 20:
        return 0
    return t - stats.links[el]  # linked text is part of the text: never negative


def has_junk_ancestor(el: Any, stop: Any = None) -> bool:
    """Whether `el` or an ancestor below `stop` is a junk block (30 levels at most)."""
    if is_junk(el) and el.tag not in HEADINGS and el.tag != "p":
        return True
    for n, anc in enumerate(el.iterancestors()):
        if anc is stop or n > 30:
            return False
        if is_junk(anc):
            return True
    return False


def find_roots(sel: Selector) -> list[Any]:
    """The element(s) holding the article text, in document order ([] when the page has no text)."""
    root = sel.root
    stats = _Stats(root)
    scores: dict[Any, float] = {}
    for el in _iter_elements(root):
        if el.tag not in ("p", "pre") and not (el.tag == "div" and len(el) == 0):
            continue
        s = _para_score(el, stats)
        if not s or stats.link_density(el) > 0.5 or has_junk_ancestor(el):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        # A wrapper holding only this paragraph (a drop-cap box, a styled lede) passes it up whole. A scored
        # paragraph was counted by _Stats, so were its ancestors.
        while (
            parent.getparent() is not None
            and stats.text[parent] - stats.text[el] < 10
            and parent.tag not in KEEP_TAGS
        ):
            parent = parent.getparent()
        scores[parent] = scores.get(parent, 0) + s
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + s / 2
    best_density = max(scores.items(), key=lambda kv: kv[1], default=(None, 0.0))

    def p_text(el: Any) -> int:
        return sum(
            _para_score(p, stats)
            for p in el.iter("p")
            if stats.link_density(p) <= 0.5 and not has_junk_ancestor(p, el)
        )

    for xpath in ("//*[@itemprop='articleBody']", "//article"):
        found = root.xpath(xpath)[:50]
        if not found:
            continue
        sized = [(p_text(el), el) for el in found]
        size, el = max(sized, key=lambda x: x[0])
        if size >= 150 and size * 2 >= best_density[1]:
            return [el]
    top, top_score = best_density
    if top is None or top_score < 80:
        return []
    roots = [top]
    parent = top.getparent()
    if parent is not None:
        # Parts of one body split by ad slots look alike: same tag, same class.
        roots = [
            sib
            for sib in parent
            if sib is top
            or (
                sib.tag == top.tag
                and (sib.get("class") or "") == (top.get("class") or "")
                and scores.get(sib, 0) >= top_score / 5
                and not is_junk(sib)
            )
        ]
    return roots


class _Collector:
    def __init__(self, stats: _Stats):
        self.stats = stats
        self.units: list[str] = []  # raw text of each paragraph unit
        self.buffer: list[str] = []
        self.visited = 0

    def flush(self) -> None:
        if self.buffer:
            self.units.append("".join(self.buffer))
            self.buffer = []

    def emit(self, text: str) -> None:
        self.flush()
        if len(self.units) < MAX_PARAGRAPHS:
            self.units.append(text)

    def pruned(self, el: Any) -> bool:
        if is_junk(el):
            return True
        # Link-dense blocks: lists of related links, tag lists, "more stories".
        tag = el.tag
        if tag not in ("p", "a", "span", "em", "strong", "b", "i") and self.stats.n_links.get(el, 0) >= 2:
            return self.stats.link_density(el) > 0.6
        return False

    def walk(self, el: Any, depth: int = 0) -> None:
        if depth > 150:  # hostile nesting: the rest of this subtree is one paragraph, read iteratively
            self.buffer.append(inline_text(el, self))
            return
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.visited += 1
            if self.visited > MAX_ELEMENTS:
                return
            tag = child.tag  # a comment's is a function: it matches no tag set below; only its tail is text
            if not isinstance(tag, str) or self.pruned(child):
                if tag in BLOCK_TAGS or tag in SKIP_TAGS:
                    self.flush()
            elif tag in HEADINGS:
                text = inline_text(child, self)
                self.flush()
                if _DROP_CAP.match(normalize_space(text)):
                    self.emit(text)  # a drop cap set as a heading
                else:
                    self.units.append("")  # a heading ends the paragraph before it and any pending drop cap
            elif tag in PARA_TAGS or (tag == "blockquote" and not _has_block_child(child)):
                if tag in ("li", "dd", "dt", "td", "th") and _has_block_child(child):
                    self.flush()
                    self.walk(child, depth + 1)
                    self.flush()
                elif self.stats.link_density(child) > 0.8 and self.stats.text[child] < 200:  # dense: counted
                    self.flush()  # a link-only line: "Follow us on X", a bare related link
                else:
                    self.emit(inline_text(child, self))
            elif tag in BLOCK_TAGS:
                self.flush()
                self.walk(child, depth + 1)
                self.flush()
            elif tag == "br":
                self.flush()
            else:
                self.buffer.append(inline_text(child, self))
            if child.tail:
                self.buffer.append(child.tail)


def _has_block_child(el: Any) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in BLOCK_TAGS) for c in el)


def inline_text(el: Any, collector: _Collector | None = None) -> str:
    """Raw text of an element, skipping pruned descendants (block boundaries and <br> become spaces).
    Iterative: nesting depth costs nothing."""
    parts: list[str] = []
    stack: list[tuple[Any, bool, bool]] = [(el, True, False)]
    while stack:
        node, top, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in BLOCK_TAGS or tag == "br"
        if closing:
            if block and not top:
                parts.append(" ")
            if not top and node.tail:
                parts.append(node.tail)
            continue
        if collector is not None:
            collector.visited += 1
            if collector.visited > MAX_ELEMENTS:
                break
        skip = not tag or (not top and (tag in SKIP_TAGS or (collector is not None and is_junk(node))))
        if skip:
            if not top and node.tail:
                parts.append(node.tail)
            continue
        if block and not top:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        stack.append((node, top, True))
        stack.extend((c, False, False) for c in reversed(node))
    return "".join(parts)


def _join_drop_caps(units: list[str]) -> list[str]:
    out: list[str] = []
    pending: str | None = None
    for raw in units:
        text = normalize_space(raw)
        if not text:
            if raw == "":  # a heading: a drop cap never spans one
                pending = None
            continue
        if pending is not None:
            if text[0].isalpha():
                spaced = raw[:1].isspace() and pending[-1] in "AIO"
                text = pending + (" " if spaced else "") + text
            pending = None
        if _DROP_CAP.match(text):
            pending = text
            continue
        out.append(text)
    return out


def _keep(text: str) -> bool:
    low = text.casefold()
    if low in WIDGET_LINES or low.rstrip(":") in WIDGET_LINES:
        return False
    if READ_ALSO.match(text) and len(text) < 300:
        return False
    return any(ch.isalnum() for ch in text)


def paragraphs_of(roots: list[Any]) -> list[str]:
    """Paragraphs under the given root elements (see the module docstring)."""
    units: list[str] = []
    for root in roots:
        stats = _Stats(root)
        collector = _Collector(stats)
        collector.walk(root)
        collector.flush()
        units.extend(collector.units)
    return [p for p in _join_drop_caps(units) if _keep(p)]


def read_body(sel: Selector | None) -> list[str]:
    """The article's paragraphs, whitespace-normalised; [] when none is found. Never raises on odd input."""
    if sel is None:
        return []
    return paragraphs_of(find_roots(sel))
