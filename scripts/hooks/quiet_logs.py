"""Keep the build log to what a contributor has to act on.

mkdocs-to-pdf logs "without generate PDF(set environment variable ENABLE_PDF_EXPORT to 1 to
enable)" on every build and serve that is not the print edition. That reads like an instruction,
but nothing is wrong: the site is built without the PDF on purpose and `make pdf` builds the
print edition. The line is dropped (it is still logged at DEBUG level, `mkdocs build -v`).
"""
from __future__ import annotations

import logging

PDF_LOGGER = "mkdocs.to-pdf"
MARKER = "without generate PDF"


class _PdfExportOff(logging.Filter):
    primer_quiet_logs = True          # recognised again when `mkdocs serve` reloads this file

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and MARKER in str(record.msg):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG)
        return True


def install() -> None:
    logger = logging.getLogger(PDF_LOGGER)
    for f in list(logger.filters):
        if getattr(f, "primer_quiet_logs", False):
            logger.removeFilter(f)
    logger.addFilter(_PdfExportOff())


# Hooks are loaded with the configuration, before any plugin's on_config logs anything.
install()
