"""Helpers for the issue-14 tests: `scrapy ...` as a user runs it, in a directory of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def project_env(**extra: str) -> dict[str, str]:
    """The project's settings from any working directory (files land in the test's tmp_path)."""
    return {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "jpcrawl.settings",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def scrapy(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=project_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
