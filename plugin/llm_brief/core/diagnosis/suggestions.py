"""The built-in suggestions, as data: message patterns whose groups fill a fix, per category.

Add a library's fixes here (an `Extractor` per message shape); the engine in `suggest` needs no
change. Templates may use `{where}`, `{location}`, `{function}`, `{type}`, `{message}`,
`{address}`, `{host}` and the pattern's named groups.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Extractor:
    """A message pattern whose named groups fill a suggestion template; "*" fits any category."""

    category: str
    pattern: str
    template: str
    effort: str
    types: str = ""  # regex the exception's qualified type name must contain
    logs: bool = False  # also search the log messages


# Category-specific extractors are tried first, then "*", then the other categories' (a user rule
# may name a new category for a failure a built-in extractor still understands).
# fmt: off
EXTRACTORS: tuple[Extractor, ...] = (
    # usage (pytest's own command line)
    Extractor("usage", r"unrecognized arguments: (?P<args>.+?)(?:\n|$)",
      "Remove or correct {args} given on the {where}, in `addopts` or in PYTEST_ADDOPTS (or"
      " install the plugin that defines it): `pytest --help` lists the options this run knows",
      "5m", types="UsageError"),
    Extractor("usage", r"file or directory not found: (?P<path>\S+)",
      "`{path}` (given on the {where}) does not exist relative to where pytest was started:"
      " correct the path, or start pytest in the directory it is relative to", "5m",
      types="UsageError"),
    # di
    Extractor("di", r"[Nn]o provider (?:registered )?for '?(?P<name>[\w.]+)'?",
      "Register a provider for `{name}` in the container (or stop resolving it) — resolved at"
      " {where}", "15m"),
    Extractor("di", r"(?i)(?:circular dependency|dependency cycle)\W*(?P<cycle>.*)",
      "Break the dependency cycle {cycle}: inject a factory or move the shared part into its "
      "own service — at {where}", "1h"),
    Extractor("di", r"'?(?P<name>[\w.]+)'? is not registered",
      "Register `{name}` in the container before it is resolved at {where}", "15m"),
    Extractor("di", r"(?i)(?:unsatisfied requirement|missing dependency|no "
      r"binding)\W+(?:for\W+)?(?P<name>[\w.]+)",
      "Bind `{name}` in the container before it is resolved at {where}", "15m"),
    Extractor("di", r"^'(?P<name>[^']+)'$",
      "Register `{name}` in the container before resolving it at {where}", "15m", types="KeyError"),
    Extractor("di", r"(?P<func>[\w.]+)\(\) missing \d+ required (?:positional |keyword-only "
      r")?arguments?: (?P<args>.+)",
      "The container builds `{func}` without {args}: register providers for them or give "
      "defaults — at {where}", "15m"),
    # config
    Extractor("config", r"invalid literal for int\(\) with base \d+: (?P<value>.+)",
      "Fix the setting value {value}: it must be an integer — parsed at {where}", "5m"),
    Extractor("config", r"could not convert string to float: (?P<value>.+)",
      "Fix the setting value {value}: it must be a number — parsed at {where}", "5m"),
    Extractor("config", r"No option '(?P<option>[^']+)' in section: '(?P<section>[^']+)'",
      "Add `{option}` under `[{section}]` in the settings file (or pass fallback=) — read at "
      "{where}", "5m"),
    Extractor("config", r"No section: '(?P<section>[^']+)'",
      "Add a `[{section}]` section to the settings file (or handle its absence) — read at "
      "{where}", "5m"),
    Extractor("config", r"(?P<why>.+?) \((?P<at>at line \d+, column \d+|at end of document)\)",
      "Fix the settings file {at}: {why} — loaded at {where}", "5m", types="TOML"),
    Extractor("config", r"(?i)missing (?:required )?(?:setting|config\w*|option|environment variable|"
      r"env var)s?\W+(?P<name>[\w.]+)",
      "Provide `{name}` in the settings or the environment (or give it a default) — required "
      "at {where}", "5m"),
    Extractor("config", r"^'(?P<name>[A-Z][A-Z0-9_]{2,})'$",
      "Set the environment variable `{name}` (or read it with os.environ.get and a default) —"
      " read at {where}", "5m", types="KeyError"),
    Extractor("config", r"^'(?P<name>[^']+)'$",
      "Add `{name}` to the settings (or give it a default) — read at {where}",
      "5m", types="KeyError"),
    # db
    Extractor("db", r"no such table: (?P<name>[\w.]+)",
      "Create table `{name}` (run migrations / schema setup) before querying it at {where}", "15m"),
    Extractor("db", r'relation "(?P<name>[^"]+)" does not exist',
      "Create table `{name}` (run migrations / schema setup) before querying it at {where}", "15m"),
    Extractor("db", r"no such column: (?P<name>[\w.]+)",
      "Add column `{name}` (a migration is missing) or fix the query at {where}", "15m"),
    Extractor("db", r'column "(?P<name>[^"]+)"(?: of relation "[^"]+")? does not exist',
      "Add column `{name}` (a migration is missing) or fix the query at {where}", "15m"),
    Extractor("db", r"database (?:table )?is locked",
      "Another connection holds the lock: commit or close it before writing, or raise the "
      "busy timeout (sqlite3.connect(..., timeout=...)) — blocked at {where}", "1h"),
    Extractor("db", r"(?P<kind>UNIQUE|NOT NULL|CHECK|PRIMARY KEY) constraint failed: (?P<name>[\w.]+)",
      "The write at {where} breaks the {kind} constraint on `{name}`: fix the data (dedupe or"
      " fill the value) or the constraint", "15m"),
    Extractor("db", r"(?P<kind>FOREIGN KEY|[A-Z ]+) constraint failed",
      "The write at {where} breaks a {kind} constraint: insert the referenced row first or "
      "fix the data", "15m"),
    Extractor("db", r'duplicate key value violates unique constraint "(?P<name>[^"]+)"',
      "The insert at {where} duplicates a row under `{name}`: upsert, or check for the row "
      "first", "15m"),
    Extractor("db", r'(?:near "(?P<token>[^"]*)": syntax error|syntax error at or near '
      r'"(?P<token2>[^"]*)")',
      "Fix the SQL near `{token}{token2}` in the statement run at {where}", "5m"),
    Extractor("db", r"table (?P<name>\S+) already exists",
      "Make the schema setup idempotent (CREATE TABLE IF NOT EXISTS {name}) or run it once — "
      "at {where}", "15m"),
    Extractor("db", r"objects created in a thread can only be used in that same thread",
      "Open one connection per thread (or pass check_same_thread=False and serialise access)"
      " — used at {where}", "15m"),
    Extractor("db", r"(?i)closed database",
      "The connection was closed before the query at {where}: keep it open while it is used",
      "15m"),
    Extractor("db", r"The current statement uses (?P<want>\d+), and there are (?P<got>\d+) supplied",
      "Pass {want} parameters (not {got}) to the statement run at {where}", "5m"),
    Extractor("db", r"(?i)could not connect to server|connection to server at",
      "The database at {address} is not reachable: start it or fix the DSN — connect at "
      "{where}", "15m"),
    Extractor("db", r"deadlock detected|could not serialize access",
      "Two transactions lock the same rows in opposite order: take locks in one order or "
      "retry — at {where}", "half-day"),
    # import
    Extractor("import", r"cannot import name '(?P<name>\w+)' from partially initialized module "
      r"'(?P<module>[\w.]+)'",
      "Break the circular import around `{module}`: import `{name}` inside the function that "
      "uses it, or move the shared code into a third module — imported at {where}", "1h"),
    Extractor("import", r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'",
      "`{module}` has no `{name}`: fix the name or install the version that provides it — "
      "imported at {where}", "15m"),
    Extractor("import", r"(?P<hint>pip install [\w\[\],.=<>-]+)",
      "Install the missing extra (`{hint}`) or guard the optional import at {where}", "5m"),
    Extractor("import", r"No module named '(?P<name>(?P<top>\w+)\.[\w.]+)'",
      "There is no module `{name}`: fix the import at {where} (moved or renamed?), or install "
      "the version of `{top}` that has it", "15m"),
    Extractor("import", r"No module named '(?P<name>\w+)'",
      "Run `pip install` for the package that provides `{name}` (check the name and the active "
      "virtualenv), or fix the import at {where}", "5m"),
    Extractor("import", r"No package metadata was found for (?P<name>\S+)",
      "Install the distribution `{name}` into this environment (pip install -e . for your own"
      " package) — looked up at {where}", "5m"),
    Extractor("import", r"attempted relative import",
      "Run the code as part of its package (python -m pkg.module) or use an absolute import "
      "at {where}", "15m"),
    # network
    Extractor("network", r"HTTP Error (?P<status>\d{3}): (?P<reason>.*)",
      "{address} answered HTTP {status} {reason}: {status_hint} — request made at {where}", "15m"),
    Extractor("network", r"(?P<status>\d{3}) (?:Client|Server) Error: (?P<reason>.*?) for url: "
      r"(?P<url>\S+)",
      "`{url}` answered HTTP {status} {reason}: {status_hint} — request made at {where}", "15m"),
    Extractor("network", r"(?:Client|Server) error '(?P<status>\d{3}) (?P<reason>[^']*)' for url "
      r"'(?P<url>[^']+)'",
      "`{url}` answered HTTP {status} {reason}: {status_hint} — request made at {where}", "15m"),
    Extractor("network", r"server rejected WebSocket connection: HTTP (?P<status>\d{3})",
      "The websocket handshake got HTTP {status}: {status_hint} — at {where}", "15m"),
    Extractor("network", r"(?:received|sent) (?P<code>\d{4}) \((?P<reason>[^)]*)\)",
      "The websocket closed with code {code} ({reason}): reconnect with backoff and check the"
      " server's close reason — at {where}", "1h"),
    Extractor("network", r"(?i)connection refused|connect call failed",
      "Nothing is listening at {address}: start that service, fix the host/port, or fake it "
      "in tests — connect at {where}", "15m"),
    Extractor("network", r"(?i)connection (?:reset|aborted)|remote end closed connection|broken pipe",
      "{address} dropped the connection: check its logs, and retry idempotent calls with "
      "backoff — at {where}", "1h"),
    Extractor("network", r"(?i)name or service not known|nodename nor servname|getaddrinfo failed|"
      r"failure in name resolution|no address associated",
      "DNS lookup failed for {host}: fix the host name or the resolver, or fake the call in "
      "tests — looked up at {where}", "15m"),
    Extractor("network", r"(?i)certificate verify failed:? ?(?P<why>[^(]*)",
      "TLS verification of {address} failed ({why}): install the right CA bundle or fix the "
      "server certificate — don't disable verification — at {where}", "1h"),
    Extractor("network", r"(?i)wrong version number|record layer failure|unexpected eof while reading|"
      r"EOF occurred in violation",
      "{address} doesn't speak TLS on that port: use http:// or the TLS port — handshake at "
      "{where}", "15m"),
    Extractor("network", r"(?i)no certificate or crl found|PEM lib",
      "The CA file given to load_verify_locations holds no PEM certificate: point it at a "
      "real CA bundle — at {where}", "15m"),
    Extractor("network", r"(?i)could not reach (?P<what>.+?) after (?P<n>\d+) attempts",
      "{what} stayed unreachable for {n} attempts: start it (or fake it in tests) before "
      "connecting at {where}", "15m"),
    # timeout
    Extractor("timeout", r"Command '(?P<cmd>.+)' timed out after (?P<seconds>[\d.]+) seconds",
      "`{cmd}` ran past its {seconds}s timeout: make it faster or raise the timeout at "
      "{where}", "1h"),
    Extractor("timeout", r"(?i)timed out",
      "{address} did not answer in time: check it is up and responsive, or raise the timeout "
      "— waited at {where}", "1h"),
    Extractor("timeout", r"^$",
      "The call awaited at {where} did not finish in time: find what blocks it (a missing "
      "response, a lock, a slow query) or raise the timeout", "1h", types="Timeout"),
    # filesystem
    Extractor("filesystem", r"\[Errno 2\] No such file or directory: '(?P<path>[^']+)'",
      "Create `{path}` or fix the path (relative paths resolve against the working directory)"
      " — opened at {where}", "5m"),
    Extractor("filesystem", r"\[Errno 13\] Permission denied: '(?P<path>[^']+)'",
      "The process may not use `{path}`: fix its mode or owner (chmod +x for programs), or "
      "use a writable place such as tmp_path — at {where}", "15m"),
    Extractor("filesystem", r"\[Errno 21\] Is a directory: '(?P<path>[^']+)'",
      "`{path}` is a directory: open a file inside it (shutil.rmtree removes directories) — "
      "at {where}", "5m"),
    Extractor("filesystem", r"\[Errno 20\] Not a directory: '(?P<path>[^']+)'",
      "A parent of `{path}` is a file, not a directory: fix the path or remove that file — at"
      " {where}", "5m"),
    Extractor("filesystem", r"\[Errno 17\] File exists: '(?P<path>[^']+)'",
      "`{path}` already exists: pass exist_ok=True or remove it first — at {where}", "5m"),
    Extractor("filesystem", r"\[Errno 39\] Directory not empty: '(?P<path>[^']+)'",
      "`{path}` is not empty: remove it with shutil.rmtree or empty it first — at {where}", "5m"),
    Extractor("filesystem", r"\[Errno 30\] Read-only file system: '(?P<path>[^']+)'",
      "`{path}` is on a read-only file system: write to tmp_path or a writable volume — at "
      "{where}", "15m"),
    Extractor("filesystem", r"\[Errno 28\] No space left on device",
      "The disk is full: free space or write elsewhere — at {where}", "1h"),
    Extractor("filesystem", r"\[Errno 24\] Too many open files",
      "File descriptors leak: close files and sockets (use `with`) — exhausted at {where}", "1h"),
    Extractor("filesystem", r"No such file or directory",
      "A file used at {where} does not exist: check the path it was given", "5m"),
    # memory
    Extractor("memory", r"(?i)\bRSS\b\D*(?P<start>[\d.]+ ?[KMGT]i?B)\D+(?P<end>[\d.]+ ?[KMGT]i?B)",
      "RSS grew from {start} to {end}: find caches, lists or handles that are never released "
      "(tracemalloc snapshots around {where})", "half-day", logs=True),
    Extractor("memory", r"",
      "The allocation at {where} ran out of memory: bound its size (stream or chunk the data)"
      " and check what grows", "1h", types="MemoryError"),
    # ui
    Extractor("ui", r"wrapped C/C\+\+ object of type (?P<name>\w+) has been deleted",
      "Qt already deleted the `{name}` used at {where}: keep a reference or a parent, and "
      "disconnect its signals before it is destroyed", "1h"),
    Extractor("ui", r"no display name and no \$DISPLAY|connect to display",
      "No display is available: run headless (xvfb-run, or QT_QPA_PLATFORM=offscreen) or skip"
      " GUI tests without $DISPLAY — at {where}", "15m"),
    Extractor("ui", r'invalid command name "(?P<name>[^"]+)"',
      "Tk has no command `{name}`: the widget was destroyed (cancel its after() callbacks) or"
      " the name is wrong — at {where}", "15m"),
    Extractor("ui", r"(?:no such element|Unable to locate element):? (?P<selector>.+)",
      "The page has no element {selector}: wait for it or fix the selector — at {where}", "15m"),
    Extractor("ui", r"Cannot read propert(?:y|ies) of (?P<what>undefined|null)(?: \(reading "
      r"'(?P<name>[^']+)'\))?",
      "The front end read `{name}` of {what}: the data isn't loaded yet or the element is "
      "gone — at {where}", "15m"),
    # data
    Extractor("data", r"(?P<what>[^:\n]+): line (?P<line>\d+) column (?P<col>\d+) \(char (?P<char>\d+)\)",
      "The JSON parsed at {where} is malformed — {what} at line {line}, column {col} (char "
      "{char}): fix what produced it, or log the raw text to see it", "15m"),
    Extractor("data", r"'(?P<codec>[\w-]+)' codec can't decode byte (?P<byte>0x[0-9a-f]+) in position "
      r"(?P<pos>\d+)",
      "The bytes decoded at {where} are not {codec} (byte {byte} at position {pos}): decode "
      'with the right encoding, or errors="replace"', "15m"),
    Extractor("data", r"'(?P<codec>[\w-]+)' codec can't encode characters? (?P<char>'[^']+') in "
      r"position (?P<pos>[\d-]+)",
      "The text encoded at {where} has {char} (position {pos}) that {codec} can't hold: "
      "encode as UTF-8 or escape it", "15m"),
    Extractor("data", r"Object of type (?P<name>\w+) is not JSON serializable",
      "Convert the `{name}` to a JSON type (or pass default= to json.dumps) before "
      "serialising at {where}", "15m"),
    Extractor("data", r"(?P<n>\d+) validation errors? for "
      r"(?P<model>\w+)\n(?P<field>\S+)\n\s*(?P<why>[^\[\n]+)",
      "`{model}.{field}` is invalid ({why}): fix the input or the model — validated at "
      "{where}", "15m"),
    Extractor("data", r"Incorrect padding|Invalid base64|Non-base64 digit|number of data characters",
      "The base64 text decoded at {where} is truncated or not base64: check what produced it",
      "15m"),
    Extractor("data", r"invalid literal for int\(\) with base \d+: (?P<value>.+)",
      "The value {value} parsed at {where} is not an integer: validate the input (or handle "
      "ValueError)", "15m"),
    Extractor("data", r"could not convert string to float: (?P<value>.+)",
      "The value {value} parsed at {where} is not a number: validate the input (or handle "
      "ValueError)", "15m"),
    Extractor("data", r"Invalid isoformat string: (?P<value>.+)",
      "The date {value} parsed at {where} is not ISO 8601: fix the producer or parse it with "
      "strptime", "15m"),
    Extractor("data", r"(?P<why>.+): line (?P<line>\d+), column (?P<col>\d+)",
      "The XML parsed at {where} is malformed — {why} at line {line}, column {col}",
      "15m", types="ParseError"),
    Extractor("data", r"unpack requires a buffer of (?P<n>\d+) bytes",
      "The buffer unpacked at {where} is shorter than {n} bytes: check the record length or "
      "the format", "15m"),
    Extractor("data", r"",
      "The bytes unpickled at {where} are not a complete pickle: check what wrote them",
      "15m", types="UnpicklingError"),
    # async
    Extractor("async", r"coroutine '(?P<name>[\w.<>]+)' was never awaited",
      "Await `{name}(...)` — it was called without `await`, so it never ran — at {where}", "5m"),
    Extractor("async", r"cannot be called from a running event loop|This event loop is already running",
      "Don't start a loop inside a running one: `await` the coroutine instead of "
      "asyncio.run() or run_until_complete() at {where}", "15m"),
    Extractor("async", r"There is no current event loop",
      "No event loop runs in this thread: use asyncio.run() (or new_event_loop()) instead of "
      "get_event_loop() at {where}", "15m"),
    Extractor("async", r"Event loop is closed",
      "The loop was closed while something still used it: finish or cancel tasks and close "
      "clients before closing it — at {where}", "1h"),
    Extractor("async", r"attached to a different loop",
      "A future or lock made on one event loop is awaited on another: create it inside the "
      "loop that awaits it (no module-level asyncio objects) — at {where}", "1h"),
    Extractor("async", r"cannot reuse already awaited coroutine",
      "A coroutine object is awaited twice: call the coroutine function again for each await "
      "at {where}", "15m"),
    Extractor("async", r"object (?P<name>[\w.]+) can't be used in 'await' expression",
      "`{name}` is not awaitable: drop the `await` or call the async variant at {where}", "5m"),
    Extractor("async", r"Task was destroyed but it is pending",
      "Keep a reference to each created task and await it before shutdown — at {where}", "15m"),
    Extractor("async", r"(?i)\bdeadlock\b",
      "Tasks wait on each other: take locks in one order and never await while holding one — "
      "at {where}", "half-day"),
    Extractor("async", r"",
      "The task awaited at {where} was cancelled: find who cancels it (a timeout, shutdown or"
      " task group) and let CancelledError propagate", "1h", types="CancelledError"),
    Extractor("async", r"(?P<why>.+)",
      "A future was read before it was done ({why}): await it instead of calling .result() at"
      " {where}", "15m", types="InvalidStateError"),
    # assertion
    Extractor("assertion", r"^assert (?P<left>\S+) (?P<op>==|!=|<=|>=|<|>) "
      r"(?P<right>.+)\n\s*\+\s+where (?P=left) = (?P<call>.+)",
      "`{call}` returned {left} but the assertion at {where} expects {op} {right}: fix the "
      "code under test or the expected value", "15m"),
    Extractor("assertion", r"^assert (?P<left>.+?) (?P<op>==|!=|<=|>=|<|>|is not|is|not in|in) "
      r"(?P<right>.+?)(?:, .+)?$",
      "The assertion at {where} saw `{left}` {op} `{right}` fail: decide which side is wrong "
      "(the code under test or the expected value) and fix it", "15m"),
    Extractor("assertion", r"^(?P<left>.+?) != (?P<right>.+)$",
      "The assertion at {where} compared `{left}` with `{right}`: fix the code under test or "
      "the expected value", "15m", types="AssertionError"),
    Extractor("assertion", r"^assert (?P<expr>.+?), (?P<why>.+)$",
      "`{expr}` was false at {where} ({why}): check the value it tests", "15m"),
    Extractor("assertion", r"^assert (?P<expr>.+)$",
      "`{expr}` was false at {where}: check the value it tests", "15m"),
    # process
    Extractor("process", r"Command '(?P<cmd>.+)' returned non-zero exit status (?P<code>-?\d+)",
      "`{cmd}` exited with status {code}: rerun it by hand or log its stderr "
      "(capture_output=True) — run at {where}", "15m"),
    Extractor("process", r"(?i)process pool|terminated abruptly|died with",
      "A worker process died (crash, os._exit or out of memory): run the task in-process to "
      "see why — at {where}", "1h"),
    # any category
    Extractor("*", r"(?P<old>[\w.]+(?:\(\))?) is deprecated[;:,.]? *(?P<new>\S.*)",
      "Replace the deprecated `{old}` at {where}: {new}", "5m"),
    Extractor("*", r"^'(?P<name>[^']+)'$",
      "`{name}` is missing from the mapping read at {where}: add it or use .get() with a "
      "default", "5m", types="KeyError"),
    Extractor("*", r"'NoneType' object has no attribute '(?P<attr>\w+)'",
      "A value was None where `.{attr}` was read at {where}: fix what returned None, or "
      "handle None", "15m"),
    Extractor("*", r"'(?P<kind>\w+)' object has no attribute '(?P<attr>\w+)'",
      "`{kind}` has no `{attr}` at {where}: fix the name, or the object passed in", "15m"),
    Extractor("*", r"name '(?P<name>\w+)' is not defined",
      "Define or import `{name}` used at {where}", "5m"),
    Extractor("*", r"(?P<func>[\w.]+)\(\) missing \d+ required (?:positional |keyword-only "
      r")?arguments?: (?P<args>.+)",
      "Pass {args} to `{func}()` at {where}", "5m"),
    Extractor("*", r"'(?P<arg>\w+)' is an invalid keyword argument for (?P<func>[\w.]+)\(\)",
      "`{func}()` takes no `{arg}`: fix the call at {where}", "5m"),
    Extractor("*", r"(?P<func>[\w.]+)\(\) got an unexpected keyword argument '(?P<arg>\w+)'",
      "`{func}()` takes no `{arg}`: fix the call at {where} (or the signature)", "5m"),
    Extractor("*", r"(?P<value>.+) is not a valid (?P<kind>\w+)",
      "{value} is not a valid `{kind}`: use one of its defined values at {where}", "5m"),
    Extractor("*", r"",
      "A divisor is zero at {where}: guard the zero case", "5m", types="ZeroDivisionError"),
    Extractor("*", r"",
      "Unbounded recursion at {where}: add a base case or break the cycle",
      "1h", types="RecursionError"),
)
# fmt: on

FALLBACKS: dict[str, tuple[str, str]] = {
    "usage": ("Correct the pytest invocation (the {where}, `addopts`, PYTEST_ADDOPTS): {message}",
              "5m"),
    "di": (
        "Register the service resolved at {where} in the container (or its provider) before"
        " it is asked for: {message}",
        "15m",
    ),
    "db": (
        "No rule knows this database error: compare the query at {where} with the schema"
        " and the session's state: {message}",
        "1h",
    ),
    "config": (
        "Set the missing or wrong setting read at {where} (environment, settings file)"
        " or give it a default: {message}",
        "15m",
    ),
    "import": ("Fix the import at {where}: {message}", "15m"),
    "network": ("Check connectivity to {address} from {where}: {message}", "1h"),
    "timeout": ("The operation at {where} timed out: find what it waits for ({message})", "1h"),
    "filesystem": ("Check the path used at {where}: {message}", "15m"),
    "memory": ("Memory runs out around {where}: bound what grows ({message})", "half-day"),
    "ui": ("Fix the template or the route it names, rendered from {where}: {message}", "15m"),
    "data": (
        "The input handled at {where} does not fit what the code expects: validate or"
        " convert it before use: {message}",
        "15m",
    ),
    "async": ("Check how the coroutine at {where} is awaited: {message}", "1h"),
    "assertion": ("The assertion at {where} failed: {message}", "15m"),
    "process": (
        "Install the program run at {where} or put it on PATH, or fix its arguments and"
        " working directory: {message}",
        "15m",
    ),
    "programming": (
        "No rule knows a specific fix for this {type}: read the code at {where} with the"
        " values seen there: {message}",
        "15m",
    ),
    "unknown": (
        "No rule knows a specific fix for this {type}: read the code at {where} with the"
        " values seen there: {message}",
        "15m",
    ),
}

# Facts found anywhere in the evidence (messages, log lines, source of app frames); the default
# keeps a sentence readable when the fact wasn't captured.
DETAILS: dict[str, tuple[str, ...]] = {
    "address": (
        r"\(['\"](?P<host>[\w.:-]+)['\"], (?P<port>\d+)\)",
        r"host='(?P<host>[^']+)', port=(?P<port>\d+)",
        r"\b[a-z][a-z0-9+.-]*://(?:[^@/\s]+@)?(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\])(?::(?P<port>\d+))?",
        r"\b(?P<host>(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-fA-F:]+\]):(?P<port>\d{2,5})\b",
        r"['\"](?P<host>(?:\d{1,3}\.){3}\d{1,3}|localhost)['\"]",
        r"['\"](?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:invalid|test|local|internal|com|net|org|io))['\"]",
    ),
}
DETAIL_DEFAULTS = {"address": "the target address", "host": "the host name"}

# Groups that are measurements: subprocess reports 0.2999783779998779 for a 0.3 s timeout.
ROUNDED = frozenset({"seconds"})

# Advice by HTTP status, longest prefix first.
HINTS: dict[str, dict[str, str]] = {
    "status": {
        "400": "the request is malformed: compare it with the API's contract",
        "401": "credentials are missing or wrong: check the token in the settings",
        "403": "the credentials lack permission for this resource",
        "404": "the URL or route doesn't exist: check the path and the base URL",
        "405": "the route doesn't accept this HTTP method",
        "409": "the request conflicts with the resource's current state",
        "422": "the server rejected the payload: check the fields it names",
        "429": "rate limited: back off and retry (honour Retry-After)",
        "4": "the request is wrong: check URL, method, headers and body",
        "5": "the server failed: check its logs, and retry idempotent calls with backoff",
    },
}
