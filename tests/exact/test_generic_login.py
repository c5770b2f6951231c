"""Exact values for the generic login reader (jpcrawl/pages/generic/login.py)."""

from __future__ import annotations

import pytest

from jpcrawl.pages.base import LoginForm
from jpcrawl.pages.generic.login import parse_login_form, shows_logout

URL = "https://news.example/account/login"


def test_the_form_with_a_password_input_and_its_fields():
    html = (
        "<form action='/search'><input name='q'></form>"
        "<form action=' /account/login/submit ' method='post'>"
        "<input type='hidden' name='_token' value='t0k'>"
        "<input type='HIDDEN' name='next' value='/after'>"
        "<input type='hidden' name='empty'>"
        "<input type='text' name='user_login'>"
        "<input type='password' name='secret'>"
        "<input type='checkbox' name='remember' value='1'>"
        "</form>"
    )
    assert parse_login_form(URL, html) == LoginForm(
        action_url="https://news.example/account/login/submit",
        fields={"_token": "t0k", "next": "/after", "empty": ""},
        email_field="user_login",
        password_field="secret",
    )


def test_a_password_type_written_in_capitals_is_still_the_login_form():
    html = "<form action='/in'><input type='email' name='mail'><input type='Password' name='pw'></form>"
    form = parse_login_form(URL, html)
    assert form is not None
    assert (form.action_url, form.email_field, form.password_field) == (
        "https://news.example/in",
        "mail",
        "pw",
    )


def test_no_action_posts_back_to_the_page_and_defaults_name_the_fields():
    form = parse_login_form(URL, "<form><input type='password'><input name='nick'></form>")
    assert form == LoginForm(action_url=URL, fields={}, email_field="email", password_field="password")


def test_a_blank_action_posts_back_to_the_page():
    form = parse_login_form(URL, "<form action='  '><input type='password' name='p'></form>")
    assert form is not None and form.action_url == URL


def test_the_csrf_meta_fills_a_missing_or_empty_token_only():
    head = "<meta name='csrf-token' content='from-meta'>"
    missing = parse_login_form(URL, head + "<form><input type='password' name='p'></form>")
    pw = "<input type='password' name='p'>"
    empty = parse_login_form(URL, head + f"<form><input type='hidden' name='_token' value=''>{pw}</form>")
    kept = parse_login_form(URL, head + f"<form><input type='hidden' name='_token' value='form'>{pw}</form>")
    no_meta = parse_login_form(URL, "<form><input type='password' name='p'></form>")
    assert missing is not None and missing.fields == {"_token": "from-meta"}
    assert empty is not None and empty.fields == {"_token": "from-meta"}
    assert kept is not None and kept.fields == {"_token": "form"}
    assert no_meta is not None and no_meta.fields == {}


def test_email_field_rules():
    def email_of(inputs: str) -> str:
        form = parse_login_form(URL, f"<form>{inputs}<input type='password' name='p'></form>")
        assert form is not None
        return form.email_field

    assert email_of("<input name='username'>") == "username"  # no type is text
    assert email_of("<input type='TEXT' name='Login_Name'>") == "Login_Name"
    assert email_of("<input type='email' name='addr'>") == "addr"
    assert email_of("<input type='tel' name='user_phone'>") == "email"  # named like one, but not text
    assert email_of("<input type='text' name='nickname'>") == "email"
    assert email_of("<input type='hidden' name='user_id' value='1'>") == "email"


def test_the_named_form_wins_and_a_missing_one_falls_back():
    html = (
        "<form id='a' action='/first'><input type='password' name='p1'></form>"
        "<form id='b' action='/second'><input type='password' name='p2'></form>"
    )
    named = parse_login_form(URL, html, "form#b")
    first = parse_login_form(URL, html)
    fallback = parse_login_form(URL, html, "form#nope")
    assert named is not None
    assert (named.action_url, named.password_field) == ("https://news.example/second", "p2")
    assert first is not None and first.password_field == "p1"
    assert fallback is not None and fallback.password_field == "p1"


def test_no_form_no_page():
    assert parse_login_form(URL, "<form><input name='q'></form>") is None
    assert parse_login_form(URL, None) is None
    assert parse_login_form(URL, "") is None


def test_logout_links_forms_and_labels():
    assert shows_logout("<a href='/account/LogOut?x=1'>Me</a>")
    assert shows_logout("<form action='/LOGOUT'></form>")
    assert shows_logout("<button> Log  out </button>")
    assert shows_logout("<a href='#'>Sign out</a>")
    assert shows_logout("<a href='#'>signout</a>")
    assert shows_logout("<a href='#'>KELUAR</a>")


def test_anonymous_pages_show_no_logout():
    assert not shows_logout("<a href='/login'>Login / Register</a>")
    assert not shows_logout("<a href='#'>Log out of notifications</a>")  # the label must be the whole text
    assert not shows_logout("<span>Logout</span>")
    assert not shows_logout(None)
    assert not shows_logout("")


def test_ignored_blocks_do_not_count():
    html = "<div class='tpl'><a href='/logout'>Logout</a></div><a href='/login'>Login</a>"
    assert shows_logout(html)
    assert not shows_logout(html, ".tpl")


# --- more forms, on another site's login page ---

LOGIN_URL = "https://s.example/account/login"


def test_login_form_fields_and_names():
    form = parse_login_form(
        LOGIN_URL,
        '<form action=" /do-login "><input type="HIDDEN" name="_token" value="t1">'
        '<input type="hidden" name="empty"><input type="hidden" value="noname">'
        '<input type="text" name="username"><input type="password" name="pw"></form>',
    )
    assert form == LoginForm(
        action_url="https://s.example/do-login",
        fields={"_token": "t1", "empty": ""},
        email_field="username",
        password_field="pw",
    )


def test_login_form_action_defaults_to_page_url():
    form = parse_login_form(LOGIN_URL, '<form action="  "><input type="password" name="p"></form>')
    assert form is not None
    assert form.action_url == LOGIN_URL
    form = parse_login_form(LOGIN_URL, '<form><input type="password" name="p"></form>')
    assert form is not None
    assert form.action_url == LOGIN_URL
    assert (form.email_field, form.password_field) == ("email", "p")


def test_login_form_csrf_meta_fills_missing_token_only():
    html = (
        '<meta name="csrf-token" content="meta-tok"><form><input type="hidden" name="_token" value="">'
        '<input type="password" name="p"></form>'
    )
    form = parse_login_form(LOGIN_URL, html)
    assert form is not None
    assert form.fields == {"_token": "meta-tok"}
    html = html.replace('value=""', 'value="form-tok"')
    form = parse_login_form(LOGIN_URL, html)
    assert form is not None
    assert form.fields == {"_token": "form-tok"}


def test_login_form_no_meta_no_token():
    form = parse_login_form(LOGIN_URL, '<form><input type="password" name="p"></form>')
    assert form is not None
    assert form.fields == {}


def test_login_form_email_by_type_and_by_name():
    form = parse_login_form(
        LOGIN_URL, '<form><input type="EMAIL" name="addr"><input type="password" name="p"></form>'
    )
    assert form is not None and form.email_field == "addr"
    form = parse_login_form(LOGIN_URL, '<form><input name="Login_id"><input type="password" name="p"></form>')
    assert form is not None and form.email_field == "Login_id"
    form = parse_login_form(
        LOGIN_URL, '<form><input type="checkbox" name="user_remember"><input type="password"></form>'
    )
    assert form is not None and form.email_field == "email"
    form = parse_login_form(
        LOGIN_URL, '<form><input type="text" name="q"><input type="password" name="p"></form>'
    )
    assert form is not None and form.email_field == "email"


def test_login_form_css_chooses_form_else_password_form():
    html = (
        '<form class="search" action="/s"><input name="q"></form>'
        '<form class="a" action="/a"><input type="password" name="p1"></form>'
        '<form class="b" action="/b"><input type="password" name="p2"></form>'
    )
    form = parse_login_form(LOGIN_URL, html, "form.b")
    assert form is not None and form.action_url == "https://s.example/b"
    form = parse_login_form(LOGIN_URL, html, "form.missing")
    assert form is not None and form.action_url == "https://s.example/a"
    form = parse_login_form(LOGIN_URL, html)
    assert form is not None and form.password_field == "p1"


def test_login_form_none():
    assert parse_login_form(LOGIN_URL, None) is None
    assert parse_login_form(LOGIN_URL, "<form><input name='q'></form>") is None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/user/LOGOUT">x</a>', True),
        ('<form action="/Logout"></form>', True),
        ("<a href='/login'>Login / Register</a>", False),
        ("<a>Log out</a>", True),
        ("<a>logout</a>", True),
        ("<button> Sign  Out </button>", True),
        ("<a>signout</a>", True),
        ("<a>Keluar</a>", True),
        ("<a>Log out now</a>", False),
        ("<span>Log out</span>", False),
        ("<p>nothing</p>", False),
    ],
)
def test_shows_logout(html, expected):
    assert shows_logout(html) is expected


def test_shows_logout_ignores_block_and_none():
    html = "<div class='hidden'><a href='/logout'>Log out</a></div><p>x</p>"
    assert shows_logout(html, "div.hidden") is False
    assert shows_logout(html) is True
    assert shows_logout(None) is False
