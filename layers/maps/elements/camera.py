"""The camera control: the reader's current view as a print-ready PNG, made in the browser.

``static/js/minhang-camera.js`` does the work with dom-to-image-more (vendored): it waits for a settled
map, renders the map container as drawn (basemap, context, plan features, labels, legend, scale bar,
attribution; the buttons left out), and draws a title band and a footer around it onto the image, never
onto the live map. Nothing runs on the server. What the view shows (title, filter summary, date, basemap,
file name) reaches it as ``map.mhView``, with the view (``layers.maps.live.plan_view_group``), in the app and
in an exported map alike.
"""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall
from layers.view.i18n import t

RATIOS = (1, 2, 4)
DEFAULT_RATIO = 2  # sharp on a retina screen and in print, a file of ~1-3 MB
CAMERA_TEXTS = ("tooltip", "heading", "legendOutside", "download", "working", "done", "clamped", "failed", "link",
                "centre", "zoom", "tiles")


class CameraControl(MapCall):
    """A Leaflet control (next to fullscreen) that downloads the current view as a PNG."""

    call = "camera"
    default_js = [
        ("dom_to_image_more", "https://cdn.jsdelivr.net/npm/dom-to-image-more@3.11.0/dist/dom-to-image-more.min.js"),
        *module_js("camera"),
    ]

    def __init__(self, lang: str, position: str = "topleft", library: str | None = None) -> None:
        """``library``: the URL to fetch dom-to-image-more from when the camera is first opened (the app);
        without it the library comes with the map (exports, which must work as one file)."""
        super().__init__()
        self.options = {"position": position, "ratios": list(RATIOS), "ratio": DEFAULT_RATIO,
                        "texts": {key: t(f"camera_{key}", lang) for key in CAMERA_TEXTS}, "library": library}
        if library:
            self.default_js = [js for js in self.default_js if js[0] != "dom_to_image_more"]
