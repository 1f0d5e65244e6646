"""Passages: each text cut into paragraphs with offsets back into the raw text, a section and
a voice (:func:`passages` for the corpus, :func:`split_text` for any text a user gives), and
the reading and checking of what a user gives ``standpoint tag``.
"""

from standpoint.segment.accuracy import voice_agreement, voice_curve
from standpoint.segment.blocks import (
    AUTHORIAL_MIN,
    NOTES_SECTION,
    PASSAGE_COLUMNS,
    VOICES,
    Block,
    segment_blocks,
)
from standpoint.segment.frame import passage_voice, passages, split_text
from standpoint.segment.inputs import (
    MAX_INPUT_BYTES,
    check_frame,
    check_text_column,
    jsonl_passages,
    parse_jsonl,
    read_input,
)

__all__ = [
    "Block", "MAX_INPUT_BYTES", "AUTHORIAL_MIN", "NOTES_SECTION", "PASSAGE_COLUMNS", "VOICES",
    "check_frame", "check_text_column", "jsonl_passages", "parse_jsonl", "passage_voice",
    "passages", "read_input", "segment_blocks", "split_text", "voice_agreement", "voice_curve",
]
