"""The floor pixmod is measured against: one process reading and
``ast.parse``-ing every Python file of a tree, what any Python tool that
looks at every file pays.

    python bench/floor.py TREE      # as bench/real.py times it, start-up included

Imports nothing but the standard library, so that the process's start-up is
Python's own.
"""

import ast
import os
import sys


def parse_all(root: str) -> int:
    """Read and parse every ``.py`` file under ``root`` (not in hidden
    folders or ``__pycache__``); the number of files."""
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), "rb") as handle:
                    source = handle.read()
                try:
                    ast.parse(source)
                except (SyntaxError, ValueError):
                    pass
                count += 1
    return count


if __name__ == "__main__":
    parse_all(sys.argv[1])
