<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnalysisState</name>
    <message>
        <source>Analysing customers…</source>
        <translation>正在分析客户…</translation>
    </message>
    <message>
        <source>Predicting value and churn…</source>
        <translation>正在预测客户价值和流失…</translation>
    </message>
</context>
<context>
    <name>AuditBanner</name>
    <message>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <source>If you did not restore or copy files yourself, someone with access to this computer may have. Once you know why, acknowledge it: this is recorded in the log and the warning stops.</source>
        <translation>如果不是您自己恢复或复制了文件，可能是能使用这台电脑的其他人所为。查明原因后请确认：确认会记入日志，此警告随之消失。</translation>
    </message>
    <message>
        <source>The identity file of this vault (identity.db) was replaced by an older copy (audit entry {0}): people erased or corrected since then may be back.</source>
        <translation>本保险库的身份文件（identity.db）被替换为旧副本（审计日志第 {0} 条）：此后删除或更正的个人信息可能已恢复。</translation>
    </message>
    <message>
        <source>Both data files of this vault were replaced by older copies: the key file remembers a later state (audit entry {0}).</source>
        <translation>本保险库的两个数据文件都被替换为旧副本：密钥文件记录了更新的状态（审计日志第 {0} 条）。</translation>
    </message>
    <message>
        <source>The audit log of this vault does not continue where it last ended (entry {0}). Entries were removed, or the vault file was replaced by an older copy.</source>
        <translation>本保险库的审计日志没有从上次结束处（第 {0} 条）继续。可能有记录被删除，或保险库文件被替换为旧副本。</translation>
    </message>
</context>
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
        <source>Everyone who has bought from you, one row per customer. Customers are shown by number: names and contact details stay pseudonymised (still personal data).</source>
        <translation>所有在您这里购买过的客户，每位一行。客户以编号显示：姓名和联系方式保持假名化（仍属个人信息）。</translation>
    </message>
    <message>
        <source>Find a customer number</source>
        <translation>查找客户编号</translation>
    </message>
    <message>
        <source>Select a customer</source>
        <translation>请选择一位客户</translation>
    </message>
    <message>
        <source>No customer profiles yet</source>
        <translation>还没有客户画像</translation>
    </message>
    <message>
        <source>Run analysis</source>
        <translation>运行分析</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>全部分群</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>No customer has a purchase yet.</source>
        <translation>还没有客户产生购买。</translation>
    </message>
    <message>
        <source>Run the analysis to see every customer with their segment, stage and figures.</source>
        <translation>运行分析后，可查看每位客户的分群、阶段和关键数据。</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>{0} 位客户</translation>
    </message>
    <message>
        <source>Customer #{0}</source>
        <translation>客户 #{0}</translation>
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
        <source>Customers and orders arrive by importing your sales spreadsheets (CSV or Excel) on the Imports page.</source>
        <translation>客户和订单来自您在“导入”页导入的销售表格（CSV 或 Excel）。</translation>
    </message>
    <message>
        <source>Go to Imports</source>
        <translation>前往导入</translation>
    </message>
    <message>
        <source>Segments and personas</source>
        <translation>分群与画像</translation>
    </message>
    <message>
        <source>Run analysis</source>
        <translation>运行分析</translation>
    </message>
    <message>
        <source>Re-run analysis</source>
        <translation>重新分析</translation>
    </message>
    <message>
        <source>Open segments</source>
        <translation>查看分群</translation>
    </message>
    <message>
        <source>No analysis yet. Run it to group your customers into segments with a persona card for each.</source>
        <translation>还没有分析结果。运行分析即可把客户分成若干群，并为每个分群生成画像卡片。</translation>
    </message>
    <message>
        <source>No segments in the last analysis.</source>
        <translation>上次分析没有得到分群。</translation>
    </message>
    <message>
        <source>Last analysis as of {0}: {1} customers in {2} segments. Largest: {3}.</source>
        <translation>上次分析（截至 {0}）：{1} 位客户，分为 {2} 个群。最大的分群：{3}。</translation>
    </message>
    <message>
        <source>Also stored: {0} order lines, and {1} rows set aside during imports for you to review.</source>
        <translation>另外保存了 {0} 条订单明细，以及导入时搁置、等待您检查的 {1} 行数据。</translation>
    </message>
    <message>
        <source>Someone typed a wrong password {0} time(s) since this vault was last unlocked. If that was not you, change the password (command line: persona passwd).</source>
        <translation>自上次解锁以来，有人输错密码 {0} 次。如果不是您本人，请修改密码（命令行：persona passwd）。</translation>
    </message>
    <message>
        <source>The record of wrong passwords in the key file was reset since this vault was last unlocked, so attempts may have been hidden. If you did not restore or replace vault.key, change the password (command line: persona passwd).</source>
        <translation>自上次解锁以来，密钥文件中的密码错误记录被重置，尝试记录可能已被隐藏。如果您没有恢复或替换 vault.key，请修改密码（命令行：persona passwd）。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something unexpected went wrong, so this action did not finish. Please try again. Technical details (no customer data) were written to the log file {0}; it helps to find the cause if this keeps happening.</source>
        <translation>发生了意外错误，此操作未完成。请重试。技术细节（不含任何客户数据）已写入日志文件 {0}；如果问题反复出现，它有助于查明原因。</translation>
    </message>
    <message>
        <source>What to do now:
1. Stop working in this vault. Persona Desktop no longer saves anything to it, so nothing more can be lost.
2. Restore your latest backup: close the app, then in a terminal run
   persona restore &lt;backup file&gt; --vault &lt;this vault&apos;s folder&gt; --replace
   (the damaged vault is moved aside, not deleted).
3. No backup? Keep the damaged folder exactly as it is and ask for help; do not delete it.</source>
        <translation>接下来怎么做：
1. 停止使用此保险库。Persona Desktop 不再向其中保存任何内容，因此不会再丢失更多数据。
2. 恢复最近的备份：关闭应用，然后在终端中运行
   persona restore &lt;备份文件&gt; --vault &lt;此保险库的文件夹&gt; --replace
   （损坏的保险库会被移到一旁，不会被删除）。
3. 没有备份？请保持损坏的文件夹原样并寻求帮助，不要删除它。</translation>
    </message>
</context>
<context>
    <name>FileStep</name>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>A sales or customer export from your shop: CSV, TSV, text or Excel.</source>
        <translation>从店铺后台导出的订单或客户表格：CSV、TSV、文本或 Excel。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Choose a file or drop it below</source>
        <translation>选择文件，或拖放到下方</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Drop a file here</source>
        <translation>将文件拖放到这里</translation>
    </message>
    <message>
        <source>or drop it anywhere on the main window</source>
        <translation>也可以拖放到主窗口的任意位置</translation>
    </message>
    <message>
        <source>Any text encoding works (UTF-8, GBK, Big5 and others); the next step shows how the file was read so you can check it. Files compressed as .gz or .zip are fine too.</source>
        <translation>任何文本编码都可以（UTF-8、GBK、Big5 等）；下一步会显示文件的读取结果，供您检查。.gz 或 .zip 压缩文件也可以。</translation>
    </message>
    <message>
        <source>The file is read on this computer only; nothing is uploaded. Your file itself is not changed.</source>
        <translation>文件只在这台电脑上读取，不会上传任何内容；您的原文件也不会被修改。</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.gz *.zip);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.gz *.zip);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ImportTexts</name>
    <message>
        <source>UTF-16 (Excel &quot;Unicode text&quot;)</source>
        <translation>UTF-16（Excel“Unicode 文本”）</translation>
    </message>
    <message>
        <source>UTF-8 (most files)</source>
        <translation>UTF-8（大多数文件）</translation>
    </message>
    <message>
        <source>UTF-8 with signature (Excel)</source>
        <translation>带签名的 UTF-8（Excel）</translation>
    </message>
    <message>
        <source>GBK / GB18030 (Simplified Chinese)</source>
        <translation>GBK / GB18030（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Windows Western (cp1252)</source>
        <translation>Windows 西欧（cp1252）</translation>
    </message>
    <message>
        <source>Latin-1 (ISO 8859-1)</source>
        <translation>Latin-1（ISO 8859-1）</translation>
    </message>
    <message>
        <source>Plain ASCII</source>
        <translation>纯 ASCII</translation>
    </message>
    <message>
        <source>Comma ( , )</source>
        <translation>逗号（ , ）</translation>
    </message>
    <message>
        <source>Semicolon ( ; )</source>
        <translation>分号（ ; ）</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Vertical bar ( | )</source>
        <translation>竖线（ | ）</translation>
    </message>
    <message>
        <source>Spaces</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>sure</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>likely</source>
        <translation>较可能</translation>
    </message>
    <message>
        <source>a guess</source>
        <translation>推测</translation>
    </message>
    <message>
        <source>not recognised</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <source>Pseudonymised (still personal data)</source>
        <translation>假名化（仍属个人信息）</translation>
    </message>
    <message>
        <source>Generalised</source>
        <translation>泛化</translation>
    </message>
    <message>
        <source>Scanned for personal details</source>
        <translation>扫描个人信息</translation>
    </message>
    <message>
        <source>Kept as it is</source>
        <translation>原样保存</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Analyses see a pseudonym instead of the value. The real value is kept encrypted in a separate identity file and is shown only when you choose to reveal it, which asks for your password. The data stays pseudonymised (still personal data).</source>
        <translation>分析时只看到假名，看不到原值。真实信息加密保存在单独的身份文件中，只有您选择查看时才会显示，查看时需要输入密码。这些数据是假名化的（仍属个人信息）。</translation>
    </message>
    <message>
        <source>The full address is kept encrypted in the separate identity file; analyses see only the city and the province.</source>
        <translation>完整地址加密保存在单独的身份文件中；分析时只看到城市和省份。</translation>
    </message>
    <message>
        <source>Analyses see an age band (for example 25–34), never the exact birth date or age.</source>
        <translation>分析时只看到年龄段（例如 25–34 岁），看不到具体的出生日期或年龄。</translation>
    </message>
    <message>
        <source>Analyses see only the start of the postcode (the area), not the full code.</source>
        <translation>分析时只看到邮编的前几位（所在地区），看不到完整邮编。</translation>
    </message>
    <message>
        <source>Emails, phone numbers, ID numbers and card numbers found in the text are removed before it is stored.</source>
        <translation>文字中的邮箱、电话号码、身份证号和银行卡号会在保存前删除。</translation>
    </message>
    <message>
        <source>Left out: nothing from this column is stored.</source>
        <translation>不导入：此列的内容都不会保存。</translation>
    </message>
    <message>
        <source>Stored as it is.</source>
        <translation>原样保存。</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>1 File</source>
        <translation>1 文件</translation>
    </message>
    <message>
        <source>2 Preview</source>
        <translation>2 预览</translation>
    </message>
    <message>
        <source>3 Columns</source>
        <translation>3 列</translation>
    </message>
    <message>
        <source>4 Privacy</source>
        <translation>4 隐私</translation>
    </message>
    <message>
        <source>5 Import</source>
        <translation>5 导入</translation>
    </message>
    <message>
        <source>6 Report</source>
        <translation>6 报告</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Checking the columns…</source>
        <translation>正在检查各列…</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
</context>
<context>
    <name>ImportsModel</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Imported on</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <source>New rows</source>
        <translation>新增行数</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{0} on {1}</source>
        <translation>{1}{0}</translation>
    </message>
</context>
<context>
    <name>ImportsPage</name>
    <message>
        <source>Imports</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Bring in orders and customers from spreadsheets (CSV, TSV, Excel), and see what every import brought.</source>
        <translation>从表格（CSV、TSV、Excel）导入订单和客户，并查看每次导入带来了什么。</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Postage and fee lines…</source>
        <translation>运费和费用明细…</translation>
    </message>
    <message>
        <source>Import your first file</source>
        <translation>导入您的第一个文件</translation>
    </message>
    <message>
        <source>Export your orders or customers from your shop system as CSV or Excel, in any encoding (UTF-8, GBK…). The wizard shows how it read the file, lets you check what each column holds, pseudonymises names and contact details on the way in, and lists every row it sets aside with the reason. You can also drop a file on this window.</source>
        <translation>从店铺系统把订单或客户导出为 CSV 或 Excel，任何编码都可以（UTF-8、GBK…）。导入向导会显示文件的读取结果，让您确认每一列的内容，在导入时把姓名和联系方式假名化，并列出每一行被搁置的数据及原因。也可以直接把文件拖放到此窗口。</translation>
    </message>
    <message>
        <source>Past imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Undo import…</source>
        <translation>撤销导入…</translation>
    </message>
    <message>
        <source>View rows set aside</source>
        <translation>查看搁置的行</translation>
    </message>
    <message>
        <source>Select an import to see its rows set aside or to undo it.</source>
        <translation>选择一次导入，可查看其搁置的行或撤销它。</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Undo import {0} ({1})?</source>
        <translation>撤销第 {0} 次导入（{1}）？</translation>
    </message>
    <message>
        <source>Its orders, order lines and rows set aside are removed, and so are customers whom only this import brought in, with their identities. Your file is not touched and you can import it again. The undo is recorded in the audit log.</source>
        <translation>这次导入的订单、订单明细和搁置的行都会被删除；只由这次导入带来的客户及其身份信息也会被删除。您的原文件不受影响，可以再次导入。撤销操作会记入审计日志。</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Undoing import {0}…</source>
        <translation>正在撤销第 {0} 次导入…</translation>
    </message>
    <message>
        <source>Import {0} was undone: {1} order lines, {2} orders, {3} customers, {4} products and {5} rows set aside were removed.</source>
        <translation>第 {0} 次导入已撤销：删除了 {1} 条订单明细、{2} 个订单、{3} 位客户、{4} 种商品和 {5} 行搁置数据。</translation>
    </message>
</context>
<context>
    <name>InsightsPage</name>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <source>Your shop at a glance and every chart of the last analysis, each with one line on how to read it.</source>
        <translation>店铺概览和上次分析的全部图表，每张图都附有一句读图说明。</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Average order</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款率</translation>
    </message>
    <message>
        <source>Repeat buyers</source>
        <translation>复购客户占比</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>No analysis yet</source>
        <translation>还没有分析结果</translation>
    </message>
    <message>
        <source>Run the analysis to see revenue over time, by region and channel, what sells, and how customers come back.</source>
        <translation>运行分析后，可查看营收走势、地区和渠道分布、畅销商品以及客户回购情况。</translation>
    </message>
    <message>
        <source>Run analysis</source>
        <translation>运行分析</translation>
    </message>
    <message>
        <source>Predictions and how well they held up</source>
        <translation>预测结果及其回测表现</translation>
    </message>
    <message>
        <source>How this is computed and checked:</source>
        <translation>计算与检验方法：</translation>
    </message>
    <message>
        <source>Products bought together</source>
        <translation>常被一起购买的商品</translation>
    </message>
    <message>
        <source>Find a product</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <source>Customers who buy</source>
        <translation>购买了</translation>
    </message>
    <message>
        <source>also buy</source>
        <translation>的客户也会买</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>支持度</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Lift</source>
        <translation>提升度</translation>
    </message>
    <message>
        <source>All orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <source>Revenue by month</source>
        <translation>每月营收</translation>
    </message>
    <message>
        <source>Revenue by day</source>
        <translation>每日营收</translation>
    </message>
    <message>
        <source>Orders by weekday and hour</source>
        <translation>按星期和时段的订单数</translation>
    </message>
    <message>
        <source>Revenue by region</source>
        <translation>各地区营收</translation>
    </message>
    <message>
        <source>Revenue by channel</source>
        <translation>各渠道营收</translation>
    </message>
    <message>
        <source>Revenue by category</source>
        <translation>各品类营收</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>畅销商品</translation>
    </message>
    <message>
        <source>Recency × frequency (RFM)</source>
        <translation>最近购买 × 购买频次（RFM）</translation>
    </message>
    <message>
        <source>Monthly revenue by segment</source>
        <translation>各分群每月营收</translation>
    </message>
    <message>
        <source>Customers coming back (cohorts)</source>
        <translation>客户回购（同期群）</translation>
    </message>
    <message>
        <source>Spend per customer by segment</source>
        <translation>各分群客户消费分布</translation>
    </message>
    <message>
        <source>Behaviour clusters</source>
        <translation>行为聚类</translation>
    </message>
    <message>
        <source>Segment changes since the previous analysis</source>
        <translation>与上次分析相比的分群变化</translation>
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
    <name>MappingModel</name>
    <message>
        <source>Column in your file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>What it holds</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>you chose this</source>
        <translation>您的选择</translation>
    </message>
    <message>
        <source>from your saved mapping</source>
        <translation>来自您保存的映射</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Could also be: {0}</source>
        <translation>也可能是：{0}</translation>
    </message>
</context>
<context>
    <name>MappingStep</name>
    <message>
        <source>Tell us what each column holds</source>
        <translation>确认每一列的内容</translation>
    </message>
    <message>
        <source>The app guessed from the column names and the values. Correct any guess with the drop-down; columns you do not need can be set to &quot;Do not import&quot;.</source>
        <translation>应用根据列名和数据做了猜测。如有不对，请用下拉框更正；不需要的列可以设为“不导入”。</translation>
    </message>
    <message>
        <source>Save this mapping as:</source>
        <translation>将此映射保存为：</translation>
    </message>
    <message>
        <source>a name, e.g. Taobao orders (optional)</source>
        <translation>名称，例如：淘宝订单（可选）</translation>
    </message>
    <message>
        <source>Offered again for files with the same columns.</source>
        <translation>以后导入列相同的文件时会自动使用。</translation>
    </message>
    <message>
        <source>Day first (31/12/2024)</source>
        <translation>日在前（31/12/2024）</translation>
    </message>
    <message>
        <source>Month first (12/31/2024)</source>
        <translation>月在前（12/31/2024）</translation>
    </message>
    <message>
        <source>Using the mapping you saved as &quot;{0}&quot; for files with these columns.</source>
        <translation>正在使用您为这种列保存的映射“{0}”。</translation>
    </message>
    <message>
        <source>The dates in {0} can be read two ways: 03/04/2024 is 3 April if the day comes first, or March 4 if the month does. How are dates written in this file?</source>
        <translation>“{0}”中的日期有两种读法：如果日在前，03/04/2024 是 4 月 3 日；如果月在前，则是 3 月 4 日。这个文件中的日期是怎么写的？</translation>
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
    <name>PreviewStep</name>
    <message>
        <source>Check how the file was read</source>
        <translation>检查文件的读取结果</translation>
    </message>
    <message>
        <source>If the characters look wrong or everything is in one column, change the settings on the left.</source>
        <translation>如果文字显示为乱码，或所有内容挤在一列中，请修改左侧的设置。</translation>
    </message>
    <message>
        <source>Text encoding:</source>
        <translation>文本编码：</translation>
    </message>
    <message>
        <source>Columns separated by:</source>
        <translation>列分隔符：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>The first row holds the column names</source>
        <translation>第一行是列名</translation>
    </message>
    <message>
        <source>The first rows of your file:</source>
        <translation>文件的前几行：</translation>
    </message>
    <message>
        <source>Detected automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>{0} (detected)</source>
        <translation>{0}（自动检测）</translation>
    </message>
    <message>
        <source>File: {0}</source>
        <translation>文件：{0}</translation>
    </message>
    <message>
        <source>{0} columns</source>
        <translation>{0} 列</translation>
    </message>
    <message>
        <source>{0} rows, {1} columns</source>
        <translation>{0} 行，{1} 列</translation>
    </message>
    <message>
        <source>about {0} rows, {1} columns</source>
        <translation>约 {0} 行，{1} 列</translation>
    </message>
    <message>
        <source>Encoding detected: {0}</source>
        <translation>编码检测：{0}</translation>
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
    <name>PrivacyStep</name>
    <message>
        <source>What happens to personal data</source>
        <translation>个人信息如何处理</translation>
    </message>
    <message>
        <source>Check this before importing; go back to change what a column holds.</source>
        <translation>导入前请检查；如需更改某列的内容，请返回上一步。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Everything is stored in your encrypted vault on this computer. Names and contact details are replaced by pseudonyms for analysis; the real values are kept encrypted in a separate file. This data is pseudonymised (still personal data): the law still treats it as personal data, and so does this app.</source>
        <translation>所有数据都保存在这台电脑上的加密保险库中。分析时姓名和联系方式会被替换为假名，真实信息加密保存在单独的文件中。这些数据是假名化的（仍属个人信息）：法律仍把它们视为个人信息，本应用也是如此。</translation>
    </message>
    <message>
        <source>Drop exact duplicate rows</source>
        <translation>删除完全重复的行</translation>
    </message>
    <message>
        <source>Off: rows that are exact copies of another row are kept, because a customer may really order the same thing twice. Either way the report says how many there were.</source>
        <translation>不勾选时，与其他行完全相同的行会保留，因为客户可能确实买了两次同样的东西。无论是否勾选，报告都会说明有多少这样的行。</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>QuarantineDialog</name>
    <message>
        <source>Rows set aside by import {0} ({1})</source>
        <translation>第 {0} 次导入搁置的行（{1}）</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <source>Row in the file</source>
        <translation>文件中的行号</translation>
    </message>
    <message>
        <source>Why it was set aside</source>
        <translation>搁置原因</translation>
    </message>
    <message>
        <source>Values (names and contact details hidden)</source>
        <translation>数据（姓名和联系方式已隐藏）</translation>
    </message>
    <message>
        <source>Rows set aside</source>
        <translation>搁置的行</translation>
    </message>
    <message>
        <source>Export quarantined rows…</source>
        <translation>导出搁置的行…</translation>
    </message>
    <message>
        <source>The export holds the rows exactly as they were in your file, so it may contain personal data (names, phone numbers). Keep it safe and delete it when you are done. Every export is recorded in the audit log.</source>
        <translation>导出的文件包含这些行在原文件中的原样数据，可能含有个人信息（姓名、手机号）。请妥善保管，用完后删除。每次导出都会记入审计日志。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No rows were set aside: every row could be read.</source>
        <translation>没有搁置的行：每一行都能读取。</translation>
    </message>
    <message>
        <source>The first {0} rows set aside are shown; the export holds all of them.</source>
        <translation>这里显示前 {0} 行搁置数据；导出文件包含全部。</translation>
    </message>
    <message>
        <source>{0} row(s) could not be imported. Fix them in your file and import it again, or leave them out.</source>
        <translation>有 {0} 行无法导入。可以在原文件中修正后重新导入，也可以不管它们。</translation>
    </message>
    <message>
        <source>{0}-set-aside{1}.csv</source>
        <translation>{0}-搁置{1}.csv</translation>
    </message>
    <message>
        <source>Export quarantined rows</source>
        <translation>导出搁置的行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting quarantined rows…</source>
        <translation>正在导出搁置的行…</translation>
    </message>
    <message>
        <source>{0} row(s) written to {1}. The file may hold personal data; this export was recorded in the audit log.</source>
        <translation>已将 {0} 行写入 {1}。该文件可能含有个人信息；此次导出已记入审计日志。</translation>
    </message>
    <message>
        <source>The file could not be written ({0}). Nothing was exported; choose another folder or name.</source>
        <translation>无法写入文件（{0}），未导出任何内容。请换一个文件夹或文件名。</translation>
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
    <name>ReportStep</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Where every row of your file went.</source>
        <translation>文件中每一行的去向。</translation>
    </message>
    <message>
        <source>{0} of {1} rows from {2} are now in your vault.</source>
        <translation>{2} 的 {1} 行中，有 {0} 行已存入您的保险库。</translation>
    </message>
    <message>
        <source>Rows read from the file</source>
        <translation>从文件读取的行</translation>
    </message>
    <message>
        <source>Stored ({0} new, {1} already in the vault)</source>
        <translation>已保存（新增 {0}，保险库中已有 {1}）</translation>
    </message>
    <message>
        <source>Set aside for you to review</source>
        <translation>搁置，等待您检查</translation>
    </message>
    <message>
        <source>Exact duplicates dropped</source>
        <translation>删除的完全重复行</translation>
    </message>
    <message>
        <source>Skipped: people who were erased from this vault</source>
        <translation>跳过：已从此保险库中删除的人</translation>
    </message>
    <message>
        <source>Every row is accounted for: {0} read = {1} stored + {2} set aside + {3} duplicates dropped + {4} skipped.</source>
        <translation>每一行都有去向：读取 {0} = 保存 {1} + 搁置 {2} + 删除重复 {3} + 跳过 {4}。</translation>
    </message>
    <message>
        <source>Every row is accounted for: {0} read = {1} stored + {2} set aside + {3} duplicates dropped.</source>
        <translation>每一行都有去向：读取 {0} = 保存 {1} + 搁置 {2} + 删除重复 {3}。</translation>
    </message>
    <message>
        <source>New in the vault: {0} customers, {1} orders, {2} products.</source>
        <translation>保险库新增：{0} 位客户、{1} 个订单、{2} 种商品。</translation>
    </message>
    <message>
        <source>{0} row(s) were exact copies of another row; they were kept (you chose not to drop duplicates).</source>
        <translation>有 {0} 行与其他行完全相同，已保留（您选择了不删除重复行）。</translation>
    </message>
    <message>
        <source>Why rows were set aside:</source>
        <translation>搁置原因：</translation>
    </message>
    <message>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <source>Kept, but flagged for you to check:</source>
        <translation>已保留，但标记出来供您检查：</translation>
    </message>
    <message>
        <source>Removed from free text before storing:</source>
        <translation>保存前从备注等文字中删除：</translation>
    </message>
    <message>
        <source>Dates in {0} were read day first.</source>
        <translation>“{0}”中的日期按日在前读取。</translation>
    </message>
    <message>
        <source>Dates in {0} were read month first.</source>
        <translation>“{0}”中的日期按月在前读取。</translation>
    </message>
    <message>
        <source>This is import number {0}. If something looks wrong, you can undo it on the Imports page.</source>
        <translation>这是第 {0} 次导入。如果发现问题，可以在“导入”页撤销。</translation>
    </message>
    <message>
        <source>The mapping was saved as &quot;{0}&quot;.</source>
        <translation>映射已保存为“{0}”。</translation>
    </message>
</context>
<context>
    <name>RunStep</name>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>You can cancel at any time: nothing is stored until the import finishes.</source>
        <translation>您可以随时取消：导入完成前不会保存任何内容。</translation>
    </message>
    <message>
        <source>Importing {0}… {1}%</source>
        <translation>正在导入 {0}… {1}%</translation>
    </message>
    <message>
        <source>{0} of about {1} rows read</source>
        <translation>已读取 {0} 行，共约 {1} 行</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Cancelling… undoing what was read so far.</source>
        <translation>正在取消…撤回已读取的内容。</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>The import did not finish</source>
        <translation>导入未完成</translation>
    </message>
    <message>
        <source>Go back to change something and import again, or close the wizard.</source>
        <translation>可以返回修改后重新导入，或关闭向导。</translation>
    </message>
    <message>
        <source>Nothing was stored from this file.</source>
        <translation>此文件的内容均未保存。</translation>
    </message>
</context>
<context>
    <name>SegmentsPage</name>
    <message>
        <source>Segments</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Groups of similar customers and the personas that describe them: who they are, why they belong together, what they are worth and what to do next.</source>
        <translation>相似客户的分群及其画像：他们是谁、为何归为一类、价值多少、下一步该做什么。</translation>
    </message>
    <message>
        <source>Re-run analysis</source>
        <translation>重新分析</translation>
    </message>
    <message>
        <source>Edit tags…</source>
        <translation>编辑标签…</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>RFM 分群</translation>
    </message>
    <message>
        <source>Behaviour clusters</source>
        <translation>行为聚类</translation>
    </message>
    <message>
        <source>No analysis yet</source>
        <translation>还没有分析结果</translation>
    </message>
    <message>
        <source>Run the analysis to group your customers into segments and personas. It takes a few seconds and is stored in the vault, so next time it opens at once.</source>
        <translation>运行分析即可将客户分群并生成画像。只需几秒钟，结果保存在保险库中，下次打开立即可见。</translation>
    </message>
    <message>
        <source>Run analysis</source>
        <translation>运行分析</translation>
    </message>
    <message>
        <source>Why: </source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Top: </source>
        <translation>偏好：</translation>
    </message>
    <message>
        <source>Stage: </source>
        <translation>阶段：</translation>
    </message>
    <message>
        <source>Do: </source>
        <translation>建议：</translation>
    </message>
    <message>
        <source>Recommend: </source>
        <translation>推荐：</translation>
    </message>
    <message>
        <source>{0} clusters chosen by how well they separate customers (silhouette {1:.2f}).</source>
        <translation>根据客户区分程度选定 {0} 个聚类（轮廓系数 {1:.2f}）。</translation>
    </message>
    <message>
        <source>These clusters are weakly separated: a silhouette of 0.50 or less means the groups overlap and could be an artefact. The RFM segments are the steadier grouping to act on.</source>
        <translation>这些聚类之间区分较弱：轮廓系数不超过 0.50 表示各组相互重叠，可能只是算法的产物。采取行动时请以更稳定的 RFM 分群为准。</translation>
    </message>
    <message>
        <source>{0:.1f}% of customers kept their cluster since the previous analysis.</source>
        <translation>与上次分析相比，{0:.1f}% 的客户保持在原聚类。</translation>
    </message>
</context>
<context>
    <name>ServiceLinesDialog</name>
    <message>
        <source>Postage and fee lines</source>
        <translation>运费和费用明细</translation>
    </message>
    <message>
        <source>Lines that are not products</source>
        <translation>不是商品的明细</translation>
    </message>
    <message>
        <source>Postage, shipping, fees, bank charges and manual adjustments booked as order lines are left out of products, customer spend, baskets and recommendations. These were found from their names and prices; untick a line that is a real product. Changes apply from the next analysis.</source>
        <translation>以订单明细记账的邮费、运费、手续费、银行费用和手工调整，不计入商品、客户消费额、购物篮和推荐。这些明细是根据名称和价格找出的；如果某一行其实是商品，请取消勾选。更改从下一次分析起生效。</translation>
    </message>
    <message>
        <source>No postage, fee or adjustment lines were found in this vault&apos;s orders.</source>
        <translation>在本保险库的订单中没有找到运费、费用或调整明细。</translation>
    </message>
</context>
<context>
    <name>ServiceLinesModel</name>
    <message>
        <source>Not a product</source>
        <translation>不是商品</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细行数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
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
    <name>TagRulesDialog</name>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Tag rules</source>
        <translation>标签规则</translation>
    </message>
    <message>
        <source>A tag marks every customer who meets its rule. A threshold is a number or a percentile of your shop such as p80 (the top 20 %). Saving re-runs the analysis so the new tags apply.</source>
        <translation>符合规则的客户都会被打上该标签。阈值可以是数字，也可以是全店百分位，如 p80（前 20%）。保存后会重新分析，使新标签生效。</translation>
    </message>
    <message>
        <source>Tag name</source>
        <translation>标签名</translation>
    </message>
    <message>
        <source>English label</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Chinese label</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>e.g. 3 or p80</source>
        <translation>例如 3 或 p80</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Give the tag a name and a threshold.</source>
        <translation>请填写标签名和阈值。</translation>
    </message>
    <message>
        <source>The threshold must be a number or a percentile such as p80.</source>
        <translation>阈值必须是数字或百分位（如 p80）。</translation>
    </message>
</context>
<context>
    <name>TagRulesModel</name>
    <message>
        <source> and </source>
        <translation> 且 </translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>English label</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Chinese label</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
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
    <message>
        <source>Several wrong passwords in a row. You can try again in {0} s.</source>
        <translation>已连续多次输入错误密码。{0} 秒后可再试。</translation>
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
        <source>Re-run analysis</source>
        <translation>重新分析</translation>
    </message>
    <message>
        <source>Analyse the customers again with the data now in the vault; the result is stored as a new run.</source>
        <translation>用保险库中的最新数据重新分析客户；结果保存为新的分析记录。</translation>
    </message>
    <message>
        <source>This vault is damaged: nothing more is saved to it. Restore your latest backup (see the message for how); until then, what can still be read is shown.</source>
        <translation>此保险库已损坏：不会再向其中保存任何内容。请恢复最近的备份（方法见提示框）；在此之前，仍可读取的内容照常显示。</translation>
    </message>
    <message>
        <source>Lock the vault now: the keys are removed from memory and the password is needed again.</source>
        <translation>立即锁定保险库：密钥将从内存中清除，需要重新输入密码。</translation>
    </message>
    <message>
        <source>Acknowledge the audit log warning</source>
        <translation>确认审计日志警告</translation>
    </message>
    <message>
        <source>This records in the audit log that you have seen the break, and later opens check the log from its newest entry. The break itself stays visible to &apos;Verify&apos;. Acknowledge?</source>
        <translation>这会在审计日志中记录您已看到此断裂，之后的打开将从最新记录起检查日志。断裂本身在“校验”中仍然可见。确认吗？</translation>
    </message>
    <message>
        <source>no analysis yet</source>
        <translation>尚未分析</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{0} min ago</source>
        <translation>{0} 分钟前</translation>
    </message>
    <message>
        <source>{0} h ago</source>
        <translation>{0} 小时前</translation>
    </message>
    <message>
        <source>{0} days ago</source>
        <translation>{0} 天前</translation>
    </message>
    <message>
        <source>last analysis {0}</source>
        <translation>上次分析：{0}</translation>
    </message>
</context>
</TS>
