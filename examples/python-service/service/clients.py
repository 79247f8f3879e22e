"""Outbound HTTP clients: the user directory and the mail relay."""
import aiohttp

DIRECTORY_URL = "https://directory.example.com"
RELAY_URL = "https://relay.example.com"


async def lookup_user(user_id: str) -> dict:
    # Misuse: no timeout, so aiohttp's default applies: 5 minutes per request, no limit per read.
    async with aiohttp.ClientSession(base_url=DIRECTORY_URL) as session:
        async with session.get(f"/users/{user_id}") as response:
            return await response.json()


async def send_mail(to: str, body: str) -> None:
    # Correct twin: a deadline sized for the relay; a stalled relay fails fast and the caller can retry.
    async with aiohttp.ClientSession(base_url=RELAY_URL, timeout=aiohttp.ClientTimeout(total=10)) as session:
        async with session.post("/send", json={"to": to, "body": body}) as response:
            response.raise_for_status()
