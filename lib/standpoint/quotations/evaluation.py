"""How good the ledger is, measured against hand labels (every figure in the README comes from
these functions: ``python -m standpoint.quotations.evaluation`` prints them).

- ``corpus/quotation_labels.csv``: 100 quoted spans sampled at random (seed 14, a fixed number
  per document) from the spans of all five texts, each labelled by hand with the speaker a
  careful reader of the text would name (columns ``passage_id, start, end, excerpt, speaker,
  named_in_text, notes``; ``speaker`` is a speaker id, ``unknown`` when the text does not say
  and the labeller could not tell, or ``not-a-quotation`` for a title or slogan the span
  finder took for a quotation). The labels were written before the attribution code existed.
- ``corpus/quotation_links.csv``: pairs of quotations from two documents, each checked by hand
  (``same_source`` yes or no): every candidate pair scoring at least 0.66, and two true pairs
  found by reading (columns ``passage_a, start_a, passage_b, start_b, excerpt_a, excerpt_b,
  same_source, notes``).

:func:`evaluate_attribution`: precision (of the quotations given a speaker, the share given
the right one) and recall (of the quotations whose speaker is known, the share found), per
tradition. ``lenient``: a group and its own document or periodical count as the same speaker
("the Workers' Group" for its manifesto). :func:`evaluate_links` and :func:`choose_threshold`:
link precision and recall on the hand-checked pairs at each threshold, and the threshold of
the best F1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.quotations.links import link_score, linkable

NOT_A_QUOTATION = "not-a-quotation"


def read_labels(path: Path) -> pd.DataFrame:
    """A labels CSV (quotation labels or link labels) as a DataFrame.

    Example:
        >>> from standpoint.corpus import default_root
        >>> len(read_labels(default_root() / "quotation_labels.csv")) >= 80
        True
    """
    from standpoint.corpus import CorpusError, read_csv_rows

    rows = read_csv_rows(Path(path), [], CorpusError)
    return pd.DataFrame([r for _, r in rows])


def match_labels(ledger: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """``labels`` with the ledger's ``quote_id``, ``speaker_found`` and ``found_by`` of the
    quotation overlapping each label's span in its passage ('' where none does).

    Example:
        >>> led = pd.DataFrame({"quote_id": ["d:q1"], "passage_ids": [["d:001"]],
        ...     "start": [5], "end": [20], "speaker": ["lenin"], "found_by": ["reference"]})
        >>> lab = pd.DataFrame({"passage_id": ["d:001"], "start": ["6"], "end": ["19"]})
        >>> match_labels(led, lab)[["quote_id", "speaker_found"]].values.tolist()
        [['d:q1', 'lenin']]
    """
    found = []
    for row in labels.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        hit = None
        for q in ledger.itertuples(index=False):
            ids = list(q.passage_ids)
            if row.passage_id not in ids:
                continue
            a = q.start if row.passage_id == ids[0] else 0
            b = q.end if row.passage_id == ids[-1] else 10**9
            if a < end and start < b:
                hit = q
                break
        found.append((hit.quote_id, hit.speaker, hit.found_by) if hit else ("", "", ""))
    out = labels.copy()
    out[["quote_id", "speaker_found", "found_by"]] = pd.DataFrame(found, index=out.index)
    return out


def _same(truth: str, found: str, speakers: pd.DataFrame | None) -> bool:
    if truth == found:
        return True
    if speakers is None:
        return False
    kind = dict(zip(speakers["speaker"], speakers["kind"]))
    group = dict(zip(speakers["speaker"], speakers["group"]))
    for g, d in ((truth, found), (found, truth)):
        if kind.get(g) == "group" and group.get(d) == g and kind.get(d) in ("document", "periodical"):
            return True
    return False


def evaluate_attribution(ledger: pd.DataFrame, labels: pd.DataFrame, traditions: dict[str, str],
                         speakers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision and recall of speaker attribution per tradition (and ``all``), on the labels
    that are quotations: columns ``tradition, labelled, attributed, correct, precision,
    recall, precision_lenient, recall_named`` (recall on the quotations whose speaker the text
    names). ``traditions``: ``doc_id -> tradition``; ``speakers`` enables the lenient match.

    Example:
        >>> led = pd.DataFrame({"quote_id": ["d:q1", "d:q2"], "passage_ids": [["d:001"], ["d:002"]],
        ...     "start": [0, 0], "end": [9, 9], "speaker": ["lenin", "unknown"],
        ...     "found_by": ["reference", "none"]})
        >>> lab = pd.DataFrame({"passage_id": ["d:001", "d:002"], "start": ["0", "0"],
        ...     "end": ["9", "9"], "speaker": ["lenin", "trotsky"], "named_in_text": ["yes", "no"]})
        >>> r = evaluate_attribution(led, lab, {"d": "icc"}).set_index("tradition")
        >>> float(r.loc["icc", "precision"]), float(r.loc["icc", "recall"]), float(r.loc["icc", "recall_named"])
        (1.0, 0.5, 1.0)
    """
    m = match_labels(ledger, labels)
    m = m[m["speaker"] != NOT_A_QUOTATION].copy()
    m["tradition"] = [traditions.get(pid.split(":")[0], "") for pid in m["passage_id"]]
    rows = []
    for name, g in list(m.groupby("tradition", sort=True)) + [("all", m)]:
        attributed = g[~g["speaker_found"].isin(["unknown", ""])]
        known = g[g["speaker"] != "unknown"]
        named = known[known.get("named_in_text", pd.Series("yes", index=known.index)) == "yes"]
        correct = int((attributed["speaker_found"] == attributed["speaker"]).sum())
        lenient = sum(_same(t, f, speakers) for t, f in zip(attributed["speaker"],
                                                            attributed["speaker_found"]))
        rows.append({
            "tradition": name, "labelled": len(g), "attributed": len(attributed),
            "correct": correct,
            "precision": round(correct / len(attributed), 3) if len(attributed) else float("nan"),
            "recall": round(int((known["speaker_found"] == known["speaker"]).sum()) / len(known), 3)
            if len(known) else float("nan"),
            "precision_lenient": round(lenient / len(attributed), 3) if len(attributed) else float("nan"),
            "recall_named": round(int((named["speaker_found"] == named["speaker"]).sum()) / len(named), 3)
            if len(named) else float("nan"),
        })
    return pd.DataFrame(rows)


def link_table(ledger: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The hand-checked pairs with each side's quotation and the pair's :func:`link_score`
    (columns ``quote_a, quote_b, same_source`` (bool), ``score``, ``long_enough`` (both
    :func:`~standpoint.quotations.links.linkable`: long enough and not titles)).

    Example:
        >>> led = pd.DataFrame({"quote_id": ["a:q1", "b:q1"], "passage_ids": [["a:001"], ["b:001"]],
        ...     "start": [0, 0], "end": [40, 40], "speaker": ["x", "x"], "found_by": ["none"] * 2,
        ...     "text": ["the party must purge itself of careerists", "the party must purge itself"]})
        >>> lab = pd.DataFrame({"passage_a": ["a:001"], "start_a": ["0"], "passage_b": ["b:001"],
        ...     "start_b": ["0"], "same_source": ["yes"]})
        >>> link_table(led, lab)[["score", "same_source", "long_enough"]].values.tolist()
        [[1.0, True, False]]
    """
    def find(pid, start):
        lab = pd.DataFrame({"passage_id": [pid], "start": [start], "end": [int(start) + 1]})
        return match_labels(ledger, lab)["quote_id"].iloc[0]

    text = dict(zip(ledger["quote_id"], ledger["text"]))
    rows = []
    for r in labels.itertuples(index=False):
        qa, qb = find(r.passage_a, r.start_a), find(r.passage_b, r.start_b)
        ta, tb = text.get(qa, ""), text.get(qb, "")
        rows.append({"quote_a": qa, "quote_b": qb, "same_source": r.same_source == "yes",
                     "score": link_score(ta, tb) if ta and tb else 0.0,
                     "long_enough": bool(ta and tb and linkable(ta) and linkable(tb))})
    return pd.DataFrame(rows)


def evaluate_links(table: pd.DataFrame, thresholds=None) -> pd.DataFrame:
    """Link precision, recall and F1 on the hand-checked pairs (:func:`link_table`) at each
    threshold (default: every score found): columns ``threshold, linked, correct, precision,
    recall, f1``.

    Example:
        >>> t = pd.DataFrame({"score": [1.0, 0.8, 0.7], "same_source": [True, False, True],
        ...                   "long_enough": [True, True, True]})
        >>> evaluate_links(t)[["threshold", "precision", "recall"]].values.tolist()
        [[0.7, 0.667, 1.0], [0.8, 0.5, 0.5], [1.0, 1.0, 0.5]]
    """
    if thresholds is None:
        thresholds = sorted(set(table["score"]))
    true = int(table["same_source"].sum())
    rows = []
    for t in thresholds:
        linked = table[(table["score"] >= t) & table["long_enough"]]
        correct = int(linked["same_source"].sum())
        p = correct / len(linked) if len(linked) else float("nan")
        r = correct / true if true else float("nan")
        f1 = 2 * p * r / (p + r) if len(linked) and p + r else 0.0
        rows.append({"threshold": t, "linked": len(linked), "correct": correct,
                     "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows)


def choose_threshold(curve: pd.DataFrame) -> float:
    """The threshold of the best F1 (the higher threshold on a tie).

    Example:
        >>> choose_threshold(pd.DataFrame({"threshold": [0.7, 0.8], "f1": [0.5, 0.5]}))
        0.8
    """
    best = curve.sort_values(["f1", "threshold"], ascending=[False, False]).iloc[0]
    return float(best["threshold"])


def measure(corpus=None, ledger: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every figure: ``attribution`` (:func:`evaluate_attribution`), ``links`` (the curve of
    :func:`evaluate_links`), ``threshold`` (a one-row frame with the chosen threshold and its
    precision and recall) for a corpus (default: the project's). ``ledger``: the corpus's
    :func:`~standpoint.quotations.ledger.quotations`, when the caller has it already.

    Example:
        >>> figures = measure()
        >>> from standpoint.quotations.links import LINK_THRESHOLD
        >>> float(figures["threshold"].loc[0, "threshold"]) == LINK_THRESHOLD
        True
        >>> from standpoint.quotations.ledger import quotations
        >>> measure(ledger=quotations())["attribution"].equals(figures["attribution"])
        True
    """
    from standpoint.corpus import load_corpus, load_speakers
    from standpoint.quotations.ledger import quotations

    corpus = corpus if corpus is not None else load_corpus()
    led = ledger if ledger is not None else quotations(corpus)
    labels = read_labels(Path(corpus.root) / "quotation_labels.csv")
    traditions = dict(zip(corpus.documents["doc_id"], corpus.documents["tradition"]))
    attribution = evaluate_attribution(led, labels, traditions, load_speakers(corpus.root))
    table = link_table(led, read_labels(Path(corpus.root) / "quotation_links.csv"))
    curve = evaluate_links(table)
    chosen = choose_threshold(curve)
    row = curve[curve["threshold"] == chosen].reset_index(drop=True)
    return {"attribution": attribution, "links": curve, "threshold": row}


if __name__ == "__main__":  # pragma: no cover - the command that prints the README's figures
    figures = measure()
    with pd.option_context("display.width", 200):
        print(figures["attribution"].to_string(index=False))
        print()
        print(figures["threshold"].to_string(index=False))
