"""Publishing: the executed notebooks as a report, the printable seminar handouts (HTML and
PDF), and the safe handling of output folders.

The modules, in the order a build uses them:

- ``errors``: what can go wrong, with the exit codes; ``files``: writing a file whole or not at
  all, and checking an output folder;
- ``notebooks``: which notebooks run, with which parameters (the plan); ``execution``: running
  one notebook reproducibly, so that it can be stopped; ``pages``: running the plan and writing
  each notebook as an HTML page;
- ``handouts``: the seminar handouts; ``chromium`` and ``pdf``: printing them, verified;
- ``provenance`` and ``index``: the index page and the record it ends with;
- ``ownership`` and ``folders``: whether an output folder is the report's, and building into a
  new folder that is swapped in whole;
- ``report``: :func:`build_report`, which does all of it.
"""

from standpoint.publish.chromium import find_chromium, print_pdf
from standpoint.publish.errors import (
    BuildError,
    HandoutError,
    NotebookError,
    OutputDirError,
    PrintError,
    ReportError,
)
from standpoint.publish.handouts import write_handouts
from standpoint.publish.pdf import check_pdf
from standpoint.publish.report import build_report

__all__ = ["BuildError", "HandoutError", "NotebookError", "OutputDirError", "PrintError",
           "ReportError", "build_report", "check_pdf", "find_chromium", "print_pdf",
           "write_handouts"]
