"""Publishing: the executed notebooks as a report, the printable seminar handouts (HTML and
PDF), and the safe handling of output folders."""
