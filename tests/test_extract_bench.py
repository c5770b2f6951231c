"""Body extraction measured against an anchor (trafilatura) on both replicas and the redesigned pages.

`pytest tests/test_extract_bench.py -s` shows the table; `python -m jpcrawl.bench.extract` prints the same
at 80 articles per replica.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jpcrawl.bench import extract as bench

ARTICLES = 40


# --- the scoring itself -------------------------------------------------------------------------------


def test_token_f1_is_bag_of_lowercased_words() -> None:
    assert bench.token_f1(["The cat, the hat."], ["the CAT the hat"]) == 1.0
    # precision 1, recall 2/3
    assert bench.token_f1(["a b"], ["a b c"]) == pytest.approx(0.8)
    # a repeated word counts as often as it occurs in both
    assert bench.token_f1(["a a a"], ["a"]) == pytest.approx(0.5)
    assert bench.token_f1([], ["a"]) == 0.0
    assert bench.token_f1([], []) == 1.0


def test_paragraph_exact_ignores_whitespace_only() -> None:
    pages = [bench.Page("u1", "", "b", ("One  two.", "Three")), bench.Page("u2", "", "b", ("One two.",))]
    result = bench.score(lambda url, html, base: [" One two.\n", "", "Three"], pages)
    assert result.exact == 1  # the second page's extraction has a paragraph too many
    assert result.f1[0] == 1.0 and result.f1[1] < 1.0
    assert result.worst == [(result.f1[1], "u2")]


def test_an_extractor_that_raises_scores_zero_and_is_counted() -> None:
    def broken(url: str, html: str, base: str) -> list[str]:
        raise ValueError("boom")

    result = bench.score(broken, [bench.Page("u", "", "b", ("text",))])
    assert (result.errors, result.f1, result.exact) == (1, [0.0], 0)


def test_missing_trafilatura_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` raise ImportError
    with pytest.raises(SystemExit, match=r"needs trafilatura.*\.\[test\]"):
        bench.run(articles=1)


def test_profiles_run_only_on_their_own_site() -> None:
    names = {site: [n for n, _ in bench.extractors_for(site)] for site in bench.SITES}
    assert bench.JP_PROFILE in names[bench.JAKARTAPOST] and bench.JP_PROFILE in names[bench.REDESIGN]
    assert bench.COURIER_PROFILE not in names[bench.JAKARTAPOST] + names[bench.REDESIGN]
    assert bench.COURIER_PROFILE in names[bench.COURIER] and bench.JP_PROFILE not in names[bench.COURIER]
    assert all(bench.GENERIC in n for n in names.values())


# --- the benchmark on the replicas --------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = bench.run(articles=ARTICLES, seed=bench.DEFAULT_SEED)
    print("\n" + bench.format_table(result))  # shown with -s
    return result


@pytest.mark.slow
def test_every_replica_was_measured_in_full(report: dict[str, Any]) -> None:
    assert report["pages"] == dict.fromkeys(bench.SITES, ARTICLES)
    for name, cells in report["results"].items():
        for site, cell in cells.items():
            assert cell["articles"] == ARTICLES and cell["errors"] == 0, (name, site)


@pytest.mark.slow
@pytest.mark.parametrize("site", bench.SITES)
def test_generic_readers_reach_trafilaturas_best_f1(report: dict[str, Any], site: str) -> None:
    results = report["results"]
    generic = results[bench.GENERIC][site]["f1"]
    for label, _ in bench.TRAFILATURA_MODES:
        assert generic >= results[label][site]["f1"], (site, label, results[label][site], generic)
    assert generic >= results[bench.BEST_TRAFILATURA][site]["f1"]


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "site"), [(bench.JP_PROFILE, bench.JAKARTAPOST),
                                               (bench.COURIER_PROFILE, bench.COURIER)])  # fmt: skip
def test_site_profiles_are_exact_on_their_own_site(report: dict[str, Any], profile: str, site: str) -> None:
    cell = report["results"][profile][site]
    assert (cell["f1"], cell["paragraph_exact"]) == (1.0, 1.0), cell


@pytest.mark.slow
def test_the_command_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    proc = subprocess.run(
        [sys.executable, "-m", "jpcrawl.bench.extract", "--articles", "3", "--json", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["articles"] == 3
    for site in bench.SITES:
        assert site in proc.stdout.splitlines()[0]
        assert 0.0 <= data["results"][bench.GENERIC][site]["f1"] <= 1.0
    for name in data["results"]:
        assert any(line.startswith(name) for line in proc.stdout.splitlines()), name
