"""Errors of the predictions: the parts of a prediction run (value, churn, products bought
together, recommendations) and the look-ups of the prediction use cases (customers, segments,
products)."""
from __future__ import annotations

from .base import EXIT_USAGE, PersonaError


class NoPurchases(PersonaError):
    en = "There are no purchases by identified customers yet, so nothing can be predicted."
    zh = "还没有已识别顾客的购买记录，因此无法进行预测。"


class HoldoutTooShort(PersonaError):
    en = ("The history ({days} days) is too short to keep {holdout} days aside for checking the "
          "predictions. Import a longer history.")
    zh = "历史数据（{days} 天）太短，无法留出 {holdout} 天用于检验预测。请导入更长时间的数据。"


class SpendModelUnusable(PersonaError):
    en = ("The spend model fitted to these data has no finite average (its q is {q:.2f}, 1 or "
          "less): a few very large orders dominate. Spend and lifetime value are not shown.")
    zh = "根据这些数据拟合的消费金额模型没有有限的平均值（q = {q:.2f}，不大于 1）：少数超大订单占主导。不显示消费金额和顾客终身价值。"


class NotEnoughChurnData(PersonaError):
    en = ("Churn prediction needs at least {needed} customers who bought before {cutoff}, with at "
          "least {min_class} who came back and {min_class} who did not in the following "
          "{days} days; these data have {labelled} customers ({stayed} came back, {churned} did "
          "not). Import a longer history, or choose a shorter churn period.")
    zh = ("流失预测至少需要 {needed} 位在 {cutoff} 之前购买过的顾客，并且其中在之后 {days} 天内回购和未回购的"
          "各至少 {min_class} 位；这些数据只有 {labelled} 位（回购 {stayed} 位，未回购 {churned} 位）。"
          "请导入更长时间的数据，或选择更短的流失周期。")


class NoBaskets(PersonaError):
    en = ("There are no sale orders with product lines yet, so products bought together cannot "
          "be found. Import order lines (one row per product).")
    zh = "还没有带商品明细的销售订单，因此无法找出一起购买的商品。请导入订单明细（每种商品一行）。"


class SingleItemBaskets(PersonaError):
    en = ("Every order holds a single product, so there are no products bought together to "
          "find. Import order lines (one row per product) to see product combinations.")
    zh = "每个订单都只有一种商品，因此找不到一起购买的商品。请导入订单明细（每种商品一行）以查看商品组合。"


class NoRulesFound(PersonaError):
    en = ("No product combination is in at least {count} of the {baskets} orders (support "
          "{support:.2%}) with a confidence of {confidence:.0%}. Lower the minimum support or "
          "confidence to see weaker combinations.")
    zh = ("在 {baskets} 个订单中，没有商品组合出现在至少 {count} 个订单里（支持度 {support:.2%}）且置信度达到 "
          "{confidence:.0%}。降低最低支持度或置信度可以看到较弱的组合。")


class RulesBelowPrivacyFloor(NoRulesFound):
    """No rule, and the privacy floor asked for more orders than the minimum support did."""
    en = ("No product combination is in at least {count} of the {baskets} orders with a "
          "confidence of {confidence:.0%}. To protect small groups of customers, a combination "
          "is shown only when at least {count} orders hold it (the privacy threshold), which is "
          "more than the minimum support asks for, so lowering the minimum support will not "
          "show more. A lower minimum confidence, a larger group or a longer history may.")
    zh = ("在 {baskets} 个订单中，没有商品组合出现在至少 {count} 个订单里且置信度达到 {confidence:.0%}。"
          "为保护小群体顾客，商品组合至少出现在 {count} 个订单中才会显示（隐私阈值），这高于最低支持度的要求，"
          "因此降低最低支持度不会显示更多组合。降低最低置信度、选择更大的分群或导入更长时间的数据可能会有帮助。")


class RulesBelowCustomerFloor(RulesBelowPrivacyFloor):
    """Combinations reached k orders, but not k distinct customers."""
    en = ("No product combination is bought by at least {count} different customers with a "
          "confidence of {confidence:.0%} (among {baskets} orders). To protect small groups of "
          "customers, a combination is shown only when at least {count} different customers "
          "bought it (the privacy threshold); orders repeated by the same few customers do not "
          "count. Lowering the minimum support will not show more; a larger group or a longer "
          "history may.")
    zh = ("在 {baskets} 个订单中，没有商品组合被至少 {count} 位不同顾客购买且置信度达到 {confidence:.0%}。"
          "为保护小群体顾客，商品组合至少被 {count} 位不同顾客购买才会显示（隐私阈值），同几位顾客的重复订单不计入。"
          "降低最低支持度不会显示更多组合；选择更大的分群或导入更长时间的数据可能会有帮助。")


class TooFewOrdersForRules(NoRulesFound):
    """Fewer orders with two or more products than the privacy floor: no rule is possible."""
    en = ("Only {orders} of the {baskets} orders hold two or more products, and a product "
          "combination is shown only when at least {count} orders hold it (the privacy "
          "threshold, to protect small groups of customers). Lowering the minimum support or "
          "confidence will not change this; a larger group or a longer history would.")
    zh = ("{baskets} 个订单中只有 {orders} 个包含两种或以上商品，而商品组合至少出现在 {count} 个订单中才会显示"
          "（隐私阈值，用于保护小群体顾客）。降低最低支持度或置信度不会改变这一点；选择更大的分群或导入更长时间的数据才行。")


class UnknownCategory(PersonaError):
    exit_code = EXIT_USAGE
    en = "No product is in the category {name}. Categories: {names}."
    zh = "没有商品属于类别 {name}。现有类别：{names}。"


class NotEnoughForRecommendations(PersonaError):
    en = ("Recommendations need purchases of at least two different products by identified "
          "customers; these data have {products} product(s) and {customers} customer(s). Import "
          "order lines with product codes.")
    zh = ("推荐需要已识别顾客购买过至少两种不同的商品；这些数据只有 {products} 种商品、{customers} 位顾客。"
          "请导入带有商品编码的订单明细。")


class NoTestCustomers(PersonaError):
    en = ("The recommendations cannot be checked: no known customer bought anything after "
          "{split}. Import a longer history.")
    zh = "无法检验推荐效果：{split} 之后没有老顾客购买。请导入更长时间的数据。"


class NoPredictions(PersonaError):
    en = "There are no predictions yet. Run them first (persona predict)."
    zh = "还没有预测结果。请先运行预测（persona predict）。"


class NoProfileRun(PersonaError):
    en = "Segments come from the customer analysis. Run it first (persona analyze)."
    zh = "分群来自客户分析。请先运行客户分析（persona analyze）。"


class CustomerNotFound(PersonaError):
    exit_code = EXIT_USAGE
    en = "No customer in this vault has the pseudonym {pseudonym}."
    zh = "此保险库中没有假名为 {pseudonym} 的顾客。"


class UnknownSegment(PersonaError):
    exit_code = EXIT_USAGE
    en = "There is no segment called {name}. Segments: {names}."
    zh = "没有名为 {name} 的分群。现有分群：{names}。"


class GroupTooSmall(PersonaError):
    en = ("The group {name} is too small to show on its own (fewer than {k} customers, or hidden "
          "to protect a small group); it is part of \"Other\".")
    zh = "分群 {name} 人数太少（少于 {k} 人，或为保护小群体而隐藏），不能单独显示；它已并入“其他”。"


class UnknownProduct(PersonaError):
    exit_code = EXIT_USAGE
    en = "No product has the name, code or number {item}."
    zh = "没有名称、编码或编号为 {item} 的商品。"
