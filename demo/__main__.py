"""`python -m demo`: an offline Liveroom show against the built-in Telegram emulator."""

from __future__ import annotations

import sys

from bot.log import setup_logging
from demo.show import run


def main() -> int:
    setup_logging("WARNING")
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
