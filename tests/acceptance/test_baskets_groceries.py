"""Association rules on R's Groceries baskets (../shared/data/groceries, skipped when absent)
must give the rule counts published for arules (shared/data/README.md, section groceries)."""
from __future__ import annotations

import pytest

from persona_desktop.core.analytics.baskets import encode_baskets, mine_rules
from tests.conftest import shared_data

pytestmark = pytest.mark.acceptance


@pytest.fixture(scope="module")
def groceries():
    # <project root>/../shared/data/groceries/groceries.csv, or skip when it is absent.
    path = shared_data("groceries", "groceries.csv")
    # Only the line end is stripped: "cream cheese " and "roll products " keep their trailing
    # space, as in the arules data set; stripping it would invent two extra products.
    with path.open(encoding="utf-8") as handle:
        return encode_baskets([line.rstrip("\r\n").split(",") for line in handle])


def test_groceries_file_has_the_published_shape(groceries):
    assert groceries.n_baskets == 9835
    assert len(groceries.items) == 169
    assert groceries.matrix.nnz / (9835 * 169) == pytest.approx(0.02609146, abs=1e-8)
    counts = dict(zip(groceries.items, groceries.matrix.sum(axis=0).A1))
    assert counts["whole milk"] == 2513 and counts["yogurt"] == 1372


@pytest.mark.parametrize("support, confidence, min_length, expected", [
    (0.005, 0.5, 1, 120),
    (0.001, 0.5, 1, 5668),
    (0.001, 0.8, 1, 410),   # 406 if the four rules at exactly 0.8 were compared in floats
    (0.006, 0.25, 2, 463),
])
def test_rule_counts_match_arules(groceries, support, confidence, min_length, expected):
    assert len(mine_rules(groceries, support, confidence, min_length=min_length)) == expected


def test_top_rule_by_lift_is_herbs_to_root_vegetables(groceries):
    top = mine_rules(groceries, 0.006, 0.25, min_length=2).iloc[0]
    assert top["antecedents"] == ("herbs",) and top["consequent"] == "root vegetables"
    assert top["support"] == pytest.approx(0.007016, abs=1e-6)
    assert top["confidence"] == pytest.approx(0.4313, abs=1e-4)
    assert top["lift"] == pytest.approx(3.956, abs=1e-3)
