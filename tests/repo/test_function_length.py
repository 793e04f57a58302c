"""Functions stay under 50 lines (DEVELOPERS.md): a long function is split into named steps."""

from __future__ import annotations

import ast

from orchestration.settings import REPO_ROOT

LIMIT = 50
CHECKED = ("orchestration", "bench")
# Known long functions, to be split by the branch that owns them; the list may only shrink
# (empty now: a function that grows too long is split, not listed).
ALLOWED: set[str] = set()


def long_functions() -> dict[str, int]:
    """``path:name`` of every function (nested ones too) longer than LIMIT, with its length."""
    found = {}
    for folder in CHECKED:
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > LIMIT:
                        found[f"{path.relative_to(REPO_ROOT).as_posix()}:{node.name}"] = length
    return found


def test_no_function_is_longer_than_the_limit():
    too_long = {name: n for name, n in long_functions().items() if name not in ALLOWED}
    assert not too_long, f"functions over {LIMIT} lines: {too_long}"


def test_the_allow_list_names_only_functions_still_too_long():
    fixed = ALLOWED - set(long_functions())
    assert not fixed, f"under {LIMIT} lines now (or gone): remove from ALLOWED: {sorted(fixed)}"
