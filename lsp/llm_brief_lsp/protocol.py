"""The JSON-RPC protocol, plus a fast path for big notifications already in the protocol's shape."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from typing import Any

from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class BriefProtocol(LanguageServerProtocol):
    """pygls's protocol, plus notifications whose params are already in the protocol's JSON shape."""

    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification without lsprotocol objects: `notify` would build and unstructure
        them through cattrs, ten times slower than `json.dumps` for 30,000 diagnostics.

        Compact and UTF-8 (not ASCII-escaped), with the header counting bytes, keeps a big
        publish a fifth smaller for the editor to read.
        """
        if self.writer is None:
            log.error("cannot send %s: no connection", method)
            return
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        result = self.writer.write(header + body)
        if inspect.isawaitable(result):  # the TCP transport's writer is asynchronous
            asyncio.ensure_future(result)  # noqa: RUF006 - fire and forget, as pygls does
