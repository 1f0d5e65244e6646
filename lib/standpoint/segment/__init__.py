"""Passages: each text cut into paragraphs with offsets back into the raw text, a section and
a voice (:func:`passages` for the corpus, :func:`split_text` for any text a user gives), and
the reading and checking of what a user gives ``standpoint tag``.
"""

from standpoint.segment.blocks import (
    MOSTLY_QUOTED,
    NOTES_SECTION,
    PASSAGE_COLUMNS,
    VOICES,
    Block,
    passage_voice,
    passages,
    segment_blocks,
    split_text,
)
from standpoint.segment.inputs import (
    MAX_INPUT_BYTES,
    check_frame,
    check_text_column,
    jsonl_passages,
    parse_jsonl,
    read_input,
)

__all__ = [
    "Block", "MAX_INPUT_BYTES", "MOSTLY_QUOTED", "NOTES_SECTION", "PASSAGE_COLUMNS", "VOICES",
    "check_frame", "check_text_column", "jsonl_passages", "parse_jsonl", "passage_voice",
    "passages", "read_input", "segment_blocks", "split_text",
]
