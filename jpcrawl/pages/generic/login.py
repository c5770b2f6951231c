"""Login pages: the form a spider POSTs, and whether a page was served to a logged-in visitor."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from jpcrawl.pages.base import Html, LoginForm, attr, drop, make_selector
from jpcrawl.processors import normalize_space

_EMAIL_NAME = re.compile(r"email|login|user", re.I)
_LOGOUT_LABEL = re.compile(r"(log ?out|sign ?out|keluar)", re.I)


def parse_login_form(url: str, html: Html, form_css: str | None = None) -> LoginForm | None:
    """The login form: `form_css` when the site names it, else the first form with a password input.
    Hidden inputs become fields (a `meta[name=csrf-token]` fills a missing `_token`); the email and
    password field names are read from the inputs' types and names. None when the page has no such form."""
    sel = make_selector(html)
    if sel is None:
        return None
    forms = (sel.css(form_css) if form_css else []) or sel.xpath(
        # HTML attribute values are case-insensitive: type="Password" is a password input too
        "//form[.//input[translate(@type,'PASSWORD','password')='password']]"
    )
    if not forms:
        return None
    form = forms[0]
    action = urljoin(url, (attr(form, "action") or "").strip() or url)
    fields: dict[str, str] = {}
    for inp in form.xpath(".//input[@name]"):
        name = attr(inp, "name")
        if name and (attr(inp, "type") or "").lower() == "hidden":
            fields[name] = attr(inp, "value") or ""
    if not fields.get("_token"):
        token = sel.css("meta[name='csrf-token']::attr(content)").get()
        if token:
            fields["_token"] = token
    email = "email"
    password = "password"
    for inp in form.xpath(".//input[@name]"):
        name, typ = attr(inp, "name") or "", (attr(inp, "type") or "text").lower()
        if typ == "password":
            password = name
        elif typ == "email" or (typ == "text" and _EMAIL_NAME.search(name)):
            email = name
    return LoginForm(action_url=action, fields=fields, email_field=email, password_field=password)


def shows_logout(html: Html, ignore_css: str | None = None) -> bool:
    """Whether a page was served to a logged-in visitor: a link or form to a */logout* URL, or a link or
    button reading "Logout"/"Log out"/"Sign out"/"Keluar". A "Login / Register" link alone means anonymous.
    `ignore_css`: blocks removed first (a hidden block every page carries)."""
    sel = make_selector(html)
    if sel is None:
        return False
    if ignore_css:
        drop(sel.css(ignore_css))
    if sel.xpath(
        "//a[contains(translate(@href,'LOGUT','logut'),'logout')]"
        "|//form[contains(translate(@action,'LOGUT','logut'),'logout')]"
    ):
        return True
    for node in sel.xpath("//a|//button"):
        if _LOGOUT_LABEL.fullmatch(normalize_space(node.xpath("string()").get())):
            return True
    return False
