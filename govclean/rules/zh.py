"""Chinese government-site patterns, as data: chrome lines, label lines, class names."""

# (name, regex): a block whose text matches is chrome. Applied to blocks of at most
# rules.CHROME_LINE_MAX characters, except the ones in STRONG_CHROME below.
CHROME = [
    ("breadcrumb", r"^\s*[您你]?(当前|现在|目前)?(所在|的|所处)?(的)?位置\s*[:：]"),
    ("breadcrumb", r"^\s*[>»]?\s*(网站)?首页\s*(>|＞|›|»|>>|/|\\|→)\s*\S"),
    ("font-size", r"(字号|字体)\s*[:：]?\s*[\[【(（]?\s*(大|小|默认|A\+)"),
    ("font-size", r"^\s*[\[【]?\s*大\s*[|｜]?\s*中\s*[|｜]?\s*小\s*[\]】]?\s*$"),
    ("print-close", r"(打印本页|打印此页|打印文章|关闭窗口|关闭本页|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]|^\s*打印\s*$|^\s*关闭\s*$|收藏本页|加入收藏|设为首页)"),
    # a forum post's or a comment's buttons: `回复 引用 举报`, `支持 反对`, `只看该作者`
    ("post-tools", r"^\s*(?:(?:回复|引用|举报|支持|反对|顶|踩|收藏|只看该作者|倒序浏览|使用道具|评分|点评|编辑|删除|分享)(?:\s*(?:\(\d+\)|（\d+）))?[\s|｜·]*){2,}$|^\s*只看该作者\s*$"),
    ("share", r"(分享到|分享至|^\s*分享\s*[:：]?\s*$|一键分享|微信扫一扫|扫一扫|手机扫码|扫码阅读|用手机打开|在手机打开|手机浏览|二维码)"),
    ("prev-next", r"^\s*(上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[:：]?"),
    ("related", r"^\s*(相关(文章|链接|阅读|新闻|稿件|文档|附件|信息|推荐)|热点(新闻|推荐)|推荐阅读|延伸阅读|猜你喜欢|更多(新闻|>>)?|往期回顾)\s*(>>|》|:|：)?\s*$"),
    ("footer", r"(主办单位|承办单位|协办单位|主管单位|运行维护单位|技术支持|运维单位|维护单位|建设单位|网站主办|主办\s*[:：]|承办\s*[:：])"),
    ("footer-id", r"(网站标识码|网站识别码|ICP\s*备|ICP\s*证|公网安备|京公网|增值电信业务经营许可证|版权所有|Copyright|©|\(c\)\s*\d{4})"),
    ("footer", r"^\s*(网站地图|联系我们|网站声明|隐私声明|使用帮助|关于我们|网站纠错|纠错|免责声明|法律声明)(\s*[|｜]?\s*(网站地图|联系我们|网站声明|隐私声明|使用帮助|关于我们|网站纠错|免责声明|法律声明))*\s*$"),
    ("contact", r"^\s*(地址|通讯地址|联系地址|邮编|邮政编码|电话|联系电话|传真|邮箱|电子邮箱|E-?mail)\s*[:：]"),
    ("counter", r"(访问量|访问人次|浏览量|浏览次数|点击数|点击量|阅读次数|阅读数|访问次数|总访问)\s*[:：]?\s*(\d|\[|【)"),
    ("accessibility", r"(长辈版|长者版|长者专区|关怀版|适老版|退出长辈版|无障碍浏览|无障碍阅读|无障碍|读屏专用|智能问答|繁體|繁体版|简体版|English\s*$|网站支持IPv6|IPv6)"),
    ("skip", r"^\s*(跳转到主要内容区域|跳过导航|跳到主要内容|返回顶部|回到顶部|返回首页|TOP)\s*$"),
    ("login", r"^\s*(登录|注册|登录\s*/\s*注册|个人中心|用户登录|退出|我的)\s*$"),
    ("search", r"^\s*(搜索|检索|站内搜索|全站搜索|高级搜索|请输入关键字|请输入关键词|热门搜索)\s*[:：]?"),
    ("official-mark", r"^\s*(党政机关|政府网站找错|我为政府网站找错|网站找错|政务微博|政务微信|微信公众号|官方微信|官方微博|头条号|抖音号|手机版|电脑版|移动版|PC版|客户端)\s*$"),
    ("generated", r"(页面生成时间|生成日期|publishdate\s*:|Produced By)"),
    ("today", r"^\s*(今天是|今日|现在是)\s*[:：]?\s*\d{4}\s*年"),
    ("toc", r"^\s*(本页目录|目录|文章目录|本文目录)\s*[:：]?\s*$"),
    ("empty-label", r"^\s*(附件|相关附件|附件下载|相关文档|附件列表)\s*[:：]?\s*(>>)?\s*$"),
    ("empty-label", r"^\s*(正文|内容|全文)\s*[:：]\s*$"),
]

# Chrome patterns that hold at any block length (a footer often runs long).
STRONG_CHROME = {"footer-id"}

# Label words by field, for label lines: `来源：新华社 发布时间：2024-01-02`. A label is a
# word followed by a colon; the value runs to the next label or the end of the line.
# 成文日期 (written) is not here: it belongs to the 信息公开 table (metadata.OFFICIAL_LABELS).
LABEL_WORDS = [
    ("source", ["信息来源", "文章来源", "稿件来源", "新闻来源", "内容来源", "来源", "转载自", "出处"]),
    ("published", ["发布时间", "发布日期", "发表时间", "发布于", "发稿时间", "公开日期", "时间", "日期"]),
    ("updated", ["更新时间", "更新日期", "修改时间", "最后更新"]),
    ("author", ["作者", "撰稿", "撰文", "文", "记者", "通讯员", "供稿"]),
    ("editor", ["责任编辑", "责编", "编辑", "审核", "校对", "审校", "签发", "初审", "复审", "终审"]),
    ("views", ["浏览次数", "点击数", "点击量", "阅读次数", "访问量", "浏览量", "阅读量", "阅读", "点击"]),
    ("photo", ["摄影", "图片", "图"]),
]

# 信息公开 catalogue lines (索引号：… 发布机构：…) are metadata, not text: the classifier
# labels them; metadata.py reads their values.
OFFICIAL_LINE = r"^\s*(索\s*引\s*号|信\s*息\s*名\s*称|名\s*称|信\s*息\s*分\s*类|主\s*题\s*分\s*类|发\s*布\s*机\s*构|发\s*文\s*机\s*关|成\s*文\s*日\s*期|发\s*文\s*字\s*号|文\s*号|生\s*成\s*日\s*期|有\s*效\s*性|失\s*效\s*时\s*间|生\s*效\s*时\s*间|废\s*止\s*时\s*间|关\s*键\s*词|失\s*效\s*日\s*期|公\s*开\s*方\s*式|公\s*开\s*范\s*围|效\s*力\s*状\s*态|主\s*题\s*词)\s*[:：|｜]"

# A byline on its own line: "记者 王一凡", "见习记者王一凡", "通讯员：…" (metadata, not text).
BYLINE = r"^\s*[（(]?\s*(见习记者|特约记者|本报记者|记者|通讯员|摄影|摄|文/图|文／图|图/文)\s*[:：/／]?\s*[\u4e00-\u9fff·]{2,4}(\s*[、,，\s]\s*[\u4e00-\u9fff·]{2,4}){0,4}\s*[）)]?\s*$"
# A document number: 川卫函〔2025〕46号, 国办发〔2024〕10号.
# A forum post's floor in its author/time line: the first post (楼主, 1楼) is the topic,
# the others (沙发, 板凳, 地板, #5楼, 第6楼) are replies.
FLOOR = r"楼主|沙发|板凳|地板|(?:#|第)\s*\d+\s*楼|(?<!\d)\d+\s*楼(?!\S*[层号])"
DOC_NUMBER = r"^\s*[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,5}\s*号\s*$"

# Labels that may follow other text without a space (`珠江商报发布时间：…`, text dumps glue
# the spans of a dateline together). Short words that end longer ones (开始时间, 结束日期,
# 全文) are not: they need a space, a bracket or the start of the line before them.
GLUED_LABELS = {"信息来源", "文章来源", "稿件来源", "新闻来源", "内容来源", "来源", "发布时间",
                "发布日期", "发表时间", "发稿时间", "公开日期", "更新时间", "更新日期", "修改时间",
                "责任编辑", "责编", "编辑", "记者", "通讯员", "作者", "浏览次数", "点击数",
                "点击量", "阅读次数", "访问量", "浏览量", "阅读量"}

# (field, regex): the label words labels.label_line() reads (classifier and metadata alike).
LABELS = [(name, "(?:" + "|".join(words) + ")") for name, words in LABEL_WORDS]

# Section / page-kind words that name a column rather than an article.
BREADCRUMB_LEADS = r"(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|当前的位置|所在位置|位置)"

# A label before a headline in a 信息公开 page or a text dump: `标 题：…`.
TITLE_LABELS = ["标\\s*题", "题\\s*目", "标题名称"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['发表评论', '网友评论', '评论', '我要评论', '全部评论', '最新评论', '热门评论', '精彩评论', '读者评论',
                   '条评论', '留言', '留言列表', '网友留言', '跟帖', '网友跟帖', '全部回复', '最新回复', '回复列表',
                   '网友回复', '全部跟帖', '热门跟帖', '最新跟帖', '读者留言', '发表回复', '快速回复', '我要回复',
                   '回帖', '参与评论', '查看评论', '评论区']
# Thread headings that carry a count: `共有12条评论`, `已有 12 条评论`, `12条回复`, `(36人参与)`.
THREAD_HEADINGS_PATTERNS = [r"[(（]?\s*(?:共有?|已有)?\s*\d+\s*(?:(?:条|个)\s*(?:评论|回复|跟帖|留言)|人参与)\s*[)）]?"]
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['相关文章', '相关新闻', '相关阅读', '推荐阅读']
