"""Corpus rules: the bibliography, the checksummed source texts and the alias table.

Reported while the corpus is loaded (scripts/grounding/corpus.py). Each is a root problem:
the checks that depend on the broken file are skipped, and one line says how many."""
from __future__ import annotations

from . import Rule

BIB_MALFORMED = Rule(
    "SRC020", "the bibliography can be read", "corpus",
    "{message}", "{hint}",
    what="`bibliography.bib` must be readable, well-formed BibTeX. The checker reads it with "
         "a strict parser that stops at the first error and names its line.",
    why="Every citation is resolved through this file, and the site's reference list is built "
        "from it. One missing comma would otherwise make every key after it look unknown.",
    fix="Correct the line the message names (often the line before it: a missing comma or "
        "closing brace). The checks that need the bibliography run again once it is fixed.",
    replaces="SRC001 (bad bibliography)", topic="corpus")

ENTRY_FILE = Rule(
    "SRC021", "each bibliography entry has its source text", "corpus",
    "entry '{key}' {problem}", "{fix}",
    what="Each entry in `bibliography.bib` names its plain-text source with "
         "`file = {sources/<key>.txt}`, and the file exists.",
    why="The checker verifies claims against this text; without it nothing citing the key "
        "can be checked.",
    fix="Add the source text to `sources/` (with its checksum), or correct the `file` field.",
    replaces="SRC001 (missing source file)", topic="corpus")

NO_CHECKSUM = Rule(
    "SRC022", "each source text has a checksum", "corpus",
    "'{name}' (source of '{key}') has no checksum in the manifest",
    "run: (cd sources && sha256sum {name} >> SHA256SUMS)",
    what="Every source text is listed in `sources/SHA256SUMS`.",
    why="The checksum is what makes the line numbers of a locator stable evidence.",
    fix="Add its line to the manifest as the hint shows, in the pull request that adds the "
        "source.", replaces="SRC001 (no checksum)", topic="corpus")

CHECKSUM = Rule(
    "SRC023", "source texts are unchanged", "corpus",
    "'{name}' does not match its checksum in sources/SHA256SUMS: the source text was edited, "
    "replaced or swapped",
    "source files are evidence and are never edited: restore it with 'git checkout -- {rel}'",
    what="Each source text has exactly the bytes recorded in `sources/SHA256SUMS`.",
    why="Locators are line numbers of these files; an edited source silently moves every "
        "passage and can make a claim look supported.",
    fix="Never edit a source file: restore it as the hint says. If the extraction itself was "
        "wrong, replace the file and its checksum in a separate pull request that explains why.",
    replaces="SRC001 (checksum mismatch)", topic="corpus")

MANIFEST_LINE = Rule(
    "SRC024", "the checksum manifest can be read", "corpus",
    "malformed checksum line",
    "each line is '<sha256>  <file name>', as printed by sha256sum",
    what="Each line of `sources/SHA256SUMS` is a SHA-256 digest and a file name.",
    why="A line the checker cannot read protects nothing.",
    fix="Regenerate the line with `sha256sum`.", replaces="SRC001 (manifest line)",
    topic="corpus")

ALIASES = Rule(
    "SRC025", "the alias table can be read", "corpus",
    "alias table {problem}", "each line is 'Name: [form, form]'",
    what="`scripts/data/aliases.yml` is a YAML mapping from a name to the list of forms the "
         "sources use for it.",
    why="The name checks read it; if it cannot be read they are skipped, not guessed.",
    fix="Correct the line the message names; each line is `Name: [form, form]`.",
    replaces="SRC004 (alias table)", topic="corpus")
