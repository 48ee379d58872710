"""The command that runs this very Python, as a person would type it from where they stand.

Hints printed to a terminal (make a key, play the demo) must work when pasted: outside `.venv`
a bare `python` may be missing, or lack Liveroom's packages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def python_command() -> str:
    executable = Path(sys.executable)
    try:
        relative = executable.relative_to(Path.cwd())
    except ValueError:
        return str(executable)
    return f".{os.sep}{relative}" if len(relative.parts) == 1 else str(relative)
