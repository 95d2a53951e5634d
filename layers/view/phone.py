"""The page on a phone: telling one from its browser, and the filters button that stands in for the sidebar.

Layout is CSS (``static/css/page.css``, by viewport width); what a phone browser should not even
download (the timeline's and the table's script bundles, ~1.9 MB) needs the server to know, and all
it has is the User-Agent.
"""

from __future__ import annotations

from html import escape

from layers.view.i18n import t

# A page or map this wide or narrower (CSS px) is laid out for a phone: the one breakpoint, used by the
# CSS files (static/css, "@media (--phone)") and the browser code (MH.narrow). It is where Streamlit itself
# stacks a page's columns.
PHONE_MAX_WIDTH = 640

# "Mobi" is in the User-Agent of phone browsers (Safari, Chrome, Firefox, and WeChat's built-in browser
# on both Android and iOS), and of none on desktops (WeChat's desktop client included) or on tablets in
# desktop mode.
_PHONE_MARKS = ("Mobi", "Windows Phone")

def _on_click(selector: str, action: str) -> str:
    """A page script: a click on ``selector`` runs ``action`` (JavaScript; ``e`` is the event). Bound once per page by
    delegation, since Streamlit replaces the element's HTML on reruns."""
    flag = "mhBound_" + "".join(c if c.isalnum() else "_" for c in selector)
    return (f'<script>\nif (!window.{flag}) {{\n  window.{flag} = true;\n'
            f'  document.addEventListener("click", function (e) {{\n'
            f'    if (!e.target.closest || !e.target.closest("{selector}")) {{ return; }}\n'
            f'    {action}\n  }});\n}}\n</script>')


# A click on the button opens Streamlit's sidebar (its own expand button, in the page header).
_OPEN_SIDEBAR_JS = _on_click(".mh-filters-open", "var open = document.querySelector("
                             "'[data-testid=\"stExpandSidebarButton\"]'); if (open) { open.click(); }")


def is_phone(user_agent: str | None) -> bool:
    """Whether a request's User-Agent is a phone browser's."""
    return user_agent is not None and any(mark in user_agent for mark in _PHONE_MARKS)


def device_hint(key: str, lang: str, phone: bool) -> str:
    """A hint worded for how the reader points: ``<key>_tap`` on a phone (a finger taps), else ``key`` (a
    mouse clicks)."""
    return t(f"{key}_tap" if phone else key, lang)


def filters_button_html(lang: str, matching: int, total: int) -> str:
    """The phone's filters button: "Filters · n of total", opening the sidebar (the numbers are ints)."""
    text = escape(t("filters_open", lang))
    count = escape(t("filters_count", lang, n=int(matching), total=int(total)))
    # Read aloud with the sidebar's own count sentence: "Filters · 12 of 44 features match".
    aria = escape(f"{t('filters_open', lang)} · {t('matching', lang, n=int(matching), total=int(total))}", quote=True)
    return (f'<button type="button" class="mh-filters-open" aria-label="{aria}">'
            f'<span class="mh-filters-icon" aria-hidden="true">☰</span> {text} '
            f'<span class="mh-filters-count">{count}</span></button>{_OPEN_SIDEBAR_JS}')


# A click on the details' "back to the map" link brings the map back into view (it sits above the details).
_BACK_TO_MAP_JS = _on_click(".mh-back-map", 'e.preventDefault(); var map = document.querySelector(".st-key-map_area");'
                            ' if (map) { map.scrollIntoView({behavior: "smooth", block: "start"}); }')


def back_to_map_html(lang: str) -> str:
    """The phone's way back from the full details (which a card's link scrolled down to) to the map."""
    return f'<a href="#" class="mh-back-map" role="button">↑ {escape(t("back_to_map", lang))}</a>{_BACK_TO_MAP_JS}'
