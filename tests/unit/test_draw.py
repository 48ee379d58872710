from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from domain.draw import (
    Proof,
    commitment,
    entrants_digest,
    pick_winners,
    ranking,
    score,
    verify,
)

SEED = "00" * 31 + "01"


def test_golden_vector() -> None:
    # Fixed seed and entrants give fixed winners: changing the algorithm breaks old proofs.
    assert commitment(SEED) == ("ec4916dd28fc4c10d78e287ca5d9cc51ee1ae73cbfde08c6b37324cbfaac8bc5")
    assert pick_winners(SEED, [101, 102, 103, 104, 105], 2) == [104, 103]
    assert (
        entrants_digest([3, 1, 2])
        == "ad53e8806d17c82d38902738d1d47d96bddaade27513466322efa0f793149dd0"
    )


def test_scores_are_standard_hmac_sha256_of_the_decimal_id() -> None:
    import hashlib
    import hmac

    for user_id in (1, 42, 10_000_000, 7_123_456_789):
        expected = hmac.new(bytes.fromhex(SEED), str(user_id).encode(), hashlib.sha256).digest()
        assert score(SEED, user_id) == expected


def test_nobody_wins_twice_and_few_entrants_all_win() -> None:
    assert sorted(pick_winners(SEED, [5, 5, 6], 3)) == [5, 6]
    assert pick_winners(SEED, [], 3) == []


def test_order_of_entry_does_not_matter() -> None:
    assert pick_winners(SEED, [1, 2, 3, 4], 2) == pick_winners(SEED, [4, 3, 2, 1], 2)


def test_skipped_entrants_are_replaced_by_the_next_in_ranking() -> None:
    order = ranking(SEED, range(1, 11))
    assert pick_winners(SEED, range(1, 11), 2, skipped=[order[0]]) == order[1:3]


def test_draw_is_roughly_uniform() -> None:
    wins: Counter[int] = Counter()
    for n in range(3000):
        seed = f"{n:064x}"
        wins.update(pick_winners(seed, range(10), 1))
    assert all(240 <= wins[i] <= 360 for i in range(10)), wins


def make_proof(**changes: object) -> Proof:
    entrants = list(range(100, 120))
    proof = Proof(
        lottery_id=7,
        seed=SEED,
        commitment=commitment(SEED),
        winners_count=3,
        entrants=entrants,
        entrants_digest=entrants_digest(entrants),
        winners=pick_winners(SEED, entrants, 3),
    )
    for key, value in changes.items():
        setattr(proof, key, value)
    return proof


def test_verify_accepts_an_honest_proof_and_catches_tampering() -> None:
    assert verify(make_proof()) == []
    assert verify(make_proof(seed="11" * 32)) != []
    assert "digest" in verify(make_proof(entrants=list(range(100, 121))))[0]
    assert "winners should be" in verify(make_proof(winners=[100, 101, 102]))[0]


def test_the_command_line_verifier(tmp_path: Path) -> None:
    good = tmp_path / "proof.json"
    good.write_text(make_proof().to_json())
    result = subprocess.run(
        [sys.executable, "-m", "domain.draw", str(good)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("OK: lottery 7")
    bad = tmp_path / "bad.json"
    bad.write_text(make_proof(winners=[1]).to_json())
    result = subprocess.run(
        [sys.executable, "-m", "domain.draw", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "FAILED: winners should be" in result.stdout


def test_the_digest_hashed_a_slice_at_a_time_is_the_digest_of_the_whole_list() -> None:
    import hashlib
    import random

    ids = random.Random(7).sample(range(10**9), 10_001)  # more than two slices, unsorted
    whole = "\n".join(str(i) for i in sorted(ids)).encode()
    assert entrants_digest(ids) == hashlib.sha256(whole).hexdigest()
    assert entrants_digest(sorted(ids)) == hashlib.sha256(whole).hexdigest()
