#!/usr/bin/env python3
"""Screenshots of a running Odoo in headless Chromium, logged in as a user.

    scripts/screenshot.py URL OUTPUT.png [--login demo --password demo]
        [--db bigaccount] [--lang zh_CN] [--wait 4] [--size 1400x900]
        [--click CSS-SELECTOR ...]

URL is a path of the web client (``/odoo/action-sale.action_quotations``).
With --lang the user's language is set first (Settings > Languages must have
it installed). Needs Chromium and Python's websocket-client (Odoo's venv has
it); talks only to 127.0.0.1. Each --click clicks the first element the
selector finds once the page is loaded, then waits again (to open a
dashboard card, a tab…).
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket


def rpc(base, path, params, cookie=None):
    request = urllib.request.Request(
        base + path,
        data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
        headers={"Content-Type": "application/json"},
    )
    if cookie:
        request.add_header("Cookie", f"session_id={cookie}")
    with urllib.request.urlopen(request) as response:
        body = json.loads(response.read())
        cookies = response.headers.get_all("Set-Cookie") or []
    if body.get("error"):
        raise SystemExit(body["error"]["data"]["message"])
    session = next(
        (c.split(";")[0].split("=", 1)[1] for c in cookies if "session_id=" in c),
        cookie,
    )
    return body["result"], session


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--base", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="bigaccount")
    parser.add_argument("--login", default="demo")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--lang")
    parser.add_argument("--wait", type=float, default=4.0)
    parser.add_argument("--size", default="1400x900")
    parser.add_argument("--click", action="append", default=[])
    args = parser.parse_args()

    result, session = rpc(
        args.base,
        "/web/session/authenticate",
        {"db": args.db, "login": args.login, "password": args.password},
    )
    if args.lang:
        rpc(
            args.base,
            "/web/dataset/call_kw/res.users/write",
            {
                "model": "res.users",
                "method": "write",
                "args": [[result["uid"]], {"lang": args.lang}],
                "kwargs": {},
            },
            session,
        )
        # a new session: the old one keeps the language it started with
        result, session = rpc(
            args.base,
            "/web/session/authenticate",
            {"db": args.db, "login": args.login, "password": args.password},
        )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    width, height = args.size.split("x")
    with socket.socket() as probe:  # a free port: never another run's browser
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-address=127.0.0.1",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _try in range(50):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as r:
                        pages = [p for p in json.loads(r.read()) if p["type"] == "page"]
                    break
                except OSError:
                    time.sleep(0.2)
            ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"])
            counter = iter(range(1, 10**6))

            def send(method, **params):
                message_id = next(counter)
                ws.send(
                    json.dumps({"id": message_id, "method": method, "params": params})
                )
                while True:
                    answer = json.loads(ws.recv())
                    if answer.get("id") == message_id:
                        return answer.get("result", {})

            host = args.base.split("//", 1)[1].split(":")[0]
            send(
                "Network.setCookie",
                name="session_id",
                value=session,
                domain=host,
                path="/",
            )
            send("Page.navigate", url=args.base + args.url)
            time.sleep(args.wait)
            for selector in args.click:
                send(
                    "Runtime.evaluate",
                    expression=f"document.querySelector({json.dumps(selector)}).click()",
                )
                time.sleep(args.wait)
            shot = send("Page.captureScreenshot", format="png")
            with open(args.output, "wb") as output:
                output.write(base64.b64decode(shot["data"]))
            ws.close()
        finally:
            browser.terminate()
            browser.wait()
    print(args.output)


if __name__ == "__main__":
    main()
