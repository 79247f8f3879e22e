"""Daily report. Its two sources are independent: waiting for one before asking the other adds their latencies."""
import asyncio

import aiohttp

from .storage import load_orders_async

INVENTORY = "https://inventory.internal/api/summary"


async def fetch_inventory() -> dict:
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(INVENTORY) as response:
            return await response.json()


async def daily_report(db_path: str) -> dict:
    """Misuse: the orders query only starts once the inventory call has finished."""
    inventory = await fetch_inventory()
    orders = await load_orders_async(db_path)
    return {"inventory": inventory, "orders": orders}


async def daily_report_concurrent(db_path: str) -> dict:
    """Correct twin: both start at once, so the report takes as long as the slower source."""
    inventory, orders = await asyncio.gather(fetch_inventory(), load_orders_async(db_path))
    return {"inventory": inventory, "orders": orders}
