"""What a subscriber crawl leaves on disk and in its log (issue 13, points 3, 4 and 5).

* No console into a running crawl: Scrapy's telnet console and its remote-control endpoint are off, so a
  crawl's log has neither the telnet password nor a console's start-up line.
* Secrets stay out of files: a crawl given `-s JPCRAWL_REDIS_URL=redis://:<pw>@...`, `-s JPCRAWL_EMAIL`,
  `-s JPCRAWL_PASSWORD` leaves none of them in its feed manifest, report, stats, log file or stderr, and a
  run holding the lock shows none in the lock file; the LOG_FILE it creates is 0600 under a 022 umask.
* The HTTP cache never holds a session: HTTPCACHE_ENABLED with a subscriber account refuses to start;
  secrets files are checked on the open file (no symlinks, owner, mode).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from jpcrawl.session import InsecureFileError, LoginError, check_private_file, load_storage_state

from .conftest import LOOPBACK, ROOT, run_crawl
from .security_servers import Answer, Seen, serve

EMAIL = "subscriber@example.com"
PASSWORD = "correct-horse-battery"
REDIS_PASSWORD = "redis-pw-5f1d9c2e"
SECRETS = (EMAIL, PASSWORD, REDIS_PASSWORD)
HTTP_ONLY = '{"listing": "never", "article": "never", "default": "never"}'
# Every secret comes with -s here: none from the environment.
NO_ENV = {"JPCRAWL_EMAIL": "", "JPCRAWL_PASSWORD": "", "JPCRAWL_STORAGE_STATE": "", "JPCRAWL_REDIS_URL": ""}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_with_password(directory: Path, password: str) -> Iterator[str]:
    """redis-server on 127.0.0.1:<free port> that requires `password`; yields its port."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.fail("redis-server is not installed (Debian package redis-server; `make system`)")
    import redis

    directory.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "",
            "--appendonly", "no", "--requirepass", password, "--daemonize", "no"]  # fmt: skip
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port, password=password)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)  # polling a port that is not open yet: there is no signal to wait for
        yield str(port)
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_with_password(tmp_path_factory.mktemp("redis"), REDIS_PASSWORD) as port:
        yield port


@pytest.fixture(scope="module")
def subscriber_crawl(tmp_path_factory: pytest.TempPathFactory, redis_port: str) -> Iterator[dict[str, Any]]:
    """One distributed subscriber crawl of the replica with every secret passed with `-s`, a LOG_FILE, DEBUG,
    under umask 022."""
    from jpcrawl.replica import ReplicaConfig, ReplicaServer

    tmp = tmp_path_factory.mktemp("subscriber")
    log_file = tmp / "logs" / "crawl.log"
    log_file.parent.mkdir()
    with ReplicaServer(ReplicaConfig(articles=60)) as server:
        redis_url = f"redis://:{REDIS_PASSWORD}@127.0.0.1:{redis_port}/0"
        seeded = subprocess.run(
            [sys.executable, "-m", "scrapy", "seed", "jakartapost", "-a", f"base_url={server.base_url}",
             "-a", "sections=business", "-s", f"JPCRAWL_REDIS_URL={redis_url}"],
            cwd=ROOT, env={**os.environ, **NO_ENV}, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        old_umask = os.umask(0o022)
        try:
            result = run_crawl(
                tmp,
                server.base_url,
                "-a", "sections=business", "-a", "max_pages=1",
                "-s", f"JPCRAWL_RENDER={HTTP_ONLY}",
                "-s", f"JPCRAWL_REDIS_URL={redis_url}",
                "-s", "JPCRAWL_REDIS_IDLE_TIMEOUT=1",
                "-s", f"JPCRAWL_EMAIL={EMAIL}",
                "-s", f"JPCRAWL_PASSWORD={PASSWORD}",
                "-s", "LOG_LEVEL=DEBUG",
                "-s", f"LOG_FILE={log_file}",
                env=NO_ENV,
                timeout=180,
            )  # fmt: skip
        finally:
            os.umask(old_umask)
        yield {
            "result": result,
            "tmp": tmp,
            "log_file": log_file,
            "server": server,
            "redis": _redis_dump(int(redis_port)),
            "session_values": {v for sid, sess in server.sessions.items() for v in (sid, sess.token)},
        }


def _redis_dump(port: int) -> str:
    """Every key and value in the crawl's Redis, as text."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, password=REDIS_PASSWORD)
    out: list[str] = []
    try:
        for key in client.scan_iter(count=1000):
            kind = client.type(key).decode()
            value: Any = {
                "string": lambda k: client.get(k),
                "list": lambda k: client.lrange(k, 0, -1),
                "set": lambda k: client.smembers(k),
                "zset": lambda k: client.zrange(k, 0, -1),
                "hash": lambda k: client.hgetall(k),
            }.get(kind, lambda k: b"")(key)
            out.append(f"{key!r} {value!r}")
    finally:
        client.close()
    return "\n".join(out)


def _log(crawl: dict[str, Any]) -> str:
    path: Path = crawl["log_file"]
    return (path.read_text(encoding="utf-8") if path.exists() else "") + crawl["result"].log


def test_the_subscriber_crawl_ran(subscriber_crawl: dict[str, Any]) -> None:
    result = subscriber_crawl["result"]
    log = _log(subscriber_crawl)
    assert result.returncode == 0, log[-3000:]
    assert result.stats.get("jpcrawl/session/login_ok") == 1, log[-3000:]
    assert "distributed" in log.lower() and result.items


def test_no_telnet_console_and_no_remote_control(subscriber_crawl: dict[str, Any]) -> None:
    log = _log(subscriber_crawl)
    enabled = re.search(r"Enabled extensions:\n(\[.*?\])", log, re.S)
    assert enabled, log[:3000]
    assert "scrapy.extensions.telnet.TelnetConsole" not in enabled.group(1)
    assert "scrapy.extensions.remote_control.RemoteControl" not in enabled.group(1)
    assert "Telnet Password" not in log and "Telnet console listening" not in log
    assert "Remote control HTTP server" not in log


def test_the_log_file_is_owner_only(subscriber_crawl: dict[str, Any]) -> None:
    path: Path = subscriber_crawl["log_file"]
    assert path.stat().st_size > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_secret_in_any_file_the_crawl_wrote(subscriber_crawl: dict[str, Any]) -> None:
    tmp: Path = subscriber_crawl["tmp"]
    written = {
        p.relative_to(tmp).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in tmp.rglob("*")
        if p.is_file()
    }
    names = set(written)
    assert {
        "out.jsonl",
        "out.jsonl.manifest.json",
        "out.report.json",
        "out.stats.json",
        "logs/crawl.log",
    } <= names, names
    manifest = json.loads(written["out.jsonl.manifest.json"])
    assert "JPCRAWL_REDIS_URL" in json.dumps(manifest), "the manifest records the crawl's settings"
    for name, text in {**written, "stderr": subscriber_crawl["result"].log}.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} in {name}"


def test_redis_never_holds_the_credentials_or_the_session(subscriber_crawl: dict[str, Any]) -> None:
    """Distributed mode: the shared queue, leases and state hold no password, e-mail or session cookie."""
    dump: str = subscriber_crawl["redis"]
    assert "jakartapost" in dump, "the crawl used this Redis"
    values = set(SECRETS) - {REDIS_PASSWORD} | subscriber_crawl["session_values"]
    assert len(subscriber_crawl["session_values"]) >= 2  # the replica handed out a session
    for value in values:
        assert value not in dump, "a credential or session value in Redis"


def test_the_lock_file_holds_no_secret(tmp_path: Path, redis_port: str) -> None:
    """The lock file names the running command; read while a crawl holds it (its first request waits)."""
    release = threading.Event()

    def handler(seen: Seen) -> Answer:
        release.wait(timeout=60)
        return 404, {}, "<html><body>gone</body></html>"

    lock = tmp_path / "run.lock"
    with serve(handler=handler) as site:
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "jakartapost",
            "-a", f"base_url={site.origin}", "-a", "sections=business", "-a", "max_pages=1",
            "-O", str(tmp_path / "out.jsonl"),
            "-s", f"JPCRAWL_STATE_URI=redis://:{REDIS_PASSWORD}@127.0.0.1:{redis_port}/1?prefix=locktest",
            "-s", f"JPCRAWL_LOCK_FILE={lock}",
            "-s", f"JPCRAWL_EMAIL={EMAIL}", "-s", f"JPCRAWL_PASSWORD={PASSWORD}",
            *LOOPBACK,
        ]  # fmt: skip
        env = {**os.environ, "JPCRAWL_EMAIL": "", "JPCRAWL_PASSWORD": "", "JPCRAWL_REDIS_URL": ""}
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            deadline = time.monotonic() + 60
            while not site.seen and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)  # the crawl's first request is the signal; it blocks in `handler`
            holder = lock.read_text(encoding="utf-8") if lock.exists() else ""
        finally:
            release.set()
            out, _ = proc.communicate(timeout=120)
    assert site.seen, out[-3000:]
    assert json.loads(holder)["pid"] == proc.pid
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    for secret in SECRETS:
        assert secret not in holder, f"{secret!r} in the lock file"
        assert secret not in out


# -- point 5: no HTTP cache with a session; private files --------------------------------------------------


def test_http_cache_with_a_session_refuses_to_start(tmp_path: Path) -> None:
    with serve() as site:
        result = run_crawl(
            tmp_path,
            site.origin,
            "-s", "HTTPCACHE_ENABLED=True",
            "-s", f"HTTPCACHE_DIR={tmp_path / 'cache'}",
            env={"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": PASSWORD, "JPCRAWL_STORAGE_STATE": ""},
            timeout=120,
        )  # fmt: skip
    assert result.returncode != 0
    assert "HTTPCACHE_ENABLED must stay off with a subscriber session" in result.log
    assert site.seen == []  # nothing fetched, so nothing cached
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*"))
    assert PASSWORD not in result.log


def test_http_cache_without_a_session_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.utils.test import get_crawler

    from jpcrawl.middlewares.session import SessionMiddleware, UnsafeSessionSettings

    for name in ("JPCRAWL_EMAIL", "JPCRAWL_PASSWORD", "JPCRAWL_STORAGE_STATE"):
        monkeypatch.delenv(name, raising=False)
    anonymous = get_crawler(settings_dict={"HTTPCACHE_ENABLED": True})
    assert isinstance(SessionMiddleware.from_crawler(anonymous), SessionMiddleware)
    subscriber = get_crawler(
        settings_dict={"HTTPCACHE_ENABLED": True, "JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": PASSWORD}
    )
    with pytest.raises(UnsafeSessionSettings, match="HTTPCACHE_ENABLED must stay off"):
        SessionMiddleware.from_crawler(subscriber)


def _state_file(path: Path) -> Path:
    cookie = {"name": "laravel_session", "value": "v" * 20, "domain": "127.0.0.1", "path": "/", "expires": -1}
    path.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    path.chmod(0o600)
    return path


def test_a_symlinked_secrets_file_is_refused(tmp_path: Path) -> None:
    real = _state_file(tmp_path / "real.json")
    link = tmp_path / "state.json"
    link.symlink_to(real)
    check_private_file(str(real))
    with pytest.raises(InsecureFileError, match="is a symbolic link"):
        check_private_file(str(link))
    with pytest.raises(InsecureFileError, match="is a symbolic link"):
        load_storage_state(str(link))


def test_a_secrets_file_of_another_owner_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _state_file(tmp_path / "state.json")
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as if another user ran the crawl
    with pytest.raises(InsecureFileError, match=rf"owned by uid {owner}, not by the user running jpcrawl"):
        load_storage_state(str(path))


def test_a_secrets_path_that_is_not_a_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "state.fifo"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(InsecureFileError, match="not a regular file"):
        check_private_file(str(fifo))  # and it does not hang on a FIFO with no writer
    (tmp_path / "dir").mkdir(mode=0o700)
    with pytest.raises(InsecureFileError, match="not a regular file"):
        check_private_file(str(tmp_path / "dir"))
    with pytest.raises(LoginError, match="cannot read the storage-state file"):
        check_private_file(str(tmp_path / "missing.json"))


def test_the_checked_file_is_the_file_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks and the read use one open descriptor: jpcrawl.session never looks the path up again
    (no stat/lstat/open by path), so a file swapped after the check cannot be read instead."""
    import types

    import jpcrawl.session as session_module

    path = _state_file(tmp_path / "state.json")
    opened: list[str] = []

    def no_path_access(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was looked up by path again")

    def open_once(p: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(p))
        return os.open(p, *args, **kwargs)

    fake_os = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    fake_os.open, fake_os.stat, fake_os.lstat = open_once, no_path_access, no_path_access
    monkeypatch.setattr(session_module, "os", fake_os)
    monkeypatch.setattr(session_module, "open", no_path_access, raising=False)  # shadows the builtin there
    cookies = load_storage_state(str(path))
    assert [c.value for c in cookies] == ["v" * 20]
    assert opened == [str(path)]
