"""A real SSH session to 127.0.0.1 (issue 11 point 5): an SSH server in the test process plays sshd
with ``ForceCommand frontdesk ssh-login`` — it runs that command for every session, with the client's
command line in ``SSH_ORIGINAL_COMMAND`` and, when the client asked for one, a pseudo-terminal of the
client's size as the controlling terminal. The client is asyncssh too; the interactive screen is read
through a VT100 emulator (pyte) at 80x24, as the supervisor's terminal would show it.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import struct
import sys
import termios
import time

import pytest

asyncssh = pytest.importorskip("asyncssh")
pyte = pytest.importorskip("pyte")



def _make_ctty(fd: int) -> None:
    os.setsid()
    fcntl.ioctl(fd, termios.TIOCSCTTY, 0)


class ForceCommand:
    """What sshd does with ``ForceCommand frontdesk ssh-login`` for one session."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    async def __call__(self, process: asyncssh.SSHServerProcess) -> None:
        env = {**self.env, "SSH_CLIENT": "127.0.0.1 50000 22", "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"}
        if process.command:
            env["SSH_ORIGINAL_COMMAND"] = process.command
        argv = [sys.executable, "-m", "frontdesk_tui", "ssh-login"]
        term = process.get_terminal_type()
        if term:
            await self._with_pty(process, argv, {**env, "TERM": term})
        else:
            child = await asyncio.create_subprocess_exec(
                *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=env,
            )
            await process.redirect(stdin=child.stdin, stdout=child.stdout, stderr=child.stderr)
            process.exit(await child.wait())

    async def _with_pty(self, process, argv, env) -> None:
        width, height, *_ = process.get_terminal_size()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        child = await asyncio.create_subprocess_exec(
            *argv, stdin=slave, stdout=slave, stderr=slave, env=env,
            preexec_fn=lambda: _make_ctty(0),
        )
        os.close(slave)
        loop = asyncio.get_running_loop()
        done = asyncio.Event()

        def readable() -> None:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(master)
                done.set()
                return
            if not process.is_closing():
                process.stdout.write(data)

        loop.add_reader(master, readable)

        async def pump_in() -> None:
            while not process.stdin.at_eof():
                data = await process.stdin.read(65536)
                if not data:
                    break
                os.write(master, data)

        pump = asyncio.create_task(pump_in())
        code = await child.wait()
        await asyncio.wait_for(done.wait(), 5)
        pump.cancel()
        os.close(master)
        process.exit(code)


@pytest.fixture
async def ssh_server(demo_fd):
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    user_key = asyncssh.generate_private_key("ssh-ed25519")
    server = await asyncssh.create_server(
        asyncssh.SSHServer,
        "127.0.0.1",
        0,
        server_host_keys=[host_key],
        authorized_client_keys=asyncssh.import_authorized_keys(user_key.export_public_key().decode()),
        process_factory=ForceCommand(demo_fd.env),
        encoding=None,
        line_editor=False,  # sshd hands the pty to the program as it is
    )
    port = server.sockets[0].getsockname()[1]

    def connect():
        return asyncssh.connect(
            "127.0.0.1", port, username="frontdesk", client_keys=[user_key], known_hosts=None,
        )

    yield connect
    server.close()
    await server.wait_closed()


async def test_a_script_runs_a_report_over_ssh(ssh_server):
    async with ssh_server() as conn:
        result = await conn.run("--as 张建国 report monthly 2026-11 --format json", input="demo\n", encoding="utf-8")
    assert result.exit_status == 0, result.stderr
    assert json.loads(result.stdout)["month"] == "2026-11"


async def test_an_administrators_command_is_refused_over_ssh(ssh_server):
    async with ssh_server() as conn:
        result = await conn.run("db backup /tmp/stolen.sqlite3", encoding="utf-8")
    assert result.exit_status == 2
    assert "administrator" in result.stderr and "Traceback" not in result.stderr


async def test_a_workbook_arrives_byte_for_byte_through_ssh(ssh_server):
    """The director's password on standard input (a script's way: with ``ssh -t`` the password
    prompt would share the terminal with the workbook's bytes)."""
    import io

    from openpyxl import load_workbook

    async with ssh_server() as conn:
        result = await conn.run(
            "--as 张建国 report monthly 2026-11 --format xlsx --out -", input=b"demo\n", encoding=None
        )
    assert result.exit_status == 0
    assert load_workbook(io.BytesIO(result.stdout)).sheetnames


class Terminal:
    """The client's 80x24 terminal."""

    def __init__(self, process) -> None:
        self.process = process
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} not on the screen:\n{self.text()}")
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), left)
            except TimeoutError:
                continue
            if not data:
                raise AssertionError(f"session ended before {needle!r}:\n{self.text()}")
            self.stream.feed(data)
        return self.text()

    def type(self, keys: str) -> None:
        self.process.stdin.write(keys.encode())


async def test_the_supervisor_signs_in_to_the_app_over_ssh_at_80x24(ssh_server):
    async with ssh_server() as conn:
        process = await conn.create_process(
            term_type="xterm-16color", term_size=(80, 24), encoding=None,
            env={"LANG": "C.UTF-8"},
        )
        term = Terminal(process)
        await term.wait_for("Password")
        term.type("张建国\r")
        term.type("demo\r")
        screen = await term.wait_for("Ticket queue")
        assert "Sign in" not in screen.splitlines()[0]
        assert "张建国" in screen.splitlines()[0]  # signed in: the header names the director
        # Every line fits the client's 80 columns.
        assert all(len(line) <= 80 for line in term.screen.display)
        term.type("\x11")  # Ctrl+Q quits the app and with it the session
        await asyncio.wait_for(process.wait_closed(), 30)
