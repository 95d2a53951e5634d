"""The share control: this view's link, pinned to the date it shows, the same link following the latest
report, the pinned link to the reader door (``layers.export.door``: the same view, drawn at once on any phone),
and an ``<iframe>`` snippet of the map alone (``embed=true``) for an article.

``static/js/minhang-share.js`` builds the links in the browser from the page's address, the map's centre
and zoom and ``map.mhView.pinned`` (``layers.data.asof.pinned``, sent with every view). Only the live app
has it: an exported file has no address to share.
"""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall
from layers.view.i18n import t

SHARE_TEXTS = ("tooltip", "heading", "pinned", "latest", "door", "embed", "copy", "copied")
EMBED_SIZE = ("100%", "420")  # the snippet's frame: the article's width; the map fills whatever it is given


class ShareControl(MapCall):
    """A Leaflet control (under the camera) offering the view's pinned link, its latest link and an embed."""

    call = "share"
    default_js = module_js("share")

    def __init__(self, lang: str, position: str = "topleft", door: str | None = None) -> None:
        super().__init__()
        # ``door``: the reader door's address from the app's root; the panel then offers the view's link to it.
        self.options = {"position": position, "embedSize": list(EMBED_SIZE), "title": t("title", lang), "door": door,
                        "texts": {key: t(f"share_{key}", lang) for key in SHARE_TEXTS}}
