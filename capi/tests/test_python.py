#!/usr/bin/env python3
"""Loads libpkgconf_rs.so with ctypes (standard library only) and checks a
query through the C API, the way a Python binding would use it.

Usage: test_python.py [LIBRARY [TESTDATA]]
  LIBRARY   defaults to target/release/libpkgconf_rs.so of this repository
  TESTDATA  defaults to this repository's testdata/ folder

Prints `N passed, M failed` last; exits 1 if anything failed.
"""

import ctypes
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OK = 0
NULL_PARAMETER = 1
INVALID_UTF8 = 2
INSUFFICIENT_SIZE = 3
NOT_FOUND = 8
VERSION_MISMATCH = 9
WANT_CFLAGS = 1
WANT_LIBS = 2
FIELD_VERSION = 2

# What `pkgconf-rs --cflags demo-app` / `--libs` print with
# PKG_CONFIG_LIBDIR=testdata/demo.
DEMO_APP_CFLAGS = (
    "-I/opt/demo/include/demo-app -DDEMO_APP -I/opt/demo/include -I/opt/demo/include/compress"
)
DEMO_APP_LIBS = "-L/opt/demo/lib -ldemo-app -ldemo-core"


class Opaque(ctypes.Structure):
    """An opaque handle; only pointers to it are used."""


P = ctypes.POINTER(Opaque)
result = ctypes.c_uint32
size_p = ctypes.POINTER(ctypes.c_size_t)


def load(path):
    lib = ctypes.CDLL(path)
    sigs = {
        "pkgconf_rs_version": (ctypes.c_uint32, []),
        "pkgconf_rs_result_name": (ctypes.c_char_p, [result]),
        "pkgconf_rs_context_new": (
            result,
            [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, P, ctypes.POINTER(P)],
        ),
        "pkgconf_rs_context_free": (None, [P]),
        "pkgconf_rs_query": (result, [P, ctypes.c_char_p, ctypes.c_uint32, ctypes.POINTER(P)]),
        "pkgconf_rs_answer_free": (None, [P]),
        "pkgconf_rs_answer_outcome": (result, [P, ctypes.POINTER(result)]),
        "pkgconf_rs_answer_exit_code": (result, [P, ctypes.POINTER(ctypes.c_int32)]),
        "pkgconf_rs_answer_cflags": (result, [P, ctypes.c_char_p, ctypes.c_size_t, size_p]),
        "pkgconf_rs_answer_libs": (result, [P, ctypes.c_char_p, ctypes.c_size_t, size_p]),
        "pkgconf_rs_answer_output": (result, [P, ctypes.c_char_p, ctypes.c_size_t, size_p]),
        "pkgconf_rs_answer_errors": (result, [P, ctypes.c_char_p, ctypes.c_size_t, size_p]),
        "pkgconf_rs_package_find": (result, [P, ctypes.c_char_p, ctypes.POINTER(P)]),
        "pkgconf_rs_package_field": (
            result,
            [P, ctypes.c_uint32, ctypes.POINTER(ctypes.c_char_p)],
        ),
        "pkgconf_rs_package_free": (None, [P]),
        "pkgconf_rs_version_compare": (
            result,
            [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int32)],
        ),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def eq(self, what, got, want):
        if got == want:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}: got {got!r}, expected {want!r}", file=sys.stderr)


def text(lib, fn, answer):
    """The two-call protocol: ask the size, then copy."""
    need = ctypes.c_size_t(0)
    rc = fn(answer, None, 0, ctypes.byref(need))
    if rc != INSUFFICIENT_SIZE:
        raise RuntimeError(f"size probe: {lib.pkgconf_rs_result_name(rc).decode()}")
    buf = ctypes.create_string_buffer(need.value + 1)
    got = ctypes.c_size_t(0)
    rc = fn(answer, buf, len(buf), ctypes.byref(got))
    if rc != OK or got.value != need.value:
        raise RuntimeError(f"copy: {lib.pkgconf_rs_result_name(rc).decode()}")
    return buf.raw[: got.value].decode()


def main(argv):
    lib_path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "target/release/libpkgconf_rs.so")
    testdata = argv[2] if len(argv) > 2 else os.path.join(ROOT, "testdata")
    demo = os.path.join(os.path.abspath(testdata), "demo")
    lib = load(lib_path)
    c = Checks()

    c.eq("pkgconf_rs_version", lib.pkgconf_rs_version(), 100)
    c.eq("result_name(OK)", lib.pkgconf_rs_result_name(OK), b"PKGCONF_RS_OK")

    env = (ctypes.c_char_p * 2)(f"PKG_CONFIG_LIBDIR={demo}".encode(), b"PKG_CONFIG_PATH=")
    ctx = P()
    c.eq("context_new", lib.pkgconf_rs_context_new(env, 2, None, ctypes.byref(ctx)), OK)
    if not ctx:
        print(f"{c.passed} passed, {c.failed + 1} failed")
        return 1
    try:
        answer = P()
        rc = lib.pkgconf_rs_query(ctx, b"demo-app", WANT_CFLAGS | WANT_LIBS, ctypes.byref(answer))
        c.eq("query", rc, OK)
        outcome = result(99)
        code = ctypes.c_int32(99)
        c.eq("answer_outcome", lib.pkgconf_rs_answer_outcome(answer, ctypes.byref(outcome)), OK)
        c.eq("outcome", outcome.value, OK)
        c.eq("answer_exit_code", lib.pkgconf_rs_answer_exit_code(answer, ctypes.byref(code)), OK)
        c.eq("exit code", code.value, 0)
        c.eq("cflags", text(lib, lib.pkgconf_rs_answer_cflags, answer), DEMO_APP_CFLAGS)
        c.eq("libs", text(lib, lib.pkgconf_rs_answer_libs, answer), DEMO_APP_LIBS)
        c.eq(
            "output",
            text(lib, lib.pkgconf_rs_answer_output, answer),
            DEMO_APP_CFLAGS + " " + DEMO_APP_LIBS + "\n",
        )
        c.eq("errors", text(lib, lib.pkgconf_rs_answer_errors, answer), "")
        lib.pkgconf_rs_answer_free(answer)

        # A too small buffer reports the size it needs.
        answer = P()
        lib.pkgconf_rs_query(ctx, b"demo-app", WANT_CFLAGS, ctypes.byref(answer))
        small = ctypes.create_string_buffer(4)
        need = ctypes.c_size_t(0)
        rc = lib.pkgconf_rs_answer_cflags(answer, small, len(small), ctypes.byref(need))
        c.eq("small buffer", rc, INSUFFICIENT_SIZE)
        c.eq("needed length", need.value, len(DEMO_APP_CFLAGS))
        lib.pkgconf_rs_answer_free(answer)

        # Failures are outcomes of a query that ran.
        answer = P()
        lib.pkgconf_rs_query(ctx, b"demo-app >= 99", WANT_CFLAGS, ctypes.byref(answer))
        lib.pkgconf_rs_answer_outcome(answer, ctypes.byref(outcome))
        c.eq("unmet version", outcome.value, VERSION_MISMATCH)
        lib.pkgconf_rs_answer_free(answer)
        answer = P()
        c.eq("NULL query", lib.pkgconf_rs_query(ctx, None, WANT_CFLAGS, ctypes.byref(answer)),
             NULL_PARAMETER)
        c.eq("bad UTF-8", lib.pkgconf_rs_query(ctx, b"\xff", WANT_CFLAGS, ctypes.byref(answer)),
             INVALID_UTF8)

        # Packages
        pkg = P()
        c.eq("package_find", lib.pkgconf_rs_package_find(ctx, b"demo-app", ctypes.byref(pkg)), OK)
        version = ctypes.c_char_p()
        c.eq("package_field", lib.pkgconf_rs_package_field(pkg, FIELD_VERSION,
                                                           ctypes.byref(version)), OK)
        c.eq("version", version.value, b"1.4.2")
        lib.pkgconf_rs_package_free(pkg)
        missing = P()
        c.eq("package_find missing",
             lib.pkgconf_rs_package_find(ctx, b"nosuch", ctypes.byref(missing)), NOT_FOUND)

        cmp = ctypes.c_int32(42)
        c.eq("version_compare", lib.pkgconf_rs_version_compare(b"1.0~rc1", b"1.0",
                                                               ctypes.byref(cmp)), OK)
        c.eq("1.0~rc1 < 1.0", cmp.value, -1)
    finally:
        lib.pkgconf_rs_context_free(ctx)

    print(f"{c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
