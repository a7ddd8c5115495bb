"""Run comparison (analytics/compare.py): the migration matrix never reveals a group under k."""
from __future__ import annotations

import pandas as pd
import pytest

from persona_desktop.core.analytics import compare
from persona_desktop.core.errors import EXIT_USAGE, PersonaError, RunsNotComparable


def _run(segments: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame({"segment": pd.Series(segments)}).rename_axis("customer_id")


def test_stayed_share_does_not_reveal_a_hidden_diagonal_cell():
    # 20 Champions stay, 3 At risk stay (hidden), 20 Champions -> Loyal
    a = {i: "champions" for i in range(40)} | {i: "at_risk" for i in range(40, 43)}
    b = {i: "champions" for i in range(20)} | {i: "loyal" for i in range(20, 40)} \
        | {i: "at_risk" for i in range(40, 43)}
    result = compare.migration(_run(a), _run(b), k=10)
    assert result["suppressed"].loc["at_risk", "at_risk"]
    assert result["customers_in_both"] == 43
    # 23/43 would give the hidden cell as 23 - 20 = 3
    assert result["stayed_share"] is None


def test_stayed_share_is_shown_when_every_diagonal_cell_is_shown():
    a = {i: "champions" for i in range(30)}
    b = {i: "champions" for i in range(20)} | {i: "loyal" for i in range(20, 30)}
    result = compare.migration(_run(a), _run(b), k=10)
    assert result["stayed_share"] == pytest.approx(20 / 30)


def test_customers_only_in_one_run_under_k_are_not_counted():
    a = {i: "champions" for i in range(33)}
    b = {i: "champions" for i in range(3, 30)} | {i: "loyal" for i in range(100, 112)}
    result = compare.migration(_run(a), _run(b), k=10)
    assert result["only_in_a"] is None  # 6 customers
    assert result["only_in_b"] == 12


@pytest.mark.parametrize("which", ["a", "b"])
def test_a_run_without_segments_is_a_clear_error(which):
    good = _run({i: "champions" for i in range(20)})
    empty = pd.DataFrame(index=pd.Index([], name="customer_id"))
    args = (empty, good) if which == "a" else (good, empty)
    with pytest.raises(RunsNotComparable) as err:
        compare.migration(*args, k=10)
    assert isinstance(err.value, PersonaError) and err.value.exit_code == EXIT_USAGE
    assert "segment" in err.value.message("en") and "分群" in err.value.message("zh")


def test_a_lone_hidden_cell_is_not_the_total_minus_the_shown_cells():
    # the only small cell (3 At risk who stayed) sits alone in its row and column: with
    # customers_in_both shown it would be 43 - 40; another cell must be blanked with it
    a = {i: "champions" for i in range(40)} | {i: "at_risk" for i in range(40, 43)}
    b = {i: "champions" for i in range(20)} | {i: "loyal" for i in range(20, 40)} \
        | {i: "at_risk" for i in range(40, 43)}
    result = compare.migration(_run(a), _run(b), k=10)
    counts, mask = result["counts"], result["suppressed"]
    hidden = counts.to_numpy()[mask.to_numpy()]
    assert (hidden > 0).sum() >= 2 and hidden.sum() >= 10
    assert result["customers_in_both"] - counts.to_numpy()[~mask.to_numpy()].sum() >= 10
