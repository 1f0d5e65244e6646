"""What each benchmark stage runs. Every stage group runs in a fresh worker process
(``run.py --worker <group>``): inputs are prepared untimed, then the timed functions run
(:func:`measure.measure`: warm-up, then alternating timed runs, then one tracemalloc run).

Each ``group_*`` function returns ``{row name: figures}``; row names are what the results
table and ``results.json`` show.
"""

from __future__ import annotations

import copy
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import measure

REPO = Path(__file__).resolve().parents[1]
OPPOSITION = "workers-opposition"
NOTEBOOK = REPO / "notebooks" / "01-corpus.ipynb"
ONE_MB = 1_000_000  # bytes of UTF-8 text in the tagging stage ("MB" is 10^6 bytes throughout)
#: growth pipeline stages, in order; their sum is the pipeline total
PIPELINE = ("load", "passages", "topics", "fit", "tag", "keyness", "comparison_table")
#: growth rows reported beside the pipeline but not part of its total
GROWTH_EXTRA = ("fit_corpus_tagger", "baseline.fit", "baseline.tag")


# ------------------------------------------------------------------------- inputs ----
@cache
def corpus(root: str):
    from standpoint import load_corpus

    return load_corpus(root)


@cache
def passages(root: str):
    from standpoint import passages as make

    return make(corpus(root))


@cache
def oppositions(root: str):
    from standpoint.corpus import load_oppositions

    return load_oppositions(root)


@cache
def mentions_topics(root: str):
    from standpoint.topics import mentions, topics

    P, opp = passages(root), oppositions(root)
    M = mentions(P, opp)
    return M, topics(P, M, opp)


def selected(P, T):
    """The authorial passages about the opposition, exactly as :func:`standpoint.comparison.assemble`
    selects them."""
    about = set(T.loc[T["opposition"] == OPPOSITION, "passage_id"])
    return P[P["passage_id"].isin(about) & (P["voice"] == "author")].reset_index(drop=True)


def training(P):
    """Texts, labels and groups of the authorial passages (what the tagger is fitted on)."""
    from standpoint.tagger import training_frame

    train = training_frame(P)
    return train["text"].tolist(), train["tradition"].to_numpy(), train["doc_id"].to_numpy()


def sample_weight(y, groups):
    """The tagger's own sample weights (``balance="documents"``), so that the baseline fits
    exactly the same weighted problem."""
    from standpoint.tagger import balanced_weights

    return balanced_weights(y, groups, "documents")


def baseline(kind: str = "plain"):
    """The scikit-learn baseline: ``TfidfVectorizer()`` (``plain``: scikit-learn's defaults,
    word unigrams) or the same feature families as the tagger from scikit-learn's own
    vectorizers (``matched``: word 1-2-grams + ``char_wb`` 2-4-grams, sublinear tf), each
    followed by exactly the tagger's linear model (``LinearTagger().make_classifier()``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union

    from standpoint.tagger import LinearTagger

    model = LinearTagger().make_classifier()
    if kind == "plain":
        return make_pipeline(TfidfVectorizer(), model)
    words = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    return make_pipeline(make_union(words, chars), model)


def model_description() -> dict:
    from standpoint.tagger import LinearTagger

    model = LinearTagger().make_classifier()
    return {"estimator": type(model).__name__,
            "params": {k: v for k, v in model.get_params().items()
                       if isinstance(v, (int, float, str, bool, type(None)))}}


def text_of_size(texts: list[str], size: int = ONE_MB) -> str:
    """About ``size`` bytes of corpus text: the texts, joined by blank lines and repeated, cut
    at the first line end after ``size`` bytes."""
    joined = "\n\n".join(texts)
    data = joined
    while len(data.encode("utf-8")) < size:
        data += "\n\n" + joined
    raw = data.encode("utf-8")
    cut = raw.find(b"\n", size)
    return raw[: cut if cut >= 0 else len(raw)].decode("utf-8")


# ------------------------------------------------------------------- stage groups ----
def group_load(root, repeats, warmup):
    from standpoint import load_corpus

    return measure.measure({"load": lambda: load_corpus(root)}, repeats, warmup)


def group_passages(root, repeats, warmup):
    from standpoint import passages as make

    c = corpus(root)
    out = measure.measure({"passages": lambda: make(c)}, repeats, warmup)
    out["passages"]["n_passages"] = len(passages(root))
    return out


def group_topics(root, repeats, warmup):
    from standpoint.topics import mentions, topics

    P, opp = passages(root), oppositions(root)
    M, _ = mentions_topics(root)

    def both():
        m = mentions(P, opp)
        return topics(P, m, opp)

    return measure.measure({"topics": both, "topics.mentions": lambda: mentions(P, opp),
                            "topics.topics": lambda: topics(P, M, opp)}, repeats, warmup)


def group_fit(root, repeats, warmup):
    from standpoint.tagger import TraditionNB, subjects_of

    X, y, g = training(passages(root))
    subjects = subjects_of(corpus(root))
    sw = sample_weight(y, g)
    plain, matched = baseline("plain"), baseline("matched")
    out = measure.measure({
        # the tagger's classifier (one fit; TraditionTagger.fit adds one per calibration fold)
        "fit": lambda: TraditionNB(subjects=subjects).fit(X, y, groups=g),
        "baseline.fit": lambda: plain.fit(X, y, logisticregression__sample_weight=sw),
        "matched.fit": lambda: matched.fit(X, y, logisticregression__sample_weight=sw),
    }, repeats, warmup)
    ours = TraditionNB(subjects=subjects).fit(X, y, groups=g)
    out["fit"]["n_train"] = len(X)
    out["fit"]["n_features"] = int(len(ours.model_.vocabulary))
    out["baseline.fit"]["n_features"] = int(len(plain[0].vocabulary_))
    out["matched.fit"]["n_features"] = int(sum(len(v.vocabulary_) for _, v in
                                               matched[0].transformer_list))
    return out


def group_fit_corpus_tagger(root, repeats, warmup):
    from standpoint.tagger import fit_corpus_tagger

    c = corpus(root)
    out = measure.measure({"fit_corpus_tagger": lambda: fit_corpus_tagger(c)},
                          min(repeats, 3), warmup, trace=False)
    out["fit_corpus_tagger"]["note"] = ("passages, the final fit and one fit per calibration fold "
                                        "(each document of a tradition with several, each "
                                        "tradition); no tracemalloc run (slow)")
    return out


def group_tag(root, repeats, warmup):
    from standpoint import split_text
    from standpoint.tagger import fit_corpus_tagger, tag_passages

    c = corpus(root)
    text = text_of_size(list(c.texts.values()))
    n_bytes = len(text.encode("utf-8"))
    tagger = fit_corpus_tagger(c)
    S = split_text(text)
    texts = S["text"].tolist()
    X, y, g = training(passages(root))
    sw = sample_weight(y, g)
    plain = baseline("plain").fit(X, y, logisticregression__sample_weight=sw)
    matched = baseline("matched").fit(X, y, logisticregression__sample_weight=sw)

    out = measure.measure({
        "tag_1mb": lambda: tag_passages(tagger, split_text(text)),
        "tag.split_text": lambda: split_text(text),
        "tag": lambda: tag_passages(tagger, S),
        "tag.predict_proba": lambda: tagger.predict_proba(texts),
        "baseline.tag": lambda: plain.predict_proba(texts),
        "matched.tag": lambda: matched.predict_proba(texts),
    }, repeats, warmup)
    for row in out.values():
        row["bytes"] = n_bytes
        row["n_passages"] = len(S)
    out["tag_1mb"]["mb_per_s"] = n_bytes / 1e6 / out["tag_1mb"]["median_s"]
    return out


def group_keyness(root, repeats, warmup):
    from standpoint.terms import keyness

    c = corpus(root)
    _, T = mentions_topics(root)
    sel = selected(passages(root), T)
    out = measure.measure({"keyness": lambda: keyness(sel, order=c.tradition_order)},
                          repeats, warmup)
    out["keyness"]["n_selected"] = len(sel)
    return out


def comparison_table(opposition, **inputs):
    """The comparison of one opposition, as the table cells every format shows."""
    from standpoint.comparison import compare
    from standpoint.render.comparison import cells

    return cells(compare(opposition, **inputs))


def group_comparison_table(root, repeats, warmup):
    c, P, opp = corpus(root), passages(root), oppositions(root)
    M, T = mentions_topics(root)
    return measure.measure({
        "comparison_table": lambda: comparison_table(OPPOSITION),
        "comparison_table.shared": lambda: comparison_table(
            OPPOSITION, corpus=c, passages=P, oppositions=opp, mentions=M, topics=T),
    }, repeats, warmup)


def group_notebook(root, repeats, warmup):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)

    def run():
        client = NotebookClient(copy.deepcopy(nb), timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        return client.execute()

    out = measure.measure({"notebook": run}, min(repeats, 3), warmup, trace=False)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["notebook"]["kernel_peak_rss_mb"] = (kids if sys.platform == "darwin" else kids * 1024) / 2**20
    out["notebook"]["notebook"] = str(NOTEBOOK.relative_to(REPO))
    out["notebook"]["note"] = ("executed with nbclient in a fresh kernel each run; the RSS "
                               "figures are the client's, kernel_peak_rss_mb the kernel's")
    return out


def group_import(root, repeats, warmup):
    """``import standpoint`` in fresh interpreters: the whole command, a bare interpreter
    (``-c pass``) and the difference; and ``-X importtime``'s own figure for the package."""
    py = sys.executable
    env = dict(os.environ)

    def wall(args):
        t0 = time.perf_counter()
        subprocess.run([py, *args], check=True, env=env, capture_output=True)
        return time.perf_counter() - t0

    for _ in range(max(1, warmup)):
        wall(["-c", "import standpoint"])
        wall(["-c", "pass"])
    full, bare = [], []
    n = max(5, repeats)
    for _ in range(n):
        full.append(wall(["-c", "import standpoint"]))
        bare.append(wall(["-c", "pass"]))
    diffs = [a - b for a, b in zip(full, bare)]
    importtime = []
    for _ in range(n):
        err = subprocess.run([py, "-X", "importtime", "-c", "import standpoint"], check=True,
                             env=env, capture_output=True, text=True).stderr
        m = re.search(r"^import time:\s+\d+ \|\s+(\d+) \|\s*standpoint$", err, re.M)
        importtime.append(int(m.group(1)) / 1e6 if m else float("nan"))
    loaded = subprocess.run(
        [py, "-c", "import standpoint, sys; print(','.join(m for m in ('numpy', 'pandas', "
         "'scipy', 'sklearn', 'matplotlib', 'yaml') if m in sys.modules))"],
        check=True, env=env, capture_output=True, text=True).stdout.strip()

    def row(values, note):
        return {"median_s": statistics.median(values), "min_s": min(values),
                "max_s": max(values), "runs_s": [round(v, 4) for v in values], "repeats": n,
                "warmup": warmup, "note": note}

    return {
        "import": row(full, "python -c 'import standpoint' in a fresh process (absolute, "
                            "interpreter start included)"),
        "import.only": row(diffs, "the same minus a bare interpreter (python -c pass), "
                                  "run alternately"),
        "import.importtime": row(importtime, "python -X importtime: cumulative time of the "
                                             "standpoint package"),
        "import.bare_interpreter": row(bare, "python -c pass"),
        "import.heavy_modules_loaded": {"modules": [m for m in loaded.split(",") if m]},
    }


def group_tag_memory(root, repeats, warmup):
    """Peak memory and time of the ``standpoint tag`` command by input size and shape (see
    benchmarks/tag_memory.py)."""
    import tag_memory

    return tag_memory.group_tag_memory(root, repeats, warmup)


def group_report(root, repeats, warmup):
    """Cold, warm and one-annotation-changed ``standpoint report`` builds, and the warm
    one-sentence ``tag`` latency (see benchmarks/report_timing.py)."""
    import report_timing

    return report_timing.group_report(root, repeats, warmup)


GROUPS = {
    "import": group_import,
    "load": group_load,
    "passages": group_passages,
    "topics": group_topics,
    "fit": group_fit,
    "fit_corpus_tagger": group_fit_corpus_tagger,
    "tag": group_tag,
    "keyness": group_keyness,
    "comparison_table": group_comparison_table,
    "notebook": group_notebook,
    "tag_memory": group_tag_memory,
    "report": group_report,
}


# ---------------------------------------------------------------------- growth ----
class DenseWatch:
    """Records every sparse -> dense conversion (``toarray`` / ``todense``) with its shape
    and the standpoint function that asked for it: the check that no passages x passages
    (or any other large) dense matrix is made on the timed code paths."""

    def __init__(self):
        self.seen: dict[tuple[str, tuple[int, ...]], int] = {}
        self._depth = 0

    def __enter__(self):
        import scipy.sparse._base as base

        classes, todo = [], [base._spbase]
        while todo:  # every sparse class that defines its own conversion
            cls = todo.pop()
            classes.append(cls)
            todo.extend(cls.__subclasses__())
        self._patched = []
        watch = self

        def wrap(orig):
            def inner(mat, *args, **kwargs):
                if watch._depth:  # todense() calls toarray(): count the conversion once
                    return orig(mat, *args, **kwargs)
                watch._record(tuple(int(x) for x in mat.shape))
                watch._depth += 1
                try:
                    return orig(mat, *args, **kwargs)
                finally:
                    watch._depth -= 1

            inner._dense_watch = True
            return inner

        for cls in classes:
            for name in ("toarray", "todense"):
                orig = cls.__dict__.get(name)
                if orig is not None and not getattr(orig, "_dense_watch", False):
                    self._patched.append((cls, name, orig))
                    setattr(cls, name, wrap(orig))
        return self

    def __exit__(self, *exc):
        for cls, name, orig in self._patched:
            setattr(cls, name, orig)

    def _record(self, shape):
        frame, where = sys._getframe(2), "?"
        while frame is not None:
            fname = frame.f_code.co_filename
            if "standpoint" in fname and "benchmarks" not in fname:
                where = f"{Path(fname).name}:{frame.f_code.co_name}"
                break
            frame = frame.f_back
        key = (where, shape)
        self.seen[key] = self.seen.get(key, 0) + 1

    def report(self, n_passages: int) -> list[dict]:
        rows = [{"where": w, "shape": list(s), "calls": n,
                 "passages_by_passages": len(s) == 2 and min(s) >= n_passages,
                 "mb": round(8 * (s[0] * (s[1] if len(s) > 1 else 1)) / 2**20, 3)}
                for (w, s), n in self.seen.items()]
        return sorted(rows, key=lambda r: -r["mb"])


def growth_pipeline(root: str, wanted: set[str], call) -> dict:
    """The whole pipeline on the corpus at ``root``, each stage through ``call(name, fn)``
    (which times it). Stages not in ``wanted`` still run (their outputs are needed) but are
    not reported."""
    from standpoint import load_corpus
    from standpoint import passages as make_passages
    from standpoint.corpus import load_oppositions
    from standpoint.tagger import TraditionTagger, fit_corpus_tagger, tag_passages
    from standpoint.terms import keyness
    from standpoint.topics import mentions, topics

    def run(name, fn):
        return call(name, fn) if name in wanted else fn()

    c = run("load", lambda: load_corpus(root))
    P = run("passages", lambda: make_passages(c))
    opp = load_oppositions(root)
    needs_topics = wanted & {"topics", "keyness", "comparison_table"}
    if needs_topics:
        M, T = run("topics", lambda: (lambda m: (m, topics(P, m, opp)))(mentions(P, opp)))
    info = {"n_passages": len(P), "mb": sum(len(t.encode("utf-8")) for t in c.texts.values()) / 1e6}
    if wanted & {"fit", "tag", "baseline.fit", "baseline.tag"}:
        X, y, g = training(P)
        info["n_train"] = len(X)
        if wanted & {"fit", "tag"}:
            # the whole tagger: its classifier and the calibration fits of its abstention
            tagger = run("fit", lambda: TraditionTagger().fit(X, y, groups=g))
            if "tag" in wanted:
                call("tag", lambda: tag_passages(tagger, P))
        if wanted & {"baseline.fit", "baseline.tag"}:
            sw = sample_weight(y, g)
            plain = baseline("plain")
            run("baseline.fit", lambda: plain.fit(X, y, logisticregression__sample_weight=sw))
            texts = P["text"].tolist()
            if "baseline.tag" in wanted:
                call("baseline.tag", lambda: plain.predict_proba(texts))
    if wanted & {"keyness", "comparison_table"}:
        sel = selected(P, T)
        info["n_selected"] = len(sel)
        if "keyness" in wanted:
            call("keyness", lambda: keyness(sel, order=c.tradition_order))
        if "comparison_table" in wanted:
            call("comparison_table", lambda: comparison_table(
                OPPOSITION, corpus=c, passages=P, oppositions=opp, mentions=M, topics=T))
    if "fit_corpus_tagger" in wanted:
        call("fit_corpus_tagger", lambda: fit_corpus_tagger(c))
    return info


def group_growth(size: int, wanted: set[str], repeats: int, tmp: str) -> dict:
    """One corpus size: build the replicated corpus (untimed), warm up on the 1x corpus, then
    time each pipeline stage once per repeat (the median is reported)."""
    import replicate

    target = Path(tmp) / f"corpus-{size}x"
    t0 = time.perf_counter()
    built = replicate.build(REPO / "corpus", target, size)
    build_s = time.perf_counter() - t0
    if size > 1:  # warm-up on the 1x corpus: imports, compiled patterns, caches
        growth_pipeline(str(REPO / "corpus"), wanted, lambda name, fn: fn())
    else:
        growth_pipeline(str(target), wanted, lambda name, fn: fn())
    runs: dict[str, list[dict]] = {}

    def timed(name, fn):
        holder = {}

        def keep():
            holder["value"] = fn()

        runs.setdefault(name, []).append(measure.call(keep))
        return holder["value"]

    watch = DenseWatch()
    with watch:
        for _ in range(max(1, repeats)):
            info = growth_pipeline(str(target), wanted, timed)
    stages = {name: measure.summarise(r, warmup=1) for name, r in runs.items()}
    return {"size": size, "corpus": built, "build_s": build_s, **info, "stages": stages,
            "dense": watch.report(info["n_passages"] if "n_selected" not in info
                                  else min(info["n_passages"], max(1, info["n_selected"]))),
            "process_peak_rss_mb": max((s["peak_rss_mb"] for s in stages.values()), default=0.0)}
