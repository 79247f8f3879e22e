"""Health checks run by the ops script (synchronous code, outside the event loop)."""
import urllib.request

RELAY_HEALTH_URL = "https://relay.example.com/health"


def relay_is_up() -> bool:
    # Misuse: no timeout, and the socket module's default is none: a stalled relay hangs the check forever.
    with urllib.request.urlopen(RELAY_HEALTH_URL) as response:
        return response.status == 200


def relay_is_up_correctly() -> bool:
    # Correct twin: a stalled relay fails the check after 5 seconds.
    with urllib.request.urlopen(RELAY_HEALTH_URL, timeout=5) as response:
        return response.status == 200
