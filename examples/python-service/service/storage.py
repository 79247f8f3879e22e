"""Order storage. sqlite3 is synchronous: every query holds up the event loop."""
import sqlite3

import aiosqlite


async def load_orders(db_path: str) -> list[dict]:
    """Misuse: the connection and each query run on the event loop's thread."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select id, total from orders order by id").fetchall()
    return [{"id": row[0], "total": row[1]} for row in rows]


async def load_orders_async(db_path: str) -> list[dict]:
    """Correct twin: aiosqlite runs sqlite in its own thread and awaits the results."""
    async with aiosqlite.connect(db_path) as conn:
        async with conn.execute("select id, total from orders order by id") as cursor:
            rows = await cursor.fetchall()
    return [{"id": row[0], "total": row[1]} for row in rows]
