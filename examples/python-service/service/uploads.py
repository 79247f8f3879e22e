"""Uploaded files on disk. Every file-system call is a system call that can wait on the disk."""
import asyncio
import concurrent.futures
import hashlib
from pathlib import Path

import anyio

UPLOADS = Path("/var/lib/service/uploads")


async def save_upload(name: str, data: bytes) -> Path:
    """Misuse: the check, the mkdir and the write all run on the event loop's thread."""
    target = UPLOADS / name
    if not target.parent.exists():
        target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return target


async def save_upload_async(name: str, data: bytes) -> anyio.Path:
    """Correct twin: anyio.Path runs each call in a worker thread and awaits it."""
    target = anyio.Path(UPLOADS) / name
    await target.parent.mkdir(parents=True, exist_ok=True)
    await target.write_bytes(data)
    return target


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def checksums(paths: list[Path]) -> list[str]:
    """Misuse: leaving the block waits, on the event loop's thread, for every job submitted in it."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(checksum, path) for path in paths]
    return [future.result() for future in futures]


async def checksums_async(paths: list[Path]) -> list[str]:
    """Correct twin: the jobs are awaited, so the pool is idle when the block ends."""
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, checksum, path) for path in paths))
