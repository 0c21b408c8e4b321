"""``frontdesk serve`` (issue 11 point 6): the app for a browser through textual-serve, bound to
loopback, each tab its own app process and its own sign-in. Tested from Python the way the page's
JavaScript talks to it: the HTTP page, then the websocket protocol (JSON ``stdin``/``resize``/``ping``
envelopes up, terminal bytes down), read through a VT100 emulator at 80x24."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
pyte = pytest.importorskip("pyte")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(demo_fd):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontdesk_tui", "serve", "--port", str(port)],
        env=demo_fd.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                proc.kill()
                raise AssertionError(f"serve did not start: {out}") from None
            time.sleep(0.2)
    yield port
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as the kernel lists them) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_listens_on_loopback_only_by_default(served):
    # 0100007F is 127.0.0.1; 00000000 would be every address of the machine.
    assert _listening(served) == {"0100007F"}


class Tab:
    """One browser tab: its websocket and what its terminal shows."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.messages: list = []

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} not in the tab:\n{self.text()}")
            try:
                msg = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(msg.data)
            elif msg.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(json.loads(msg.data))
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"tab closed before {needle!r}:\n{self.text()}")
        return self.text()

    async def type(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))


async def test_the_page_and_two_tabs_each_with_its_own_sign_in(served):
    base = f"http://127.0.0.1:{served}"
    async with aiohttp.ClientSession() as http:
        async with http.get(base + "/") as page:
            assert page.status == 200
            html = await page.text()
        assert f"ws://127.0.0.1:{served}/ws" in html  # the page tells the browser where the app is
        assert "示范花园物业服务中心" in html  # the site's name is the page's title

        async with http.ws_connect(base + "/ws?width=80&height=24") as ws_a, http.ws_connect(
            base + "/ws?width=80&height=24"
        ) as ws_b:
            await ws_a.send_str(json.dumps(["ping", "t1"]))
            a, b = Tab(ws_a), Tab(ws_b)
            await a.wait_for("Password")
            await b.wait_for("Password")
            assert ["pong", "t1"] in a.messages
            await a.type("张建国\r")
            await a.type("demo\r")
            screen = await a.wait_for("Ticket queue")
            assert "张建国" in screen.splitlines()[0]
            # The other tab is another app: still at its own sign-in, nobody signed in there.
            await asyncio.sleep(0.5)
            await b.wait_for("Password", timeout=5)
            assert "张建国 Director" not in b.text()
