"""Tables the notebooks show, each a small function of the typed comparison or of the shared
inputs (so a notebook cell is one call, and the logic has a test): which passages a group is
found in, the terms each tradition stresses and where, the codes and quotations, the verdicts
across every group, who is silent about what, and how far each measurement can be trusted.
"""

from __future__ import annotations

import pandas as pd

from standpoint.comparison.model import Comparison


def evidence_table(c: Comparison, per_tradition: int = 2, width: int = 140) -> pd.DataFrame:
    """The first passages of each tradition about the group, with the evidence topic
    attribution found (columns ``tradition, passage_id, section, score, evidence, text``).

    Example:
        >>> from standpoint.comparison import compare
        >>> list(evidence_table(compare("workers-group")).columns)
        ['tradition', 'passage_id', 'section', 'score', 'evidence', 'text']
    """
    e = c.topics.merge(c.selected[["passage_id", "tradition", "section", "text"]], on="passage_id")
    e["tradition"] = pd.Categorical(e["tradition"], c.traditions, ordered=True)
    e = e.sort_values(["tradition", "passage_id"]).groupby("tradition", observed=True).head(per_tradition)
    e = e.assign(section=e["section"].str.slice(0, 60), text=e["text"].str.slice(0, width) + "…")
    return e[["tradition", "passage_id", "section", "score", "evidence", "text"]].reset_index(drop=True)


def keyness_table(c: Comparison, top: int = 8) -> pd.DataFrame:
    """Each tradition's most over-used terms against the others writing about the group, with
    their frequencies, effect size and corrected p (significant or not; ``is_name`` shown).

    Example:
        >>> from standpoint.comparison import compare
        >>> keyness_table(compare("left-opposition"), top=2)["tradition"].tolist()[:2]
        ['icc', 'icc']
    """
    if c.keyness.empty:
        return pd.DataFrame(columns=["tradition", "rank", "term"])
    k = c.keyness[c.keyness["direction"] == "over"].groupby("tradition", sort=False).head(top)
    columns = ["tradition", "rank", "term", "freq", "n_passages", "freq_other", "per_10k",
               "per_10k_other", "g2", "log_ratio", "p_adj", "significant", "is_name"]
    return k[columns].round({"per_10k": 1, "per_10k_other": 1, "g2": 2, "log_ratio": 2}).reset_index(drop=True)


def contexts_table(c: Comparison) -> pd.DataFrame:
    """Every distinctive term of every tradition in its contexts (KWIC lines kept by the
    comparison): ``tradition, term, passage_id, left, match, right``.

    Example:
        >>> from standpoint.comparison import compare
        >>> list(contexts_table(compare("left-opposition")).columns)[:3]
        ['tradition', 'term', 'passage_id']
    """
    rows = [{"tradition": t, "term": term, **line}
            for (t, term), lines in c.contexts.items() for line in lines]
    return pd.DataFrame(rows, columns=["tradition", "term", "passage_id", "left", "match", "right"])


def codes_table(c: Comparison, per_tradition: int = 5) -> pd.DataFrame:
    """The group's passage codes, judgements first (``endorses``, ``criticises``, ``mixed``,
    then ``reports``, then ``not-about``), up to ``per_tradition`` per tradition, with their
    themes, anchor and note.

    Example:
        >>> from standpoint.comparison import compare
        >>> codes_table(compare("workers-group"), 1)["tradition"].tolist()
        ['icc', 'anarchist']
    """
    rank = {"endorses": 0, "criticises": 0, "mixed": 1, "reports": 2, "not-about": 3}
    a = c.annotations.assign(_r=c.annotations["stance"].map(rank),
                             tradition=pd.Categorical(c.annotations["tradition"], c.traditions,
                                                      ordered=True))
    a = a.sort_values(["tradition", "_r", "passage_id"]).groupby("tradition", observed=True).head(per_tradition)
    return a.assign(themes=a["themes"].str.join(", "))[
        ["tradition", "passage_id", "stance", "themes", "anchor", "note"]].reset_index(drop=True)


def evaluative_passages(c: Comparison, per_tradition: int = 3) -> pd.DataFrame:
    """The passages about the group with the most evaluative words, per tradition (the stance
    heuristic's rows: ``tradition, passage_id, label, positive, negative, words``).

    Example:
        >>> from standpoint.comparison import compare
        >>> list(evaluative_passages(compare("workers-opposition")).columns)[:3]
        ['tradition', 'passage_id', 'label']
    """
    s = c.stance.assign(hits=c.stance["positive"] + c.stance["negative"])
    s = s[s["hits"] > 0].assign(tradition=lambda f: pd.Categorical(f["tradition"], c.traditions, ordered=True))
    s = s.sort_values(["tradition", "hits", "passage_id"], ascending=[True, False, True])
    return s.groupby("tradition", observed=True).head(per_tradition)[
        ["tradition", "passage_id", "label", "positive", "negative", "words"]].reset_index(drop=True)


def verdict_grid(verdicts_df: pd.DataFrame, traditions: list[str], oppositions: list[str]) -> pd.DataFrame:
    """Traditions x oppositions: each tradition's verdict on each group (from
    :func:`standpoint.comparison.verdicts`; a provisional one, from the codes, is marked ``*``).

    Example:
        >>> v = pd.DataFrame({"opposition": ["x", "x"], "tradition": ["a", "b"],
        ...                   "verdict": ["endorses", "silent"], "verdict_source": ["positions", "codes"]})
        >>> verdict_grid(v, ["a", "b"], ["x"]).to_dict()
        {'x': {'a': 'endorses', 'b': 'silent*'}}
    """
    cells = verdicts_df.assign(cell=verdicts_df["verdict"] + verdicts_df["verdict_source"].map(
        lambda s: "" if s == "positions" else "*"))
    grid = cells.pivot(index="tradition", columns="opposition", values="cell")
    return grid.reindex(index=traditions, columns=oppositions)


def silences(verdicts_df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Per tradition, the groups it is silent about (``tradition, judges, silent_about``).

    Example:
        >>> v = pd.DataFrame({"opposition": ["x", "y"], "tradition": ["a", "a"],
        ...                   "verdict": ["endorses", "silent"]})
        >>> silences(v, {"x": "X", "y": "Y"}).to_dict("records")
        [{'tradition': 'a', 'judges': 1, 'silent_about': 'Y'}]
    """
    rows = []
    for t, g in verdicts_df.groupby("tradition", sort=False):
        quiet = [names.get(o, o) for o in g.loc[g["verdict"] == "silent", "opposition"]]
        rows.append({"tradition": t, "judges": int((g["verdict"] != "silent").sum()),
                     "silent_about": "; ".join(quiet)})
    return pd.DataFrame(rows, columns=["tradition", "judges", "silent_about"])
