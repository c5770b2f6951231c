"""Feed storage through real crawls (subprocess): .part until complete, manifest, gzip, partitions, -o/-O."""

from __future__ import annotations

import gzip
import json
import subprocess
import time
from pathlib import Path
from typing import Any

from jpcrawl.tools import replay

BODY = [f"Paragraph {i} of a long enough article body with plenty of ordinary words." for i in range(8)]


def items(n: int, section: str = "business", **kw: Any) -> list[dict[str, Any]]:
    return [
        {
            "url": f"https://www.thejakartapost.com/{section}/2024/01/0{1 + i % 9}/story-{section}-{i}.html",
            "title": f"Story {i}",
            "published_at": "2024-01-01T10:00:00+07:00",
            "section": section,
            "body": [f"{section} {i}", *BODY],
            **kw,
        }
        for i in range(n)
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def feed_files(root: Path, pattern: str = "*.jsonl") -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if ".rejects." not in p.name)


def test_default_feed_and_manifest(tmp_path: Path) -> None:
    out = replay.run(
        tmp_path, [*items(3), *items(2, "world")], {"JPCRAWL_LOGIN_PASSWORD": "hunter2"},
        "-a", "password=hunter2", "-a", "session_cookie=abc", "-a", "sections=business,world",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    (feed,) = feed_files(tmp_path / "feeds" / "replay")
    assert feed.name.startswith("replay-") and not list(tmp_path.rglob("*.part"))
    rows = read_jsonl(feed)
    assert len(rows) == 5 and all(r["version"] == 1 for r in rows)
    assert "\\u" not in feed.read_text(encoding="utf-8")  # utf-8, not ascii-escaped
    manifest = json.loads(Path(str(feed) + ".manifest.json").read_text(encoding="utf-8"))
    assert manifest["items"] == 5 and manifest["sections"] == {"business": 3, "world": 2}
    assert manifest["schema_version"] == "1.0" and manifest["spider"] == "replay"
    assert manifest["spider_arguments"]["sections"] == "business,world"
    assert manifest["started_at"] <= manifest["finished_at"]
    text = json.dumps(manifest)
    assert "hunter2" not in text and "abc" not in text and "password" not in text.lower()


def test_feed_has_part_name_until_complete(tmp_path: Path) -> None:
    cmd = replay.command(
        tmp_path, items(4), {"FEEDS": {"out.jsonl": {"format": "jsonlines"}}}, "--delay", "1.0"
    )
    with (tmp_path / "replay.log").open("w") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=replay.env(), stdout=subprocess.DEVNULL, stderr=log)
    part, final = tmp_path / "out.jsonl.part", tmp_path / "out.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (part.exists() and part.stat().st_size > 0):
        time.sleep(0.05)
    assert part.exists() and part.stat().st_size > 0, "items are exported to the .part file"
    assert not final.exists(), "the final name appears only when the feed is complete"
    assert proc.wait(timeout=120) == 0, (tmp_path / "replay.log").read_text()[-3000:]
    assert final.exists() and not part.exists()
    assert len(read_jsonl(final)) == 4


def test_overwrite_and_append(tmp_path: Path) -> None:
    # -O gives {"uri": {"overwrite": True}}, -o gives overwrite False (append); both replace FEEDS.
    uri = str(tmp_path / "o.jsonl")
    settings = {"FEEDS": {uri: {"format": "jsonlines", "overwrite": True}}, "JPCRAWL_STATE_URI": "memory:"}
    for _ in range(2):
        assert replay.run(tmp_path, items(2), settings).returncode == 0
    assert len(read_jsonl(Path(uri))) == 2
    assert not (tmp_path / "feeds").exists()  # the default FEEDS did not also apply
    settings["FEEDS"][uri]["overwrite"] = False
    assert replay.run(tmp_path, items(3), settings).returncode == 0
    assert len(read_jsonl(Path(uri))) == 5
    assert json.loads(Path(uri + ".manifest.json").read_text())["items"] == 5


def test_gzip(tmp_path: Path) -> None:
    feeds = {
        "gz/%(name)s-%(time)s.jsonl.gz": {
            "format": "jsonlines",
            "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"],
        }
    }
    assert replay.run(tmp_path, items(3), {"FEEDS": feeds}).returncode == 0
    (feed,) = sorted((tmp_path / "gz").glob("*.jsonl.gz"))
    assert feed.read_bytes()[:2] == b"\x1f\x8b"
    assert len(read_jsonl(feed)) == 3
    manifest = json.loads(Path(str(feed) + ".manifest.json").read_text())
    assert manifest["items"] == 3 and manifest["postprocessing"]


def test_partition_by_section_and_day(tmp_path: Path) -> None:
    feeds = {"p/%(day)s/%(section)s/%(name)s-%(time)s.jsonl": {"format": "jsonlines"}}
    data = [*items(2, "business"), *items(3, "world"), *items(1, "sports")]
    out = replay.run(tmp_path, data, {"FEEDS": feeds, "JPCRAWL_FEED_SECTIONS": ["business", "world"]})
    assert out.returncode == 0, out.stderr[-3000:]
    (day,) = [p.name for p in (tmp_path / "p").iterdir()]
    assert len(day) == 10 and day[4] == "-"
    counts = {p.parent.name: len(read_jsonl(p)) for p in feed_files(tmp_path / "p")}
    assert counts == {"business": 2, "world": 3, "other": 1}
    for feed in feed_files(tmp_path / "p"):
        manifest = json.loads(Path(str(feed) + ".manifest.json").read_text())
        assert (
            manifest["section_filter"] == feed.parent.name and manifest["items"] == counts[feed.parent.name]
        )
