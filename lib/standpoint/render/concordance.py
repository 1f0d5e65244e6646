"""Formatting for the terminal that the generic formats do not cover: the KWIC concordance,
and list cells flattened for the flat formats (csv and table)."""

from __future__ import annotations

import re

FLAT_FORMATS = ("csv", "table")


def flat_lists(df, fmt: str):
    """``df`` with its list cells joined by ``;`` when ``fmt`` is a flat format (csv, table);
    a pair ``[start, end]`` inside a list is written ``start-end``. In json and jsonl the lists
    stay lists.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"topics": [["a", "b"], []], "spans": [[[0, 4], [9, 12]], []]})
        >>> flat_lists(df, "csv").values.tolist()
        [['a;b', '0-4;9-12'], ['', '']]
        >>> flat_lists(df, "json") is df
        True
    """
    if fmt not in FLAT_FORMATS:
        return df

    def cell(v):
        if not isinstance(v, (list, tuple)):
            return v
        return ";".join("-".join(map(str, x)) if isinstance(x, (list, tuple)) else str(x)
                        for x in v)

    listed = [c for c in df.columns if df[c].map(lambda v: isinstance(v, (list, tuple))).any()]
    return df.assign(**{c: [cell(v) for v in df[c]] for c in listed}) if listed else df


def concordance(found) -> str:
    """KWIC rows as aligned concordance lines: passage id, tradition, the left context
    right-aligned to the longest left context there is (never to the ``--window`` asked
    for), the match in brackets, the right context (runs of whitespace shown as one space).

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"passage_id": ["d:001", "d:012"], "tradition": ["icc", "academic"],
        ...                    "left": ["the ", "a long  way to "], "match": ["party", "Party"],
        ...                    "right": [" won", ""]})
        >>> print(concordance(df), end="")
        passage_id  tradition  context
        d:001       icc                  the [party] won
        d:012       academic   a long way to [Party]
    """
    def flat(s) -> str:
        return re.sub(r"\s+", " ", str(s))

    rows = [(str(p), str(t), flat(left), str(m), flat(r))
            for p, t, left, m, r in zip(found["passage_id"], found["tradition"], found["left"],
                                        found["match"], found["right"])]
    wp = max([len("passage_id")] + [len(r[0]) for r in rows])
    wt = max([len("tradition")] + [len(r[1]) for r in rows])
    wl = max([0] + [len(r[2]) for r in rows])
    lines = [f"{'passage_id':<{wp}}  {'tradition':<{wt}}  context"]
    for p, t, left, m, right in rows:
        lines.append(f"{p:<{wp}}  {t:<{wt}}  {left:>{wl}}[{m}]{right}".rstrip())
    return "\n".join(lines) + "\n"


__all__ = ["FLAT_FORMATS", "concordance", "flat_lists"]
