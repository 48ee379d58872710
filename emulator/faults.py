"""Telegram failing and limiting: injected errors and faults (a 500, a proxy's 502 page, a
dropped or hung connection), and the flood limits answered with 429 and retry_after."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque

from aiohttp import web

from emulator.state import EmulatorState
from emulator.world import (
    ApiError,
    Fault,
)

_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class Faults(EmulatorState):
    def inject_error(
        self, method: str, code: int, description: str, retry_after: int | None = None
    ) -> None:
        """The next call of `method` fails this way (e.g. a 429 with retry_after)."""
        self._injected.append((method, ApiError(code, description, retry_after)))

    def inject_fault(self, method: str, fault: Fault, times: int = 1) -> None:
        """The next `times` calls of `method` fail this way (a storm when `times` is large)."""
        self._injected.extend((method, fault) for _ in range(times))

    def clear_faults(self) -> None:
        self._injected = deque(e for e in self._injected if not isinstance(e[1], Fault))

    def _injected_fault(self, method: str) -> Fault | None:
        for index, (target, fault) in enumerate(self._injected):
            if target == method:
                if not isinstance(fault, Fault):
                    return None
                del self._injected[index]
                self.faults_served.append((method, fault))
                self._notify()
                return fault
        return None

    async def _serve_fault(self, request: web.Request, method: str, fault: Fault) -> web.Response:
        if fault is Fault.SERVER_ERROR:
            body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            return web.json_response(body, status=500)
        if fault is Fault.BAD_GATEWAY_PAGE:
            return web.Response(text=_BAD_GATEWAY_HTML, status=502, content_type="text/html")
        if fault is Fault.HANG:
            await self._hung.wait()
        # Dropped (or a hang the emulator ends): close the connection without an answer.
        if request.transport is not None:
            request.transport.close()
        raise asyncio.CancelledError(f"{method}: connection dropped")

    def _raise_injected(self, method: str) -> None:
        for index, (target, error) in enumerate(self._injected):
            if target == method:
                if isinstance(error, Fault):
                    continue
                del self._injected[index]
                if error.code == 429:
                    self.flood_errors += 1
                raise error

    def _check_flood(self, chat_id: int) -> None:
        moment = time.monotonic()
        checks = [(self._global_sends, 1.0, self.limits.global_per_second)]
        checks.append(
            (self._chat_sends.setdefault(chat_id, deque()), 1.0, self.limits.per_chat_per_second)
        )
        if chat_id < 0:
            checks.append(
                (
                    self._group_sends.setdefault(chat_id, deque()),
                    60.0,
                    self.limits.group_per_minute,
                )
            )
        for sends, window, limit in checks:
            while sends and sends[0] <= moment - window:
                sends.popleft()
            if len(sends) >= limit:
                self.flood_errors += 1
                wait = max(1, math.ceil(sends[0] + window - moment))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        for sends, _, _ in checks:
            sends.append(moment)
