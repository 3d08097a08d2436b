"""A diagnostic: one problem at file:line:col, with the rule that found it and a fix hint.

Printed compiler-style (``path:line:col: RULE message (hint: ...)``), as JSON, or as a GitHub
Actions annotation. Reporting is kept apart from checking: rules only create diagnostics."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Diagnostic:
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}{hint}"

    def github(self) -> str:
        from .rules import REGISTRY
        title = REGISTRY[self.rule].title if self.rule in REGISTRY else ""
        msg = (self.message + (f" Hint: {self.hint}" if self.hint else "")).replace("%", "%25")
        msg = msg.replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{self.severity} file={self.path},line={self.line},col={self.col},"
                f"title={self.rule} {title}::{msg}")

    def as_dict(self) -> dict:
        return dict(path=self.path, line=self.line, col=self.col, rule=self.rule,
                    message=self.message, hint=self.hint, severity=self.severity)
