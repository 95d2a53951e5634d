"""Benchmarks: each module is a script, run from the project root as ``python3 -m bench.NAME`` (``--help``).

They share their means of running and watching the app with the tests through :mod:`support`; nothing here
imports ``tests``, and the tests never import ``bench`` (``tests/data/test_architecture.py``).
"""
