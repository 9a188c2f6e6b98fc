"""The HTML report in a real browser (issue 13): headless Chromium opens the page, and the test
reads what a person would see (the page's visible text), every console message, every
network request, and takes a screenshot (saved under the test's temporary folder).

Chromium is driven over its own DevTools pipe (``--remote-debugging-pipe``: JSON messages on
file descriptors 3 and 4), with no Python package: the command line's ``--dump-dom`` and
``--enable-logging`` cannot tell a console error from a log line, nor see a failed fetch,
and this can. ``.ci/run`` installs Debian's ``chromium``; where it is absent these tests are
skipped, saying so.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import PRICES, TOML, invoke

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
EXE = next((p for p in map(shutil.which, BROWSERS) if p), None)
pytestmark = pytest.mark.slow  # a headless Chromium per test
needs_chromium = pytest.mark.skipif(
    EXE is None, reason="no Chromium here (.ci/run installs Debian's chromium package as root)"
)


class Browser:
    """One headless Chromium, one page, driven over the DevTools pipe."""

    def __init__(self, width: int = 1200, height: int = 900) -> None:
        assert EXE is not None
        to_chrome, self._in = os.pipe()
        self._out, from_chrome = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child: its ends of the pipes as fds 3 and 4
            a, b = os.dup(to_chrome), os.dup(from_chrome)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                EXE,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
                "--no-first-run",
                "--disable-extensions",
                "--mute-audio",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=on_fds_3_and_4,
            close_fds=False,
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self.events: list[dict[str, Any]] = []
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._id = 0
        self.session: str | None = None
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable")

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._out, 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    self._replies.put(message)
                else:
                    self.events.append(message)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if self.session is not None and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._in, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._replies.get(timeout=60)
            if reply["id"] == self._id:
                assert "error" not in reply, (method, reply["error"])
                result: dict[str, Any] = reply.get("result", {})
                return result

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.monotonic() < deadline, "the page did not load"
            time.sleep(0.05)
        time.sleep(0.3)  # late console messages and failed fetches

    def eval(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": size["height"],
                    "scale": 1,
                },
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def complaints(self) -> list[str]:
        """Console messages of any level, uncaught exceptions, and browser log entries at
        warning or error (a refused or failed fetch, a blocked resource)."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled":
                out.append(f"console.{params['type']}: {params['args']}")
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("warning", "error"):
                out.append(f"log {params['entry']['level']}: {params['entry']['text']}")
        return out

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self._in)


@pytest.fixture
def browser() -> Any:
    b = Browser()
    try:
        yield b
    finally:
        b.close()


@needs_chromium
def test_the_harness_sees_console_errors_and_fetches(tmp_path: Path, browser: Browser) -> None:
    """A control: a page that logs an error and fetches an image is caught on both counts."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><p>x</p><img src="http://example.invalid/a.png">'
        '<script>console.error("boom")</script>',
        encoding="utf-8",
    )
    browser.open(page.as_uri())
    complaints = browser.complaints()
    assert any("console.error" in c and "boom" in c for c in complaints), complaints
    assert "http://example.invalid/a.png" in browser.requests()


@needs_chromium
def test_the_report_in_chromium(tmp_path: Path, browser: Browser) -> None:
    grants = tmp_path / "grants.toml"
    reference = Path(TOML).read_text(encoding="utf-8")
    grants.write_text(
        reference + '\n[[grant]]\nid = "<script>alert(1)</script>"\nkind = "RSU"\nshares = 1000\n'
        'terms = "annual"\nholder = "<b>Eve</b>"\n',
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    result = invoke(
        "report", str(grants), "--as-of", "2008-06-30", "--prices", PRICES,
        "--terminate", "2009-03-01", "-o", str(page),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    browser.open(page.as_uri())
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000

    assert browser.complaints() == []
    assert browser.requests() == [page.as_uri()]  # the page itself, nothing else
    assert browser.eval("document.scripts.length") == 0
    assert browser.eval("document.title") == "Vesting report as of 2008-06-30"

    text = browser.eval("document.body.innerText")
    for seen in (
        "Vesting report",
        "As of 2008-06-30 · 3 grants from",
        "ceo-2006-option",
        "NSO · CEO · 2,000,000 shares",
        "750,000 (37.50%)",  # floor(2e6 x 18/48) vested on 2008-06-30
        "41,666 on 2008-07-18",  # the next monthly tranche
        "Status on 2008-06-30",
        "Value on 2008-06-30",
        "$11,250,000.00",  # 750,000 x (45.00 - 30.00): the file's price on 2008-06-30
        "Schedules",
        "ceo-2006-option: 916,667 forfeited on 2009-03-01 (termination)",
        "termination",  # the events table
        "<script>alert(1)</script>",  # the id, shown as text
        "RSU · <b>Eve</b> · 1,000 shares",
    ):
        assert seen in text, seen
    # the chart is drawn, as wide as the page's column
    width = browser.eval("document.querySelector('#charts svg').getBoundingClientRect().width")
    assert width > 600
