"""The draw: a documented, deterministic function of (seed, sorted entrant ids). No Telegram here.

Algorithm `liveroom-hmac-sha256-v1`:
  1. Before entries open, a 32-byte secret seed is drawn from the OS's cryptographic source and
     its SHA-256 (the commitment) is published on the lottery card.
  2. At the deadline, the entrant list is frozen: the Telegram user ids of everyone who entered
     in time, sorted ascending. Its digest is SHA-256 of the ids joined by "\\n" (ASCII).
  3. Each entrant's score is HMAC-SHA256(key=seed, message=str(user_id)); entrants are ranked by
     score (then by id). Winners are the first `winners_count` in that ranking, skipping anyone
     found ineligible at the draw (e.g. who stopped following the channel); skipped ids are
     published too. Nobody can appear twice, and with fewer entrants than prizes all win.
  4. A prize left unclaimed past its deadline can be re-drawn: it goes to the next entrant in
     the same ranking. The proof lists such `rerolled` winners; all winners in draw order are
     then the first `winners_count + len(rerolled)` of the ranking, less the skipped.

Fair play (domain/fairplay.py) adds to step 3, and the proof says each: the entrants a rule kept
out (`excluded`, each with its rule: removed by the host with a reason, blocked, over the room's
cap of wins, joined after the lottery began) are skipped; with fresh-first, `demoted` entrants
(won in the room within the window) come after everyone else, each part in ranking order.
`rules` holds the rules in force; an exclusion under a rule not in force fails the check. A
proof from before (no rules) is checked exactly as before.

Because the seed was committed before anyone entered, the host cannot pick it after seeing the
entrants; because every score depends on the seed, nobody can position themselves to win.

Verify a published proof file:  python -m domain.draw proof.json
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import itertools
import json
import operator
import secrets
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.fairplay import DEMOTED, Excluded, fair_order

ALGORITHM = "liveroom-hmac-sha256-v1"
SEED_BYTES = 32
_DIGEST_SLICE = 4096


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


def commitment(seed_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def entrants_digest(entrant_ids: Sequence[int]) -> str:
    """SHA-256 of the ids, ascending, joined by "\\n": hashed a slice at a time, so 100,000
    entrants never become 100,000 strings at once (and ids already ascending, as the database
    hands them over, are not copied to be sorted)."""
    ordered = entrant_ids if is_ascending(entrant_ids) else sorted(entrant_ids)
    digest = hashlib.sha256()
    for start in range(0, len(ordered), _DIGEST_SLICE):
        if start:
            digest.update(b"\n")
        digest.update("\n".join(map(str, ordered[start : start + _DIGEST_SLICE])).encode())
    return digest.hexdigest()


def is_ascending(ids: Sequence[int]) -> bool:
    return all(map(operator.le, ids, itertools.islice(ids, 1, None)))


def among(ascending: Sequence[int], user_id: int) -> bool:
    """Whether `user_id` is one of these ascending ids: a binary search, not a set of 100,000."""
    index = bisect.bisect_left(ascending, user_id)
    return index < len(ascending) and ascending[index] == user_id


def score(seed_hex: str, user_id: int) -> bytes:
    """An entrant's score: HMAC-SHA256(key=seed, message=str(user_id)). The bot computes it as
    the fan enters and stores it, so a draw among 100,000 reads the best few from an index
    instead of hashing and sorting everyone at the deadline; `ranking` recomputes it here."""
    return hmac.digest(bytes.fromhex(seed_hex), str(user_id).encode(), "sha256")


def ranking(seed_hex: str, entrant_ids: Iterable[int]) -> list[int]:
    """Every entrant, best score first (ties, which SHA-256 makes only theoretical, by id)."""
    return sorted(set(entrant_ids), key=lambda user_id: (score(seed_hex, user_id), user_id))


def pick_winners(
    seed_hex: str,
    entrant_ids: Iterable[int],
    winners_count: int,
    skipped: Iterable[int] = (),
    excluded: Iterable[int] = (),
    demoted: Iterable[int] = (),
) -> list[int]:
    """The first `winners_count` of the fair order (`fair_order`), less the skipped."""
    order = fair_order(ranking(seed_hex, entrant_ids), set(excluded), set(demoted))
    left_out = set(skipped)
    return [u for u in order if u not in left_out][:winners_count]


@dataclass
class Proof:
    """Everything needed to check a draw; published as JSON by /proof."""

    lottery_id: int
    seed: str
    commitment: str
    winners_count: int
    entrants: list[int]
    entrants_digest: str
    winners: list[int]  # every winner ever drawn, in draw order
    skipped: list[int] = field(default_factory=list)
    rerolled: list[int] = field(default_factory=list)  # winners whose prize was re-drawn
    # Who could enter besides how ("level>=2", "checkins>=3"): every entrant listed met it
    # when they entered (others were refused), so the entrants are the qualifying fans.
    condition: str | None = None
    # Fair play: the rules in force (None: a lottery from before them), the entrants they kept
    # out (id as text -> `Excluded`) and those moved behind (fresh-first's recent winners).
    rules: dict[str, Any] | None = None
    excluded: dict[str, str] = field(default_factory=dict)
    demoted: list[int] = field(default_factory=list)
    # A joint lottery (two rooms, one draw): each entrant's room, by chat id (id as text).
    rooms: dict[str, int] = field(default_factory=dict)
    algorithm: str = ALGORITHM

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Proof:
        return cls(**json.loads(text))


def verify(proof: Proof) -> list[str]:
    """Problems found in a proof; an empty list means the draw checks out."""
    problems = []
    if proof.algorithm != ALGORITHM:
        problems.append(f"unknown algorithm {proof.algorithm!r}")
    if commitment(proof.seed) != proof.commitment:
        problems.append("the seed does not match the commitment published on the card")
    if entrants_digest(proof.entrants) != proof.entrants_digest:
        problems.append("the entrant list does not match its published digest")
    problems.extend(_rule_problems(proof))
    drawn = proof.winners_count + len(proof.rerolled)
    excluded = [int(user_id) for user_id in proof.excluded]
    expected = pick_winners(
        proof.seed, proof.entrants, drawn, proof.skipped, excluded, proof.demoted
    )
    if expected != proof.winners:
        problems.append(f"winners should be {expected}, the proof says {proof.winners}")
    if not set(proof.rerolled) <= set(proof.winners):
        problems.append("a re-drawn prize names someone who never won")
    return problems


def _in_force(rule: str, rules: dict[str, Any], user_id: str) -> bool:
    """Whether `rules` has the rule that `excluded` names for this entrant."""
    return {
        Excluded.REMOVED: user_id in rules.get("removed", {}),
        Excluded.BLOCKED: rules.get("block_list_digest") is not None,
        Excluded.CAP: rules.get("cap_wins") is not None,
        Excluded.NEWCOMER: bool(rules.get("members_only")),
    }.get(Excluded(rule), False)


def _rule_problems(proof: Proof) -> list[str]:
    """Exclusions and demotions that the rules in force do not allow."""
    rules = proof.rules or {}
    entrants = set(proof.entrants)
    problems = []
    for who, rule in sorted(proof.excluded.items()):
        if not who.lstrip("-").isdigit() or int(who) not in entrants:
            problems.append(f"{who} is excluded but not an entrant")
        elif rule not in set(Excluded) or not _in_force(rule, rules, who):
            problems.append(f"{who} is excluded by {rule!r}, a rule not in force")
    for user_id in proof.demoted:
        if not rules.get("fresh_first"):
            problems.append(f"{user_id} is moved behind, but fresh-first is not in force")
            break
        if user_id not in entrants or str(user_id) in proof.excluded:
            problems.append(f"{user_id} is moved behind but is no entrant still in the draw")
    problems.extend(
        f"{who}'s room is listed, but they are no entrant"
        for who in proof.rooms
        if not who.lstrip("-").isdigit() or int(who) not in entrants
    )
    problems.extend(
        f"{user_id}'s removal is recorded, but they were not left out"
        for user_id in rules.get("removed", {})
        if proof.excluded.get(user_id) != Excluded.REMOVED
    )
    return problems


def explain(proof: Proof) -> list[str]:
    """A line per entrant a rule left out or moved behind, and why."""
    removed = (proof.rules or {}).get("removed", {})
    lines = []
    for user_id, rule in sorted(proof.excluded.items(), key=lambda item: int(item[0])):
        why = f"{rule}: {removed[user_id]}" if user_id in removed else rule
        lines.append(f"excluded {user_id} ({why})")
    lines.extend(f"moved behind {user_id} ({DEMOTED})" for user_id in proof.demoted)
    return lines


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m domain.draw proof.json\n")
        return 2
    with open(argv[0], encoding="utf-8") as source:
        proof = Proof.from_json(source.read())
    problems = verify(proof)
    for problem in problems:
        sys.stdout.write(f"FAILED: {problem}\n")
    if not problems:
        for line in explain(proof):
            sys.stdout.write(f"{line}\n")
        if proof.rules:
            sys.stdout.write(f"rules in force: {json.dumps(proof.rules, sort_keys=True)}\n")
        sys.stdout.write(
            f"OK: lottery {proof.lottery_id}: seed matches commitment, {len(proof.entrants)} "
            f"entrants match digest, winners {proof.winners} recomputed.\n"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
