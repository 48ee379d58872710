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

Because the seed was committed before anyone entered, the host cannot pick it after seeing the
entrants; because every score depends on the seed, nobody can position themselves to win.

Verify a published proof file:  python -m domain.draw proof.json
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import operator
import secrets
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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


def score(seed_hex: str, user_id: int) -> bytes:
    """An entrant's score: HMAC-SHA256(key=seed, message=str(user_id)). The bot computes it as
    the fan enters and stores it, so a draw among 100,000 reads the best few from an index
    instead of hashing and sorting everyone at the deadline; `ranking` recomputes it here."""
    return hmac.digest(bytes.fromhex(seed_hex), str(user_id).encode(), "sha256")


def ranking(seed_hex: str, entrant_ids: Iterable[int]) -> list[int]:
    """Every entrant, best score first (ties, which SHA-256 makes only theoretical, by id)."""
    return sorted(set(entrant_ids), key=lambda user_id: (score(seed_hex, user_id), user_id))


def pick_winners(
    seed_hex: str, entrant_ids: Iterable[int], winners_count: int, skipped: Iterable[int] = ()
) -> list[int]:
    excluded = set(skipped)
    return [u for u in ranking(seed_hex, entrant_ids) if u not in excluded][:winners_count]


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
    drawn = proof.winners_count + len(proof.rerolled)
    expected = pick_winners(proof.seed, proof.entrants, drawn, proof.skipped)
    if expected != proof.winners:
        problems.append(f"winners should be {expected}, the proof says {proof.winners}")
    if not set(proof.rerolled) <= set(proof.winners):
        problems.append("a re-drawn prize names someone who never won")
    return problems


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
        sys.stdout.write(
            f"OK: lottery {proof.lottery_id}: seed matches commitment, {len(proof.entrants)} "
            f"entrants match digest, winners {proof.winners} recomputed.\n"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
