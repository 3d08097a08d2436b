"""Grounding checker (transitional): the new package is being built beside the old module.

Until the switch-over, the checker's verdicts come from ``grounding_legacy``; the one
Markdown parse (``grounding.markdown``) is already the new one.
"""
from grounding_legacy import *  # noqa: F401,F403
from grounding_legacy import Checker, Diagnostic, RULES, Source, canonical, number_readings, \
    parse_bibtex, report_markdown, run, to_json  # noqa: F401
