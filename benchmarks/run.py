#!/usr/bin/env python
"""``make bench``: measured speed, memory and growth of standpoint, against a plain
scikit-learn baseline, on the project corpus and on the corpus replicated 10 and 100 times.

    python benchmarks/run.py                       # everything; writes benchmarks/results.json
    python benchmarks/run.py --sizes 1,10 --repeats 3 --stages load,passages,fit
    python benchmarks/run.py --sizes "" --stages import   # no growth runs

Every stage group runs in a fresh worker process (this script with ``--worker``), so that one
stage's memory and caches do not leak into the next. See benchmarks/README.md for what each
stage measures and how memory is measured (benchmarks/measure.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import stages  # noqa: E402

REPO = HERE.parent
DEFAULT_OUT = HERE / "results.json"
STAGE_NAMES = list(stages.GROUPS)
GROWTH_STAGES = list(stages.PIPELINE) + ["fit_corpus_tagger"]
MARK = "RESULT-JSON:"

#: the issue's targets
TARGETS = {
    "fit_ratio": 1.3, "tag_ratio": 1.3, "tag_mb_per_s": 1.0, "import_s": 0.5,
    "pipeline_100x_s": 60.0, "pipeline_100x_peak_gb": 4.0, "growth_exponent": 1.1,
    "report_cold_s": 60.0, "report_warm_s": 5.0, "tag_sentence_s": 1.0,
}


# ------------------------------------------------------------------------ workers ----
def worker(args) -> dict:
    if args.worker == "growth":
        wanted = set(args.stages.split(",")) if args.stages else set(GROWTH_STAGES)
        if "fit" in wanted:
            wanted.add("baseline.fit")
        if "tag" in wanted:
            wanted.add("baseline.tag")
        return stages.group_growth(args.size, wanted, args.repeats, args.tmp)
    return stages.GROUPS[args.worker](args.root, args.repeats, args.warmup)


THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def spawn(name: str, extra: list[str], threads: int = 1) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, *extra]
    env = dict(os.environ)
    if threads > 0:  # set before NumPy is imported in the worker (and its notebook kernels)
        env.update({var: str(threads) for var in THREAD_VARS})
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"bench: worker {name!r} failed (exit {proc.returncode})")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise SystemExit(f"bench: worker {name!r} printed no result")


# ------------------------------------------------------------------------ machine ----
def machine() -> dict:
    import importlib.metadata as md

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem_gb = round(int(fh.readline().split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for pkg in ("standpoint", "numpy", "scipy", "pandas", "scikit-learn", "nbclient",
                "ipykernel"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip() or None
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "lib", "benchmarks"],
                                cwd=REPO, capture_output=True, text=True).stdout.strip())
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"platform": platform.platform(), "machine": platform.machine(), "cpu": cpu,
            "cpu_count": os.cpu_count(), "cpus_usable": affinity, "memory_gb": mem_gb,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "packages": versions, "git_commit": commit, "git_dirty_lib_or_benchmarks": dirty}


# ---------------------------------------------------------------------- analysis ----
def exponent(sizes: list[int], times: list[float]) -> float | None:
    """Least-squares slope of log(time) on log(size): 1 = linear growth."""
    pts = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return None if sxx == 0 else sum((x - mx) * (y - my) for x, y in pts) / sxx


def growth_summary(runs: list[dict]) -> dict:
    sizes = [r["size"] for r in runs]
    names = [n for n in [*stages.PIPELINE, *stages.GROWTH_EXTRA]
             if any(n in r["stages"] for r in runs)]
    table = {}
    for n in names:
        rows = [r["stages"].get(n) for r in runs]
        if not all(rows):
            continue
        times = [row["median_s"] for row in rows]
        table[n] = {"time_s": times, "cpu_s": [row["cpu_median_s"] for row in rows],
                    "peak_rss_mb": [row["peak_rss_mb"] for row in rows],
                    "peak_rss_delta_mb": [row["peak_rss_delta_mb"] for row in rows],
                    "s_per_mb": [t / r["mb"] for t, r in zip(times, runs)],
                    "exponent": exponent(sizes, times),
                    "exponent_cpu": exponent(sizes, [row["cpu_median_s"] for row in rows])}
    in_total = [n for n in stages.PIPELINE if n in table]
    total = [sum(table[n]["time_s"][i] for n in in_total) for i in range(len(runs))]
    total_cpu = [sum(table[n]["cpu_s"][i] for n in in_total) for i in range(len(runs))]
    peak = [r["process_peak_rss_mb"] for r in runs]
    ratios = {}
    for ours, base in (("fit", "baseline.fit"), ("tag", "baseline.tag")):
        if ours in table and base in table:
            ratios[ours] = [a / b for a, b in zip(table[ours]["time_s"], table[base]["time_s"])]
    return {
        "sizes": sizes, "corpus_mb": [r["mb"] for r in runs],
        "n_passages": [r["n_passages"] for r in runs],
        "n_train": [r.get("n_train") for r in runs], "n_selected": [r.get("n_selected") for r in runs],
        "repeats": [max(len(s["runs_s"]) for s in r["stages"].values()) if r["stages"] else 0
                    for r in runs],
        "stages": table,
        "pipeline": {"stages": in_total, "time_s": total, "exponent": exponent(sizes, total),
                     "cpu_s": total_cpu, "exponent_cpu": exponent(sizes, total_cpu),
                     "s_per_mb": [t / r["mb"] for t, r in zip(total, runs)],
                     "peak_rss_mb": peak, "exponent_peak_rss": exponent(sizes, peak)},
        "ratios": ratios,
        "dense_conversions": {str(r["size"]): r["dense"] for r in runs},
        "any_passages_by_passages_dense": any(d["passages_by_passages"] for r in runs
                                              for d in r["dense"]),
    }


def targets(results: dict) -> list[dict]:
    out = []

    def add(name, target, measured, ok, unit, note=""):
        out.append({"target": name, "limit": target, "measured": measured, "unit": unit,
                    "met": None if measured is None else bool(ok),
                    "by": None if measured is None else measured / target, "note": note})

    r, st = results.get("ratios", {}), results.get("stages", {})
    add("fit within 1.3x of the plain baseline", TARGETS["fit_ratio"], r.get("fit"),
        r.get("fit", 0) <= TARGETS["fit_ratio"], "x")
    add("tagging within 1.3x of the plain baseline", TARGETS["tag_ratio"], r.get("tag"),
        r.get("tag", 0) <= TARGETS["tag_ratio"], "x")
    mbs = st.get("tag_1mb", {}).get("mb_per_s")
    add("tag at least 1 MB of text per second", TARGETS["tag_mb_per_s"], mbs,
        (mbs or 0) >= TARGETS["tag_mb_per_s"], "MB/s", "split_text + tag_passages")
    imp = st.get("import.only", {}).get("median_s")
    add("import standpoint under 0.5 s", TARGETS["import_s"], imp,
        (imp or 0) < TARGETS["import_s"], "s", "import only (interpreter start subtracted)")
    for key, name, limit in (("report.cold", "cold report build under 60 s", "report_cold_s"),
                             ("report.warm", "report with nothing changed under 5 s",
                              "report_warm_s")):
        if key in st:
            t = st[key]["median_s"]
            add(name, TARGETS[limit], t, t < TARGETS[limit], "s",
                f"{st[key]['executed']} notebook runs executed, {st[key]['reused']} reused"
                + (f"; {st[key]['ratio_to_cold']:.2f}x the cold build" if key != "report.cold"
                   else ""))
    if "report.incremental" in st:
        inc = st["report.incremental"]
        add("one annotation changed: only the notebooks reading annotations run again", 1.0,
            inc["ratio_to_cold"], inc["ratio_to_cold"] < 1.0, "x cold",
            f"{inc['executed']} executed, {inc['reused']} reused, {inc['median_s']:.1f} s")
    if "tag.one_sentence" in st:
        t = st["tag.one_sentence"]["median_s"]
        add("echo 'one sentence' | standpoint tag - under 1 s (model cached)",
            TARGETS["tag_sentence_s"], t, t < TARGETS["tag_sentence_s"], "s")
    g = results.get("growth")
    if g and g["sizes"]:
        i = len(g["sizes"]) - 1
        size = g["sizes"][i]
        label = f"{size}x" + ("" if size == 100 else " (largest size run; the target is 100x)")
        t = g["pipeline"]["time_s"][i]
        add(f"pipeline on the {label} corpus under 60 s", TARGETS["pipeline_100x_s"], t,
            t < TARGETS["pipeline_100x_s"], "s", " + ".join(g["pipeline"]["stages"]))
        p = g["pipeline"]["peak_rss_mb"][i] / 1024
        add(f"peak memory on the {label} corpus under 4 GB", TARGETS["pipeline_100x_peak_gb"], p,
            p < TARGETS["pipeline_100x_peak_gb"], "GB", "peak RSS of the pipeline process")
        e = g["pipeline"]["exponent"]
        if e is not None:
            add("growth exponent of the pipeline at most 1.1", TARGETS["growth_exponent"], e,
                e <= TARGETS["growth_exponent"], "", f"sizes {g['sizes']}")
    return out


# ---------------------------------------------------------------------- printing ----
def _f(x, fmt="{:.3f}"):
    return "-" if x is None else fmt.format(x)


def print_report(res: dict) -> None:
    m = res["machine"]
    print(f"\nstandpoint benchmarks  {res['date']}  ({m['cpu']}; {m['cpu_count']} CPUs; "
          f"Python {m['python']}; {m['platform']})")
    print(f"load average at start {res['load_average']['start']}, "
          f"at end {res['load_average']['end']}\n")
    if res["stages"]:
        head = (f"{'stage':28s} {'median s':>9s} {'min s':>8s} {'cpu s':>8s} "
                f"{'peak RSS MB':>11s} {'+RSS MB':>8s} {'traced MB':>9s}")
        print(head + "\n" + "-" * len(head))
        for name, row in res["stages"].items():
            if "median_s" not in row:
                continue
            print(f"{name:28s} {row['median_s']:9.3f} {row['min_s']:8.3f} "
                  f"{_f(row.get('cpu_median_s')):>8s} {_f(row.get('peak_rss_mb'), '{:.0f}'):>11s} "
                  f"{_f(row.get('peak_rss_delta_mb'), '{:.0f}'):>8s} "
                  f"{_f(row.get('tracemalloc_peak_mb'), '{:.0f}'):>9s}")
        if "tag_1mb" in res["stages"]:
            t = res["stages"]["tag_1mb"]
            print(f"\ntagging: {t['bytes']:,} bytes ({t['n_passages']} passages) in "
                  f"{t['median_s']:.3f} s = {t['mb_per_s']:.2f} MB/s (split_text + tag_passages)")
        summary = res["stages"].get("tag_memory.summary")
        if summary:
            print_tag_memory(res["stages"], summary)
        heavy = res["stages"].get("import.heavy_modules_loaded")
        if heavy is not None:
            print(f"modules loaded by 'import standpoint': {heavy['modules'] or 'none of numpy, pandas, scipy, sklearn, matplotlib, yaml'}")
    if res["ratios"]:
        print("\nratios, our time / baseline time (same passages, same linear model):")
        for k, v in res["ratios"].items():
            print(f"  {k:24s} {v:6.2f}x  vs plain TfidfVectorizer()")
        for k, v in res.get("ratios_cpu", {}).items():
            print(f"  {k:24s} {v:6.2f}x  vs plain TfidfVectorizer(), CPU time")
        for k, v in res.get("ratios_vs_matched", {}).items():
            print(f"  {k:24s} {v:6.2f}x  vs sklearn vectorizers with the tagger's feature families")
    g = res.get("growth")
    if g and g["sizes"]:
        sizes = g["sizes"]
        print(f"\ngrowth: corpus replicated {', '.join(f'{s}x' for s in sizes)} "
              f"({', '.join(f'{mb:.1f} MB' for mb in g['corpus_mb'])}; "
              f"{', '.join(str(n) for n in g['n_passages'])} passages)")
        head = (f"{'stage':20s} " + " ".join(f"{f'{s}x s':>9s}" for s in sizes)
                + f" {'exponent':>9s} {'s/MB':>7s} " + " ".join(f"{f'RSS@{s}x MB':>11s}" for s in sizes))
        print(head + "\n" + "-" * len(head))
        rows = list(g["stages"].items()) + [("PIPELINE TOTAL", {
            "time_s": g["pipeline"]["time_s"], "exponent": g["pipeline"]["exponent"],
            "s_per_mb": g["pipeline"]["s_per_mb"], "peak_rss_mb": g["pipeline"]["peak_rss_mb"]})]
        for name, row in rows:
            print(f"{name:20s} " + " ".join(f"{t:9.2f}" for t in row["time_s"])
                  + f" {_f(row['exponent'], '{:.2f}'):>9s} {row['s_per_mb'][-1]:7.2f} "
                  + " ".join(f"{p:11.0f}" for p in row["peak_rss_mb"]))
        print("pipeline CPU time: " + ", ".join(f"{t:.2f} s" for t in g["pipeline"]["cpu_s"])
              + f" (exponent {_f(g['pipeline']['exponent_cpu'], '{:.2f}')})")
        if g["ratios"]:
            print("ratios vs plain baseline by size: " + "; ".join(
                f"{k} " + ", ".join(f"{v:.2f}x" for v in vals) for k, vals in g["ratios"].items()))
        big = [d for d in g["dense_conversions"].get(str(sizes[-1]), []) if d["mb"] >= 1]
        print(f"dense conversions at {sizes[-1]}x: " + ("; ".join(
            f"{d['where']} {tuple(d['shape'])} {d['mb']:.0f} MB" for d in big[:6]) or "none over 1 MB")
            + f"; passages x passages: {'YES' if g['any_passages_by_passages_dense'] else 'none'}")
    if res["targets"]:
        print("\ntargets:")
        for t in res["targets"]:
            state = {True: "MET   ", False: "MISSED", None: "n/a   "}[t["met"]]
            meas = "-" if t["measured"] is None else f"{t['measured']:.3g} {t['unit']}".strip()
            print(f"  {state} {t['target']}: {meas} (limit {t['limit']} {t['unit']})".rstrip())
    print(f"\nbench wall time {res['bench_wall_s']:.0f} s; results written to {res['out']}")


def print_tag_memory(st: dict, summary: dict) -> None:
    """The ``tag_memory`` rows: peak memory of ``standpoint tag`` by input size and shape."""
    print(f"\ntag memory: 'standpoint tag FILE' in a fresh process (input limit "
          f"{summary['limit_bytes']:,} bytes; a one-paragraph input peaks at "
          f"{summary['base_peak_rss_mb']:.0f} MB)")
    head = f"{'input':28s} {'bytes':>12s} {'rows':>9s} {'s':>8s} {'peak RSS MB':>11s} {'exit':>5s}"
    print(head + "\n" + "-" * len(head))
    for name, row in st.items():
        if name.startswith("tag_memory.") and "shape" in row:
            size = f"{row['bytes']:,}" if row["bytes"] >= 0 else "endless"
            print(f"{name[len('tag_memory.'):]:28s} {size:>12s} {row['rows']:9,d} "
                  f"{row['median_s']:8.2f} {row['peak_rss_mb']:11.0f} {row['exit_code']:5d}")
    for shape in ("prose", "tiny"):
        fit = summary.get(shape)
        if fit:
            print(f"{shape}: {fit['rss_mb_per_mb']:.1f} MB of RAM and {fit['s_per_mb']:.2f} s "
                  f"per MB of input; at the limit {fit['rss_mb_at_limit']:.0f} MB, "
                  f"{fit['s_at_limit']:.0f} s"
                  + ("" if fit["measured_up_to_mb"] * 1e6 >= summary["limit_bytes"] * 0.99
                     else f" (extrapolated from {fit['measured_up_to_mb']:g} MB)"))


# -------------------------------------------------------------------------- main ----
def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results file (JSON)")
    p.add_argument("--sizes", default="1,10,100",
                   help="corpus replication factors for the growth runs, comma-separated "
                        "('' for none)")
    p.add_argument("--repeats", type=int, default=7, help="timed runs per stage (median)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before timing")
    p.add_argument("--stages", default="",
                   help=f"comma-separated stages (default all): {', '.join(STAGE_NAMES)}; "
                        "the growth runs time the pipeline stages among them")
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS/OpenMP threads in the workers (0: the libraries' defaults)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--root", default=str(REPO / "corpus"), help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--tmp", default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if args.worker:
        print(MARK + json.dumps(worker(args)), flush=True)
        return 0
    started = time.perf_counter()
    chosen = [s.strip() for s in args.stages.split(",") if s.strip()] or STAGE_NAMES
    unknown = [s for s in chosen if s not in STAGE_NAMES]
    if unknown:
        raise SystemExit(f"bench: unknown stage(s) {', '.join(unknown)} (known: {', '.join(STAGE_NAMES)})")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if any(s < 1 for s in sizes):
        raise SystemExit("bench: sizes must be positive integers")
    res = {"schema": 1, "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "machine": machine(), "load_average": {"start": measure.load_average()},
           "settings": {"repeats": args.repeats, "warmup": args.warmup, "stages": chosen,
                        "sizes": sizes, "memory": measure.PEAK_METHOD,
                        "blas_threads": args.threads or "library default",
                        "opposition": stages.OPPOSITION,
                        "model": stages.model_description()},
           "stages": {}, "ratios": {}, "ratios_cpu": {}, "ratios_vs_matched": {}, "growth": None}
    common = ["--repeats", str(args.repeats), "--warmup", str(args.warmup), "--root", args.root]
    for name in chosen:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        res["stages"].update(spawn(name, common, args.threads))
    st = res["stages"]
    for ours, base in (("fit", "fit"), ("tag", "tag")):
        if ours in st and f"baseline.{base}" in st:
            res["ratios"][ours] = st[ours]["median_s"] / st[f"baseline.{base}"]["median_s"]
            res["ratios_cpu"][ours] = (st[ours]["cpu_median_s"]
                                       / st[f"baseline.{base}"]["cpu_median_s"])
        if ours in st and f"matched.{base}" in st:
            res["ratios_vs_matched"][ours] = st[ours]["median_s"] / st[f"matched.{base}"]["median_s"]
    if "tag.predict_proba" in st and "baseline.tag" in st:
        res["ratios"]["tag.predict_proba"] = (st["tag.predict_proba"]["median_s"]
                                              / st["baseline.tag"]["median_s"])
    growth_wanted = [s for s in chosen if s in GROWTH_STAGES]
    if sizes and growth_wanted:
        runs = []
        with tempfile.TemporaryDirectory(prefix="standpoint-bench-") as tmp:
            for size in sizes:
                print(f"bench: growth {size}x ...", file=sys.stderr, flush=True)
                reps = max(1, min(args.repeats, 3)) if size == 1 else 1
                runs.append(spawn("growth", ["--size", str(size), "--repeats", str(reps),
                                             "--tmp", tmp, "--stages", ",".join(growth_wanted)],
                                  args.threads))
                shutil_rmtree(Path(tmp) / f"corpus-{size}x")
        res["growth"] = growth_summary(runs)
    res["targets"] = targets(res)
    res["load_average"]["end"] = measure.load_average()
    res["bench_wall_s"] = time.perf_counter() - started
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    res["out"] = os.path.relpath(out, REPO) if out.resolve().is_relative_to(REPO) else str(out)
    tmp_out = out.with_name(out.name + ".tmp")
    tmp_out.write_text(json.dumps(res, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    tmp_out.replace(out)
    print_report(res)
    return 0


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
