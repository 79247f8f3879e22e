"""Sending the newsletter: fan-outs over a coroutine of another module, and tasks started per subscriber."""
import asyncio

from .clients import send_mail

# At most this many mails in flight: the relay throttles above that.
MAIL_SLOTS = asyncio.Semaphore(20)


async def send_newsletter(subscribers: list[str], body: str) -> None:
    # Misuse: one request per subscriber, all at once (send_mail, in clients.py, posts to the relay).
    await asyncio.gather(*[send_mail(to, body) for to in subscribers])


async def send_one(to: str, body: str) -> None:
    async with MAIL_SLOTS:
        await send_mail(to, body)


async def send_newsletter_correctly(subscribers: list[str], body: str) -> None:
    # Correct twin: each send waits for a slot first.
    await asyncio.gather(*[send_one(to, body) for to in subscribers])


async def welcome(to: str) -> None:
    await send_one(to, "Welcome!")


async def welcome_all(subscribers: list[str]) -> None:
    # Misuse: the tasks live only in a list nobody keeps; any of them may be collected mid-flight.
    [asyncio.create_task(welcome(to)) for to in subscribers]


async def welcome_all_correctly(subscribers: list[str]) -> None:
    # Correct twin: the task group keeps every task and waits for them.
    async with asyncio.TaskGroup() as group:
        for to in subscribers:
            group.create_task(welcome(to))
