"""A second, independent generator of council-style tables, made by the producers councils use.

    .venv/bin/python tools/gen_tables.py --seed N --tables 300 --out DIR [--keep-source]

The generator is the package `tools/tablegen/` (its docstring says what it draws); this file
is its command line, kept where the fixtures' and benchmarks' instructions point.
"""

from __future__ import annotations

from tablegen import FACTORS, generate, main, plan

__all__ = ["FACTORS", "generate", "main", "plan"]

if __name__ == "__main__":
    main()
