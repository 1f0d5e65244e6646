"""Reading: the corpus folder (texts, registry of documents and traditions, the subjects
registry, codebook, annotations, evaluative lexicon), validated and checksummed.

Every problem is an error naming the file, the row and what is wrong (:class:`CorpusError`,
:class:`OppositionsError`, :class:`AnnotationError`, :class:`LexiconError`).
"""

from standpoint.corpus.annotations import ANNOTATION_COLUMNS, load_annotations
from standpoint.corpus.claims import CLAIM_COLUMNS, disputes, load_claims
from standpoint.corpus.codebook import (
    NOT_ABOUT,
    REPORTS,
    SILENT,
    AnnotationError,
    Codebook,
    load_codebook,
)
from standpoint.corpus.coding import load_adjudications, load_double_coding
from standpoint.corpus.documents import (
    DOCUMENT_COLUMNS,
    TRADITION_COLUMNS,
    Corpus,
    CorpusError,
    default_root,
    load_corpus,
    load_traditions,
    project_root,
)
from standpoint.corpus.files import read_csv_rows, read_utf8, read_yaml
from standpoint.corpus.labels import LabelsError, load_topic_labels, load_voice_labels
from standpoint.corpus.lexicon import LexiconError, default_lexicon_path, load_lexicon
from standpoint.corpus.positions import POSITION_COLUMNS, load_positions, missing_positions
from standpoint.corpus.registry import (
    OppositionsError,
    load_oppositions,
    member_index,
    opposition_order,
)

__all__ = [
    "ANNOTATION_COLUMNS", "AnnotationError", "Codebook", "Corpus", "CorpusError",
    "DOCUMENT_COLUMNS", "LexiconError", "OppositionsError", "TRADITION_COLUMNS",
    "default_lexicon_path", "default_root", "load_annotations", "load_codebook", "load_corpus",
    "load_lexicon", "load_oppositions", "load_traditions", "member_index", "opposition_order",
    "project_root", "CLAIM_COLUMNS", "disputes", "load_claims", "NOT_ABOUT", "REPORTS", "SILENT",
    "POSITION_COLUMNS", "load_positions", "missing_positions", "load_adjudications",
    "load_double_coding", "LabelsError", "load_topic_labels", "load_voice_labels",
    "read_csv_rows", "read_utf8", "read_yaml",
]
