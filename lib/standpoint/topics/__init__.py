"""Topics: which oppositions each passage names (:func:`mentions`) and which it is about
(:func:`topics`), how much each tradition writes about each (:func:`coverage`), and how well
that agrees with hand labels (:func:`evaluate_topics`).

The steps, one module each:

- :mod:`~standpoint.topics.spellings`: the registry's spellings, compiled; a text scanned for them
- :mod:`~standpoint.topics.dates`: the years a text gives, and which group existed then
- :mod:`~standpoint.topics.spans`: which sentence, clause or reference holds an offset
- :mod:`~standpoint.topics.context`: the context rules 1-9 that place an ambiguous match
- :mod:`~standpoint.topics.mention_table`: :func:`mentions`, the frame of every mention
- :mod:`~standpoint.topics.scoring`: :func:`topics` and :func:`topic_lists`
- :mod:`~standpoint.topics.tallies`: :func:`coverage`
- :mod:`~standpoint.topics.evaluation`: :func:`evaluate_topics` and :func:`parse_label`
"""

from standpoint.topics.dates import date_spans
from standpoint.topics.evaluation import evaluate_topics, parse_label
from standpoint.topics.mention_table import MENTION_COLUMNS, mentions
from standpoint.topics.scoring import TOPIC_COLUMNS, topic_lists, topics
from standpoint.topics.tallies import coverage

__all__ = ["MENTION_COLUMNS", "TOPIC_COLUMNS", "coverage", "date_spans", "evaluate_topics",
           "mentions", "parse_label", "topic_lists", "topics"]
