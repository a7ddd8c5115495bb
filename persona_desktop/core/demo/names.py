"""Fixed vocabularies of the synthetic demo shop: names, places, catalogue, holiday dates.

Kept apart from ``demo.py`` so the generator reads as logic. Everything here is invented or
common-knowledge public data (frequent surnames, city names, festival dates); no real customer.
Lists are tuples so their order, and with it every seeded draw, never changes by accident.
"""
from __future__ import annotations

# (surname, pinyin, relative frequency). 江/成/云/武 are left out on purpose: with a one-character
# given name they could spell a place (江苏, 成都, ...) that the vault legitimately stores, and the
# privacy tests look for every customer name as a substring of vault.db.
CN_SURNAMES = (
    ("王", "wang", 7.1), ("李", "li", 7.0), ("张", "zhang", 6.7), ("刘", "liu", 5.4),
    ("陈", "chen", 4.5), ("杨", "yang", 3.1), ("黄", "huang", 2.2), ("赵", "zhao", 2.0),
    ("吴", "wu", 1.9), ("周", "zhou", 1.9), ("徐", "xu", 1.3), ("孙", "sun", 1.3),
    ("马", "ma", 1.2), ("朱", "zhu", 1.1), ("胡", "hu", 1.1), ("郭", "guo", 1.1), ("何", "he", 0.9),
    ("林", "lin", 0.9), ("罗", "luo", 0.8), ("高", "gao", 0.8), ("郑", "zheng", 0.7),
    ("梁", "liang", 0.7), ("谢", "xie", 0.6), ("宋", "song", 0.5), ("唐", "tang", 0.5),
    ("许", "xu", 0.5), ("韩", "han", 0.5), ("冯", "feng", 0.4), ("邓", "deng", 0.4),
    ("曹", "cao", 0.4), ("彭", "peng", 0.4), ("曾", "zeng", 0.4), ("肖", "xiao", 0.4),
    ("田", "tian", 0.3), ("董", "dong", 0.3), ("潘", "pan", 0.3), ("袁", "yuan", 0.3),
    ("蔡", "cai", 0.3), ("蒋", "jiang", 0.3), ("余", "yu", 0.3), ("杜", "du", 0.3), ("叶", "ye", 0.3),
    ("程", "cheng", 0.3), ("魏", "wei", 0.2), ("苏", "su", 0.2), ("吕", "lv", 0.2),
    ("丁", "ding", 0.2), ("任", "ren", 0.2), ("沈", "shen", 0.2), ("欧阳", "ouyang", 0.05),
    ("司马", "sima", 0.02),
)

CN_GIVEN_FEMALE = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("霞", "xia"), ("秀英", "xiuying"), ("桂英", "guiying"), ("玲", "ling"),
    ("婷", "ting"), ("雪", "xue"), ("慧", "hui"), ("琳", "lin"), ("颖", "ying"), ("洁", "jie"),
    ("晶", "jing"), ("倩", "qian"), ("梅", "mei"), ("萍", "ping"), ("红", "hong"), ("燕", "yan"),
    ("莉", "li"), ("欣", "xin"), ("悦", "yue"), ("佳", "jia"), ("怡", "yi"), ("雨", "yu"),
    ("涵", "han"), ("思", "si"), ("梓", "zi"), ("晓", "xiao"), ("月", "yue"), ("婉", "wan"),
)

CN_GIVEN_MALE = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("刚", "gang"), ("平", "ping"),
    ("辉", "hui"), ("鹏", "peng"), ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"),
    ("斌", "bin"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("俊", "jun"),
    ("帆", "fan"), ("博", "bo"), ("文", "wen"), ("志", "zhi"), ("建", "jian"), ("国", "guo"),
    ("晨", "chen"), ("轩", "xuan"), ("泽", "ze"), ("睿", "rui"),
)

EN_FIRST_FEMALE = ("Emma", "Olivia", "Sophie", "Charlotte", "Amelia", "Grace", "Emily", "Hannah",
                   "Lucy", "Chloe", "Sarah", "Jessica", "Rachel", "Laura", "Megan", "Isabel")
EN_FIRST_MALE = ("James", "Oliver", "William", "Thomas", "Jack", "Harry", "George", "Daniel",
                 "Samuel", "Benjamin", "Michael", "David", "Matthew", "Andrew", "Christopher",
                 "Ryan")
EN_SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
               "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Hall",
               "Jackson", "Clarke", "Miller", "Anderson", "Moore", "Martin", "Harris", "Lewis",
               "Young", "King", "Baker", "Carter", "Mitchell", "Turner")

CN_EMAIL_DOMAINS = (("qq.com", 0.45), ("163.com", 0.25), ("126.com", 0.1), ("sina.com", 0.05),
                    ("foxmail.com", 0.07), ("outlook.com", 0.08))
EN_EMAIL_DOMAINS = (("gmail.com", 0.45), ("outlook.com", 0.2), ("hotmail.co.uk", 0.15),
                    ("yahoo.com", 0.1), ("icloud.com", 0.1))

CN_MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
                      "159", "166", "176", "177", "180", "181", "182", "186", "187", "188", "189",
                      "198", "199")

# (city, province, country, weight). Shares of a mainland online tea shop: tier-1 heavy.
CN_CITIES = (
    ("上海", "上海市", "CN", 0.16), ("北京", "北京市", "CN", 0.13), ("杭州", "浙江省", "CN", 0.09),
    ("宁波", "浙江省", "CN", 0.03), ("广州", "广东省", "CN", 0.08), ("深圳", "广东省", "CN", 0.09),
    ("南京", "江苏省", "CN", 0.05), ("苏州", "江苏省", "CN", 0.05), ("成都", "四川省", "CN", 0.06),
    ("武汉", "湖北省", "CN", 0.04), ("厦门", "福建省", "CN", 0.04), ("福州", "福建省", "CN", 0.03),
    ("昆明", "云南省", "CN", 0.03), ("重庆", "重庆市", "CN", 0.04), ("天津", "天津市", "CN", 0.03),
    ("青岛", "山东省", "CN", 0.03), ("西安", "陕西省", "CN", 0.02),
)
# English-named customers: expats in mainland cities, or overseas web shoppers.
EN_CITIES = (
    ("上海", "上海市", "CN", 0.22), ("北京", "北京市", "CN", 0.1), ("深圳", "广东省", "CN", 0.08),
    ("London", "England", "GB", 0.22), ("Manchester", "England", "GB", 0.07),
    ("Edinburgh", "Scotland", "GB", 0.06), ("New York", "New York", "US", 0.1),
    ("San Francisco", "California", "US", 0.08), ("Seattle", "Washington", "US", 0.07),
)
US_AREA_CODES = ("212", "646", "415", "628", "206", "917", "347", "510")

# Channels and the share of orders each gets from a customer's own habits.
CHANNELS = ("web shop", "WeChat mini-program", "Tmall", "in store")
CN_CHANNEL_WEIGHTS = (0.15, 0.35, 0.3, 0.2)
EN_CHANNEL_WEIGHTS = (0.6, 0.1, 0.05, 0.25)

CATEGORIES = ("Tea", "Teaware", "Gifts", "Snacks", "Accessories")
CATEGORY_WEIGHTS = (0.40, 0.20, 0.14, 0.18, 0.08)
# Breakage and gifting make teaware and gifts come back far more often than tea.
CATEGORY_RETURN_RATE = (0.02, 0.07, 0.045, 0.01, 0.03)

# sku, English name, Chinese name, category, base price (CNY), popularity, season, pair sku, P(pair)
# season: "" all year, "cny" weeks before Chinese New Year, "mid_autumn" weeks before the festival.
# The pair is what a basket-rule demo should find: teapot -> the tea it is made for, etc.
PRODUCTS = (
    ("TEA-001", "Dragon Well Green Tea 100g", "西湖龙井 100克", "Tea", 128, 1.6, "", "TWR-009", 0.10),
    ("TEA-002", "Biluochun Green Tea 100g", "碧螺春 100克", "Tea", 98, 1.0, "", "", 0.0),
    ("TEA-003", "Tieguanyin Oolong 125g", "铁观音 125克", "Tea", 88, 1.4, "", "TWR-002", 0.10),
    ("TEA-004", "Da Hong Pao Rock Oolong 100g", "大红袍 100克", "Tea", 168, 0.9, "", "", 0.0),
    ("TEA-005", "Aged Pu-erh Cake 357g", "普洱茶饼 357克", "Tea", 198, 1.1, "", "ACC-004", 0.15),
    ("TEA-006", "Ripe Pu-erh Mini Tuocha", "普洱小沱茶", "Tea", 58, 1.0, "", "", 0.0),
    ("TEA-007", "Keemun Black Tea 100g", "祁门红茶 100克", "Tea", 78, 1.0, "", "", 0.0),
    ("TEA-008", "Jin Jun Mei Black Tea 50g", "金骏眉 50克", "Tea", 258, 0.6, "", "", 0.0),
    ("TEA-009", "Jasmine Pearls 100g", "茉莉龙珠 100克", "Tea", 68, 1.5, "", "TWR-003", 0.08),
    ("TEA-010", "White Peony White Tea 100g", "白牡丹 100克", "Tea", 118, 0.8, "", "", 0.0),
    ("TEA-011", "Silver Needle White Tea 50g", "白毫银针 50克", "Tea", 288, 0.4, "", "", 0.0),
    ("TEA-012", "Chrysanthemum Flower Tea", "杭白菊花茶", "Tea", 32, 0.9, "", "", 0.0),
    ("TEA-013", "English Breakfast Tea Bags (50)", "英式早餐红茶包 50袋", "Tea", 45, 0.8, "", "", 0.0),
    ("TEA-014", "Oolong Tea Bag Sampler", "乌龙茶包组合", "Tea", 39, 0.9, "", "", 0.0),
    ("TWR-001", "Yixing Clay Teapot", "宜兴紫砂壶", "Teaware", 468, 0.5, "", "TEA-005", 0.55),
    ("TWR-002", "Porcelain Gaiwan", "白瓷盖碗", "Teaware", 88, 1.3, "", "TEA-003", 0.50),
    ("TWR-003", "Glass Teapot with Infuser", "玻璃泡茶壶", "Teaware", 69, 1.3, "", "TEA-009", 0.45),
    ("TWR-004", "Celadon Tea Cups (set of 4)", "青瓷品茗杯 四只装", "Teaware", 128, 1.0, "",
     "TWR-007", 0.40),
    ("TWR-005", "Travel Tea Set", "便携旅行茶具", "Teaware", 158, 0.8, "", "", 0.0),
    ("TWR-006", "Cast Iron Kettle", "铸铁壶", "Teaware", 398, 0.4, "", "", 0.0),
    ("TWR-007", "Fair Cup", "公道杯", "Teaware", 48, 0.9, "", "TWR-004", 0.25),
    ("TWR-008", "Bamboo Tea Tray", "竹制茶盘", "Teaware", 188, 0.6, "", "", 0.0),
    ("TWR-009", "Double-wall Glass Mugs (2)", "双层玻璃杯 两只装", "Teaware", 59, 1.0, "", "TEA-001", 0.45),
    ("GFT-001", "Spring Festival Tea Gift Box", "新春茶礼盒", "Gifts", 388, 2.5, "cny", "", 0.0),
    ("GFT-002", "Mid-Autumn Tea & Mooncake Box", "中秋茶月饼礼盒", "Gifts", 328, 2.5, "mid_autumn",
     "", 0.0),
    ("GFT-003", "Tea Tasting Sampler Gift", "品鉴茶礼盒", "Gifts", 168, 1.2, "", "", 0.0),
    ("GFT-004", "Premium Pu-erh Collector Box", "普洱珍藏礼盒", "Gifts", 688, 0.4, "", "", 0.0),
    ("GFT-005", "Corporate Gift Set", "企业定制礼盒", "Gifts", 258, 0.6, "", "", 0.0),
    ("GFT-006", "Gift Card 200", "礼品卡 200元", "Gifts", 200, 0.7, "", "", 0.0),
    ("SNK-001", "Osmanthus Cake", "桂花糕", "Snacks", 28, 1.2, "", "TEA-009", 0.15),
    ("SNK-002", "Pineapple Cakes (6)", "凤梨酥 6枚", "Snacks", 36, 1.2, "", "", 0.0),
    ("SNK-003", "Roasted Melon Seeds 500g", "五香瓜子 500克", "Snacks", 18, 1.0, "", "", 0.0),
    ("SNK-004", "Dried Mango 200g", "芒果干 200克", "Snacks", 22, 0.9, "", "", 0.0),
    ("SNK-005", "Walnut Crisp", "核桃酥", "Snacks", 26, 0.9, "", "", 0.0),
    ("SNK-006", "Mooncakes (4)", "月饼 4枚", "Snacks", 98, 3.0, "mid_autumn", "", 0.0),
    ("SNK-007", "Matcha Cookies", "抹茶饼干", "Snacks", 32, 0.8, "", "", 0.0),
    ("ACC-001", "Tea Strainer", "茶滤", "Accessories", 15, 1.3, "", "", 0.0),
    ("ACC-002", "Bamboo Tea Tool Set", "茶道六君子", "Accessories", 58, 0.8, "", "", 0.0),
    ("ACC-003", "Tea Canister", "茶叶罐", "Accessories", 45, 1.0, "", "", 0.0),
    ("ACC-004", "Tea Pet Figurine", "茶宠", "Accessories", 38, 0.8, "", "", 0.0),
    ("ACC-005", "Tea Towel", "茶巾", "Accessories", 19, 0.8, "", "", 0.0),
    ("ACC-006", "Gooseneck Electric Kettle", "细口电热水壶", "Accessories", 199, 0.5, "", "", 0.0),
    ("ACC-007", "Teapot Cleaning Brush", "壶刷", "Accessories", 12, 0.6, "", "", 0.0),
)

# Lunar festivals move every year; these are the published Gregorian dates.
CHINESE_NEW_YEAR = {
    2018: "2018-02-16", 2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12",
    2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29",
    2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
    2030: "2030-02-03", 2031: "2031-01-23", 2032: "2032-02-11",
}
MID_AUTUMN = {
    2018: "2018-09-24", 2019: "2019-09-13", 2020: "2020-10-01", 2021: "2021-09-21",
    2022: "2022-09-10", 2023: "2023-09-29", 2024: "2024-09-17", 2025: "2025-10-06",
    2026: "2026-09-25", 2027: "2027-09-15", 2028: "2028-10-03", 2029: "2029-09-22",
    2030: "2030-09-12", 2031: "2031-10-01", 2032: "2032-09-19",
}
# Outside the table: a mid-season stand-in keeps the shape of the year.
FALLBACK_CNY = "-02-01"
FALLBACK_MID_AUTUMN = "-09-20"

UNPARSEABLE_PRICES = ("12O.00", "N/A", "价格待定", "￥1,28.8.0", "see note", "--")
