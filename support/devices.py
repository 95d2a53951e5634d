"""The devices the tests, bench/ and docs/ open the page on (no browser needed to name them)."""

from __future__ import annotations

# A phone as the issue describes it: 390 x 844 CSS px, touch, device scale 2, and WeChat's built-in
# browser's User-Agent (Android), where most shared links are opened in China.
PHONE_VIEWPORT = (390, 844)
PHONE = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/130.0.6723.102 Mobile Safari/537.36 MicroMessenger/8.0.50.2701"}

__all__ = ["PHONE", "PHONE_VIEWPORT"]
