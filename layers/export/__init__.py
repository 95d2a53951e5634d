"""Exports of a view: the formats, the standalone HTML map, the PNG and the worker pool making them.

Imports ``layers.data``, ``layers.view`` and ``layers.maps``; nothing imports it but the page and the CLI.
"""
