"""A real scrapyd on loopback for tests: its own directory and config, the project deployed with
scrapyd-client's `scrapyd-deploy` from a copy of the repo, and every process it started killed at the end."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROJECT = "jpcrawl"

# What a deploy does not need; scrapyd-deploy writes setup.py and build/ into the copy, never into the repo.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "feeds", ".jpcrawl", "__pycache__", "*.egg-info", "build", "dist", "setup.py",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "logs", "*.part", "mutants",
)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scrapyd:
    """`scrapyd` started in `root` (cwd and config), answering on http://127.0.0.1:<port>/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.eggs_dir = root / "eggs"
        self.logs_dir = root / "logs"
        self.items_dir = root / "items"
        self.dbs_dir = root / "dbs"
        self.output = root / "scrapyd.out"
        self.proc: subprocess.Popen | None = None

    def write_config(self) -> None:
        # jobs_to_keep counts FILES per <project>/<spider> directory, and a jpcrawl job writes several next
        # to its feed (manifest, report, rejects): the default 5 would delete the feed of the job before.
        (self.root / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"eggs_dir = {self.eggs_dir}\n"
            f"logs_dir = {self.logs_dir}\n"
            f"items_dir = {self.items_dir}\n"
            f"dbs_dir = {self.dbs_dir}\n"
            "jobs_to_keep = 50\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            "max_proc = 1\n"
            "poll_interval = 0.5\n",
            encoding="utf-8",
        )

    def start(self, timeout: float = 60) -> None:
        self.write_config()
        with self.output.open("wb") as out:
            # scrapyd reads ./scrapyd.conf (cwd) among its config sources.
            self.proc = subprocess.Popen(
                [str(BIN / "scrapyd")],
                cwd=self.root,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"scrapyd exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                if self.get("daemonstatus.json").get("status") == "ok":
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"scrapyd did not answer within {timeout}s:\n{self.tail()}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop scrapyd and everything below it (job processes, Playwright's driver, Chromium, which puts
        itself in its own process group): the tree is collected first, then terminated, then killed."""
        if self.proc is None:
            return
        try:
            procs = [psutil.Process(self.proc.pid)]
            procs += procs[0].children(recursive=True)
        except psutil.NoSuchProcess:
            procs = []
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.terminate()
        _, alive = psutil.wait_procs(procs, timeout=10)
        for proc in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(alive, timeout=10)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self.proc = None

    def tail(self, chars: int = 4000) -> str:
        try:
            return self.output.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    # --- HTTP API --------------------------------------------------------------------------------------
    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        url = self.url + endpoint + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.loads(resp.read())

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + endpoint, data=data, timeout=30) as resp:
            return json.loads(resp.read())

    def wait_finished(self, job: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            jobs = self.get("listjobs.json", project=PROJECT)
            for entry in jobs.get("finished", []):
                if entry["id"] == job:
                    return entry
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"scrapyd died while job {job} ran:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job} not finished within {timeout}s: {jobs}")
            time.sleep(1)

    # --- Files of a job --------------------------------------------------------------------------------
    def job_file(self, directory: Path, spider: str, job: str, ext: str) -> Path:
        return directory / PROJECT / spider / f"{job}.{ext}"


def copy_project(dest: Path) -> Path:
    """The repo as a deploy sees it (working tree, uncommitted edits included), without its caches."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return dest


def deploy(project_dir: Path, url: str, version: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`scrapyd-deploy <target> -v <version>` from project_dir, with a [deploy:test] target added to its
    scrapy.cfg (the [deploy] default points at the production port)."""
    cfg = project_dir / "scrapy.cfg"
    cfg.write_text(
        cfg.read_text(encoding="utf-8") + f"\n[deploy:test]\nurl = {url}\nproject = {PROJECT}\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(
        [str(BIN / "scrapyd-deploy"), "test", "-v", version],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
