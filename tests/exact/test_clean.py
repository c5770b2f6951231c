"""Exact values for the clean pipeline's helpers (jpcrawl/pipelines/clean.py): URL normalisation first."""

from __future__ import annotations

import pytest

from jpcrawl.pipelines.clean import normalize_url


def test_surrounding_whitespace_is_dropped() -> None:
    assert (
        normalize_url("  https://www.thejakartapost.com/a.html \n") == "https://www.thejakartapost.com/a.html"
    )


def test_scheme_and_host_are_lowercased_path_keeps_its_case() -> None:
    assert normalize_url("HTTPS://WWW.TheJakartaPost.COM/World/A.html") == (
        "https://www.thejakartapost.com/World/A.html"
    )


def test_fragment_is_dropped() -> None:
    assert normalize_url("https://h.example/a.html#comments") == "https://h.example/a.html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://h.example:80/a", "http://h.example/a"),
        ("https://h.example:443/a", "https://h.example/a"),
        ("HTTP://h.example:80/a", "http://h.example/a"),
        ("HTTPS://h.example:443/a", "https://h.example/a"),
    ],
)
def test_the_default_port_of_the_scheme_is_dropped(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://h.example:443/a", "http://h.example:443/a"),
        ("https://h.example:80/a", "https://h.example:80/a"),
        ("http://h.example:81/a", "http://h.example:81/a"),
        ("https://h.example:444/a", "https://h.example:444/a"),
        ("ftp://h.example:80/a", "ftp://h.example:80/a"),
        ("http://H.Example:8080/a", "http://h.example:8080/a"),
    ],
)
def test_any_other_port_is_kept(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_no_port_gives_a_bare_host() -> None:
    assert normalize_url("http://h.example/a") == "http://h.example/a"


def test_user_and_password_are_kept() -> None:
    assert normalize_url("https://ann:s3cret@H.example/a") == "https://ann:s3cret@h.example/a"


def test_a_user_without_password_gets_no_colon() -> None:
    assert normalize_url("https://ann@h.example:8443/a") == "https://ann@h.example:8443/a"


def test_utm_parameters_are_dropped_whatever_their_case_others_keep_order_and_blanks() -> None:
    assert normalize_url("https://h.example/a?b=2&utm_source=x&UTM_Medium=y&a=&Utm_campaign=z&c=3") == (
        "https://h.example/a?b=2&a=&c=3"
    )


def test_a_query_of_only_utm_parameters_leaves_none() -> None:
    assert normalize_url("https://h.example/a?utm_source=rss") == "https://h.example/a"


def test_a_parameter_that_merely_contains_utm_is_kept() -> None:
    assert normalize_url("https://h.example/a?x_utm_source=1&utm_=2") == "https://h.example/a?x_utm_source=1"


def test_a_query_without_utm_is_left_as_written() -> None:
    # Re-encoding would turn %20 into "+" and a bare key into "key=": only a utm_ query is rebuilt.
    assert normalize_url("https://h.example/a?q=a%20b&flag") == "https://h.example/a?q=a%20b&flag"


def test_a_rebuilt_query_keeps_a_blank_value() -> None:
    assert normalize_url("https://h.example/a?flag&utm_medium=x") == "https://h.example/a?flag="


def test_a_host_without_path_gets_the_root_path() -> None:
    assert normalize_url("https://h.example") == "https://h.example/"
    assert normalize_url("https://h.example?id=3") == "https://h.example/?id=3"


def test_a_relative_url_gets_no_host_and_no_root_path() -> None:
    assert normalize_url("/world/a.html") == "/world/a.html"
    assert normalize_url("?id=3") == "?id=3"


def test_a_url_without_host_keeps_its_path() -> None:
    assert normalize_url("mailto:desk@thejakartapost.com") == "mailto:desk@thejakartapost.com"


def test_unsafe_characters_are_percent_encoded() -> None:
    assert normalize_url("https://h.example/a b/caf\u00e9") == "https://h.example/a%20b/caf%C3%A9"
