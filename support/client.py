"""A Streamlit session spoken over its websocket, as the browser speaks it: the load test's readers
(``bench/load_test.py``) and the test of several processes behind nginx (``tests/browser/test_serve_many.py``).

It sends the protobuf messages a browser sends, so the server does all the work it does for a browser
(script reruns, map building, exports) while the client stays light on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection
from websockets.typing import Subprotocol

from layers.view.selection import MAP_DRAWN


class Stats:
    """Counters shared by the sessions (one event loop, so no locks are needed)."""

    def __init__(self) -> None:
        self.messages_in = 0
        self.reruns = 0
        self.loaded = 0  # sessions that have their page
        self.steady: tuple[float, int] = (0.0, 0)  # (server CPU s, reruns) once every session has its page
        self.filter_changes: list[float] = []
        self.exports: list[float] = []
        self.errors: list[str] = []


class Client:
    """One Streamlit session over its websocket.

    ``host``: the host name the session says it came by (its ``Host`` header), on the same server; ``page_url``:
    the page address it reports with every rerun, as a browser reports its own (``st.context.url``). Both are
    the reader's to say, so a forged one is a test of what the server trusts.
    """

    def __init__(self, url: str, stats: Stats, *, host: str | None = None, page_url: str | None = None) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.host = host
        self.page_url = page_url
        self.stats = stats
        self.ws: ClientConnection | None = None
        self.widgets: dict[str, str] = {}  # label or key -> widget id
        self.seen: dict[str, object] = {}  # message hash -> element (the server may send a reference)
        self.map_id = ""  # the map's widget, once the page has sent it
        self.cookie = f"mh_route={uuid.uuid4().hex}"  # a browser has its route cookie from loading the page

    async def __aenter__(self) -> Client:
        url, sock = self.ws_url, None
        if self.host:  # connect to the server, name another host in the request
            parts = urlsplit(url)
            sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=60)
            url = parts._replace(netloc=f"{self.host}:{parts.port or 80}").geturl()
        self.ws = await websockets.connect(url, sock=sock, subprotocols=[Subprotocol("streamlit")], max_size=None,
                                           open_timeout=60, ping_interval=None,
                                           additional_headers={"Cookie": self.cookie})
        return self

    @property
    def socket(self) -> ClientConnection:
        """The session's websocket, once open."""
        if self.ws is None:
            raise RuntimeError("the session is not open: use it as `async with Client(...)`")
        return self.ws

    async def __aexit__(self, *exc: object) -> None:
        await self.socket.close()

    async def load(self, query_string: str) -> list:
        """Open the page as a browser does: the first run, then the rerun its map's report brings (what sits
        below the map comes with that one); return its elements."""
        await self.rerun(query_string, [])
        return await self.rerun(query_string, [])

    async def rerun(self, query_string: str, widgets: list[WidgetState]) -> list:
        """Ask for a rerun with these widget values; return the new elements once the script finished."""
        message = BackMsg()
        message.rerun_script.query_string = query_string
        if self.page_url:
            message.rerun_script.context_info.url = self.page_url
        message.rerun_script.widget_states.widgets.extend(widgets)
        if self.map_id:  # a browser's map said once it is drawn, and its value stays (minhang-plan.js report)
            message.rerun_script.widget_states.widgets.append(
                WidgetState(id=self.map_id, json_value=json.dumps({"last_active_drawing": None, MAP_DRAWN: True})))
        await self.socket.send(message.SerializeToString())
        self.stats.reruns += 1
        elements = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=120))
            self.stats.messages_in += 1
            kind = forward.WhichOneof("type")
            if kind == "ref_hash" and forward.ref_hash in self.seen:  # Streamlit's cache: "as before"
                elements.append(self.seen[forward.ref_hash])
                continue
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "component_instance":
                    self.map_id = element.component_instance.id
                if forward.hash:
                    self.seen[forward.hash] = element
                elements.append(element)
                inner = getattr(element, element.WhichOneof("type") or "", None)
                if inner is not None and hasattr(inner, "id") and inner.id:
                    self.widgets[getattr(inner, "label", "") or inner.id] = inner.id
            if kind == "script_finished":
                return elements
