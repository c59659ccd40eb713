"""Import third-party modules that print banners without letting them reach standard output.

JioNLP (and jiojio, which it loads) print two banner lines to stdout when imported. Standard
output carries the data a command was asked for (JSON, CSV, N-Triples …), so any banner there
corrupts it. Import such modules through :func:`quiet_import`; what they print goes nowhere.
"""

from __future__ import annotations

import contextlib
import importlib
import io
from types import ModuleType


def quiet_import(name: str) -> ModuleType:
    """``importlib.import_module(name)`` with its standard output discarded."""
    with contextlib.redirect_stdout(io.StringIO()):
        return importlib.import_module(name)
