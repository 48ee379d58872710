"""The same crowd against two checkouts of the bot, back to back, to tell whether a change made
entry slower. The driver and the emulator are this checkout's for both, so only the bot differs;
the runs alternate (old, new, old, new, …) so that a machine getting busier hurts both alike;
and on a machine with two cores or more the emulator and the load keep core 0 while the bot
runs alone on core 1 (sharing both cores made run-to-run noise ±20% here).

    git worktree add /tmp/old <commit>
    .venv/bin/python -m bench.compare --old /tmp/old --new . --fans 3000 --rounds 5

With `--storm N` the new runs have N people reacting to the lottery card meanwhile (each a
like the bot counts): `--old . --new . --storm 10000` tells what a reaction storm costs entry.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from pathlib import Path

from bench.crowd import Figures, crowd, pin_apart


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--fans", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["password", "join"], default=None)
    parser.add_argument("--storm", type=int, default=0, help="reactions during the new runs")
    parser.add_argument("--rate", type=float, default=None, help="fans a second, steadily")
    parser.add_argument(
        "--storm-rate", type=float, default=None, help="the storm flows at this many a second"
    )
    args = parser.parse_args()
    bot_cpu = pin_apart(None)
    figures = Figures()
    for kind in [args.only] if args.only else ["password", "join"]:
        rates: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(args.rounds):
            for name in ("old", "new"):
                repo = getattr(args, name).resolve()
                storm = args.storm if name == "new" else 0
                outcome = await crowd(
                    kind,
                    args.fans,
                    figures,
                    False,
                    repo=repo,
                    bot_cpu=bot_cpu,
                    rate=args.rate,
                    storm=storm,
                    storm_rate=args.storm_rate,
                )
                rate = outcome.rate
                rates[name].append(rate)
        for name, values in rates.items():
            figures.add(
                f"- {kind}, {name} ({getattr(args, name)}): "
                + ", ".join(f"{v:,.0f}" for v in values)
                + f" entries/s; median **{statistics.median(values):,.0f}**"
            )
        change = statistics.median(rates["new"]) / statistics.median(rates["old"]) - 1
        figures.add(f"- {kind}: new against old, median {change:+.0%}")


if __name__ == "__main__":
    asyncio.run(main())
