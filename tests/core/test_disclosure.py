import pandas as pd

from persona_desktop.core.privacy import disclosure


def test_small_group_is_merged_with_enough_others_that_subtraction_reveals_nothing():
    sizes = pd.Series({"A": 120, "B": 40, "C": 3})
    mapping = disclosure.merge_small_groups(sizes, k=10)
    assert mapping["C"] == disclosure.OTHER
    # With only C in "Other", Other = total - A - B would be C itself: B must be merged too.
    assert mapping["B"] == disclosure.OTHER
    assert mapping["A"] == "A"
    shown = sizes.groupby(pd.Series(mapping)).sum()
    assert 3 not in shown.to_list()
    assert shown[disclosure.OTHER] == 43


def test_groups_at_the_threshold_stay_visible():
    sizes = pd.Series({"A": 10, "B": 10})
    assert disclosure.merge_small_groups(sizes, k=10) == {"A": "A", "B": "B"}


def test_k_never_goes_below_the_floor():
    assert disclosure.effective_k(2) == disclosure.MIN_K
    sizes = pd.Series({"A": 50, "B": 4, "C": 4})
    mapping = disclosure.merge_small_groups(sizes, k=1)
    assert mapping["B"] == mapping["C"] == disclosure.OTHER


def test_everything_hidden_when_no_safe_split_exists():
    sizes = pd.Series({"A": 12, "B": 3})
    mapping = disclosure.merge_small_groups(sizes, k=10)
    assert set(mapping.values()) == {disclosure.OTHER}


def test_cross_table_has_no_lone_blank_cell_in_any_row_or_column():
    counts = pd.DataFrame([[50, 3, 40], [30, 60, 20], [25, 35, 45]])
    mask = disclosure.suppress_cells(counts, k=10)
    assert mask.iloc[0, 1]
    for axis in (0, 1):
        assert not (mask.sum(axis=axis) == 1).any()
