"""Customer lifetime value: who will buy again, how often, for how much (public entry point).

* ``BGNBD`` (bgnbd.py): repeat purchases and the chance a customer is still active
  (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
* ``GammaGamma`` (gammagamma.py): spend per purchase and discounted lifetime value
  (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves").
* ``summary_from_transactions`` and ``holdout_check`` (summary.py): the per-customer summary the
  models read, and a check of predictions against a period the model did not see.

Typical use::

    summary = summary_from_transactions(orders, "customer", "date", "amount", "2024-06-30")
    purchases = BGNBD().fit(summary["frequency"], summary["recency"], summary["T"])
    spend = GammaGamma().fit(summary["frequency"], summary["monetary_value"])
    clv = spend.customer_lifetime_value(purchases, summary["frequency"], summary["recency"],
                                        summary["T"], summary["monetary_value"], months=12)

The code is split by model to keep each file small; import from here. Its typed errors
(TooFewCustomers, ModelDidNotConverge...) are in ``core.errors``.
"""
from __future__ import annotations

from .bgnbd import BGNBD, BGNBDParams
from .common import MIN_CUSTOMERS, MIN_REPEAT_BUYERS
from .gammagamma import GammaGamma, GammaGammaParams
from .summary import HoldoutCheck, holdout_check, summary_from_transactions

__all__ = [
    "BGNBD", "BGNBDParams", "GammaGamma", "GammaGammaParams", "HoldoutCheck", "holdout_check",
    "summary_from_transactions", "MIN_CUSTOMERS", "MIN_REPEAT_BUYERS",
]
