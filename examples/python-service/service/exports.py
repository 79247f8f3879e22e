"""Report exports: files on disk and an upload through a shared requests.Session."""
import asyncio
from pathlib import Path

import aiofiles
import requests


async def export_csv(path: Path, rows: list[tuple]) -> None:
    """Misuse: opening the file and every write go to disk on the event loop's thread."""
    with path.open("w") as out:
        for row in rows:
            out.write(",".join(map(str, row)) + "\n")


async def export_csv_async(path: Path, rows: list[tuple]) -> None:
    """Correct twin: aiofiles does the disk work in a thread and the coroutine awaits it."""
    async with aiofiles.open(path, "w") as out:
        for row in rows:
            await out.write(",".join(map(str, row)) + "\n")


async def upload(session: requests.Session, url: str, payload: bytes) -> None:
    """Misuse: the annotation says `session` is a requests.Session, whose post waits for the response."""
    session.post(url, data=payload, timeout=10).raise_for_status()


async def upload_in_thread(session: requests.Session, url: str, payload: bytes) -> None:
    """Correct twin: the same session, its call run in a worker thread."""
    response = await asyncio.to_thread(session.post, url, data=payload, timeout=10)
    response.raise_for_status()
