"""Stance: the evaluative-lexicon heuristic (praise and blame words the author writes in the
sentences about a group) and its agreement with the hand codes."""

from standpoint.stance.agreement import agreement, stance_table
from standpoint.stance.matching import score_text
from standpoint.stance.scoring import LABELS, STANCE_COLUMNS, passage_stance

__all__ = ["LABELS", "STANCE_COLUMNS", "agreement", "passage_stance", "score_text",
           "stance_table"]
