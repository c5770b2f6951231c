"""A plain HTTP load on a server, to measure its own capacity: `python -m jpcrawl.bench.load`.

Runs in its own process (so neither the benchmark nor the server pays for the client's CPU): `concurrency`
aiohttp workers fetch URLs from a list, round robin, until `requests` responses or `duration` seconds,
whichever comes first, and print one JSON line: requests, seconds, requests_per_s, statuses, errors,
bytes, latency percentiles (ms).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from collections import Counter


async def run_load(urls: list[str], concurrency: int, requests: int, duration: float) -> dict:
    import aiohttp

    counter = itertools.count()
    statuses: Counter[str] = Counter()
    latencies: list[float] = []
    total_bytes = 0
    errors = 0
    started = time.monotonic()
    deadline = started + duration
    # A browser-like identity: the replica's interstitial knob (if on) answers bots with a stub page.
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36"}
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal total_bytes, errors
        while time.monotonic() < deadline:
            i = next(counter)
            if i >= requests:
                return
            url = urls[i % len(urls)]
            t0 = time.monotonic()
            try:
                async with session.get(url) as resp:
                    body = await resp.read()
                    statuses[str(resp.status)] += 1
                    total_bytes += len(body)
            except Exception:  # a refused or reset connection counts, it does not stop the load
                errors += 1
                continue
            latencies.append((time.monotonic() - t0) * 1000)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout, headers=headers) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    seconds = time.monotonic() - started
    done = sum(statuses.values())
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    return {
        "requests": done,
        "errors": errors,
        "seconds": round(seconds, 3),
        "requests_per_s": round(done / seconds, 1) if seconds > 0 else 0.0,
        "statuses": dict(statuses),
        "bytes": total_bytes,
        "concurrency": concurrency,
        "latency_ms": {"p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jpcrawl.bench.load", description=__doc__)
    parser.add_argument("urls_file", help="file with one URL a line ('-': stdin)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=5000, help="stop after this many responses")
    parser.add_argument("--duration", type=float, default=15.0, help="stop after this many seconds")
    opts = parser.parse_args(argv)
    if opts.urls_file == "-":
        urls = [line.strip() for line in sys.stdin if line.strip()]
    else:
        with open(opts.urls_file, encoding="utf-8") as fh:
            urls = [line.strip() for line in fh if line.strip()]
    if not urls:
        parser.error("no URLs")
    result = asyncio.run(run_load(urls, opts.concurrency, opts.requests, opts.duration))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
