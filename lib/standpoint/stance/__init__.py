"""Stance: the evaluative-lexicon heuristic (praise and blame words the author uses about a
group) and its agreement with the hand codes."""

from standpoint.stance.scoring import (
    LABELS,
    STANCE_COLUMNS,
    agreement,
    passage_stance,
    score_text,
    stance_table,
)

__all__ = ["LABELS", "STANCE_COLUMNS", "agreement", "passage_stance", "score_text",
           "stance_table"]
