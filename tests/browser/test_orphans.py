"""Children die with the server: a server killed with SIGKILL in the middle of a PNG export leaves no process
behind, neither its export worker (``layers.export.pool``) nor Playwright's driver nor Chromium (~800 MB)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from layers.view.i18n import t
from support.client import Client, Stats
from support.server import streamlit_process


def family(root: int) -> list[int]:
    """Every process under ``root``, read from /proc (psutil may not be installed)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        found += (kids := children.get(todo.pop(), []))
        todo += kids
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that never reaps it is gone all the same)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def export_png(url: str) -> None:
    """A reader presses Prepare for the server's PNG; the answer never comes (the server is killed first)."""
    async def run() -> None:
        async with Client(url, Stats()) as client:
            elements = await client.load("")
            png = t("format_png", "en")  # the server's PNG (not the timeline's)
            formats = next(e.selectbox for e in elements if e.WhichOneof("type") == "selectbox"
                           and png in e.selectbox.options)
            await client.rerun("", [WidgetState(id=formats.id, string_value=png),
                                    WidgetState(id=client.widgets["Prepare"], trigger_value=True)])
    with contextlib.suppress(Exception):  # the server's end, mid-answer
        asyncio.run(run())


def test_a_server_killed_during_a_png_export_leaves_no_process_behind():
    with streamlit_process() as (url, server):
        threading.Thread(target=export_png, args=(url,), daemon=True).start()
        deadline = time.monotonic() + 90
        while not any("chrom" in command(pid) for pid in family(server.pid)):  # the render has its browser
            assert time.monotonic() < deadline, "no Chromium under the server"
            time.sleep(0.2)
        time.sleep(1)  # into the render
        left = family(server.pid)
        assert len(left) >= 3, [command(p)[:80] for p in left]  # the worker, the driver, Chromium (and helpers)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 10
        while (alive_now := [pid for pid in left if alive(pid)]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive_now, [command(pid)[:100] for pid in alive_now]
