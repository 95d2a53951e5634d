"""The documentation's pictures and tables; ``python3 -m docs.screenshots`` from the project root remakes
the pictures (with :mod:`support`, as the browser tests open the page)."""
