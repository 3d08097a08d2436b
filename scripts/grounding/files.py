"""Reading files as UTF-8 text (and YAML), with every problem reported at file:line."""
from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostic

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str):
    """yaml.safe_load, through libyaml when PyYAML has it (ten times faster). An error is
    reported from the pure-Python loader, so that its message is the same either way."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def decode(data: bytes, rel: str, diags: list, rule: str = "SRC000") -> str | None:
    if b"\x00" in data[:8192]:
        diags.append(Diagnostic(rel, 1, 1, rule, "binary file (it contains NUL bytes)",
                                "only UTF-8 text files belong here"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        diags.append(Diagnostic(rel, line, col, rule,
                                f"not valid UTF-8 (byte 0x{data[e.start]:02x})",
                                "save the file as UTF-8"))
        return None


def read_text(path: Path, rel: str, rule: str, diags: list) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        diags.append(Diagnostic(rel, 1, 1, rule, "file not found", "check the path"))
        return None
    except OSError as e:
        diags.append(Diagnostic(rel, 1, 1, rule, f"cannot read file: {e.strerror}", ""))
        return None
    return decode(data, rel, diags, rule)
