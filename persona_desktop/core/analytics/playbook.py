"""What to do about each group: the documented action playbook (English, Chinese).

Sources: the usual RFM playbooks in retail CRM practice (reward the best, nudge the second
purchase, win back the lapsing before they are lost, stop spending on the lost). Clusters have no
names of their own, so a cluster gets the actions of the RFM segment most of its customers are in.
"""
from __future__ import annotations

from ..i18n import Text

DESCRIPTIONS: dict[str, Text] = {
    "champions": Text("Bought recently, buy often and spend the most", "最近购买、购买频繁且消费最高"),
    "loyal": Text("Buy regularly and spend well", "经常购买，消费稳定"),
    "potential_loyalists": Text("Recent customers with more than one purchase or good spend",
                                "最近购买，已有复购或消费不错"),
    "new_customers": Text("Bought for the first time very recently", "最近刚完成首次购买"),
    "promising": Text("Recent first-time buyers with small spend", "最近首次购买，消费较少"),
    "need_attention": Text("Middling recency, frequency and spend", "购买时间、频次和消费都处于中等"),
    "about_to_sleep": Text("Have not bought for a while and bought little", "有一段时间没买，且买得不多"),
    "at_risk": Text("Used to buy often, but not for a long time", "过去经常购买，但已很久没买"),
    "cannot_lose_them": Text("Among the biggest spenders, but gone quiet", "曾是消费最高的客户，但已很久没买"),
    "hibernating": Text("Bought rarely and long ago, small spend", "很久以前买过几次，消费较少"),
    "lost": Text("Lowest recency, frequency and spend", "购买时间最久远、频次和消费最低"),
}

ACTIONS: dict[str, list[Text]] = {
    "champions": [Text("VIP perks and early access to new products", "VIP 权益，新品抢先购"),
                  Text("Ask for reviews and referrals", "邀请评价和推荐好友")],
    "loyal": [Text("Loyalty points or membership tier upgrade", "积分奖励或会员升级"),
              Text("Cross-sell from their favourite categories", "推荐其常买品类的相关商品")],
    "potential_loyalists": [Text("Membership invitation", "邀请加入会员"),
                            Text("Recommend products bought together", "推荐常被一起购买的商品")],
    "new_customers": [Text("Second-purchase nudge within their first cycle", "在首个购买周期内提醒复购"),
                      Text("Welcome series with onboarding tips", "发送欢迎和使用指南")],
    "promising": [Text("Small incentive for a second order", "用小额优惠促成第二单"),
                  Text("Show best sellers", "展示畅销商品")],
    "need_attention": [Text("Limited-time offer based on past purchases", "基于购买记录的限时优惠"),
                       Text("Reactivation reminder", "发送回购提醒")],
    "about_to_sleep": [Text("Share popular products and a modest discount", "推荐热门商品并给予适度折扣"),
                       Text("Ask what would bring them back", "了解他们回来的理由")],
    "at_risk": [Text("Personal win-back offer", "个性化挽回优惠"),
                Text("Remind them of products they bought before", "提醒其曾购买的商品")],
    "cannot_lose_them": [Text("Win them back with your best offer", "用最有吸引力的优惠挽回"),
                         Text("Personal contact: ask what went wrong", "主动联系，了解流失原因")],
    "hibernating": [Text("Low-cost reactivation campaign", "低成本的唤醒活动"),
                    Text("Recommend other categories", "推荐其他品类")],
    "lost": [Text("Only low-cost campaigns; do not overspend", "只做低成本触达，避免过度投入"),
             Text("Exclude from expensive promotions", "不纳入高成本营销活动")],
}
OTHER_ACTIONS = [Text("Review individually; too few customers for a group campaign",
                      "人数太少，不适合单独做群体营销")]
