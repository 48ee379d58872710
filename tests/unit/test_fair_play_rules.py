"""Fair play's rules on plain values, pinned against golden vectors: a verifier anyone writes
from the README must get these same orders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.draw import Proof, commitment, entrants_digest, pick_winners, ranking, verify
from domain.errors import UserInputError
from domain.fairplay import (
    FairPlay,
    Shortfall,
    block_list_digest,
    capped_and_recent,
    check_choices,
    check_emoji,
    check_passed,
    countdown_of,
    fair_order,
    minimum_of,
    parse_fairplay,
    shortfall,
)
from domain.lottery import parse_lottery

SEED = "00" * 32
IDS = [101, 202, 303, 404, 505, 606]
NOW = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)


def test_the_ranking_and_the_fair_order_match_the_golden_vectors() -> None:
    assert ranking(SEED, IDS) == [505, 202, 606, 101, 404, 303]
    # 505 kept out, 202 moved behind: the rest in ranking order, then 202.
    assert fair_order(ranking(SEED, IDS), {505}, {202}) == [606, 101, 404, 303, 202]
    assert pick_winners(SEED, IDS, 3, excluded=[505], demoted=[202]) == [606, 101, 404]
    # Skipped (left the channel) and two moved behind: they come last, in ranking order.
    assert pick_winners(SEED, IDS, 6, skipped=[606], excluded=[505], demoted=[202, 101]) == [
        404,
        303,
        202,
        101,
    ]
    # No rules: exactly the old draw.
    assert pick_winners(SEED, IDS, 2) == [505, 202]


def _proof(**fields: object) -> Proof:
    values: dict[str, object] = {
        "lottery_id": 7,
        "seed": SEED,
        "commitment": commitment(SEED),
        "winners_count": 2,
        "entrants": IDS,
        "entrants_digest": entrants_digest(IDS),
        "winners": [505, 202],
    }
    values.update(fields)
    return Proof(**values)  # type: ignore[arg-type]


def test_a_proof_from_before_the_rules_still_verifies() -> None:
    old = _proof()
    assert verify(Proof.from_json(old.to_json())) == []
    legacy = {k: v for k, v in old.__dict__.items() if k not in ("rules", "excluded", "demoted")}
    assert verify(Proof(**legacy)) == []


def test_every_exclusion_must_name_a_rule_in_force() -> None:
    rules = {"cap_wins": 1, "cap_days": 30, "removed": {"303": "twin account"}}
    fair = _proof(rules=rules, excluded={"505": "cap", "303": "removed"}, winners=[202, 606])
    assert verify(fair) == []
    assert verify(_proof(rules=rules, excluded={"505": "newcomer", "303": "removed"})) == [
        "505 is excluded by 'newcomer', a rule not in force",
        "winners should be [202, 606], the proof says [505, 202]",
    ]
    assert "999 is excluded but not an entrant" in verify(
        _proof(rules=rules, excluded={"999": "cap", "303": "removed"})
    )
    # A removal recorded but not applied, and one applied without its record.
    assert "303's removal is recorded, but they were not left out" in verify(
        _proof(rules=rules, excluded={"505": "cap"}, winners=[202, 606])
    )
    assert "404 is excluded by 'removed', a rule not in force" in verify(
        _proof(rules=rules, excluded={"404": "removed", "303": "removed"})
    )
    # Moved behind without fresh-first in force.
    assert "505 is moved behind, but fresh-first is not in force" in verify(
        _proof(demoted=[505], winners=[202, 606])
    )
    fresh = _proof(rules={"fresh_first": True}, demoted=[505], winners=[202, 606])
    assert verify(fresh) == []


def test_the_cap_and_fresh_first_look_at_wins_inside_the_window_only() -> None:
    wins = [
        (1, NOW - timedelta(days=7)),
        (2, NOW - timedelta(days=31)),  # outside 30 days
        (3, NOW - timedelta(days=1)),
        (3, NOW - timedelta(days=2)),
    ]
    assert capped_and_recent(wins, FairPlay(cap_wins=1), NOW) == ({1, 3}, set())
    assert capped_and_recent(wins, FairPlay(cap_wins=2), NOW) == ({3}, set())
    assert capped_and_recent(wins, FairPlay(cap_wins=2, fresh_first=True), NOW) == ({3}, {1})
    assert capped_and_recent(wins, FairPlay(fresh_first=True), NOW) == (set(), {1, 3})
    assert capped_and_recent(wins, FairPlay(cap_wins=1, cap_days=60), NOW) == ({1, 2, 3}, set())
    # Exactly at the window's edge it still counts; a moment past, it does not.
    edge = [(4, NOW - timedelta(days=30))]
    assert capped_and_recent(edge, FairPlay(cap_wins=1), NOW) == ({4}, set())
    later = NOW + timedelta(seconds=1)
    assert capped_and_recent(edge, FairPlay(cap_wins=1), later) == (set(), set())


def test_the_block_list_digest_ignores_order_and_repeats() -> None:
    assert block_list_digest([3, 1, 2, 1]) == block_list_digest([1, 2, 3])
    assert block_list_digest([1, 2]) != block_list_digest([1, 2, 3])


@pytest.mark.parametrize(
    ("args", "rules"),
    [
        ("cap 1 30", FairPlay(cap_wins=1, cap_days=30)),
        ("cap 2", FairPlay(cap_wins=2, cap_days=30)),
        ("CAP 99 365", FairPlay(cap_wins=99, cap_days=365)),
        ("cap off", FairPlay()),
        ("fresh on", FairPlay(fresh_first=True)),
        ("newcomers off", FairPlay(members_only=True)),
        ("newcomers on", FairPlay()),
        ("check on", FairPlay(human_check=True)),
    ],
)
def test_fairplay_settings(args: str, rules: FairPlay) -> None:
    assert parse_fairplay(args).applied(FairPlay()) == rules


def test_one_setting_leaves_the_others_as_they_were() -> None:
    before = FairPlay(cap_wins=1, cap_days=7, fresh_first=True, human_check=True)
    assert parse_fairplay("newcomers off").applied(before) == FairPlay(
        cap_wins=1, cap_days=7, fresh_first=True, members_only=True, human_check=True
    )
    assert parse_fairplay("cap off").applied(before).cap_wins is None


@pytest.mark.parametrize(
    "args", ["", "cap", "cap 0 30", "cap 100", "cap 1 0", "cap 1 366", "cap one", "fresh", "x on"]
)
def test_bad_fairplay_settings_are_refused(args: str) -> None:
    with pytest.raises(UserInputError):
        parse_fairplay(args)


def test_countdowns_and_minimums() -> None:
    assert countdown_of("5m") == timedelta(minutes=5)
    assert countdown_of("90s") == timedelta(seconds=90)
    assert countdown_of("1h30m") == timedelta(minutes=90)
    assert countdown_of("10分钟") == timedelta(minutes=10)
    assert countdown_of("24h") == timedelta(hours=24)
    assert countdown_of("Mug") is None
    assert countdown_of("5") is None
    for out_of_range in ("29s", "25h", "0m"):
        with pytest.raises(UserInputError):
            countdown_of(out_of_range)
    assert minimum_of("min20") == 20
    assert minimum_of("mint") is None
    with pytest.raises(UserInputError):
        minimum_of("min1")
    request = parse_lottery("open Mug 5m min20 x2")
    assert (request.prize, request.winners, request.countdown, request.minimum) == (
        "Mug",
        2,
        timedelta(minutes=5),
        20,
    )
    assert parse_lottery("password rose Lip balm").countdown is None


def test_a_minimum_extends_once_then_cancels() -> None:
    assert shortfall(5, None, extended=False) is None
    assert shortfall(20, 20, extended=False) is None
    assert shortfall(19, 20, extended=False) is Shortfall.EXTEND
    assert shortfall(19, 20, extended=True) is Shortfall.CANCEL


def test_the_human_check_offers_the_cards_emoji_in_a_fans_own_order() -> None:
    card = "11" * 32
    assert check_emoji(card) == "🎸"
    assert check_choices(card, 7) == ["🚗", "🌙", "🎸", "🌵"]
    for fan in range(1, 50):
        choices = check_choices(card, fan)
        assert len(set(choices)) == 4 and "🎸" in choices
        assert [check_passed(card, fan, pick) for pick in range(4)].count(True) == 1
    assert not check_passed(card, 7, 9)
    assert not check_passed(card, 7, -1)


def test_recorded_rules_fall_apart_into_kept_out_and_moved_behind() -> None:
    from domain.fairplay import DEMOTED, apart

    ruled = [(1, "cap"), (2, DEMOTED), (3, "removed"), (4, DEMOTED)]
    assert apart(ruled) == ({1: "cap", 3: "removed"}, {2, 4})
    assert apart([]) == ({}, set())
