"""A seeded generator of a labelled log corpus: (line, template_id) pairs from ~40 known templates.

The templates imitate what a test run or an app launch prints: web and database servers, websocket
reconnects, a trading bot, Java- and Go-style lines, Python stderr; with uuids, IPs, paths, quoted
strings, timestamps, durations, e-mails and URLs as variables, some words that vary without any
digit (user names, symbols, class names) and templates of many token counts. Used by the miner
benchmark and, through importlib, by the miner's tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Line = Callable[[random.Random], str]

_USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
_SYMBOLS = ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "ADA-USD", "XRP-USD"]
_TABLES = ["orders", "fills", "positions", "accounts", "candles", "audit_log"]
_HOSTS = ["db-primary", "db-replica-1", "cache-a", "broker-2", "api-gw", "ledger"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_API = ["/api/v1/orders/{n}", "/api/v1/users/{n}/profile", "/static/app.{n}.js", "/health", "/"]
_DIRS = [
    "/var/lib/postgresql/data",
    "/srv/app/uploads",
    "/tmp/pytest-of-ci/run-{n}",
    "/home/ci/.cache",
]
_FILES = ["src/bot/engine.py", "src/bot/feeds.py", "app/models/order.py", "lib/ws/client.py"]
_FUNCS = ["run", "on_message", "submit", "reconcile", "_flush", "handle"]
_JAVA = [
    "com.acme.orders.OrderService.process",
    "com.acme.orders.OrderRepository.save",
    "org.springframework.web.servlet.FrameworkServlet.service",
    "java.base/java.lang.Thread.run",
]
_QUEUES = ["default", "emails", "reports", "priority"]
_DOMAINS = ["example.com", "acme.io", "mail.test"]


def _ip(r: random.Random) -> str:
    return f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ip6(r: random.Random) -> str:
    groups = [f"{r.getrandbits(16):x}" for _ in range(r.choice((3, 4)))]
    return "2001:db8::" + ":".join(groups)


def _uuid(r: random.Random) -> str:
    h = f"{r.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _hex(r: random.Random, digits: int) -> str:
    # Always at least one digit and one letter, as real ids almost always have.
    return f"{r.getrandbits(4 * digits - 8) | 1 << (4 * digits - 9):x}" + r.choice("abcdef") + "7"


def _iso(r: random.Random, sep: str = "T") -> str:
    return (
        f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}{sep}"
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
    )


def _clf(r: random.Random) -> str:
    return (
        f"{r.randint(1, 28):02d}/{r.choice(_MONTHS)}/2024:"
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} +0000"
    )


def _ms(r: random.Random) -> str:
    return f"{r.randint(1, 2500)}ms"


def _price(r: random.Random) -> str:
    return f"{r.uniform(0.01, 70000):.2f}"


def _path(r: random.Random) -> str:
    return r.choice(_API).format(n=r.randint(1, 99999))


def _dir(r: random.Random) -> str:
    return r.choice(_DIRS).format(n=r.randint(1, 999))


def _email(r: random.Random) -> str:
    return f"{r.choice(_USERS)}.{r.randint(1, 99)}@{r.choice(_DOMAINS)}"


# One entry per template: (weight, generator). The template id is the index.
TEMPLATES: list[tuple[int, Line]] = [
    # 0 web access log, common log format with a quoted request
    (
        60,
        lambda r: (
            f'{_ip(r)} - - [{_clf(r)}] "{r.choice(["GET", "POST", "PUT"])} {_path(r)} HTTP/1.1" '
            f"{r.choice([200, 201, 204, 304, 404, 500])} {r.randint(0, 90000)}"
        ),
    ),
    # 1 Java-ish request filter
    (
        40,
        lambda r: (
            f"{_iso(r, ' ')},{r.randint(0, 999):03d} INFO  [http-nio-8080-exec-{r.randint(1, 20)}] "
            f"c.a.web.RequestFilter - Request completed in {_ms(r)} status={r.choice([200, 404])}"
        ),
    ),
    # 2 Go stdlib log
    (
        30,
        lambda r: (
            f"{_iso(r, ' ').replace('-', '/')} server.go:118: listening on "
            f"{_ip(r)}:{r.randint(1024, 65535)}"
        ),
    ),
    # 3 Go logfmt
    (
        35,
        lambda r: (
            f"level=info ts={_iso(r)}.{r.randint(0, 999):03d}Z caller=consumer.go:42 "
            f'msg="connected to broker" broker={_ip(r)}:9092 partition={r.randint(0, 31)}'
        ),
    ),
    # 4 db timing
    (
        50,
        lambda r: (
            f"db: query on {r.choice(_TABLES)} took {r.uniform(0.1, 900):.1f}ms "
            f"rows={r.randint(0, 5000)}"
        ),
    ),
    # 5 pool exhausted
    (
        8,
        lambda r: (
            f"Connection pool exhausted: {r.randint(5, 50)} of 50 connections in use, "
            f"waiting {_ms(r)}"
        ),
    ),
    # 6 connect error (postgres-ish)
    (
        6,
        lambda r: (
            f'could not connect to server: Connection refused. Is the server running on host "'
            f'{r.choice(_HOSTS)}" ({_ip(r)}) and accepting TCP/IP connections on port 5432?'
        ),
    ),
    # 7 websocket reconnect
    (
        25,
        lambda r: (
            f"websocket reconnect attempt {r.randint(1, 12)} to "
            f"wss://stream.{r.choice(_DOMAINS)}/ws/v2?stream={r.choice(_SYMBOLS).lower()} "
            f"after {r.choice(['0.5s', '1s', '2s', '4s', '8s', '1m30s'])}"
        ),
    ),
    # 8 websocket closed
    (
        12,
        lambda r: (
            f"websocket closed code={r.choice([1000, 1001, 1006, 1011])} "
            f"reason='{r.choice(['abnormal closure', 'going away', 'server restart'])}'"
        ),
    ),
    # 9 order filled
    (
        45,
        lambda r: (
            f"order {_uuid(r)} filled: {r.choice(['BUY', 'SELL'])} {r.uniform(0.001, 5):.3f} "
            f"{r.choice(_SYMBOLS)} @ {_price(r)}"
        ),
    ),
    # 10 order rejected
    (
        10,
        lambda r: (
            f"order {_uuid(r)} rejected: insufficient balance "
            f"(available={_price(r)} required={_price(r)})"
        ),
    ),
    # 11 placing order
    (
        40,
        lambda r: (
            f"placing limit order side={r.choice(['buy', 'sell'])} qty={r.randint(1, 100)} "
            f"price={_price(r)} symbol={r.choice(_SYMBOLS)} client_id={_uuid(r)}"
        ),
    ),
    # 12 position update
    (
        30,
        lambda r: (
            f"position update: {r.choice(_SYMBOLS)} size={r.uniform(-5, 5):.2f} "
            f"entry={_price(r)} upnl={r.uniform(-900, 900):.2f}"
        ),
    ),
    # 13 Java exception head
    (
        5,
        lambda r: (
            f'Exception in thread "pool-{r.randint(1, 9)}-thread-{r.randint(1, 40)}" '
            f"java.lang.IllegalStateException: Queue full"
        ),
    ),
    # 14 Java stack frame
    (
        20,
        lambda r: (
            f"\tat {r.choice(_JAVA)}({r.choice(_JAVA).split('.')[-2]}.java:{r.randint(20, 900)})"
        ),
    ),
    # 15 Python traceback frame
    (
        15,
        lambda r: (
            f'  File "/srv/app/{r.choice(_FILES)}", line {r.randint(1, 800)}, in {r.choice(_FUNCS)}'
        ),
    ),
    # 16 password reset e-mail
    (
        6,
        lambda r: f"sent password reset to {_email(r)} (request id {_hex(r, 8)})",
    ),
    # 17 outgoing HTTP request
    (
        35,
        lambda r: (
            f"GET https://api.{r.choice(_DOMAINS)}/v1/users/{r.randint(1, 9999)}?include=orders "
            f"{r.choice([200, 404, 503])} in {_ms(r)}"
        ),
    ),
    # 18 IPv6 accept
    (
        10,
        lambda r: f"accepted connection from [{_ip6(r)}]:{r.randint(1024, 65535)}",
    ),
    # 19 heartbeat
    (
        70,
        lambda r: f"heartbeat ok latency={_ms(r)} peers={r.randint(1, 12)}",
    ),
    # 20 cache miss
    (
        40,
        lambda r: (
            f"cache miss key=user:{r.randint(1, 99999)}:profile ttl={r.choice([60, 300, 3600])}s"
        ),
    ),
    # 21 worker picked job (worker name carries a number inside the token)
    (
        25,
        lambda r: (
            f"worker-{r.randint(1, 16)} picked job {r.randint(1, 10**6)} from queue "
            f"{r.choice(_QUEUES)}"
        ),
    ),
    # 22 disk usage
    (
        4,
        lambda r: f"Disk usage at {r.randint(50, 99)}% on {_dir(r)}",
    ),
    # 23 retry
    (
        15,
        lambda r: (
            f"Retrying in {r.randint(1, 30)} seconds (attempt {r.randint(1, 5)}/5) after "
            f"{r.choice(['ConnectionError', 'TimeoutError', 'HTTPError'])}"
        ),
    ),
    # 24 user login, a variable word that has no digit in it
    (
        20,
        lambda r: f"user {r.choice(_USERS)} logged in from {_ip(r)}",
    ),
    # 25 user logout, the same shape as 24 but a different event
    (
        10,
        lambda r: f"user {r.choice(_USERS)} logged out after {r.randint(1, 300)} minutes",
    ),
    # 26 pytest-style captured print
    (
        20,
        lambda r: (
            f"fetched {r.randint(0, 500)} candles for {r.choice(_SYMBOLS)} "
            f"from {_iso(r)}Z to {_iso(r)}Z"
        ),
    ),
    # 27 file written
    (
        12,
        lambda r: (
            f"wrote {r.randint(1, 10**7)} bytes to {_dir(r)}/{_hex(r, 12)}.parquet "
            f"in {r.uniform(0.01, 9):.2f}s"
        ),
    ),
    # 28 syslog-style line
    (
        18,
        lambda r: (
            f"{r.choice(_MONTHS)} {r.randint(1, 28):2d} {r.randint(0, 23):02d}:"
            f"{r.randint(0, 59):02d}:{r.randint(0, 59):02d} {r.choice(_HOSTS)} "
            f"sshd[{r.randint(100, 99999)}]: Accepted publickey for "
            f"{r.choice(_USERS)} from {_ip(r)} port {r.randint(1024, 65535)} ssh2"
        ),
    ),
    # 29 kafka rebalance (quoted group name)
    (
        8,
        lambda r: (
            f"consumer group 'bot-{r.choice(['live', 'paper'])}' rebalanced: generation "
            f"{r.randint(1, 500)}, member consumer-{r.randint(1, 9)}-{_hex(r, 8)}"
        ),
    ),
    # 30 a long line, many tokens
    (
        10,
        lambda r: (
            f"reconcile finished for account {r.randint(10000, 99999)}: {r.randint(0, 50)} orders "
            f"checked, {r.randint(0, 5)} mismatches, {r.randint(0, 3)} corrections applied, "
            f"ledger balance {_price(r)} USD, exchange balance {_price(r)} USD, "
            f"drift {r.uniform(-1, 1):.4f} USD, took {r.uniform(0.1, 20):.2f}s"
        ),
    ),
    # 31 a short line, one variable
    (
        15,
        lambda r: f"tick {r.randint(1, 10**7)}",
    ),
    # 32 a constant line
    (
        12,
        lambda r: "Traceback (most recent call last):",
    ),
    # 33 another constant line that shares its first token count
    (
        8,
        lambda r: "strategy warmup complete, entering live mode",
    ),
    # 34 Python object repr with a hex address
    (
        6,
        lambda r: (
            f"<bot.feeds.{r.choice(['Ticker', 'Book', 'Trades'])}Feed object at "
            f"0x{r.getrandbits(44) | 1 << 44:x}> subscribed"
        ),
    ),
    # 35 Go duration and struct-ish line
    (
        12,
        lambda r: (
            f"scheduler: job sync-{r.choice(_TABLES)} finished in "
            f"{r.choice(['1.2s', '850ms', '2m3s', '45.5ms'])}, next run at {_iso(r)}Z"
        ),
    ),
    # 36 config reload with a Windows path
    (
        3,
        lambda r: (
            f"reloaded config from C:\\ProgramData\\bot\\{r.choice(['live', 'paper'])}"
            f"\\config-{r.randint(1, 9)}.toml"
        ),
    ),
    # 37 rate limit warning
    (
        14,
        lambda r: (
            f"WARNING rate limit hit for {r.choice(_SYMBOLS)}: {r.randint(10, 50)} requests in "
            f"{r.randint(1, 10)}s, backing off {_ms(r)}"
        ),
    ),
    # 38 subprocess exit
    (
        6,
        lambda r: (
            f"process {r.randint(100, 99999)} ({r.choice(['ffmpeg', 'node', 'redis-server'])}) "
            f"exited with status {r.choice([0, 1, 137, 143])}"
        ),
    ),
    # 39 dict repr, the way a print() of a dict looks
    (
        12,
        lambda r: (
            f"config: {{'symbol': '{r.choice(_SYMBOLS)}', 'leverage': {r.randint(1, 20)}, "
            f"'dry_run': {r.choice(['True', 'False'])}}}"
        ),
    ),
]


def generate(lines: int = 200_000, seed: int = 20240501) -> list[tuple[str, int]]:
    """Return `lines` (line, template_id) pairs, the same for the same arguments."""
    r = random.Random(seed)
    weights = [w for w, _ in TEMPLATES]
    ids = r.choices(range(len(TEMPLATES)), weights=weights, k=lines)
    return [(TEMPLATES[i][1](r), i) for i in ids]


def grouping_accuracy(predicted: list[int], truth: list[int]) -> float:
    """Loghub grouping accuracy: the share of lines whose predicted group is exactly their true group."""
    if len(predicted) != len(truth):
        raise ValueError("predicted and truth must have the same length")
    if not truth:
        return 1.0
    pred_members: dict[int, set[int]] = {}
    true_members: dict[int, set[int]] = {}
    for index, (p, t) in enumerate(zip(predicted, truth, strict=True)):
        pred_members.setdefault(p, set()).add(index)
        true_members.setdefault(t, set()).add(index)
    correct = 0
    for members in pred_members.values():
        first = next(iter(members))
        if members == true_members[truth[first]]:
            correct += len(members)
    return correct / len(truth)


if __name__ == "__main__":
    for line, template in generate(60, seed=1):
        print(f"{template:2d} {line}")
