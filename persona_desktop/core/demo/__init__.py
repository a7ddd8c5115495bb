"""The seeded synthetic shop behind the demo vault and the tests: data only, no vault access.

``shop.generate(seed)`` draws customers, orders and lines (``people`` and ``names`` supply the
synthetic people); ``files`` writes them as a shop owner's exports (a GBK CSV with Chinese headers,
a membership workbook). Putting them into a vault is a use case: ``core.services.demo``.
"""
from __future__ import annotations

# Documented in the README and on the welcome screen: the demo vault holds only synthetic people.
DEMO_PASSWORD = "persona-demo"
