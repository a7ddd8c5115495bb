"""What to do about each group: the documented action playbook (English, Chinese).

Sources: the usual RFM playbooks in retail CRM practice (reward the best, nudge the second
purchase, win back the lapsing before they are lost, stop spending on the lost). Clusters have no
names of their own, so a cluster gets the actions of the RFM segment most of its customers are in.
"""
from __future__ import annotations

DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "champions": ("Bought recently, buy often and spend the most", "最近购买、购买频繁且消费最高"),
    "loyal": ("Buy regularly and spend well", "经常购买，消费稳定"),
    "potential_loyalists": ("Recent customers with more than one purchase or good spend",
                            "最近购买，已有复购或消费不错"),
    "new_customers": ("Bought for the first time very recently", "最近刚完成首次购买"),
    "promising": ("Recent first-time buyers with small spend", "最近首次购买，消费较少"),
    "need_attention": ("Middling recency, frequency and spend", "购买时间、频次和消费都处于中等"),
    "about_to_sleep": ("Have not bought for a while and bought little", "有一段时间没买，且买得不多"),
    "at_risk": ("Used to buy often, but not for a long time", "过去经常购买，但已很久没买"),
    "cannot_lose_them": ("Among the biggest spenders, but gone quiet", "曾是消费最高的客户，但已很久没买"),
    "hibernating": ("Bought rarely and long ago, small spend", "很久以前买过几次，消费较少"),
    "lost": ("Lowest recency, frequency and spend", "购买时间最久远、频次和消费最低"),
}

ACTIONS: dict[str, list[tuple[str, str]]] = {
    "champions": [("VIP perks and early access to new products", "VIP 权益，新品抢先购"),
                  ("Ask for reviews and referrals", "邀请评价和推荐好友")],
    "loyal": [("Loyalty points or membership tier upgrade", "积分奖励或会员升级"),
              ("Cross-sell from their favourite categories", "推荐其常买品类的相关商品")],
    "potential_loyalists": [("Membership invitation", "邀请加入会员"),
                            ("Recommend products bought together", "推荐常被一起购买的商品")],
    "new_customers": [("Second-purchase nudge within their first cycle", "在首个购买周期内提醒复购"),
                      ("Welcome series with onboarding tips", "发送欢迎和使用指南")],
    "promising": [("Small incentive for a second order", "用小额优惠促成第二单"),
                  ("Show best sellers", "展示畅销商品")],
    "need_attention": [("Limited-time offer based on past purchases", "基于购买记录的限时优惠"),
                       ("Reactivation reminder", "发送回购提醒")],
    "about_to_sleep": [("Share popular products and a modest discount", "推荐热门商品并给予适度折扣"),
                       ("Ask what would bring them back", "了解他们回来的理由")],
    "at_risk": [("Personal win-back offer", "个性化挽回优惠"),
                ("Remind them of products they bought before", "提醒其曾购买的商品")],
    "cannot_lose_them": [("Win them back with your best offer", "用最有吸引力的优惠挽回"),
                         ("Personal contact: ask what went wrong", "主动联系，了解流失原因")],
    "hibernating": [("Low-cost reactivation campaign", "低成本的唤醒活动"),
                    ("Recommend other categories", "推荐其他品类")],
    "lost": [("Only low-cost campaigns; do not overspend", "只做低成本触达，避免过度投入"),
             ("Exclude from expensive promotions", "不纳入高成本营销活动")],
}
OTHER_ACTIONS = [("Review individually; too few customers for a group campaign",
                  "人数太少，不适合单独做群体营销")]
