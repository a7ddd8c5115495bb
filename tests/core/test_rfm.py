import itertools

import pandas as pd
import pytest

from persona_desktop.core.analytics import rfm

# Every named segment with a hand-built (R, FM) that must land in it.
EXPECTED_QUINTILE_CELLS = {
    "champions": [(5, 4), (5, 5), (4, 5)],
    "loyal": [(4, 4), (3, 4), (3, 5)],
    "potential_loyalists": [(5, 2), (5, 3), (4, 2), (4, 3)],
    "new_customers": [(5, 1)],
    "promising": [(4, 1)],
    "need_attention": [(3, 3)],
    "about_to_sleep": [(3, 1), (3, 2)],
    "at_risk": [(2, 3), (2, 4), (1, 3), (1, 4)],
    "cannot_lose_them": [(2, 5), (1, 5)],
    "hibernating": [(2, 1), (2, 2)],
    "lost": [(1, 1), (1, 2)],
}


@pytest.mark.parametrize("segment", sorted(EXPECTED_QUINTILE_CELLS))
def test_every_named_segment_has_its_cells(segment):
    for r, fm in EXPECTED_QUINTILE_CELLS[segment]:
        assert rfm.segment_for(r, fm, 5) == segment


def test_every_quintile_cell_belongs_to_exactly_one_segment():
    listed = [cell for cells in EXPECTED_QUINTILE_CELLS.values() for cell in cells]
    assert sorted(listed) == sorted(itertools.product(range(1, 6), range(1, 6)))


def test_every_segment_has_an_english_and_a_chinese_name():
    assert set(EXPECTED_QUINTILE_CELLS) == set(rfm.SEGMENTS)
    for en, zh in rfm.SEGMENTS.values():
        assert en and zh and en != zh


@pytest.mark.parametrize("f, m, fm", [(1, 1, 1), (1, 2, 2), (2, 3, 3), (3, 4, 4), (4, 5, 5),
                                      (5, 5, 5), (1, 5, 3), (2, 2, 2)])
def test_fm_rounds_half_up(f, m, fm):
    assert rfm.fm_score(f, m) == fm


def test_tercile_map_covers_every_cell_with_named_segments():
    for r, fm in itertools.product(range(1, 4), range(1, 4)):
        assert rfm.segment_for(r, fm, 3) in rfm.SEGMENTS


def _customers(n):
    return pd.DataFrame({"recency_days": range(1, n + 1), "frequency": range(n, 0, -1),
                         "monetary": [float(x) for x in range(n, 0, -1)]},
                        index=pd.RangeIndex(1, n + 1, name="customer_id"))


def test_quintiles_are_equal_sized_without_ties():
    scores = rfm.RFMScorer().fit(_customers(500)).scores_
    assert scores["F"].value_counts().to_dict() == {s: 100 for s in range(1, 6)}


@pytest.mark.parametrize("rank, expected", [(1, 1), (100, 1), (101, 2), (400, 4), (401, 5),
                                            (500, 5)])
def test_quintile_boundaries(rank, expected):
    values = pd.Series(range(1, 501), dtype=float)
    assert rfm.score(values, 5).iloc[rank - 1] == expected


def test_most_recent_customer_gets_the_top_recency_score():
    scores = rfm.RFMScorer().fit(_customers(500)).scores_
    assert scores.loc[1, "R"] == 5 and scores.loc[500, "R"] == 1
    assert scores.loc[1, "segment"] == "champions"
    assert scores.loc[500, "segment"] == "lost"


def test_identical_customers_always_share_a_score():
    feats = _customers(500)
    feats["frequency"] = 1
    scores = rfm.RFMScorer().fit(feats).scores_
    assert scores["F"].nunique() == 1


def test_small_shop_uses_terciles_and_says_so():
    scorer = rfm.RFMScorer().fit(_customers(150))
    assert scorer.bins_ == 3 and scorer.small_shop_
    assert scorer.scores_["R"].max() == 3


def test_scoring_is_deterministic():
    a = rfm.RFMScorer().fit(_customers(321)).scores_
    b = rfm.RFMScorer().fit(_customers(321)).scores_
    pd.testing.assert_frame_equal(a, b)


def test_a_measure_on_which_everyone_is_equal_gives_the_middle_score():
    feats = _customers(30)
    feats["recency_days"] = 1.0          # everyone bought on the last day
    scores = rfm.RFMScorer().fit(feats).scores_
    assert set(scores["R"]) == {2}       # terciles below 200 customers: the middle one
    assert "lost" not in set(scores["segment"])
