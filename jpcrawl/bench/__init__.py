"""`scrapy benchmark`: how much faster, and lighter, jpcrawl's rendering is than rendering every page.

    scrapy benchmark [--articles 2000] [--out DIR] [--modes naive,defaults,http] [--no-capacity]
    scrapy benchmark --soak [--articles 10000]

Code map: procmon.py (CPU and memory of a process tree), run.py (the replica and crawl subprocesses, the
modes), load.py (the server-capacity load client, its own process), report.py (the benchmark, the soak,
tables, JSON/CSV/PNG).
"""

from jpcrawl.bench.report import run_benchmark, run_soak

__all__ = ["run_benchmark", "run_soak"]
