#!/usr/bin/env python3
"""Screenshots of the portal home (/my) on a 375-px phone, as the demo users see it.

    .venv/bin/python scripts/portal_screenshots.py [--url http://localhost:8069] [--db reserve]
        [--login reserviste:reserviste --login directeur:directeur] [--path /my] [--out var/screenshots]

Against a running server with the demo data (``make run``): for each login, it signs in
over HTTP, opens the page in headless Chromium at 375 × 812 px, waits for the counters,
checks what the test ``TestPortalHomePhone`` checks (every card title whole, every card
icon at most 64 px, the counter on the right of the title) and saves a PNG of the whole
page. It prints one line per card and exits non-zero when a check fails.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 375, 812

# Runs in the page: one entry per visible card of the home page.
MEASURE_JS = """
(() => {
    const cards = [...document.querySelectorAll('.o_portal_index_card')].filter((el) => el.offsetParent);
    return JSON.stringify(cards.map((card) => {
        const title = card.querySelector('.o_reserve_home_card_title') || card.querySelector('.fs-5 span:last-child');
        const icon = card.querySelector('.o_portal_icon img');
        const count = [...card.querySelectorAll('.o_reserve_home_card_count')].find((el) => el.offsetParent);
        const titleBox = title && title.getBoundingClientRect();
        const countBox = count && count.getBoundingClientRect();
        const iconBox = icon && icon.getBoundingClientRect();
        return {
            title: title ? title.textContent.trim() : '',
            whole: title ? title.scrollWidth <= title.clientWidth && titleBox.right <= window.innerWidth : false,
            icon: iconBox ? [Math.round(iconBox.width), Math.round(iconBox.height)] : null,
            count: count ? count.textContent.trim() : null,
            countRight: countBox ? countBox.left >= titleBox.right : null,
        };
    }));
})()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(url, db, login, password):
    http = requests.Session()
    page = http.get(f"{url}/web/login", params={"db": db} if db else None, timeout=30)
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = http.post(
        f"{url}/web/login",
        data={"csrf_token": csrf, "login": login, "password": password, "redirect": "/my"},
        timeout=30,
    )
    if "/web/login" in response.url:
        sys.exit(f"cannot sign in as {login} on {url}")
    return http.cookies["session_id"]


class Chrome:
    """A headless Chromium driven over the DevTools protocol."""

    def __init__(self, binary):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="reserve_chrome_")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=1).json()
                page = next(target for target in targets if target["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.1)
        else:
            self.close()
            sys.exit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = iter(range(1, 1_000_000))

    def send(self, method, **params):
        request_id = next(self.ids)
        self.ws.send(json.dumps({"id": request_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == request_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def shoot(chrome, url, path, cookie, out):
    host = url.split("://", 1)[1].split("/")[0].split(":")[0]
    chrome.send("Network.enable")
    chrome.send("Network.clearBrowserCookies")
    chrome.send("Network.setCookie", name="session_id", value=cookie, domain=host, path="/")
    chrome.send("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=True)
    chrome.send("Page.enable")
    chrome.send("Page.navigate", url=f"{url}{path}")
    for _attempt in range(300):
        time.sleep(0.1)
        if chrome.evaluate("document.readyState === 'complete' && !document.querySelector('.o_portal_doc_spinner')"):
            break
    time.sleep(0.5)
    cards = json.loads(chrome.evaluate(MEASURE_JS) or "[]")
    metrics = chrome.send("Page.getLayoutMetrics")["cssContentSize"]
    shot = chrome.send(
        "Page.captureScreenshot",
        format="png",
        captureBeyondViewport=True,
        clip={"x": 0, "y": 0, "width": WIDTH, "height": max(HEIGHT, metrics["height"]), "scale": 1},
    )
    out.write_bytes(base64.b64decode(shot["data"]))
    return cards


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="")
    parser.add_argument("--login", action="append", help="login:password (default: the demo reservist and director)")
    parser.add_argument("--path", default="/my")
    parser.add_argument("--out", default=str(REPO / "var" / "screenshots"))
    parser.add_argument(
        "--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    )
    args = parser.parse_args()
    url = args.url.rstrip("/")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    chrome = Chrome(args.chromium)
    try:
        for pair in args.login or ["reserviste:reserviste", "directeur:directeur"]:
            login, _sep, password = pair.partition(":")
            cookie = session_cookie(url, args.db, login, password or login)
            png = out_dir / f"portal_home_375_{login}.png"
            cards = shoot(chrome, url, args.path, cookie, png)
            print(f"{login}: {png}")
            for card in cards:
                ok = card["whole"] and card["icon"] and max(card["icon"]) <= 64 and card["countRight"] is not False
                failed |= not ok
                print(
                    f"  {'ok  ' if ok else 'FAIL'} {card['title']!r}: title whole={card['whole']} "
                    f"icon={card['icon']} count={card['count']!r} right={card['countRight']}"
                )
    finally:
        chrome.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
