"""How much each tradition writes about each opposition: :func:`coverage`, traditions x
oppositions, in passages and in words (from the :func:`standpoint.topics.topics` rows)."""

from __future__ import annotations

import pandas as pd

def coverage(passages: pd.DataFrame, topics_df: pd.DataFrame, order: list[str], *,
             voice: str | None = "author", traditions: list[str] | None = None) -> pd.DataFrame:
    """Traditions x oppositions: how many passages, and how many words, are about each.

    Returns one frame with two-level columns: ``("passages", opposition)`` and ``("words",
    opposition)``, oppositions in ``order`` (the registry order); rows are traditions (in
    ``traditions`` order, default: order of first appearance in ``passages``), integers, zeros
    included. A passage about two oppositions counts for both. ``voice="author"`` (default)
    counts authorial passages only; ``voice=None`` (or ``"all"``) counts every passage; any
    other value counts passages of that voice.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"],
        ...                   "tradition": ["icc", "icc", "academic"],
        ...                   "voice": ["author", "quotation", "author"], "n_words": [10, 5, 7]})
        >>> t = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"], "opposition": ["x", "x", "y"]})
        >>> c = coverage(p, t, ["x", "y"])
        >>> c["passages"].to_dict("index")
        {'icc': {'x': 1, 'y': 0}, 'academic': {'x': 0, 'y': 1}}
        >>> int(coverage(p, t, ["x", "y"], voice=None).loc["icc", ("words", "x")])
        15
    """
    order = list(order)
    known = set(topics_df["opposition"]) if len(topics_df) else set()
    if known and not known & set(order):
        raise ValueError(f"coverage: order {order[:3]}... names none of the oppositions in topics_df")
    chosen = passages
    if voice not in (None, "all"):
        chosen = passages[passages["voice"] == voice]
    if traditions is None:
        traditions = list(dict.fromkeys(passages["tradition"]))
    t = topics_df
    if "is_topic" in t.columns:
        t = t[t["is_topic"].astype(bool)]
    joined = t[["passage_id", "opposition"]].drop_duplicates().merge(
        chosen[["passage_id", "tradition", "n_words"]], on="passage_id", how="inner")
    counts = joined.pivot_table(index="tradition", columns="opposition", values="passage_id",
                                aggfunc="count", fill_value=0)
    words = joined.pivot_table(index="tradition", columns="opposition", values="n_words",
                               aggfunc="sum", fill_value=0)
    counts = counts.reindex(index=traditions, columns=order, fill_value=0).fillna(0).astype("int64")
    words = words.reindex(index=traditions, columns=order, fill_value=0).fillna(0).astype("int64")
    frame = pd.concat({"passages": counts, "words": words}, axis=1)
    frame.index.name = "tradition"
    frame.columns.names = ["measure", "opposition"]
    return frame


