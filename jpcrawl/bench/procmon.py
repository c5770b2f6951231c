"""Sample a process tree's CPU time and memory from outside it (psutil), every `interval` seconds.

CPU: the sum over every process ever seen in the tree of its last sampled own user+system time. The caller
also takes the kernel's figure once the root is reaped (the parent's children CPU: the root's own time plus
every descendant that it, or a descendant, waited for) and reports the larger of the two: the samples miss
the last <interval of each process and processes that live shorter than one interval; the kernel's figure
misses orphans (re-parented away) and children never waited for.

Memory, per sample, summed over the live tree:
  pss  proportional set size (/proc/<pid>/smaps_rollup): a page shared by k processes counts 1/k to each,
       so Chromium's many processes, which share most of their code and a lot of data, are not counted
       several times. This is the figure the benchmark calls "peak memory".
  uss  unique set size: pages only that process maps (a lower bound for the tree).
  rss  resident set size: shared pages counted once per process (an upper bound; overstates Chromium).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psutil


@dataclass
class Sample:
    t: float  # seconds since the monitor started
    processes: int
    rss: int
    pss: int
    uss: int
    cpu: float  # cumulative CPU seconds (sampled) so far


@dataclass
class TreeUsage:
    cpu_sampled: float
    cpu_by_kind: dict[str, float]
    peak_pss: int
    peak_uss: int
    peak_rss: int
    peak_processes: int
    samples: list[Sample] = field(default_factory=list)


class ProcessTreeMonitor:
    def __init__(self, pid: int, interval: float = 0.2, keep_samples: bool = False) -> None:
        self.pid = pid
        self.interval = interval
        self.keep_samples = keep_samples
        self._cpu: dict[tuple[int, float], float] = {}  # (pid, create_time) -> last own CPU seconds
        self._names: dict[tuple[int, float], str] = {}
        self._procs: dict[int, psutil.Process] = {}
        self.samples: list[Sample] = []
        self.peak = Sample(0.0, 0, 0, 0, 0, 0.0)
        self.last: Sample | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="procmon", daemon=True)
        self._started = time.monotonic()

    def start(self) -> ProcessTreeMonitor:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[psutil.Process]:
        try:
            root = self._procs.get(self.pid) or psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return []
        # Reuse Process objects: psutil checks their identity (pid reuse) by create time.
        live = []
        for proc in procs:
            known = self._procs.get(proc.pid)
            if known is not None and known.is_running():
                live.append(known)
            else:
                self._procs[proc.pid] = proc
                live.append(proc)
        return live

    def sample(self) -> Sample:
        rss = pss = uss = 0
        count = 0
        for proc in self._tree():
            try:
                with proc.oneshot():
                    times = proc.cpu_times()
                    key = (proc.pid, proc.create_time())
                    try:
                        mem = proc.memory_full_info()
                        pss += getattr(mem, "pss", mem.rss)
                        uss += mem.uss
                    except psutil.AccessDenied:
                        mem = proc.memory_info()
                        pss += mem.rss
                        uss += mem.rss
                    rss += mem.rss
                self._cpu[key] = times.user + times.system
                if key not in self._names:
                    self._names[key] = _kind(proc)
                count += 1
            except psutil.Error:
                continue  # exited between listing and reading
        s = Sample(time.monotonic() - self._started, count, rss, pss, uss, sum(self._cpu.values()))
        self.last = s
        if self.keep_samples:
            self.samples.append(s)
        self.peak = Sample(
            s.t,
            max(self.peak.processes, count),
            max(self.peak.rss, rss),
            max(self.peak.pss, pss),
            max(self.peak.uss, uss),
            s.cpu,
        )
        return s

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def cpu_by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, cpu in self._cpu.items():
            kind = self._names.get(key, "other")
            out[kind] = round(out.get(kind, 0.0) + cpu, 2)
        return out

    def usage(self) -> TreeUsage:
        sampled = sum(self._cpu.values())
        return TreeUsage(
            cpu_sampled=sampled,
            cpu_by_kind=self.cpu_by_kind(),
            peak_pss=self.peak.pss,
            peak_uss=self.peak.uss,
            peak_rss=self.peak.rss,
            peak_processes=self.peak.processes,
            samples=self.samples,
        )



def _kind(proc: psutil.Process) -> str:
    """crawler (the scrapy process), driver (Playwright's node), or chromium/<type> (browser, renderer...)."""
    try:
        name = proc.name()
        cmdline = proc.cmdline()
    except psutil.Error:
        return "other"
    if "python" in name or name == "scrapy":
        return "crawler"
    if name == "node" or "playwright" in " ".join(cmdline[:2]):
        return "driver"
    for arg in cmdline:
        if arg.startswith("--type="):
            return f"chromium/{arg[7:]}"
    return "chromium/browser" if "chrom" in name or "chrom" in " ".join(cmdline[:1]) else name
