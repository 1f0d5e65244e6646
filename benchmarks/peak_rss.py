"""``python benchmarks/peak_rss.py OUT ARGS...``: run ``standpoint ARGS...`` (as ``python -m
standpoint`` would) and, at exit, write this process's peak resident memory in kB
(``VmHWM`` from ``/proc/self/status``) to the file ``OUT``.

The child measures itself because its ``ru_maxrss`` as the parent sees it is not its own:
Linux carries the parent's peak over into a child started with ``vfork``/``fork`` + ``exec``,
so a parent holding 160 MB would see every child peak at 160 MB at least.
"""

from __future__ import annotations

import atexit
import re
import runpy
import sys


def _report(path: str) -> None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            kb = re.search(r"^VmHWM:\s+(\d+) kB", fh.read(), re.M).group(1)
    except (OSError, AttributeError):
        return  # (not Linux: the caller falls back on ru_maxrss)
    with open(path, "w", encoding="ascii") as fh:
        fh.write(kb)


if __name__ == "__main__":
    atexit.register(_report, sys.argv[1])
    sys.argv = ["standpoint", *sys.argv[2:]]
    runpy.run_module("standpoint", run_name="__main__", alter_sys=True)
