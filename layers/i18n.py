"""Interface text in English and Chinese."""

from __future__ import annotations

LANGUAGES = ("en", "zh")

_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Minhang strategy map", "zh": "闵行战略地图"},
    "subtitle": {
        "en": "The 2023 plan: Hongqiao International Opening Hub (north) and Greater Neo Bay (south)",
        "zh": "2023年规划：虹桥国际开放枢纽（北）与“大零号湾”（南）",
    },
    "language": {"en": "Language", "zh": "语言"},
    "regions": {"en": "Regions", "zh": "区域"},
    "categories": {"en": "Categories", "zh": "类别"},
    "status": {"en": "Status (2023)", "zh": "状态（2023年）"},
    "search": {"en": "Search names and plan text", "zh": "搜索名称与规划原文"},
    "basemap": {"en": "Basemap", "zh": "底图"},
    "reset": {"en": "Reset all filters", "zh": "重置筛选"},
    "matching": {"en": "{n} of {total} features match", "zh": "{total} 个要素中有 {n} 个符合"},
    "details": {"en": "Details", "zh": "详情"},
    "click_hint": {"en": "Click a feature on the map, or pick one in the table, to read what the plan says.",
                   "zh": "点击地图上的要素或在表格中选择，查看规划原文。"},
    "table": {"en": "Matching features", "zh": "符合条件的要素"},
    "name": {"en": "Name", "zh": "名称"},
    "category": {"en": "Category", "zh": "类别"},
    "region": {"en": "Region", "zh": "区域"},
    "precision": {"en": "Position precision", "zh": "位置精度"},
    "coord_source": {"en": "Where the position comes from", "zh": "位置来源"},
    "plan_says": {"en": "What the plan says", "zh": "规划原文"},
    "address": {"en": "Address", "zh": "地址"},
    "opened": {"en": "Opened", "zh": "开通/启用"},
    "lines": {"en": "Lines", "zh": "线路"},
    "kind": {"en": "Kind", "zh": "类型"},
    "legend": {"en": "Legend", "zh": "图例"},
    "schematic_note": {"en": "dashed / faded: schematic position", "zh": "虚线/半透明：示意位置"},
    "data_problems": {"en": "{n} problem(s) in the geodata; the valid features are shown.",
                      "zh": "地理数据中有 {n} 个问题；已显示有效要素。"},
    "url_notice": {"en": "Some link parameters were ignored:", "zh": "链接中的部分参数已忽略："},
    "share": {"en": "Share this view: the page address holds it.", "zh": "分享此视图：页面地址已包含当前设置。"},
    "no_match": {"en": "No feature matches these filters.", "zh": "没有符合筛选条件的要素。"},
    "zoom_to": {"en": "Zoom to", "zh": "缩放至"},
    "offline_basemap": {"en": "Offline (our district map)", "zh": "离线（本地区划图）"},
    "reference": {"en": "District boundaries (offline basemap)", "zh": "区界（离线底图）"},
    "selected": {"en": "Selected feature", "zh": "选中要素"},
    "export": {"en": "Export this view", "zh": "导出当前视图"},
    "export_format": {"en": "Format", "zh": "格式"},
    "export_size": {"en": "Image size", "zh": "图片尺寸"},
    "export_prepare": {"en": "Prepare", "zh": "生成"},
    "export_working": {"en": "Preparing the export…", "zh": "正在生成…"},
    "export_download": {"en": "Download", "zh": "下载"},
    "format_png": {"en": "PNG image (map as seen)", "zh": "PNG 图片（所见地图）"},
    "format_html": {"en": "Interactive HTML (works offline)", "zh": "交互式 HTML（可离线打开）"},
    "format_geojson": {"en": "GeoJSON (data)", "zh": "GeoJSON（数据）"},
    "format_csv": {"en": "CSV (table)", "zh": "CSV（表格）"},
    "format_gpkg": {"en": "GeoPackage (GIS)", "zh": "GeoPackage（GIS）"},
    "size_1280x800": {"en": "1280 × 800", "zh": "1280 × 800"},
    "size_1920x1080": {"en": "1920 × 1080", "zh": "1920 × 1080"},
    "size_a4": {"en": "A4 landscape, print (2×)", "zh": "A4 横向打印（2 倍）"},
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
}

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
STATUS_LABELS = {
    "study": {"en": "Study", "zh": "研究"},
    "planned": {"en": "Planned", "zh": "规划"},
    "construction_start": {"en": "Construction starting", "zh": "开工"},
    "under_construction": {"en": "Under construction", "zh": "在建"},
    "operating": {"en": "Operating", "zh": "运营"},
}
PRECISION_LABELS = {
    "exact": {"en": "Exact", "zh": "精确"},
    "approximate": {"en": "Approximate", "zh": "近似"},
    "schematic": {"en": "Schematic", "zh": "示意"},
}
BASEMAP_LABELS = {
    "offline": {"en": "Offline (district map)", "zh": "离线（区划图）"},
    "osm": {"en": "OpenStreetMap", "zh": "OpenStreetMap"},
    "carto": {"en": "CARTO light", "zh": "CARTO 浅色"},
    "esri": {"en": "Esri imagery", "zh": "Esri 影像"},
    "gaode": {"en": "AutoNavi / Gaode (GCJ-02)", "zh": "高德地图（GCJ-02）"},
}


def t(key: str, lang: str, **values: object) -> str:
    """Interface text ``key`` in ``lang`` (English if missing), formatted with ``values``."""
    entry = _TEXT[key]
    return entry.get(lang, entry["en"]).format(**values)


def label(table: dict[str, dict[str, str]], value: str, lang: str) -> str:
    """A value's label from one of the ``*_LABELS`` tables (the value itself if unknown)."""
    return table.get(value, {}).get(lang, value)
