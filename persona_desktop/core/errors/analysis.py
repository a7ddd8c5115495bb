"""Errors of the customer analysis: stored runs and their comparison, clusters, the
lifetime-value models (BG/NBD, Gamma-Gamma) and the product-combination miner."""
from __future__ import annotations

from .base import EXIT_USAGE, PersonaError


class RunNotFound(PersonaError):
    en = "There is no analysis run {run}. Run an analysis first (persona analyze), or list runs."
    zh = "没有编号为 {run} 的分析记录。请先运行分析（persona analyze），或查看分析记录列表。"


class RunsNotComparable(PersonaError):
    """One of the runs has no segments (an empty run, a prediction run): nothing to compare."""
    exit_code = EXIT_USAGE
    en = ("These two runs cannot be compared: run {which} has no customer segments (it is empty or "
          "is not a profiling run). Choose two profiling runs (persona runs lists them).")
    zh = ("这两次分析无法比较：分析 {which} 没有客户分群（为空或不是画像分析）。"
          "请选择两次画像分析（persona runs 可列出）。")


class TooFewToCluster(PersonaError):
    en = ("Customer clusters need at least {needed} customers, and these data have {found}. "
          "Import a longer history, then try again.")
    zh = "客户聚类至少需要 {needed} 位顾客，而这些数据只有 {found} 位。请导入更长时间的数据后重试。"


class IdenticalCustomers(PersonaError):
    en = ("All {found} customers bought in the same way, so they cannot be split into clusters. "
          "Import a longer or more varied history to see clusters.")
    zh = "全部 {found} 位顾客的购买行为完全相同，无法分成不同的群组。请导入更长或更多样的数据后再查看聚类。"


class ClusterCountOutOfRange(PersonaError):
    exit_code = EXIT_USAGE
    en = ("These data can be split into 2 to {most} clusters, not {k}. Choose a number in that "
          "range, or let the app choose (auto).")
    zh = "这些数据可以分成 2 到 {most} 个群组，不能分成 {k} 个。请在此范围内选择，或由应用自动选择（auto）。"


class TooFewCustomers(PersonaError):
    en = ("Purchase predictions need at least {needed} customers, and these data have {found}. "
          "Import a longer history or more shops, then try again.")
    zh = "购买预测至少需要 {needed} 位顾客，而这些数据只有 {found} 位。请导入更长时间或更多门店的数据后重试。"


class NoRepeatBuyers(PersonaError):
    en = ("No customer bought more than once in this period (checked {found} customers), so how "
          "often customers come back cannot be learned. Choose a longer period or import more "
          "history.")
    zh = "在此期间没有任何顾客重复购买（共检查 {found} 位顾客），因此无法学习顾客回购的规律。请选择更长的时间段或导入更多历史数据。"


class TooFewRepeatBuyers(PersonaError):
    en = ("Spend predictions need at least {needed} customers who bought more than once, and these "
          "data have {found}. Choose a longer period or import more history.")
    zh = "消费金额预测至少需要 {needed} 位重复购买的顾客，而这些数据只有 {found} 位。请选择更长的时间段或导入更多历史数据。"


class InvalidPurchaseData(PersonaError):
    en = ("The purchase history cannot be used for predictions: {why_en}. Check the imported "
          "columns.")
    zh = "购买记录无法用于预测：{why_zh}。请检查导入的列。"


class ModelDidNotConverge(PersonaError):
    en = ("The {model} prediction could not be fitted to these data: the history is too short or "
          "too uniform to tell customers apart. Choose a longer period, or try again with a small "
          "penalizer (for example 0.001).")
    zh = "无法用这些数据拟合{model}预测：历史记录太短或太单一，无法区分顾客。请选择更长的时间段，或设置较小的惩罚系数（例如 0.001）后重试。"


class ModelNotFitted(PersonaError):
    en = "The {model} prediction has not been fitted yet: fit it on a purchase summary first."
    zh = "{model}预测尚未拟合：请先用购买汇总数据进行拟合。"


class InvalidRuleSettings(PersonaError):
    en = "The product-combination settings cannot be used: {why_en}."
    zh = "商品组合分析的设置无效：{why_zh}。"


class TooManyItemsets(PersonaError):
    en = ("More than {limit} product combinations reach this minimum support, too many to list. "
          "Raise the minimum support or lower the maximum rule length, then try again.")
    zh = "达到此最低支持度的商品组合超过 {limit} 个，无法全部列出。请提高最低支持度或降低规则的最大长度后重试。"
