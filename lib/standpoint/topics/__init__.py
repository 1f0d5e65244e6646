"""Topics: which oppositions each passage names (:func:`mentions`) and which it is about
(:func:`topics`), how much each tradition writes about each (:func:`coverage`), and how well
that agrees with hand labels (:func:`evaluate_topics`)."""

from standpoint.topics.attribution import (
    MENTION_COLUMNS,
    TOPIC_COLUMNS,
    coverage,
    date_spans,
    evaluate_topics,
    mentions,
    parse_label,
    topic_lists,
    topics,
)

__all__ = ["MENTION_COLUMNS", "TOPIC_COLUMNS", "coverage", "date_spans", "evaluate_topics",
           "mentions", "parse_label", "topic_lists", "topics"]
