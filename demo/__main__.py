"""`python -m demo [--interactive] [--no-script]`: the offline Liveroom demo."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.log import setup_logging
from demo.show import main as play


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument(
        "--interactive", action="store_true", help="after the show, type as the host or any fan"
    )
    parser.add_argument(
        "--no-script", action="store_true", help="skip the scripted show (with --interactive)"
    )
    args = parser.parse_args(argv)
    setup_logging("WARNING")
    try:
        return asyncio.run(play(play_script=not args.no_script, interactive=args.interactive))
    except KeyboardInterrupt:  # Ctrl+C: the demo's world goes away with it, no traceback
        print("\nStopped.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
