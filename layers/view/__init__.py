"""What a reader has chosen to see, and every word the page says about it.

Owns the view spec (URL <-> spec <-> widget state), the filters and the selection, the interface
text in both languages, the details of a feature, the timeline chart and telling a phone.

Imports ``layers.data`` only.
"""
