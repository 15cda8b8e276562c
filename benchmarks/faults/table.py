"""The fault table: pinned real projects and the faults injected into their source, as data."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("raise", "wrong-value", "swallowed")


@dataclass(frozen=True)
class Project:
    """A pinned PyPI sdist whose shipped test suite the benchmark runs."""

    name: str
    version: str
    tests: tuple[str, ...]
    # Test dependencies, pinned so a rerun months later measures the same suite.
    test_deps: tuple[str, ...] = ()
    # Other benchmark projects it imports: their work copies (and faults) are its dependencies too.
    uses: tuple[str, ...] = ()

    @property
    def dirname(self) -> str:
        """The directory the sdist unpacks to."""
        return f"{self.name}-{self.version}"


@dataclass(frozen=True)
class Fault:
    """One injected fault: replace an exact snippet of a project file; the first changed line is the origin."""

    id: str
    project: str
    file: str
    function: str
    kind: str
    find: str
    replace: str
    # Test files run for this fault; empty means the project's default selection.
    tests: tuple[str, ...] = ()
    note: str = ""


PROJECTS: dict[str, Project] = {
    p.name: p
    for p in (
        Project("click", "8.1.8", ("tests",)),
        Project(
            "flask",
            "3.1.0",
            ("tests",),
            ("werkzeug==3.1.3", "jinja2==3.1.6", "blinker==1.9.0", "asgiref==3.13.0", "python-dotenv==1.2.4"),
            uses=("click", "itsdangerous"),
        ),
        Project("itsdangerous", "2.2.0", ("tests",), ("freezegun==1.5.5",)),
        Project("more-itertools", "10.5.0", ("tests/test_more.py",)),
        Project("tabulate", "0.9.0", ("test",)),
    )
}

_MI = "more_itertools/more.py"
_MR = "more_itertools/recipes.py"
_TAB = "tabulate/__init__.py"
_ITS = "src/itsdangerous"
_CLICK = "src/click"
_FLASK = "src/flask"

FAULTS: tuple[Fault, ...] = (
    # --- raise: an exception at the mutated line, in the project's own code -------------------------
    Fault("mi-first-slice", "more-itertools", _MI, "first", "raise",
          "    for item in iterable:\n        return item\n",
          "    for item in iterable[:1]:\n        return item\n",
          note="slicing assumes a sequence; generators raise TypeError"),
    Fault("mi-chunked-slice", "more-itertools", _MI, "chunked", "raise",
          "iterator = iter(partial(take, n, iter(iterable)), [])",
          "iterator = iter(partial(take, n, iter(iterable[:])), [])"),
    Fault("mi-map-reduce-add", "more-itertools", _MI, "map_reduce", "raise",
          "ret[key].append(value)", "ret[key].add(value)",
          note="list has no add: AttributeError"),
    Fault("tab-colored-float", "tabulate", _TAB, "_format", "raise",
          "formatted_val = format(float(raw_val), floatfmt)", "formatted_val = format(raw_val, floatfmt)",
          note="the float conversion forgotten: ValueError from format() for coloured numbers"),
    Fault("tab-wrap-bytes", "tabulate", _TAB, "_update_lines", "raise",
          'new_line = "".join(self._active_codes) + new_line',
          'new_line = "".join(self._active_codes) + new_line.encode()',
          note="str + bytes while wrapping to maxcolwidths"),
    Fault("tab-strip-ansi-group", "tabulate", _TAB, "_strip_ansi", "raise",
          '        return _ansi_codes.sub(r"\\4", s)', '        return _ansi_codes.sub(r"\\5", s)',
          note="bad group reference: re.error raised inside the stdlib"),
    Fault("its-rsplit", "itsdangerous", f"{_ITS}/signer.py", "unsign", "raise",
          "value, sig = signed_value.rsplit(self.sep, 1)", "value, sig = signed_value.rsplit(self.sep)",
          note="timed values hold two separators: ValueError on unpacking"),
    Fault("its-b64-pad-str", "itsdangerous", f"{_ITS}/encoding.py", "base64_decode", "raise",
          'string += b"=" * (-len(string) % 4)', 'string += "=" * (-len(string) % 4)',
          note="verify_signature catches it and returns False: the tests see BadSignature, not TypeError"),
    Fault("its-hmac-derive", "itsdangerous", f"{_ITS}/signer.py", "derive_key", "raise",
          "mac = hmac.new(secret_key, digestmod=self.digest_method)",
          "mac = hmac.new(secret_key.decode(), digestmod=self.digest_method)",
          note="str key: TypeError raised inside the stdlib's hmac"),
    Fault("its-urlsafe-compress", "itsdangerous", f"{_ITS}/url_safe.py", "dump_payload", "raise",
          "compressed = zlib.compress(json)", "compressed = zlib.compress(json.decode())"),
    Fault("tab-padboth-str", "tabulate", _TAB, "_padboth", "raise",
          'fmt = "{0:^%ds}" % width', 'fmt = "{0:^%ds}" % str(width)',
          note="%d of a str: TypeError, only for centred columns"),
    Fault("flask-json-decimal", "flask", f"{_FLASK}/json/provider.py", "_default", "raise",
          "        return str(o)\n", "        return str(o.hex)\n",
          note="UUID has .hex, Decimal does not"),
    Fault("flask-prefixed-env", "flask", f"{_FLASK}/config.py", "from_prefixed_env", "raise",
          "value = os.environ[key]", "value = os.environ[key.lower()]",
          note="KeyError on an environment mapping"),
    Fault("click-unstyle-decode", "click", f"{_CLICK}/termui.py", "unstyle", "raise",
          "    return strip_ansi(text)\n", "    return strip_ansi(text.decode())\n"),
    Fault("click-split-arg-decode", "click", f"{_CLICK}/parser.py", "split_arg_string", "raise",
          "lex = shlex.shlex(string, posix=True)", "lex = shlex.shlex(string.decode(), posix=True)"),
    # --- swallowed: raised inside a CliRunner-invoked command, seen only as output / exit code -------
    Fault("click-measure-keyerror", "click", f"{_CLICK}/formatting.py", "measure_table", "swallowed",
          "widths[idx] = max(widths.get(idx, 0), term_len(col))",
          "widths[idx] = max(widths[idx], term_len(col))",
          note="every --help under CliRunner: KeyError kept on Result.exception"),
    Fault("click-heading-attr", "click", f"{_CLICK}/formatting.py", "write_heading", "swallowed",
          "self.write(f\"{'':>{self.current_indent}}{heading}:\\n\")",
          "self.write(f\"{'':>{self.current_indent}}{heading.label}:\\n\")"),
    Fault("click-deprecated-format", "click", f"{_CLICK}/core.py", "format_help_text", "swallowed",
          '.partition("\\f")[0]\n        else:\n            text = ""\n\n        if self.deprecated:\n'
          '            text = _("(Deprecated) {text}").format(text=text)',
          '.partition("\\f")[0]\n        else:\n            text = ""\n\n        if self.deprecated:\n'
          '            text = _("(Deprecated) {text}").format(txt=text)',
          note="KeyError from str.format, only in a deprecated command's help"),
    Fault("click-short-help-index", "click", f"{_CLICK}/utils.py", "make_default_short_help", "swallowed",
          'if word[-1] == ".":', 'if word[len(word)] == ".":',
          note="IndexError while a group lists its commands"),
    Fault("flask-routes-width", "flask", f"{_FLASK}/cli.py", "routes_command", "swallowed",
          "widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]",
          "widths = [max(len(row[i]) for row in rows) for i in range(len(headers) + 1)]",
          tests=("tests/test_cli.py",), note="IndexError inside `flask routes` under CliRunner"),
    Fault("flask-routes-sort", "flask", f"{_FLASK}/cli.py", "routes_command", "swallowed",
          "rows.sort(key=itemgetter(sorts.index(sort)))",
          'rows.sort(key=itemgetter(sorts.index(sort + "s")))',
          tests=("tests/test_cli.py",)),
    # --- wrong-value: a wrong result, no exception at the mutated line (issue 19) -------------------
    Fault("mi-ilen-off", "more-itertools", _MI, "ilen", "wrong-value",
          "return sum(compress(repeat(1), zip(iterable)))",
          "return sum(compress(repeat(1), zip(iterable))) + 1"),
    Fault("mi-windowed-padding", "more-itertools", _MI, "windowed", "wrong-value",
          "padding = (fillvalue,) * (n - 1 if step >= n else step - 1)",
          "padding = (fillvalue,) * (n if step >= n else step - 1)"),
    Fault("mi-interleave-order", "more-itertools", _MI, "interleave", "wrong-value",
          "return chain.from_iterable(zip(*iterables))",
          "return chain.from_iterable(zip(*reversed(iterables)))"),
    Fault("mi-distribute-step", "more-itertools", _MI, "distribute", "wrong-value",
          "return [islice(it, index, None, n) for index, it in enumerate(children)]",
          "return [islice(it, index, None, n + 1) for index, it in enumerate(children)]"),
    Fault("mi-exactly-n", "more-itertools", _MI, "exactly_n", "wrong-value",
          "return len(take(n + 1, filter(predicate, iterable))) == n",
          "return len(take(n + 1, filter(predicate, iterable))) >= n"),
    Fault("mr-polyeval-order", "more-itertools", _MR, "polynomial_eval", "wrong-value",
          "powers = map(pow, repeat(x), reversed(range(n)))", "powers = map(pow, repeat(x), range(n))",
          tests=("tests/test_recipes.py",)),
    Fault("mr-factor-last", "more-itertools", _MR, "factor", "wrong-value",
          "    if n > 1:\n        yield n\n", "    if n > 2:\n        yield n\n",
          tests=("tests/test_recipes.py",)),
    Fault("tab-pipe-colons", "tabulate", _TAB, "_pipe_segment_with_colons", "wrong-value",
          'return ("-" * (w - 1)) + ":"', 'return ":" + ("-" * (w - 1))'),
    Fault("tab-padleft", "tabulate", _TAB, "_padleft", "wrong-value",
          'fmt = "{0:>%ds}" % width', 'fmt = "{0:<%ds}" % width'),
    Fault("tab-afterpoint", "tabulate", _TAB, "_afterpoint", "wrong-value",
          "return len(string) - pos - 1", "return len(string) - pos"),
    Fault("its-bytes-to-int", "itsdangerous", f"{_ITS}/encoding.py", "bytes_to_int", "wrong-value",
          'bytestr.rjust(8, b"\\x00")', 'bytestr.ljust(8, b"\\x00")'),
    Fault("its-timestamp-skew", "itsdangerous", f"{_ITS}/timed.py", "get_timestamp", "wrong-value",
          "return int(time.time())", "return int(time.time()) - 3600"),
    Fault("its-sign-sep", "itsdangerous", f"{_ITS}/signer.py", "sign", "wrong-value",
          "return value + self.sep + self.get_signature(value)",
          "return value + self.sep + self.get_signature(value + self.sep)"),
    Fault("flask-debug-flag", "flask", f"{_FLASK}/helpers.py", "get_debug_flag", "wrong-value",
          'val.lower() not in {"0", "false", "no"}', 'val.lower() not in {"0", "no"}'),
    Fault("flask-bp-path", "flask", f"{_FLASK}/helpers.py", "_split_blueprint_path", "wrong-value",
          'out.extend(_split_blueprint_path(name.rpartition(".")[0]))',
          'out.extend(_split_blueprint_path(name.partition(".")[2]))'),
    Fault("flask-namespace-trim", "flask", f"{_FLASK}/config.py", "get_namespace", "wrong-value",
          "key = k[len(namespace) :]", "key = k[len(namespace) + 1 :]"),
    Fault("flask-refresh-cookie", "flask", f"{_FLASK}/sessions.py", "should_set_cookie", "wrong-value",
          'session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]',
          'session.permanent or app.config["SESSION_REFRESH_EACH_REQUEST"]'),
    Fault("flask-log-url", "flask", f"{_FLASK}/app.py", "log_exception", "wrong-value",
          'f"Exception on {request.path} [{request.method}]"',
          'f"Exception on {request.url} [{request.method}]"'),
    Fault("click-measure-wide", "click", f"{_CLICK}/formatting.py", "measure_table", "wrong-value",
          "return tuple(y for x, y in sorted(widths.items()))",
          "return tuple(y + 1 for x, y in sorted(widths.items()))"),
    Fault("click-join-order", "click", f"{_CLICK}/formatting.py", "join_options", "wrong-value",
          "rv.sort(key=lambda x: x[0])", "rv.sort(key=lambda x: x[0], reverse=True)"),
)

# Three faults at once, in different functions of one project (one suite run sees all three).
TRIPLES: tuple[tuple[str, str, str], ...] = (
    ("mi-first-slice", "mi-chunked-slice", "mi-map-reduce-add"),
    ("flask-json-decimal", "flask-prefixed-env", "flask-routes-width"),
    ("click-unstyle-decode", "click-split-arg-decode", "click-deprecated-format"),
    ("its-rsplit", "its-hmac-derive", "its-urlsafe-compress"),
    ("tab-padboth-str", "tab-colored-float", "tab-wrap-bytes"),
)

FAULTS_BY_ID: dict[str, Fault] = {f.id: f for f in FAULTS}
