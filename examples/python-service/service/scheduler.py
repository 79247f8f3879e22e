"""Coroutines handed to code that does not run them (no-misused-async), each beside its correct twin."""
import asyncio
import threading

import aiohttp


async def is_due(job: str) -> bool:
    await asyncio.sleep(0)
    return job.startswith("daily")


async def run_job(job: str) -> None:
    await asyncio.sleep(0.01)


async def refresh_cache() -> None:
    await asyncio.sleep(0.01)


async def schedule(job: str) -> None:
    # Misuse: a coroutine object is always true, and is_due never runs.
    if is_due(job):
        await run_job(job)
    # Correct twin: awaited before it is tested.
    if await is_due(job):
        await run_job(job)


async def run_now(job: str) -> None:
    # Misuse: asyncio.run inside a running event loop raises RuntimeError.
    asyncio.run(run_job(job))


async def run_now_awaited(job: str) -> None:
    # Correct twin: the coroutine is awaited on the running loop.
    await run_job(job)


def start_refresher() -> threading.Thread:
    # Misuse: the thread calls refresh_cache(), gets a coroutine and drops it: the cache is never refreshed.
    thread = threading.Thread(target=refresh_cache, daemon=True)
    thread.start()
    return thread


def refresh_in_thread() -> None:
    asyncio.run(refresh_cache())


def start_refresher_with_loop() -> threading.Thread:
    # Correct twin: the thread runs its own event loop for the coroutine.
    thread = threading.Thread(target=refresh_in_thread, daemon=True)
    thread.start()
    return thread


async def fetch_status(session: aiohttp.ClientSession, url: str) -> int:
    # Misuse: an aiohttp request is an async context manager: plain `with` raises.
    with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
        return response.status


async def fetch_status_async(session: aiohttp.ClientSession, url: str) -> int:
    # Correct twin: `async with`.
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
        return response.status
