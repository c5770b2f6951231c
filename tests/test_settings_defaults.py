"""jpcrawl/settings.py is the one source of every JPCRAWL_* default.

Components read their settings through a config dataclass (`DedupeConfig.from_settings`, ...) built on
jpcrawl/config.py, which falls back to settings.py; a second default in a component (a `getint(NAME, 3)`, a
`DEFAULT_X` constant) would drift from settings.py unseen, as JPCRAWL_BROWSER_NICE (5 vs 0) and
JPCRAWL_LISTING_LEAD (1000 vs 0) once did. These checks read the source (AST), so they also cover code no
other test runs.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

import jpcrawl.settings as project_settings
from jpcrawl import config

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "jpcrawl"

# Files allowed to keep defaults of their own for now, with the reason (none today). The test below fails
# once a listed file is clean, so the entry is removed then.
PENDING: dict[str, str] = {}

GETTERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "getwithbase", "getdictorlist"}
SETTINGS: dict[str, Any] = {k: v for k, v in vars(project_settings).items() if k.startswith("JPCRAWL_")}


NAME = re.compile(r"JPCRAWL_[A-Z0-9_]+")


def _is_setting_name(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(NAME.fullmatch(node.value))


def _is_environ(node: ast.AST) -> bool:
    """os.environ, environ, or a variable named env/environ (Credentials.from_settings takes one)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id in {"environ", "env"}


def _significant(value: Any) -> bool:
    # 0, 1, True, None, "" and empty containers are everywhere: equal values say nothing.
    return not (
        value in (None, True, False, 0, 1, "") or (isinstance(value, list | dict | tuple) and not value)
    )


def findings(path: Path) -> tuple[list[str], set[str], set[str]]:
    """(second defaults in this file, JPCRAWL_* names it reads as settings, names it reads from the
    environment)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    bad: list[str] = []
    env_reads: set[int] = set()  # ids of the Constant nodes read from the environment
    names: set[str] = set()
    env_names: set[str] = set()

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            first = node.args[0]
            if _is_setting_name(first) and (_is_environ(node.func.value) or node.func.attr == "getenv"):
                env_reads.add(id(first))
            elif _is_setting_name(first) and node.func.attr in GETTERS:
                has_default = len(node.args) > 1 or any(k.arg == "default" for k in node.keywords)
                if has_default:
                    bad.append(f"{rel}:{node.lineno}: {ast.unparse(node)} has its own default")
        if isinstance(node, ast.Subscript) and _is_environ(node.value) and _is_setting_name(node.slice):
            env_reads.add(id(node.slice))

    for node in tree.body:  # module constants
        targets = (
            [t.id for t in node.targets if isinstance(t, ast.Name)]
            if isinstance(node, ast.Assign)
            else [node.target.id]
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
            else []
        )
        value = getattr(node, "value", None)
        for target in targets:
            if not target.lstrip("_").startswith("DEFAULT_"):
                continue
            mirrored = "JPCRAWL_" + target.lstrip("_")[len("DEFAULT_") :]
            if mirrored in SETTINGS:
                bad.append(f"{rel}:{node.lineno}: {target} mirrors {mirrored}")
                continue
            try:
                literal = ast.literal_eval(value) if value is not None else None
            except ValueError:
                continue
            same = [k for k, v in SETTINGS.items() if _significant(literal) and v == literal]
            if same:
                bad.append(f"{rel}:{node.lineno}: {target} = {literal!r} is the default of {', '.join(same)}")

    for node in ast.walk(tree):
        if _is_setting_name(node):
            assert isinstance(node, ast.Constant)
            (env_names if id(node) in env_reads else names).add(node.value)
    return bad, names, env_names


def _sources() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if p != PKG / "settings.py")


def test_no_component_has_a_default_of_its_own() -> None:
    bad = []
    for path in _sources():
        if path.relative_to(ROOT).as_posix() in PENDING:
            continue
        bad += findings(path)[0]
    assert bad == [], "defaults belong in jpcrawl/settings.py only:\n" + "\n".join(bad)


def test_pending_files_are_still_pending() -> None:
    """An entry of PENDING that has been fixed must leave the list, so that it stays checked."""
    fixed = [rel for rel in sorted(PENDING) if not findings(ROOT / rel)[0]]
    assert fixed == [], f"{fixed} read their settings cleanly now: remove them from PENDING"


def test_every_setting_read_is_defined_in_settings_py() -> None:
    env_only: set[str] = set()
    read: dict[str, str] = {}
    for path in _sources():
        _, names, env_names = findings(path)
        for name in names:
            read.setdefault(name, path.relative_to(ROOT).as_posix())
        env_only |= env_names
    env_only -= set(read)
    missing = {name: where for name, where in read.items() if name not in SETTINGS}
    assert missing == {}, f"read but not defined (with its default) in jpcrawl/settings.py: {missing}"
    # Names read only from the environment are documented in settings.py's comments instead.
    text = (PKG / "settings.py").read_text(encoding="utf-8")
    assert [name for name in sorted(env_only) if name not in text] == []
    assert len(read) > 40  # the scan sees the real code


def test_the_checker_finds_second_defaults(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os\n"
        "DEFAULT_DEDUPE_MIN_CHARS = 7\n"
        "DEFAULT_WAIT = 200_000\n"
        "DEFAULT_PORT = 1\n"
        "def f(s):\n"
        "    a = s.getint('JPCRAWL_ALERT_MIN_ITEMS', 5)\n"
        "    b = s.get('JPCRAWL_REPORT_URI', default=None)\n"
        "    c = s.getbool('JPCRAWL_NOT_A_SETTING')\n"
        "    return os.environ.get('JPCRAWL_ONLY_IN_ENV', 'x'), a, b, c\n",
        encoding="utf-8",
    )
    bad, names, env_names = findings(probe)
    assert {line.split(": ", 1)[1].split(" ")[0] for line in bad} == {
        "DEFAULT_DEDUPE_MIN_CHARS",  # named after a setting
        "DEFAULT_WAIT",  # 200_000 is JPCRAWL_MAX_BODY_CHARS's default
        "s.getint('JPCRAWL_ALERT_MIN_ITEMS',",
        "s.get('JPCRAWL_REPORT_URI',",
    }
    assert any("DEFAULT_WAIT" in line and "JPCRAWL_MAX_BODY_CHARS" in line for line in bad)
    assert names == {"JPCRAWL_ALERT_MIN_ITEMS", "JPCRAWL_REPORT_URI", "JPCRAWL_NOT_A_SETTING"}
    assert env_names == {"JPCRAWL_ONLY_IN_ENV"}


# -- the config objects themselves --------------------------------------------------------------------------


def _config_classes() -> list[type]:
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).with_suffix("")
        if rel.as_posix() in {p.removesuffix(".py") for p in PENDING}:
            continue
        source = path.read_text(encoding="utf-8")
        if "def from_settings(cls, settings: BaseSettings | None)" not in source:
            continue
        module = importlib.import_module(".".join(rel.parts))
        for _, obj in inspect.getmembers(module, inspect.isclass):
            own = obj.__module__ == module.__name__ and obj.__name__.endswith("Config")
            if own and dataclasses.is_dataclass(obj) and hasattr(obj, "from_settings"):
                found.append(obj)
    return found


def test_config_classes_exist_for_the_components() -> None:
    names = {cls.__name__ for cls in _config_classes()}
    expected = {
        "BrowserConfig",
        "CleanConfig",
        "DedupeConfig",
        "DistributedConfig",
        "FeedsConfig",
        "InterstitialConfig",
        "LockConfig",
        "ProgressConfig",
        "RejectsConfig",
        "ReportConfig",
        "SessionConfig",
        "SpiderConfig",
        "ValidateConfig",
    }
    assert expected <= names


@pytest.mark.parametrize("cls", _config_classes(), ids=lambda c: c.__name__)
def test_a_crawler_without_project_settings_gets_settings_py_values(cls: type) -> None:
    """get_crawler() without settings (as unit tests build components) and the project's own settings
    give the same config: the fallback is settings.py, not a literal somewhere else."""
    bare = cls.from_settings(get_crawler().settings)  # type: ignore[attr-defined]
    none = cls.from_settings(None)  # type: ignore[attr-defined]
    project = Settings()
    project.setmodule(project_settings, priority="project")
    assert bare == none == cls.from_settings(project)  # type: ignore[attr-defined]


def test_a_setting_given_wins_and_values_are_converted() -> None:
    from jpcrawl.extensions.report import ReportConfig
    from jpcrawl.pipelines.dedupe import DedupeConfig

    assert DedupeConfig.from_settings(None).min_merge_chars == project_settings.JPCRAWL_DEDUPE_MIN_CHARS
    given = DedupeConfig.from_settings(Settings({"JPCRAWL_DEDUPE_MIN_CHARS": "42"}))  # as `-s` passes it
    assert given.min_merge_chars == 42
    report = ReportConfig.from_settings(
        Settings({"JPCRAWL_REPORT_ENABLED": "False", "JPCRAWL_ALERT_FILL_IGNORE": "a,b"})
    )
    assert report.enabled is False
    assert report.fill_ignore == frozenset({"a", "b"})
    assert report.max_error_rate == project_settings.JPCRAWL_ALERT_MAX_ERROR_RATE


def test_a_list_default_is_never_shared() -> None:
    first = config.setting(None, "JPCRAWL_ALERT_FILL_IGNORE")
    first.append("mutated")
    assert config.setting(None, "JPCRAWL_ALERT_FILL_IGNORE") == project_settings.JPCRAWL_ALERT_FILL_IGNORE
    assert "mutated" not in project_settings.JPCRAWL_ALERT_FILL_IGNORE


def test_an_unknown_setting_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"JPCRAWL_NO_SUCH_THING is not in jpcrawl/settings\.py"):
        config.getint(None, "JPCRAWL_NO_SUCH_THING")


def test_settings_py_imports_nothing_from_jpcrawl() -> None:
    """settings.py is the bottom of the import graph: every component may read it."""
    tree = ast.parse((PKG / "settings.py").read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert [m for m in imported if m and m.split(".")[0] == "jpcrawl"] == []
