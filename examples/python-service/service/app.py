"""HTTP handlers (aiohttp). Each handler that blocks the event loop sits beside its correct twin."""
import asyncio
import subprocess
import time
from pathlib import Path

import aiohttp
import requests
from aiohttp import web

from .storage import load_orders_async

TEMPLATES = Path(__file__).parent / "templates"
UPSTREAM = "https://inventory.internal/api/stock"


async def stock(request: web.Request) -> web.Response:
    """Misuse: requests waits for the upstream on the event loop; every other request waits too."""
    response = requests.get(UPSTREAM, params={"sku": request.match_info["sku"]}, timeout=5)
    return web.json_response(response.json())


async def stock_async(request: web.Request) -> web.Response:
    """Correct twin: an async client yields to other requests while it waits."""
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(UPSTREAM, params={"sku": request.match_info["sku"]}) as response:
            return web.json_response(await response.json())


async def page(request: web.Request) -> web.Response:
    """Misuse: reading a template from disk in the handler."""
    html = (TEMPLATES / "index.html").read_text()
    return web.Response(text=html, content_type="text/html")


async def page_async(request: web.Request) -> web.Response:
    """Correct twin: the read runs in a worker thread."""
    html = await asyncio.to_thread((TEMPLATES / "index.html").read_text)
    return web.Response(text=html, content_type="text/html")


async def revision(request: web.Request) -> web.Response:
    """Misuse: the handler waits for git to exit, and sleeps the thread before retrying."""
    try:
        output = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"])
    except subprocess.CalledProcessError:
        time.sleep(0.5)
        output = b"unknown"
    return web.Response(text=output.decode().strip())


async def revision_async(request: web.Request) -> web.Response:
    """Correct twin: an asyncio subprocess, and asyncio.sleep."""
    process = await asyncio.create_subprocess_exec("git", "rev-parse", "--short", "HEAD", stdout=asyncio.subprocess.PIPE)
    output, _ = await process.communicate()
    if process.returncode != 0:
        await asyncio.sleep(0.5)
        output = b"unknown"
    return web.Response(text=output.decode().strip())


async def orders(request: web.Request) -> web.Response:
    # storage.load_orders is the blocking version, kept there for comparison.
    return web.json_response(await load_orders_async(request.app["db_path"]))


def create_app(db_path: str) -> web.Application:
    app = web.Application()
    app["db_path"] = db_path
    app.router.add_get("/stock/{sku}", stock_async)
    app.router.add_get("/", page_async)
    app.router.add_get("/revision", revision_async)
    app.router.add_get("/orders", orders)
    return app
