"""The rule registry. One rule = one failure, declared once with everything about it.

Each rule module declares its rules with ``Rule(...)`` (id, title, granularity, message and
hint templates, and the documentation: what it checks, why, an example message and the fix)
and registers the check functions that report them with ``@check(RULE, ...)``. A check only
reports its rule(s) at a position (``ctx.report(RULE, line, col, **fields)``); formatting,
filtering (``--select``/``--ignore``), statistics and output live elsewhere.

Granularity says what a check looks at: ``corpus`` (bibliography, source texts, alias table;
reported while the corpus is loaded), ``file`` (bytes of one page), ``page`` (one parsed page)
or ``unit`` (one paragraph, list item, table row or box body of a page).

CONTRIBUTING.md's section "The checker's rules" is generated from this registry
(``python -m grounding.docs --write``; a test keeps it in sync), and each rule's example
message is what the checker prints for the rule's fixture in tests/fixtures/<id>/.
"""
from __future__ import annotations

from dataclasses import dataclass, field

REGISTRY: dict = {}
CHECKS: list = []          # (granularity, function, rule ids)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    granularity: str
    message: str
    hint: str
    what: str
    why: str
    fix: str
    example: tuple = ()
    replaces: str = ""               # the old id and meaning it was split from
    topic: str = ""
    default: bool = True             # False: runs only when selected (--select ID)

    def __post_init__(self):
        assert self.id not in REGISTRY, f"duplicate rule id {self.id}"
        assert self.granularity in ("corpus", "file", "page", "unit"), self.granularity
        REGISTRY[self.id] = self

    def format(self, **fields) -> tuple:
        return self.message.format(**fields), self.hint.format(**fields)


@dataclass
class Selection:
    """Which rules run (``--select``/``--ignore``; prefixes such as ``SRC00`` allowed)."""
    select: tuple = ()
    ignore: tuple = ()
    _cache: dict = field(default_factory=dict)

    def __contains__(self, rule_id: str) -> bool:
        if rule_id not in self._cache:
            rule = REGISTRY.get(rule_id)
            on = (not self.select and (rule is None or rule.default)) or \
                any(rule_id.startswith(s) for s in self.select)
            self._cache[rule_id] = on and not any(rule_id.startswith(s) for s in self.ignore)
        return self._cache[rule_id]

    def unknown(self) -> list:
        return [s for s in (*self.select, *self.ignore)
                if not any(r.startswith(s) for r in REGISTRY)]


ALL = Selection()


def check(*rules: Rule, granularity: str | None = None):
    """Register a check function that reports the given rules."""
    def deco(fn):
        CHECKS.append((granularity or rules[0].granularity, fn, tuple(r.id for r in rules)))
        return fn
    return deco


def checks_for(granularity: str, selection: Selection) -> list:
    return [fn for g, fn, ids in CHECKS if g == granularity and any(i in selection for i in ids)]


from . import corpus, input, citations, evidence, safety, chapter, locators, descriptors, editions  # noqa: E402,F401

__all__ = ["REGISTRY", "Rule", "Selection", "ALL", "check", "checks_for"]
