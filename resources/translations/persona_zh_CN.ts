<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CreateVaultPanel</name>
    <message>
        <source>Create your vault</source>
        <translation>创建您的保险库</translation>
    </message>
    <message>
        <source>Your customers&apos; data stays on this computer, encrypted with your password. Without the password or the recovery code nobody can open it, not even us.</source>
        <translation>您的客户数据只保存在这台电脑上，并用您的密码加密。没有密码或恢复码，任何人都无法打开，包括我们。</translation>
    </message>
    <message>
        <source>Vault folder: {0}</source>
        <translation>保险库文件夹：{0}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>This password is weak: someone with a copy of the vault could guess it. Choose a longer one, or confirm below that you want to use it anyway.</source>
        <translation>此密码较弱：拿到保险库副本的人可能猜出它。请换一个更长的密码，或在下方确认仍要使用。</translation>
    </message>
    <message>
        <source>Use this weak password anyway</source>
        <translation>仍然使用这个弱密码</translation>
    </message>
    <message>
        <source>Create vault</source>
        <translation>创建保险库</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>正在创建保险库…</translation>
    </message>
    <message>
        <source>Open or create a vault in another folder…</source>
        <translation>在其他文件夹中打开或创建保险库…</translation>
    </message>
    <message>
        <source>Enter the name of your shop.</source>
        <translation>请输入店铺名称。</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Everyone who has bought from you, one row per customer.</source>
        <translation>所有在您这里买过东西的人，每位客户一行。</translation>
    </message>
    <message>
        <source>A searchable table of your customers with their orders, total spent, segment and predicted value. Names and contact details stay pseudonymised (still personal data) until you choose to reveal one; revealing asks for your password again and is written to the audit log.</source>
        <translation>可搜索的客户列表，包含订单、消费总额、所属分群和预测价值。姓名和联系方式保持假名化（仍属个人信息），除非您选择查看某一位；查看时需要再次输入密码，并会记入审计日志。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>What this vault holds right now.</source>
        <translation>此保险库目前保存的内容。</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Imported files</source>
        <translation>已导入文件</translation>
    </message>
    <message>
        <source>This vault is empty</source>
        <translation>此保险库是空的</translation>
    </message>
    <message>
        <source>Customers and orders arrive by importing your sales spreadsheets. Importing from the app is not built yet.</source>
        <translation>客户和订单通过导入销售表格进入保险库。应用内导入功能尚未开发。</translation>
    </message>
    <message>
        <source>Go to Imports</source>
        <translation>前往导入</translation>
    </message>
    <message>
        <source>Segments, personas and predictions</source>
        <translation>分群、用户画像与预测</translation>
    </message>
    <message>
        <source>Not built yet. The figures above are counts of the records stored in this vault, nothing estimated.</source>
        <translation>尚未开发。上面的数字是此保险库中实际保存的记录数，没有任何估算。</translation>
    </message>
    <message>
        <source>Also stored: {0} order lines, and {1} rows set aside during imports for you to review.</source>
        <translation>另外保存了 {0} 条订单明细，以及导入时搁置、等待您检查的 {1} 行数据。</translation>
    </message>
    <message>
        <source>Someone typed a wrong password {0} time(s) since this vault was last unlocked. If that was not you, change the password (command line: persona passwd).</source>
        <translation>自上次解锁以来，有人输错密码 {0} 次。如果不是您本人，请修改密码（命令行：persona passwd）。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something unexpected went wrong, so this action did not finish. Please try again. Technical details (no customer data) were written to the log file {0}; it helps to find the cause if this keeps happening.</source>
        <translation>发生了意外错误，此操作未完成。请重试。技术细节（不含任何客户数据）已写入日志文件 {0}；如果问题反复出现，它有助于查明原因。</translation>
    </message>
</context>
<context>
    <name>ImportsPage</name>
    <message>
        <source>Imports</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Bring in orders and customers from spreadsheets (CSV, TSV, Excel).</source>
        <translation>从表格（CSV、TSV、Excel）导入订单和客户。</translation>
    </message>
    <message>
        <source>An import wizard for files in any encoding (UTF-8, GBK and others): it matches the columns, pseudonymises names and contact details on the way in, and lists every row it set aside with the reason. Past imports are listed here too.</source>
        <translation>导入向导，支持任何编码的文件（UTF-8、GBK 等）：自动匹配列，导入时将姓名和联系方式假名化，并列出每一条被搁置的行及原因。过往的导入记录也会列在这里。</translation>
    </message>
</context>
<context>
    <name>InsightsPage</name>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <source>Predictions and patterns: who may stop buying, what sells together.</source>
        <translation>预测与规律：谁可能不再购买，哪些商品常被一起购买。</translation>
    </message>
    <message>
        <source>Predicted customer value, the risk that a customer stops buying, when the next order is likely, and products bought together, each with one line on how to read it. Predictions are advice, never automatic decisions.</source>
        <translation>客户的预测价值、流失风险、下一单的可能时间，以及常被一起购买的商品，每一项都附有一句解读说明。预测仅供参考，绝不会自动做出决定。</translation>
    </message>
</context>
<context>
    <name>LanguageSwitch</name>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>简体中文</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Language of the app (switches at once)</source>
        <translation>应用语言（立即切换）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Create a vault</source>
        <translation>创建保险库</translation>
    </message>
    <message>
        <source>Building the demo vault…</source>
        <translation>正在生成演示保险库…</translation>
    </message>
</context>
<context>
    <name>NavBar</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{0} (Ctrl+{1})</source>
        <translation>{0}（Ctrl+{1}）</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Not built yet: this page is coming in a later version.</source>
        <translation>尚未开发：此页面将在以后的版本中推出。</translation>
    </message>
    <message>
        <source>What this page will show</source>
        <translation>此页面将显示的内容</translation>
    </message>
</context>
<context>
    <name>PrivacyPage</name>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>What happens to personal data in this vault, and the tools to respect people&apos;s rights.</source>
        <translation>此保险库中的个人信息如何处理，以及保障个人权利的工具。</translation>
    </message>
    <message>
        <source>The audit log of unlocks, imports, exports and erasures; requests from the people in your data (see what is held, correct it, erase it, stop marketing); consent per purpose; and retention rules that delete old data on schedule.</source>
        <translation>记录解锁、导入、导出和删除的审计日志；数据中个人提出的请求（查阅所存信息、更正、删除、停止营销）；按用途管理的同意；以及按计划删除旧数据的保存期限规则。</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Your recovery code</source>
        <translation>您的恢复码</translation>
    </message>
    <message>
        <source>If you forget your password, this code is the only way back into your vault. Write it down or keep it in a password manager, away from this computer. It is shown only this once.</source>
        <translation>如果忘记密码，这个恢复码是重新进入保险库的唯一方式。请把它抄写下来或存入密码管理器，并与这台电脑分开保存。它只显示这一次。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied. The clipboard will be cleared in 45 seconds.</source>
        <translation>已复制。剪贴板将在 45 秒后清空。</translation>
    </message>
    <message>
        <source>I have stored this code safely</source>
        <translation>我已妥善保存此恢复码</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>SegmentsPage</name>
    <message>
        <source>Segments</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Groups of similar customers and the personas that describe them.</source>
        <translation>相似客户组成的分群，以及描述他们的用户画像。</translation>
    </message>
    <message>
        <source>One card per segment: who these customers are, why they belong together, what they are worth and what to do next. Groups smaller than the privacy threshold are never shown on their own.</source>
        <translation>每个分群一张卡片：这些客户是谁、为什么归为一组、价值多少、下一步该做什么。人数低于隐私阈值的分组绝不会单独显示。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>How the app behaves on this computer, and this vault&apos;s own settings.</source>
        <translation>应用在这台电脑上的行为，以及此保险库自身的设置。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Changes at once; no restart needed.</source>
        <translation>立即生效，无需重启。</translation>
    </message>
    <message>
        <source>Auto-lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <source>When nobody uses the app for this long, the vault locks: its keys are removed from memory and the password is needed again.</source>
        <translation>应用在这段时间内无人使用时，保险库会自动锁定：密钥从内存中清除，需要重新输入密码。</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>This shop</source>
        <translation>本店铺</translation>
    </message>
    <message>
        <source>Stored inside this vault, encrypted with its data.</source>
        <translation>保存在此保险库内，与其数据一同加密。</translation>
    </message>
    <message>
        <source>Save shop settings</source>
        <translation>保存店铺设置</translation>
    </message>
    <message>
        <source>Security of this vault</source>
        <translation>此保险库的安全信息</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Password protection</source>
        <translation>密码保护</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>Format version</source>
        <translation>格式版本</translation>
    </message>
    <message>
        <source>{0}: {1} MiB of memory, {2} passes per guess</source>
        <translation>{0}：每次猜测需 {1} MiB 内存、{2} 轮计算</translation>
    </message>
    <message>
        <source>SQLCipher (AES-256) for both database files; identities are kept in a separate file with its own key</source>
        <translation>两个数据库文件均使用 SQLCipher（AES-256）加密；身份信息保存在单独的文件中，使用独立的密钥</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{0} {1}%</source>
        <translation>{0} {1}%</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>StrengthHint</name>
    <message>
        <source>Use at least 12 characters; a few unrelated words work well.</source>
        <translation>请至少使用 12 个字符；几个互不相关的词组合起来效果很好。</translation>
    </message>
    <message>
        <source>Strength: {0}</source>
        <translation>强度：{0}</translation>
    </message>
    <message>
        <source> ({0})</source>
        <translation>（{0}）</translation>
    </message>
</context>
<context>
    <name>UnlockPanel</name>
    <message>
        <source>Unlock the demo vault</source>
        <translation>解锁演示保险库</translation>
    </message>
    <message>
        <source>Unlock your vault</source>
        <translation>解锁您的保险库</translation>
    </message>
    <message>
        <source>Vault folder: {0}</source>
        <translation>保险库文件夹：{0}</translation>
    </message>
    <message>
        <source>Locked automatically after a period without activity. The keys were removed from memory.</source>
        <translation>因一段时间无操作已自动锁定。密钥已从内存中清除。</translation>
    </message>
    <message>
        <source>Locked. The keys were removed from memory.</source>
        <translation>已锁定。密钥已从内存中清除。</translation>
    </message>
    <message>
        <source>This demo vault holds a made-up shop with synthetic customers only. Its password is: {0}</source>
        <translation>此演示保险库中只有一家虚构店铺和合成的客户数据。密码是：{0}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <source>Forgot your password? Use the recovery code</source>
        <translation>忘记密码？使用恢复码</translation>
    </message>
    <message>
        <source>Recovering from the app is not built yet. Close the app, then in a terminal run:
persona recover --vault &quot;{0}&quot;
It asks for the recovery code you stored when the vault was created and lets you choose a new password.</source>
        <translation>应用内恢复功能尚未开发。请关闭应用，然后在终端中运行：
persona recover --vault &quot;{0}&quot;
它会要求输入创建保险库时保存的恢复码，然后让您设置新密码。</translation>
    </message>
    <message>
        <source>Open or create a vault in another folder…</source>
        <translation>在其他文件夹中打开或创建保险库…</translation>
    </message>
    <message>
        <source>Leave the demo: go to your own vault</source>
        <translation>离开演示：前往您自己的保险库</translation>
    </message>
</context>
<context>
    <name>VaultSettingsForm</name>
    <message>
        <source>China mainland</source>
        <translation>中国大陆</translation>
    </message>
    <message>
        <source>Hong Kong, China</source>
        <translation>中国香港</translation>
    </message>
    <message>
        <source>Macao, China</source>
        <translation>中国澳门</translation>
    </message>
    <message>
        <source>Taiwan, China</source>
        <translation>中国台湾</translation>
    </message>
    <message>
        <source>Singapore</source>
        <translation>新加坡</translation>
    </message>
    <message>
        <source>Malaysia</source>
        <translation>马来西亚</translation>
    </message>
    <message>
        <source>Japan</source>
        <translation>日本</translation>
    </message>
    <message>
        <source>South Korea</source>
        <translation>韩国</translation>
    </message>
    <message>
        <source>Thailand</source>
        <translation>泰国</translation>
    </message>
    <message>
        <source>India</source>
        <translation>印度</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>澳大利亚</translation>
    </message>
    <message>
        <source>New Zealand</source>
        <translation>新西兰</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>英国</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>德国</translation>
    </message>
    <message>
        <source>France</source>
        <translation>法国</translation>
    </message>
    <message>
        <source>Spain</source>
        <translation>西班牙</translation>
    </message>
    <message>
        <source>Italy</source>
        <translation>意大利</translation>
    </message>
    <message>
        <source>Netherlands</source>
        <translation>荷兰</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>Canada</source>
        <translation>加拿大</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Default phone country</source>
        <translation>默认电话国家/地区</translation>
    </message>
    <message>
        <source>Phone numbers written without a country code (+86, +1…) are read as numbers from this country.</source>
        <translation>未写国家代码（+86、+1…）的电话号码将按此国家/地区的号码解读。</translation>
    </message>
    <message>
        <source>e.g. Green Leaf Tea</source>
        <translation>例如：绿叶茶庄</translation>
    </message>
    <message>
        <source>The currency of your order amounts (a 3-letter code such as CNY).</source>
        <translation>订单金额所用的货币（三个字母的代码，如 CNY）。</translation>
    </message>
    <message>
        <source>Order times are read in this time zone (an IANA name such as Asia/Shanghai).</source>
        <translation>订单时间按此时区解读（IANA 名称，如 Asia/Shanghai）。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Understand your customers, privately, on this computer.</source>
        <translation>在您自己的电脑上，私密地了解您的客户。</translation>
    </message>
    <message>
        <source>Just looking?</source>
        <translation>只是看看？</translation>
    </message>
    <message>
        <source>Open the demo vault: a made-up tea shop with synthetic customers, nobody real. Its password is {0}.</source>
        <translation>打开演示保险库：一家虚构的茶叶店，客户全部是合成数据，没有真实的人。密码是 {0}。</translation>
    </message>
    <message>
        <source>Open the demo vault</source>
        <translation>打开演示保险库</translation>
    </message>
    <message>
        <source>Building the demo vault…</source>
        <translation>正在生成演示保险库…</translation>
    </message>
    <message>
        <source>A made-up tea shop with synthetic customers is being created. This takes a few seconds; the status bar shows the progress.</source>
        <translation>正在生成一家虚构的茶叶店及其合成客户数据。这需要几秒钟，进度显示在状态栏中。</translation>
    </message>
    <message>
        <source>Opening the demo vault…</source>
        <translation>正在打开演示保险库…</translation>
    </message>
    <message>
        <source>A made-up tea shop with synthetic customers.</source>
        <translation>一家虚构的茶叶店，客户均为合成数据。</translation>
    </message>
    <message>
        <source>Choose the vault folder (an existing vault, or an empty folder for a new one)</source>
        <translation>选择保险库文件夹（已有的保险库，或用于新建的空文件夹）</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Vault: {0}</source>
        <translation>保险库：{0}</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>保险库</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Lock the vault now: the keys are removed from memory and the password is needed again.</source>
        <translation>立即锁定保险库：密钥将从内存中清除，需要重新输入密码。</translation>
    </message>
</context>
</TS>
