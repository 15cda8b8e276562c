"""The built-in rules, as data: what each category's failures look like.

Add a library's knowledge here (a `Rule` per kind of failure, weights favouring what names the
failure over where it happened); the engine in `classify` needs no change.
"""

from __future__ import annotations

import builtins

from llm_brief.core.diagnosis.rules import Rule

# Direct bases of well-known exception types outside builtins (builtins are read from Python
# below); the capture side may pass the real hierarchy as `type_mro` instead.
KNOWN_BASES: dict[str, tuple[str, ...]] = {
    "sqlite3.Error": ("builtins.Exception",),
    "sqlite3.DatabaseError": ("sqlite3.Error",),
    **{
        f"sqlite3.{name}": ("sqlite3.DatabaseError",)
        for name in ("OperationalError", "IntegrityError", "ProgrammingError", "DataError")
    },
    "json.decoder.JSONDecodeError": ("builtins.ValueError",),
    "asyncio.exceptions.CancelledError": ("builtins.BaseException",),
    "asyncio.exceptions.TimeoutError": ("builtins.TimeoutError",),
    "asyncio.exceptions.InvalidStateError": ("builtins.Exception",),
    "concurrent.futures._base.CancelledError": ("concurrent.futures._base.Error",),
    "concurrent.futures._base.TimeoutError": ("builtins.TimeoutError",),
    "concurrent.futures.process.BrokenProcessPool": ("builtins.RuntimeError",),
    "socket.gaierror": ("builtins.OSError",),
    "socket.herror": ("builtins.OSError",),
    "ssl.SSLError": ("builtins.OSError",),
    "ssl.SSLCertVerificationError": ("ssl.SSLError", "builtins.ValueError"),
    "urllib.error.URLError": ("builtins.OSError",),
    "urllib.error.HTTPError": ("urllib.error.URLError",),
    "http.client.RemoteDisconnected": ("builtins.ConnectionResetError",),
    "subprocess.CalledProcessError": ("subprocess.SubprocessError",),
    "subprocess.TimeoutExpired": ("subprocess.SubprocessError",),
    "subprocess.SubprocessError": ("builtins.Exception",),
    "tomllib.TOMLDecodeError": ("builtins.ValueError",),
    "configparser.NoSectionError": ("configparser.Error",),
    "configparser.NoOptionError": ("configparser.Error",),
    "importlib.metadata.PackageNotFoundError": ("builtins.ModuleNotFoundError",),
    "requests.exceptions.RequestException": ("builtins.OSError",),
    "requests.exceptions.ConnectionError": ("requests.exceptions.RequestException",),
    "requests.exceptions.HTTPError": ("requests.exceptions.RequestException",),
    "requests.exceptions.Timeout": ("requests.exceptions.RequestException",),
    "requests.exceptions.ReadTimeout": ("requests.exceptions.Timeout",),
    "httpx.TimeoutException": ("httpx.TransportError",),
    "httpx.ReadTimeout": ("httpx.TimeoutException",),
    "httpx.ConnectTimeout": ("httpx.TimeoutException",),
    "pydantic_core._pydantic_core.ValidationError": ("builtins.ValueError",),
}


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


KNOWN_BASES.update(
    {
        _qualified(value): tuple(_qualified(b) for b in value.__bases__ if b is not object)
        for value in vars(builtins).values()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
)

_DI_MODULE = r"(?:^|/|_)(?:containers?|di|inject(?:or|ion)?|providers?|wiring|registry)(?:/|\.py$)"
_CONFIG_MODULE = r"(?:^|/|_)(?:config|configs|configuration|settings|conf|env)(?:/|\.py$)"

# One line of evidence per rule; a category's fired rules add up. Weights favour what names the
# failure (types, messages) over where it happened (modules, loggers).
# fmt: off
BUILTIN_RULES: tuple[Rule, ...] = (
    # usage: pytest refused its own command line (an unknown option, a path that does not exist)
    Rule("usage", exception_types=("pytest.UsageError", "_pytest.config.exceptions.UsageError"),
         weight=50.0),
    # di: dependency injection, service containers, provider lookups
    Rule("di", message=r"(?i)no provider\b|not registered|unsatisfied (?:requirement|dependenc)"
                       r"|no binding|(?:cannot|could not|unable to) resolve (?:dependency|service"
                       r"|type|provider)|missing dependency|circular dependency|dependency cycle",
         weight=1.5),
    Rule("di", exception_types=("injector.*", "dependency_injector.*", "punq.*", "lagom.*",
                                "kink.*", "wireup.*", "svcs.*", "rodi.*", "dishka.*")),
    Rule("di", exception_types=("builtins.LookupError",), weight=0.6),
    Rule("di", module=_DI_MODULE),
    Rule("di", logger=r"(?:^|\.)(?:containers?|di|inject\w*|providers?|wiring|registry)(?:\.|$)"),
    # db: sqlite3, SQLAlchemy, psycopg, migrations, locks, missing tables
    Rule("db", exception_types=("sqlite3.*", "sqlalchemy.*", "psycopg.*", "psycopg2.*",
                                "asyncpg.*", "pymysql.*", "MySQLdb.*", "alembic.*", "django.db.*",
                                "peewee.*", "pymongo.*"),
         weight=1.2),
    Rule("db", message=r"(?i)no such (?:table|column|savepoint)|database (?:table )?is locked"
                       r'|relation "[^"]+" does not exist|column "[^"]+" .*does not exist'
                       r"|constraint failed|violates \w+(?:[ -]\w+)? constraint"
                       r'|duplicate key value|syntax error at or near|near "[^"]*": syntax error'
                       r"|deadlock detected|could not serialize access|closed database"
                       r"|could not connect to server|connection to server at|bindings supplied"
                       r"|table \S+ already exists"),
    Rule("db", module=r"(?:^|/|_)(?:db|database|orm|repositor(?:y|ies)|migrations?|alembic|dao"
                      r"|sql\w*)(?:/|\.py$)"),
    Rule("db", logger=r"(?i)(?:^|\.)(?:db|database|sql\w*|alembic|orm|psycopg\w*|asyncpg"
                      r"|migrations?)(?:\.|$)"),
    # config: missing keys, environment variables, bad values, settings files
    Rule("config", exception_types=("configparser.*", "tomllib.TOMLDecodeError", "tomli.*",
                                    "pydantic_settings.*", "decouple.*", "environs.*",
                                    "dynaconf.*", "omegaconf.*",
                                    "django.core.exceptions.ImproperlyConfigured"),
         weight=1.2),
    Rule("config", message=r"(?i)missing (?:required )?(?:setting|config\w*|option|environment"
                           r" variable|env var)|environment variable|not configured"
                           r"|improperly configured|invalid (?:setting|config\w*)"
                           r"|(?:settings?|config(?:uration)?) file|No section:"
                           r"|No option .* in section"
                           r"|\b(?:setting|variable|option)\b.{0,40}\b(?:is not|must be) set",
         weight=1.2),
    # A KeyError is config only when the mapping is the environment or a settings mapping (the
    # capture names the mapping it was read from); a SHOUTY_NAME key hints the same.
    Rule("config", exception_types=("builtins.KeyError",),
         message=r"(?i)process environment|^keys of [\w.]*(?:settings|config|conf|environ|env)\b",
         weight=2.5),
    Rule("config", exception_types=("builtins.KeyError",), message=r"^'[A-Z][A-Z0-9_]{2,}'$"),
    # Library settings that come from configuration: URLs, DSNs, regions, credentials
    Rule("config", message=r"Could not parse SQLAlchemy URL|Can't load plugin: sqlalchemy\.dialects"
                           r"|URL must specify|No connection adapters were found"
                           r"|invalid connection option|invalid dsn|missing \S+ in DSN"
                           r"|Invalid URL|No scheme supplied",
         weight=3.0),
    Rule("config", exception_types=("botocore.exceptions.NoRegionError",
                                    "botocore.exceptions.NoCredentialsError",
                                    "botocore.exceptions.PartialCredentialsError",
                                    "botocore.exceptions.InvalidRegionError",
                                    "botocore.exceptions.ProfileNotFound",
                                    "requests.exceptions.MissingSchema",
                                    "requests.exceptions.InvalidSchema",
                                    "requests.exceptions.InvalidURL",
                                    "django.core.exceptions.ImproperlyConfigured"),
         weight=3.0),
    Rule("config", exception_types=("pydantic_core.ValidationError",), frame=r"pydantic_settings/",
         weight=3.0),
    Rule("config", exception_types=("builtins.LookupError", "builtins.ValueError",
                                    "builtins.TypeError"),
         module=_CONFIG_MODULE),
    Rule("config", module=_CONFIG_MODULE),
    Rule("config", logger=r"(?:^|\.)(?:config\w*|settings|conf|env)(?:\.|$)"),
    # import: missing modules, circular imports, missing extras
    Rule("import", exception_types=("builtins.ImportError", "pkg_resources.DistributionNotFound"),
         weight=2.0),
    Rule("import", message=r"No module named|cannot import name|partially initialized module"
                           r"|circular import|No package metadata|DLL load failed"
                           r"|undefined symbol"),
    # network: refused/reset connections, DNS, TLS, HTTP status errors, websockets
    Rule("network", exception_types=("ConnectionError", "socket.gaierror",
                                     "socket.herror", "ssl.SSLError", "urllib.error.URLError",
                                     "http.client.HTTPException"),
         weight=1.2),
    Rule("network", exception_types=("requests.*", "httpx.*", "httpcore.*", "aiohttp.*",
                                     "urllib3.*", "websockets.*", "websocket.*", "grpc.*")),
    Rule("network", message=r"(?i)connection (?:refused|reset|aborted)|connect call failed"
                            r"|name or service not known|nodename nor servname"
                            r"|getaddrinfo failed|failure in name resolution"
                            r"|no address associated|network is unreachable|no route to host"
                            r"|HTTP Error \d{3}|\b[45]\d\d (?:Client|Server) Error"
                            r"|(?:Client|Server) error '\d{3}|max retries exceeded"
                            r"|remote end closed|certificate verify failed|wrong version number"
                            r"|\bSSL\b|websocket|handshake|cannot connect to host"
                            r"|failed to establish|could not reach|unreachable"
                            r"|(?:failed|unable) to connect|urlopen error",
         weight=1.2),
    Rule("network", module=r"(?:^|/|_)(?:net|network|https?|http_?client|api|websockets?|ws"
                           r"|sockets?|feed|transport|rest|rpc|grpc)(?:/|\.py$)"),
    Rule("network", logger=r"(?i)(?:^|\.)(?:urllib3\w*|requests|httpx|httpcore|aiohttp\w*"
                           r"|websockets?|ws|https?|net\w*|sockets?|grpc|feed|api)(?:\.|$)"),
    # timeout
    Rule("timeout", exception_types=("TimeoutError", "subprocess.TimeoutExpired",
                                     "requests.exceptions.Timeout", "httpx.TimeoutException",
                                     "aiohttp.ServerTimeoutError", "Timeout", "TimeoutException"),
         weight=1.5),
    Rule("timeout", exception_types=("queue.Empty", "queue.Full", "_queue.Empty"), weight=1.2),
    Rule("timeout", message=r"(?i)\btimed out\b|\btimeout (?:of|after|expired|exceeded)"
                            r"|deadline exceeded|took too long|\bTimeout >"),
    # filesystem: missing files, permissions, disk
    Rule("filesystem", exception_types=("builtins.FileNotFoundError", "builtins.PermissionError",
                                        "builtins.IsADirectoryError",
                                        "builtins.NotADirectoryError",
                                        "builtins.FileExistsError", "shutil.Error"),
         weight=1.2),
    Rule("filesystem", message=r"\[Errno (?:2|13|17|20|21|24|28|30|36|39)\]"
                               r"|No such file or directory|Permission denied|No space left"
                               r"|Read-only file system|Is a directory|Not a directory"
                               r"|File exists|Directory not empty|Too many open files"),
    Rule("filesystem", module=r"(?:^|/|_)(?:files?|fs|storage|paths?|disk|uploads?"
                              r"|downloads?)(?:/|\.py$)",
         weight=0.6),
    # memory: MemoryError, RSS growth
    Rule("memory", exception_types=("builtins.MemoryError",), weight=2.0),
    Rule("memory", message=r"(?i)out of memory|cannot allocate memory|\[Errno 12\]|memory leak"
                           r"|\bRSS\b.*\b(?:grew|growth|increased|exceeded)|\bOOM\b"),
    # ui: Qt/Tk/web front-end errors, widget lifecycle
    Rule("ui", exception_types=("tkinter.TclError", "PyQt5.*", "PyQt6.*",
                                "PySide2.*", "PySide6.*", "selenium.*", "playwright.*",
                                "kivy.*", "wx.*", "textual.*"),
         weight=1.2),
    Rule("ui", message=r"wrapped C/C\+\+ object|QApplication|\bQ[A-Z]\w+\b.*(?:deleted|destroyed)"
                       r"|no display name|\$DISPLAY|connect to display|invalid command name"
                       r"|application has been destroyed|Unable to locate element"
                       r"|no such element|not interactable|stale element"
                       r"|Cannot read propert(?:y|ies) of|is not a function|Uncaught \w+Error",
         weight=1.2),
    Rule("ui", module=r"(?:^|/|_)(?:ui|gui|views?|widgets?|windows?|screens?|dialogs?|frontend"
                      r"|templates|components|qt\w*|tk\w*|pages?)(?:/|\.py$)"),
    Rule("ui", logger=r"(?i)(?:^|\.)(?:ui|gui|qt|tk|views?|widgets?|frontend|browser)(?:\.|$)"),
    # data: JSON, decoding, validation, serialisation
    Rule("data", exception_types=("json.JSONDecodeError", "builtins.UnicodeError",
                                  "pydantic.ValidationError", "pydantic_core.ValidationError",
                                  "marshmallow.*", "jsonschema.*", "yaml.*", "binascii.Error",
                                  "pickle.UnpicklingError", "pickle.PicklingError", "csv.Error",
                                  "xml.etree.ElementTree.ParseError", "xml.parsers.expat.*",
                                  "struct.error", "msgpack.*", "orjson.*"),
         weight=1.2),
    Rule("data", message=r"Expecting (?:value|property name|',' delimiter)|Extra data"
                         r"|Unterminated string|Invalid control character"
                         r"|codec can't (?:de|en)code|is not JSON serializable"
                         r"|validation errors? for|Failed validating|Incorrect padding"
                         r"|invalid literal for|could not convert string|Invalid isoformat"
                         r"|badly formed|malformed",
         weight=0.8),
    Rule("data", exception_types=("builtins.ValueError",), weight=0.6),
    Rule("data", exception_types=("decimal.InvalidOperation", "decimal.ConversionSyntax",
                                  "click.exceptions.UsageError", "click.exceptions.BadParameter",
                                  "botocore.exceptions.ParamValidationError",
                                  "django.core.exceptions.ValidationError",
                                  "django.utils.datastructures.MultiValueDictKeyError",
                                  "werkzeug.exceptions.BadRequest",
                                  "fastapi.exceptions.RequestValidationError",
                                  "fastapi.exceptions.ResponseValidationError",
                                  "numpy.linalg.LinAlgError", "pandas.errors.*",
                                  "aiohttp.client_exceptions.ContentTypeError"),
         weight=2.5),
    Rule("data", message=r"does not match format|unconverted data remains|could not be broadcast"
                         r"|mismatch in its core dimension|cannot reshape array|Length of values"
                         r"|shapes \([^)]*\) and \([^)]*\) not aligned|unexpected mimetype"
                         r"|is not JSON serializable"
                         r"|\b422\b|Unprocessable (?:Entity|Content)",
         weight=2.0),
    # A DataFrame looked up with a missing column (the capture lists the frame's columns).
    Rule("data", exception_types=("builtins.KeyError",), message=r"^columns of ", weight=3.0),
    Rule("data", module=r"(?:^|/|_)(?:serializ\w*|schemas?|parsers?|codecs?|validat\w*"
                        r"|formats?|payloads?)(?:/|\.py$)",
         weight=0.6),
    # programming: code that is wrong whatever its input
    Rule("programming", exception_types=("builtins.TypeError", "builtins.AttributeError",
                                         "builtins.NameError", "builtins.ZeroDivisionError",
                                         "builtins.RecursionError", "builtins.IndexError",
                                         "builtins.KeyError", "builtins.NotImplementedError"),
         weight=0.9),
    Rule("programming", message=r"arg is an empty sequence|values to unpack|object is not callable"
                                r"|does not support item assignment|Working outside of "
                                r"(?:application|request) context|object is not subscriptable"
                                r"|object is not iterable|takes \d+ positional|missing \d+ required"
                                r"|got an unexpected keyword",
         weight=1.5),
    Rule("programming", exception_types=("botocore.exceptions.UnknownServiceError",
                                         "pydantic.errors.PydanticUserError",
                                         "sqlalchemy.orm.exc.UnmappedInstanceError"),
         weight=3.0),
    # ui: web templates and URL building for pages
    Rule("ui", exception_types=("jinja2.exceptions.TemplateError", "django.template.*",
                                "django.urls.exceptions.NoReverseMatch",
                                "werkzeug.routing.exceptions.BuildError",
                                "starlette.routing.NoMatchFound", "flask.templating.*"),
         weight=3.0),
    Rule("ui", frame=r"\.(?:html|jinja2?|j2|tmpl)(?::|$)", exception_types=("builtins.Exception",),
         weight=1.5),
    # db: Django's query errors, Redis as a datastore
    Rule("db", exception_types=("django.core.exceptions.ObjectDoesNotExist",
                                "django.core.exceptions.MultipleObjectsReturned",
                                "django.core.exceptions.FieldError", "redis.*"),
         weight=3.0),
    # di: a service an app's state was never given (Starlette/FastAPI `app.state`)
    Rule("di", message=r"'State' object has no attribute", weight=3.0),
    # async: un-awaited coroutines, event-loop misuse, deadlocks, cancelled tasks
    Rule("async", exception_types=("asyncio.CancelledError", "asyncio.InvalidStateError",
                                   "concurrent.futures.CancelledError", "trio.*", "anyio.*"),
         weight=1.2),
    Rule("async", message=r"(?i)was never awaited|event loop|attached to a different loop"
                          r"|Task was destroyed|already awaited coroutine"
                          r"|can't be used in 'await'|a coroutine was expected"
                          r"|exception was never retrieved|\bdeadlock\b(?! detected)"
                          r"|'coroutine' object",
         weight=2.5),
    Rule("async", module=r"(?:^|/|_)(?:async\w*|aio|tasks?|workers?|loop|scheduler)(?:/|\.py$)"),
    Rule("async", logger=r"(?:^|\.)(?:asyncio|trio|anyio)(?:\.|$)", weight=2.0),
    # assertion: plain test assertions
    Rule("assertion", exception_types=("builtins.AssertionError", "_pytest.outcomes.Failed")),
    Rule("assertion", message=r"DID NOT RAISE|DID NOT WARN", weight=0.5),
    # process: child processes that fail or die
    Rule("process", exception_types=("subprocess.CalledProcessError",
                                     "builtins.ChildProcessError",
                                     "concurrent.futures.process.BrokenProcessPool",
                                     "builtins.SystemExit"),
         weight=1.2),
    Rule("process", exception_types=("builtins.OSError",),
         frame=r"(?:^|/)subprocess\.py:_execute_child|(?:^|/)os\.py:exec", weight=3.0),
    Rule("process", message=r"returned non-zero exit status|died with <Signals"
                            r"|terminated abruptly|process pool|exited with (?:code|status)"),
)
# fmt: on


CATEGORIES = (*dict.fromkeys(rule.category for rule in BUILTIN_RULES), "unknown")
