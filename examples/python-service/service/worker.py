"""A background worker: polls a queue, notifies users, keeps a shared cache."""
import asyncio
import logging
import threading
import time

log = logging.getLogger(__name__)

cache: dict[str, str] = {}
# Misuse: a thread lock guarding data only coroutines touch.
cache_lock = threading.Lock()
# Correct twin: an asyncio lock suspends only the task that waits for it.
stats_lock = asyncio.Lock()
stats = {"sent": 0}

# Strong references to running tasks: the event loop only keeps weak ones.
background_tasks: set[asyncio.Task] = set()


async def notify(user: str) -> None:
    await asyncio.sleep(0.01)
    async with stats_lock:
        stats["sent"] += 1


async def remember(user: str, message: str) -> None:
    with cache_lock:
        cache[user] = message


async def poll(queue: asyncio.Queue) -> None:
    """Misuses: get_event_loop() inside a coroutine, a fire-and-forget task, a coroutine never awaited, time.sleep."""
    loop = asyncio.get_event_loop()
    started = loop.time()
    while True:
        user = await queue.get()
        asyncio.create_task(notify(user))
        remember(user, "queued")
        if queue.empty():
            time.sleep(1)
        log.debug("up for %.0fs", loop.time() - started)


async def poll_correctly(queue: asyncio.Queue) -> None:
    """Correct twin of poll."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        user = await queue.get()
        task = asyncio.create_task(notify(user))
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)
        await remember(user, "queued")
        if queue.empty():
            await asyncio.sleep(1)
        log.debug("up for %.0fs", loop.time() - started)
