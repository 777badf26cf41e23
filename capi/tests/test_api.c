/*
 * test_api.c: a self-checking test of every function of the pkgconf-rs C API
 * (capi/include/pkgconf_rs.h), including its error paths.
 *
 * Usage: test_api TESTDATA
 *   TESTDATA is the repository's testdata/ folder (or its testdata/demo
 *   folder). The fixtures used are testdata/demo, testdata/universe,
 *   testdata/malformed and testdata/personality.
 *
 * Every expected string below was checked against what
 * `target/release/pkgconf-rs` prints for the same query (the comments give
 * the command line). Contexts are built from explicit environment arrays, so
 * the test does not depend on the caller's environment, except for the one
 * test of pkgconf_rs_context_new_from_process_env, which sets its own.
 *
 * Prints one line per failed check on stderr, and `N passed, M failed` as its
 * last line; exits 0 only when nothing failed. Everything it allocates is
 * freed, so it runs clean under AddressSanitizer's leak checker.
 */
#define _XOPEN_SOURCE 700 /* realpath, setenv */

#include "pkgconf_rs.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------ */
/* A tiny test harness                                                */
/* ------------------------------------------------------------------ */

static unsigned passed, failed;

static void check(int ok, const char *file, int line, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
    }
}

static void check_rc(pkgconf_rs_result got, pkgconf_rs_result want, const char *file, int line,
                     const char *expr)
{
    if (got == want) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: %s returned %s (%u), expected %s (%u)\n", file, line, expr,
                pkgconf_rs_result_name(got), (unsigned)got, pkgconf_rs_result_name(want),
                (unsigned)want);
    }
}

static void check_str(const char *got, const char *want, const char *file, int line,
                      const char *expr)
{
    if (got != NULL && want != NULL && strcmp(got, want) == 0) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: %s\n    got:      %s%s%s\n    expected: \"%s\"\n", file, line,
                expr, got ? "\"" : "", got ? got : "NULL", got ? "\"" : "", want ? want : "NULL");
    }
}

static void check_size(size_t got, size_t want, const char *file, int line, const char *expr)
{
    if (got == want) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: %s is %zu, expected %zu\n", file, line, expr, got, want);
    }
}

#define CHECK(cond) check((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_RC(expr, want) check_rc((expr), (want), __FILE__, __LINE__, #expr)
#define CHECK_STR(got, want) check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_SIZE(got, want) check_size((got), (want), __FILE__, __LINE__, #got)
/* A check whose failure makes the rest of a section meaningless. */
#define REQUIRE_OK(expr)                                                                           \
    do {                                                                                           \
        pkgconf_rs_result require_rc_ = (expr);                                                    \
        check_rc(require_rc_, PKGCONF_RS_OK, __FILE__, __LINE__, #expr);                           \
        if (require_rc_ != PKGCONF_RS_OK) {                                                        \
            fprintf(stderr, "cannot go on after this failure\n");                                  \
            finish();                                                                              \
        }                                                                                          \
    } while (0)

static int finish(void);

/* Sentinels: out-parameters must be left alone when a call fails. */
static char marker_object;
#define MARKER_PTR ((void *)&marker_object)
#define MARKER_SIZE ((size_t)0x5a5a5a5aU)

static const char BAD_UTF8[] = "\xff\xfe";

/* ------------------------------------------------------------------ */
/* Paths and fixtures                                                 */
/* ------------------------------------------------------------------ */

static char testdata[PATH_MAX]; /* absolute testdata/ */
static char demo_dir[PATH_MAX + 16];
static char universe_dir[PATH_MAX + 16];
static char malformed_dir[PATH_MAX + 16];
static char personality_pc_dir[PATH_MAX + 32];
static char personality_file[PATH_MAX + 64];

static char env_demo[PATH_MAX + 64];
static char env_demo_path[PATH_MAX + 64];
static char env_universe[PATH_MAX + 64];
static char env_malformed[PATH_MAX + 64];
static char env_personality[PATH_MAX + 64];

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void setup_paths(const char *arg)
{
    char probe[PATH_MAX + 32];
    if (realpath(arg, testdata) == NULL) {
        fprintf(stderr, "test_api: cannot resolve %s\n", arg);
        exit(2);
    }
    /* Accept testdata/demo itself as well as testdata/. */
    snprintf(probe, sizeof probe, "%s/demo-app.pc", testdata);
    if (is_file(probe)) {
        char *slash = strrchr(testdata, '/');
        if (slash != NULL && slash != testdata) *slash = '\0';
    }
    snprintf(demo_dir, sizeof demo_dir, "%s/demo", testdata);
    snprintf(universe_dir, sizeof universe_dir, "%s/universe", testdata);
    snprintf(malformed_dir, sizeof malformed_dir, "%s/malformed", testdata);
    snprintf(personality_pc_dir, sizeof personality_pc_dir, "%s/personality/pc", testdata);
    snprintf(personality_file, sizeof personality_file, "%s/personality/test-cross.personality",
             testdata);
    snprintf(probe, sizeof probe, "%s/demo-app.pc", demo_dir);
    if (!is_file(probe)) {
        fprintf(stderr, "test_api: %s is not the testdata folder (no demo/demo-app.pc)\n", arg);
        exit(2);
    }
    snprintf(env_demo, sizeof env_demo, "PKG_CONFIG_LIBDIR=%s", demo_dir);
    snprintf(env_demo_path, sizeof env_demo_path, "PKG_CONFIG_PATH=%s", demo_dir);
    snprintf(env_universe, sizeof env_universe, "PKG_CONFIG_LIBDIR=%s", universe_dir);
    snprintf(env_malformed, sizeof env_malformed, "PKG_CONFIG_LIBDIR=%s", malformed_dir);
    snprintf(env_personality, sizeof env_personality, "PKG_CONFIG_LIBDIR=%s", personality_pc_dir);
}

/* Expected values, from target/release/pkgconf-rs with
 * PKG_CONFIG_LIBDIR=testdata/demo and nothing else in the environment. */

/* --cflags demo-app */
static const char DEMO_APP_CFLAGS[] =
    "-I/opt/demo/include/demo-app -DDEMO_APP -I/opt/demo/include -I/opt/demo/include/compress";
/* --libs demo-app */
static const char DEMO_APP_LIBS[] = "-L/opt/demo/lib -ldemo-app -ldemo-core";
/* --libs --static demo-app */
static const char DEMO_APP_STATIC_LIBS[] =
    "-L/opt/demo/lib -ldemo-app -ldemo-core -lm -pthread -ldemo-compress";
/* --cflags --libs "demo-app >= 1.0" (as in the README) */
static const char DEMO_APP_OUTPUT[] =
    "-I/opt/demo/include/demo-app -DDEMO_APP -I/opt/demo/include -I/opt/demo/include/compress "
    "-L/opt/demo/lib -ldemo-app -ldemo-core\n";
/* --cflags --libs --static demo-app */
static const char DEMO_APP_STATIC_OUTPUT[] =
    "-I/opt/demo/include/demo-app -DDEMO_APP -I/opt/demo/include -I/opt/demo/include/compress "
    "-L/opt/demo/lib -ldemo-app -ldemo-core -lm -pthread -ldemo-compress\n";
/* --maximum-traverse-depth=1 --cflags --libs demo-app */
static const char DEMO_APP_DEPTH1_OUTPUT[] =
    "-I/opt/demo/include/demo-app -DDEMO_APP -L/opt/demo/lib -ldemo-app\n";
/* --cflags --libs nosuch (stderr) */
static const char NOSUCH_ERRORS[] =
    "Package nosuch was not found in the pkg-config search path.\n"
    "Perhaps you should add the directory containing `nosuch.pc'\n"
    "to the PKG_CONFIG_PATH environment variable\n"
    "Package 'nosuch' not found\n";
/* --cflags --libs "demo-app >= 99" (stderr) */
static const char MISMATCH_ERRORS[] =
    "Package dependency requirement 'demo-app >= 99' could not be satisfied.\n"
    "Package 'demo-app' has version '1.4.2', required version is '>= 99'\n";
/* --cflags --libs "" (stderr) */
static const char NO_PACKAGES_ERRORS[] =
    "Please specify at least one package name on the command line.\n";
/* PKG_CONFIG_LIBDIR=testdata/universe: --cflags --libs clash-a clash-b (stderr) */
static const char CONFLICT_ERRORS[] =
    "Version '1.5' of 'clash-b' conflicts with 'clash-a' due to satisfying conflict rule "
    "'clash-b < 2.0'.\n"
    "It may be possible to ignore this conflict and continue, try the\n"
    "PKG_CONFIG_IGNORE_CONFLICTS environment variable.\n";
/* PKG_CONFIG_LIBDIR=/nonexistent-sysroot-pkgconf-rs/lib/pkgconfig
 * PKG_CONFIG_SYSROOT_DIR=/nonexistent-sysroot-pkgconf-rs: --cflags --libs foo (stderr) */
static const char BROKEN_ERRORS[] =
    "pkgconf-rs: the sysroot '/nonexistent-sysroot-pkgconf-rs' does not exist (the search "
    "path points inside it)\n";
/* PKG_CONFIG_LIBDIR=testdata/personality/pc
 * --personality=testdata/personality/test-cross.personality --cflags --libs tc-lib
 * (the personality links statically by default and has a sysroot) */
static const char PERSONALITY_OUTPUT[] =
    "-I/opt/testcross/sysroot/usr/include/tc -I/opt/testcross/sysroot/usr/include/testcross "
    "-DTC -I/opt/testcross/sysroot/usr/include/dep -L/opt/testcross/sysroot/usr/lib/other "
    "-ltc -ltcpriv -ltcdep -lm\n";

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static pkgconf_rs_context *new_context(const char *const *env, size_t env_len,
                                       const pkgconf_rs_options *opts)
{
    pkgconf_rs_context *ctx = NULL;
    REQUIRE_OK(pkgconf_rs_context_new(env, env_len, opts, &ctx));
    CHECK(ctx != NULL);
    if (ctx == NULL) finish();
    return ctx;
}

static pkgconf_rs_context *demo_context(void)
{
    const char *env[] = {env_demo};
    return new_context(env, 1, NULL);
}

static pkgconf_rs_answer *run_query(const pkgconf_rs_context *ctx, const char *packages,
                                    uint32_t want)
{
    pkgconf_rs_answer *a = NULL;
    REQUIRE_OK(pkgconf_rs_query(ctx, packages, want, &a));
    CHECK(a != NULL);
    if (a == NULL) finish();
    return a;
}

typedef pkgconf_rs_result (*answer_copy_fn)(const pkgconf_rs_answer *, char *, size_t, size_t *);

/* The whole text through the two-call protocol; malloc'd, never NULL. */
static char *answer_text(const pkgconf_rs_answer *a, answer_copy_fn f)
{
    size_t need = MARKER_SIZE, got = MARKER_SIZE;
    pkgconf_rs_result rc = f(a, NULL, 0, &need);
    char *buf;
    if (rc != PKGCONF_RS_INSUFFICIENT_SIZE || need == MARKER_SIZE) {
        check_rc(rc, PKGCONF_RS_INSUFFICIENT_SIZE, __FILE__, __LINE__, "size probe");
        return calloc(1, 1);
    }
    buf = malloc(need + 1);
    if (buf == NULL) abort();
    rc = f(a, buf, need + 1, &got);
    if (rc != PKGCONF_RS_OK || got != need) {
        check_rc(rc, PKGCONF_RS_OK, __FILE__, __LINE__, "copy with the size probed");
        check_size(got, need, __FILE__, __LINE__, "copied length");
        buf[0] = '\0';
    }
    return buf;
}

static void check_answer_text(const pkgconf_rs_answer *a, answer_copy_fn f, const char *want,
                              const char *file, int line, const char *what)
{
    char *got = answer_text(a, f);
    check_str(got, want, file, line, what);
    free(got);
}
#define CHECK_TEXT(a, f, want) check_answer_text((a), (f), (want), __FILE__, __LINE__, #f "(" #a ")")

static void check_outcome(const pkgconf_rs_answer *a, pkgconf_rs_result want_outcome,
                          int32_t want_exit, const char *file, int line)
{
    pkgconf_rs_result outcome = (pkgconf_rs_result)0xdeadU;
    int32_t exit_code = -42;
    check_rc(pkgconf_rs_answer_outcome(a, &outcome), PKGCONF_RS_OK, file, line, "answer_outcome");
    check_rc(outcome, want_outcome, file, line, "the answer's outcome");
    check_rc(pkgconf_rs_answer_exit_code(a, &exit_code), PKGCONF_RS_OK, file, line,
             "answer_exit_code");
    check(exit_code == want_exit, file, line, "the answer's exit code");
}
#define CHECK_OUTCOME(a, outcome, exit_code) check_outcome((a), (outcome), (exit_code), __FILE__, __LINE__)

/* Exercises the buffer protocol of one copy function on a text of known
 * contents: NULL buffer, too small, exactly the length (no room for the NUL),
 * then the length + 1; plus its NULL-pointer errors. */
static void check_copy_protocol(const pkgconf_rs_answer *a, answer_copy_fn f, const char *want,
                                const char *file, int line)
{
    size_t want_len = strlen(want);
    size_t n = MARKER_SIZE;
    char *buf = malloc(want_len + 2);
    char small[4];
    if (buf == NULL) abort();

    check_rc(f(a, NULL, 0, &n), PKGCONF_RS_INSUFFICIENT_SIZE, file, line, "NULL buffer, len 0");
    check_size(n, want_len, file, line, "needed length (NULL buffer)");

    if (want_len >= sizeof small) {
        n = MARKER_SIZE;
        memset(small, '#', sizeof small);
        check_rc(f(a, small, sizeof small, &n), PKGCONF_RS_INSUFFICIENT_SIZE, file, line,
                 "4-byte buffer");
        check_size(n, want_len, file, line, "needed length (4-byte buffer)");
        check(small[0] == '#' && small[3] == '#', file, line,
              "a too small buffer is left untouched");
    }

    n = MARKER_SIZE;
    check_rc(f(a, buf, want_len, &n), PKGCONF_RS_INSUFFICIENT_SIZE, file, line,
             "buffer of the length, without room for the NUL");
    check_size(n, want_len, file, line, "needed length (no room for NUL)");

    n = MARKER_SIZE;
    memset(buf, '#', want_len + 2);
    check_rc(f(a, buf, want_len + 1, &n), PKGCONF_RS_OK, file, line, "buffer of length + 1");
    check_size(n, want_len, file, line, "copied length");
    check_str(buf, want, file, line, "copied text");
    check(buf[want_len + 1] == '#', file, line, "nothing written past len");

    /* NULL pointers. */
    n = MARKER_SIZE;
    check_rc(f(NULL, buf, want_len + 1, &n), PKGCONF_RS_NULL_PARAMETER, file, line, "NULL answer");
    check_size(n, MARKER_SIZE, file, line, "out_len untouched (NULL answer)");
    check_rc(f(a, buf, want_len + 1, NULL), PKGCONF_RS_NULL_PARAMETER, file, line, "NULL out_len");
    n = MARKER_SIZE;
    check_rc(f(a, NULL, want_len + 1, &n), PKGCONF_RS_NULL_PARAMETER, file, line,
             "NULL buffer with a non-zero length");
    free(buf);
}
#define CHECK_COPY_PROTOCOL(a, f, want) check_copy_protocol((a), (f), (want), __FILE__, __LINE__)

static const char *field(const pkgconf_rs_package *p, uint32_t which)
{
    const char *s = NULL;
    pkgconf_rs_result rc = pkgconf_rs_package_field(p, which, &s);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "  (package_field %u: %s)\n", (unsigned)which, pkgconf_rs_result_name(rc));
        return NULL;
    }
    return s;
}

static char *package_variable(const pkgconf_rs_package *p, const char *name,
                              pkgconf_rs_result *rc_out)
{
    size_t need = MARKER_SIZE, got = MARKER_SIZE;
    char *buf;
    pkgconf_rs_result rc = pkgconf_rs_package_variable(p, name, NULL, 0, &need);
    *rc_out = rc;
    if (rc != PKGCONF_RS_INSUFFICIENT_SIZE) return NULL;
    buf = malloc(need + 1);
    if (buf == NULL) abort();
    rc = pkgconf_rs_package_variable(p, name, buf, need + 1, &got);
    *rc_out = rc;
    if (rc != PKGCONF_RS_OK || got != need) {
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *dependency(const pkgconf_rs_package *p, uint32_t list, size_t index)
{
    const char *s = NULL;
    if (pkgconf_rs_package_dependency(p, list, index, &s) != PKGCONF_RS_OK) return NULL;
    return s;
}

static size_t dependency_count(const pkgconf_rs_package *p, uint32_t list)
{
    size_t n = MARKER_SIZE;
    CHECK_RC(pkgconf_rs_package_dependency_count(p, list, &n), PKGCONF_RS_OK);
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a, b;
    if (s == NULL) return 0;
    a = strlen(s);
    b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ------------------------------------------------------------------ */
/* Sections                                                           */
/* ------------------------------------------------------------------ */

static void test_version_and_names(void)
{
    static const struct {
        pkgconf_rs_result r;
        const char *name;
    } names[] = {
        {PKGCONF_RS_OK, "PKGCONF_RS_OK"},
        {PKGCONF_RS_NULL_PARAMETER, "PKGCONF_RS_NULL_PARAMETER"},
        {PKGCONF_RS_INVALID_UTF8, "PKGCONF_RS_INVALID_UTF8"},
        {PKGCONF_RS_INSUFFICIENT_SIZE, "PKGCONF_RS_INSUFFICIENT_SIZE"},
        {PKGCONF_RS_PANIC, "PKGCONF_RS_PANIC"},
        {PKGCONF_RS_INVALID_ARGUMENT, "PKGCONF_RS_INVALID_ARGUMENT"},
        {PKGCONF_RS_OUT_OF_RANGE, "PKGCONF_RS_OUT_OF_RANGE"},
        {PKGCONF_RS_CONFIG_ERROR, "PKGCONF_RS_CONFIG_ERROR"},
        {PKGCONF_RS_NOT_FOUND, "PKGCONF_RS_NOT_FOUND"},
        {PKGCONF_RS_VERSION_MISMATCH, "PKGCONF_RS_VERSION_MISMATCH"},
        {PKGCONF_RS_CONFLICT, "PKGCONF_RS_CONFLICT"},
        {PKGCONF_RS_BROKEN, "PKGCONF_RS_BROKEN"},
        {PKGCONF_RS_NO_PACKAGES, "PKGCONF_RS_NO_PACKAGES"},
        {PKGCONF_RS_NO, "PKGCONF_RS_NO"},
    };
    size_t i;

    /* The numbers are part of the ABI. */
    CHECK(PKGCONF_RS_OK == 0 && PKGCONF_RS_NULL_PARAMETER == 1 && PKGCONF_RS_INVALID_UTF8 == 2 &&
          PKGCONF_RS_INSUFFICIENT_SIZE == 3 && PKGCONF_RS_PANIC == 4 &&
          PKGCONF_RS_INVALID_ARGUMENT == 5 && PKGCONF_RS_OUT_OF_RANGE == 6 &&
          PKGCONF_RS_CONFIG_ERROR == 7 && PKGCONF_RS_NOT_FOUND == 8 &&
          PKGCONF_RS_VERSION_MISMATCH == 9 && PKGCONF_RS_CONFLICT == 10 &&
          PKGCONF_RS_BROKEN == 11 && PKGCONF_RS_NO_PACKAGES == 12 && PKGCONF_RS_NO == 13);
    CHECK(sizeof(pkgconf_rs_result) == 4);

    CHECK(pkgconf_rs_version() == PKGCONF_RS_VERSION_NUMBER);
    CHECK(PKGCONF_RS_VERSION_NUMBER == PKGCONF_RS_VERSION_MAJOR * 10000 +
                                           PKGCONF_RS_VERSION_MINOR * 100 +
                                           PKGCONF_RS_VERSION_PATCH);
    CHECK(PKGCONF_RS_VERSION_MAJOR == 0 && PKGCONF_RS_VERSION_MINOR == 1 &&
          PKGCONF_RS_VERSION_PATCH == 0);

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK_STR(pkgconf_rs_result_name(names[i].r), names[i].name);
    }
    CHECK_STR(pkgconf_rs_result_name((pkgconf_rs_result)14), "PKGCONF_RS_UNKNOWN");
    CHECK_STR(pkgconf_rs_result_name((pkgconf_rs_result)9999), "PKGCONF_RS_UNKNOWN");
    CHECK_STR(pkgconf_rs_result_name((pkgconf_rs_result)UINT32_MAX), "PKGCONF_RS_UNKNOWN");
}

static void test_options(void)
{
    pkgconf_rs_options *opts = pkgconf_rs_options_new();
    uint32_t all = PKGCONF_RS_OPT_STATIC | PKGCONF_RS_OPT_SHARED | PKGCONF_RS_OPT_PURE |
                   PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS | PKGCONF_RS_OPT_KEEP_SYSTEM_LIBS |
                   PKGCONF_RS_OPT_NO_UNINSTALLED | PKGCONF_RS_OPT_NO_PROVIDES |
                   PKGCONF_RS_OPT_IGNORE_CONFLICTS | PKGCONF_RS_OPT_ENV_ONLY |
                   PKGCONF_RS_OPT_DEFINE_PREFIX | PKGCONF_RS_OPT_DONT_DEFINE_PREFIX |
                   PKGCONF_RS_OPT_STRICT;
    uint32_t bit;

    CHECK(opts != NULL);
    if (opts == NULL) finish();

    CHECK(PKGCONF_RS_OPT_STATIC == 1u && PKGCONF_RS_OPT_SHARED == 2u && PKGCONF_RS_OPT_PURE == 4u &&
          PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS == 8u && PKGCONF_RS_OPT_KEEP_SYSTEM_LIBS == 16u &&
          PKGCONF_RS_OPT_NO_UNINSTALLED == 32u && PKGCONF_RS_OPT_NO_PROVIDES == 64u &&
          PKGCONF_RS_OPT_IGNORE_CONFLICTS == 128u && PKGCONF_RS_OPT_ENV_ONLY == 256u &&
          PKGCONF_RS_OPT_DEFINE_PREFIX == 512u && PKGCONF_RS_OPT_DONT_DEFINE_PREFIX == 1024u &&
          PKGCONF_RS_OPT_STRICT == 2048u);

    /* set_flags: every known bit alone, none, and unknown bits. */
    CHECK_RC(pkgconf_rs_options_set_flags(opts, 0), PKGCONF_RS_OK);
    for (bit = 1; bit <= PKGCONF_RS_OPT_STRICT; bit <<= 1) {
        CHECK_RC(pkgconf_rs_options_set_flags(opts, bit), PKGCONF_RS_OK);
    }
    CHECK_RC(pkgconf_rs_options_set_flags(opts, all & ~PKGCONF_RS_OPT_SHARED &
                                                    ~PKGCONF_RS_OPT_DONT_DEFINE_PREFIX),
             PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_flags(opts, 4096u), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_options_set_flags(opts, 0x80000000u), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_options_set_flags(opts, all | 8192u), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_options_set_flags(NULL, 0), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_set_flags(opts, 0), PKGCONF_RS_OK);

    /* set_max_depth */
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, -1), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, 0), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, 1), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, INT32_MAX), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, -2), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, INT32_MIN), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_options_set_max_depth(NULL, 1), PKGCONF_RS_NULL_PARAMETER);

    /* set_jobs */
    CHECK_RC(pkgconf_rs_options_set_jobs(opts, 0), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_jobs(opts, UINT32_MAX), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_jobs(opts, 2), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_jobs(NULL, 2), PKGCONF_RS_NULL_PARAMETER);

    /* define_variable */
    CHECK_RC(pkgconf_rs_options_define_variable(opts, "prefix", "/custom"), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_define_variable(NULL, "prefix", "/x"), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_define_variable(opts, NULL, "/x"), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_define_variable(opts, "prefix", NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_define_variable(opts, BAD_UTF8, "/x"), PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_options_define_variable(opts, "prefix", BAD_UTF8), PKGCONF_RS_INVALID_UTF8);

    /* add_search_dir */
    CHECK_RC(pkgconf_rs_options_add_search_dir(opts, demo_dir), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_add_search_dir(NULL, demo_dir), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_add_search_dir(opts, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_add_search_dir(opts, BAD_UTF8), PKGCONF_RS_INVALID_UTF8);

    /* set_personality (a triplet pkgconf does not know falls back to the
     * default personality, as `pkgconf-rs --personality=x86_64-foo-linux-gnu`
     * does) */
    CHECK_RC(pkgconf_rs_options_set_personality(opts, "x86_64-foo-linux-gnu"), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_personality(opts, personality_file), PKGCONF_RS_OK);
    CHECK_RC(pkgconf_rs_options_set_personality(NULL, personality_file), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_set_personality(opts, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_options_set_personality(opts, BAD_UTF8), PKGCONF_RS_INVALID_UTF8);

    pkgconf_rs_options_free(opts);
    pkgconf_rs_options_free(NULL);
    CHECK(1); /* options_free(NULL) returned */
}

static void test_context_new(void)
{
    pkgconf_rs_context *ctx = (pkgconf_rs_context *)MARKER_PTR;
    const char *env_ok[] = {env_demo, "PKG_CONFIG_PATH="};
    const char *env_null_entry[] = {env_demo, NULL};
    const char *env_no_equals[] = {env_demo, "NOEQUALS"};
    const char *env_bad_utf8[] = {env_demo, "PKG_CONFIG_PATH=\xff"};
    const char *env_bad_name[] = {"\xff=1"};
    pkgconf_rs_options *opts = pkgconf_rs_options_new();
    CHECK(opts != NULL);

    CHECK_RC(pkgconf_rs_context_new(env_ok, 2, NULL, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_context_new(NULL, 1, NULL, &ctx), PKGCONF_RS_NULL_PARAMETER);
    CHECK(ctx == (pkgconf_rs_context *)MARKER_PTR);
    CHECK_RC(pkgconf_rs_context_new(env_null_entry, 2, NULL, &ctx), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_context_new(env_no_equals, 2, NULL, &ctx), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_context_new(env_bad_utf8, 2, NULL, &ctx), PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_context_new(env_bad_name, 1, NULL, &ctx), PKGCONF_RS_INVALID_UTF8);
    CHECK(ctx == (pkgconf_rs_context *)MARKER_PTR);

    /* A personality file that does not exist is a configuration error. */
    {
        const char *env_none[] = {env_demo};
        pkgconf_rs_result rc =
            pkgconf_rs_options_set_personality(opts, "/nonexistent/pkgconf-rs.personality");
        if (rc == PKGCONF_RS_OK) {
            /* Checked when the context is built. */
            CHECK_RC(pkgconf_rs_context_new(env_none, 1, opts, &ctx), PKGCONF_RS_CONFIG_ERROR);
        } else {
            CHECK_RC(rc, PKGCONF_RS_CONFIG_ERROR);
        }
        CHECK(ctx == (pkgconf_rs_context *)MARKER_PTR);
    }
    pkgconf_rs_options_free(opts);

    /* An environment pkgconf refuses (`PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH=abc
     * pkgconf-rs --cflags demo-app` fails with "invalid maximum traverse
     * depth"). */
    {
        const char *env_bad_depth[] = {env_demo, "PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH=abc"};
        CHECK_RC(pkgconf_rs_context_new(env_bad_depth, 2, NULL, &ctx), PKGCONF_RS_CONFIG_ERROR);
        CHECK(ctx == (pkgconf_rs_context *)MARKER_PTR);
    }

    /* env_len 0 with no array: an empty environment. */
    ctx = NULL;
    CHECK_RC(pkgconf_rs_context_new(NULL, 0, NULL, &ctx), PKGCONF_RS_OK);
    CHECK(ctx != NULL);
    pkgconf_rs_context_free(ctx);

    ctx = NULL;
    CHECK_RC(pkgconf_rs_context_new(env_ok, 2, NULL, &ctx), PKGCONF_RS_OK);
    CHECK(ctx != NULL);
    pkgconf_rs_context_free(ctx);
    pkgconf_rs_context_free(NULL);
    CHECK(1); /* context_free(NULL) returned */
}

static void test_context_from_process_env(void)
{
    pkgconf_rs_context *ctx = (pkgconf_rs_context *)MARKER_PTR;
    pkgconf_rs_answer *a;
    pkgconf_rs_options *opts;

    CHECK_RC(pkgconf_rs_context_new_from_process_env(NULL, NULL), PKGCONF_RS_NULL_PARAMETER);

    /* The only function that reads the environment: set it first. */
    if (setenv("PKG_CONFIG_LIBDIR", demo_dir, 1) != 0 || unsetenv("PKG_CONFIG_PATH") != 0 ||
        unsetenv("PKG_CONFIG_SYSROOT_DIR") != 0) {
        CHECK(!"setenv");
        return;
    }
    ctx = NULL;
    CHECK_RC(pkgconf_rs_context_new_from_process_env(NULL, &ctx), PKGCONF_RS_OK);
    CHECK(ctx != NULL);
    if (ctx == NULL) return;
    a = run_query(ctx, "demo-app >= 1.0", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* With options. */
    opts = pkgconf_rs_options_new();
    CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_STATIC), PKGCONF_RS_OK);
    ctx = NULL;
    CHECK_RC(pkgconf_rs_context_new_from_process_env(opts, &ctx), PKGCONF_RS_OK);
    pkgconf_rs_options_free(opts); /* the context does not borrow the options */
    if (ctx == NULL) return;
    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_STATIC_OUTPUT);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* Contexts built from an explicit array ignore the process environment. */
    {
        const char *env[] = {"PKG_CONFIG_LIBDIR=/nonexistent-pkgconf-rs-dir"};
        ctx = new_context(env, 1, NULL);
        a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS);
        CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }
    unsetenv("PKG_CONFIG_LIBDIR");
}

static void test_package_listing(void)
{
    pkgconf_rs_context *ctx = demo_context();
    size_t n = MARKER_SIZE, i;
    int seen_app = 0, seen_core = 0, seen_compress = 0;
    pkgconf_rs_package *p = (pkgconf_rs_package *)MARKER_PTR;

    CHECK_RC(pkgconf_rs_context_package_count(ctx, &n), PKGCONF_RS_OK);
    /* As `pkgconf-rs --list-all` lists them: pkg-config and pkgconf (the
     * virtual packages), then demo-core, demo-app, demo-compress. */
    CHECK_SIZE(n, 5);
    if (n == MARKER_SIZE) n = 0;
    for (i = 0; i < n; i++) {
        const char *id;
        p = NULL;
        CHECK_RC(pkgconf_rs_context_package_at(ctx, i, &p), PKGCONF_RS_OK);
        if (p == NULL) continue;
        id = field(p, PKGCONF_RS_FIELD_ID);
        CHECK(id != NULL);
        if (id != NULL) {
            if (strcmp(id, "demo-app") == 0) seen_app++;
            if (strcmp(id, "demo-core") == 0) seen_core++;
            if (strcmp(id, "demo-compress") == 0) seen_compress++;
        }
        pkgconf_rs_package_free(p);
    }
    CHECK(seen_app == 1 && seen_core == 1 && seen_compress == 1);

    p = (pkgconf_rs_package *)MARKER_PTR;
    CHECK_RC(pkgconf_rs_context_package_at(ctx, n, &p), PKGCONF_RS_OUT_OF_RANGE);
    CHECK_RC(pkgconf_rs_context_package_at(ctx, SIZE_MAX, &p), PKGCONF_RS_OUT_OF_RANGE);
    CHECK(p == (pkgconf_rs_package *)MARKER_PTR);
    CHECK_RC(pkgconf_rs_context_package_at(NULL, 0, &p), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_context_package_at(ctx, 0, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK(p == (pkgconf_rs_package *)MARKER_PTR);

    n = MARKER_SIZE;
    CHECK_RC(pkgconf_rs_context_package_count(NULL, &n), PKGCONF_RS_NULL_PARAMETER);
    CHECK_SIZE(n, MARKER_SIZE);
    CHECK_RC(pkgconf_rs_context_package_count(ctx, NULL), PKGCONF_RS_NULL_PARAMETER);

    /* A search path with nothing in it. */
    {
        const char *env[] = {"PKG_CONFIG_LIBDIR=/nonexistent-pkgconf-rs-dir"};
        pkgconf_rs_context *empty = new_context(env, 1, NULL);
        size_t m = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_context_package_count(empty, &m), PKGCONF_RS_OK);
        CHECK_SIZE(m, 2); /* the virtual pkg-config and pkgconf */
        pkgconf_rs_context_free(empty);
    }
    pkgconf_rs_context_free(ctx);
}

static void test_query_success(void)
{
    pkgconf_rs_context *ctx = demo_context();
    pkgconf_rs_answer *a;
    size_t n = MARKER_SIZE, i;

    /* The README's example. */
    a = run_query(ctx, "demo-app >= 1.0", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
    CHECK_TEXT(a, pkgconf_rs_answer_cflags, DEMO_APP_CFLAGS);
    CHECK_TEXT(a, pkgconf_rs_answer_libs, DEMO_APP_LIBS);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, "");

    /* The buffer protocol, on each copying function. */
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_cflags, DEMO_APP_CFLAGS);
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_libs, DEMO_APP_LIBS);
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_errors, "");

    /* Fragments: cflags then libs, as printed. */
    {
        static const struct {
            char type;
            const char *text;
        } want[] = {
            {'I', "-I/opt/demo/include/demo-app"}, {'D', "-DDEMO_APP"},
            {'I', "-I/opt/demo/include"},          {'I', "-I/opt/demo/include/compress"},
            {'L', "-L/opt/demo/lib"},              {'l', "-ldemo-app"},
            {'l', "-ldemo-core"},
        };
        char type = '?';
        const char *text = (const char *)MARKER_PTR;
        CHECK_RC(pkgconf_rs_answer_fragment_count(a, &n), PKGCONF_RS_OK);
        CHECK_SIZE(n, sizeof want / sizeof want[0]);
        for (i = 0; i < n && i < sizeof want / sizeof want[0]; i++) {
            type = '?';
            text = NULL;
            CHECK_RC(pkgconf_rs_answer_fragment(a, i, &type, &text), PKGCONF_RS_OK);
            CHECK(type == want[i].type);
            CHECK_STR(text, want[i].text);
        }
        type = '?';
        text = (const char *)MARKER_PTR;
        CHECK_RC(pkgconf_rs_answer_fragment(a, n, &type, &text), PKGCONF_RS_OUT_OF_RANGE);
        CHECK_RC(pkgconf_rs_answer_fragment(a, SIZE_MAX, &type, &text), PKGCONF_RS_OUT_OF_RANGE);
        CHECK_RC(pkgconf_rs_answer_fragment(NULL, 0, &type, &text), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_fragment(a, 0, NULL, &text), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_fragment(a, 0, &type, NULL), PKGCONF_RS_NULL_PARAMETER);
        CHECK(type == '?' && text == (const char *)MARKER_PTR);
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_answer_fragment_count(NULL, &n), PKGCONF_RS_NULL_PARAMETER);
        CHECK_SIZE(n, MARKER_SIZE);
        CHECK_RC(pkgconf_rs_answer_fragment_count(a, NULL), PKGCONF_RS_NULL_PARAMETER);
    }

    /* Files: the three .pc files of the solution, each once. */
    {
        int app = 0, core = 0, compress = 0;
        const char *path = (const char *)MARKER_PTR;
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_answer_file_count(a, &n), PKGCONF_RS_OK);
        CHECK_SIZE(n, 3);
        for (i = 0; i < n && n != MARKER_SIZE; i++) {
            path = NULL;
            CHECK_RC(pkgconf_rs_answer_file(a, i, &path), PKGCONF_RS_OK);
            CHECK(path != NULL && strncmp(path, demo_dir, strlen(demo_dir)) == 0);
            if (ends_with(path, "/demo-app.pc")) app++;
            if (ends_with(path, "/demo-core.pc")) core++;
            if (ends_with(path, "/demo-compress.pc")) compress++;
        }
        CHECK(app == 1 && core == 1 && compress == 1);
        /* The queried package's own file comes first. */
        path = NULL;
        CHECK_RC(pkgconf_rs_answer_file(a, 0, &path), PKGCONF_RS_OK);
        CHECK(ends_with(path, "/demo-app.pc"));
        path = (const char *)MARKER_PTR;
        CHECK_RC(pkgconf_rs_answer_file(a, 3, &path), PKGCONF_RS_OUT_OF_RANGE);
        CHECK_RC(pkgconf_rs_answer_file(NULL, 0, &path), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_file(a, 0, NULL), PKGCONF_RS_NULL_PARAMETER);
        CHECK(path == (const char *)MARKER_PTR);
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_answer_file_count(NULL, &n), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_file_count(a, NULL), PKGCONF_RS_NULL_PARAMETER);
        CHECK_SIZE(n, MARKER_SIZE);
    }

    /* No diagnostics for these clean files. */
    {
        pkgconf_rs_diagnostic d;
        memset(&d, 0x5a, sizeof d);
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_answer_diagnostic_count(a, &n), PKGCONF_RS_OK);
        CHECK_SIZE(n, 0);
        CHECK_RC(pkgconf_rs_answer_diagnostic(a, 0, &d), PKGCONF_RS_OUT_OF_RANGE);
    }

    /* outcome / exit code NULL pointers. */
    {
        pkgconf_rs_result r = (pkgconf_rs_result)0xdeadU;
        int32_t code = -42;
        CHECK_RC(pkgconf_rs_answer_outcome(NULL, &r), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_outcome(a, NULL), PKGCONF_RS_NULL_PARAMETER);
        CHECK(r == (pkgconf_rs_result)0xdeadU);
        CHECK_RC(pkgconf_rs_answer_exit_code(NULL, &code), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_answer_exit_code(a, NULL), PKGCONF_RS_NULL_PARAMETER);
        CHECK(code == -42);
    }
    pkgconf_rs_answer_free(a);

    /* Only cflags, only libs. */
    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "-I/opt/demo/include/demo-app -DDEMO_APP "
                                            "-I/opt/demo/include -I/opt/demo/include/compress\n");
    CHECK_TEXT(a, pkgconf_rs_answer_cflags, DEMO_APP_CFLAGS);
    CHECK_TEXT(a, pkgconf_rs_answer_libs, "");
    CHECK_RC(pkgconf_rs_answer_fragment_count(a, &n), PKGCONF_RS_OK);
    CHECK_SIZE(n, 4);
    pkgconf_rs_answer_free(a);

    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_LIBS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "-L/opt/demo/lib -ldemo-app -ldemo-core\n");
    CHECK_TEXT(a, pkgconf_rs_answer_cflags, "");
    CHECK_TEXT(a, pkgconf_rs_answer_libs, DEMO_APP_LIBS);
    CHECK_RC(pkgconf_rs_answer_fragment_count(a, &n), PKGCONF_RS_OK);
    CHECK_SIZE(n, 3);
    pkgconf_rs_answer_free(a);

    /* Static for this query only: Libs.private and Requires.private. */
    a = run_query(ctx, "demo-app",
                  PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS | PKGCONF_RS_WANT_STATIC);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_STATIC_OUTPUT);
    CHECK_TEXT(a, pkgconf_rs_answer_libs, DEMO_APP_STATIC_LIBS);
    {
        /* -pthread is an untyped fragment (`--fragment-tree` says so). */
        char type = '?';
        const char *text = NULL;
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_answer_fragment_count(a, &n), PKGCONF_RS_OK);
        CHECK_SIZE(n, 10);
        CHECK_RC(pkgconf_rs_answer_fragment(a, 8, &type, &text), PKGCONF_RS_OK);
        CHECK(type == 0);
        CHECK_STR(text, "-pthread");
        CHECK_RC(pkgconf_rs_answer_fragment(a, 9, &type, &text), PKGCONF_RS_OK);
        CHECK(type == 'l');
        CHECK_STR(text, "-ldemo-compress");
    }
    pkgconf_rs_answer_free(a);

    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_LIBS | PKGCONF_RS_WANT_SHARED);
    CHECK_TEXT(a, pkgconf_rs_answer_libs, DEMO_APP_LIBS);
    pkgconf_rs_answer_free(a);

    /* --modversion */
    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_MODVERSION);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "1.4.2\n");
    pkgconf_rs_answer_free(a);

    /* --exists: nothing printed */
    a = run_query(ctx, "demo-app >= 1.4", PKGCONF_RS_WANT_EXISTS);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    CHECK_TEXT(a, pkgconf_rs_answer_errors, "");
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_output, "");
    pkgconf_rs_answer_free(a);

    /* --json: one document, the same flags as --cflags --libs */
    a = run_query(ctx, "demo-app >= 1.4", PKGCONF_RS_WANT_JSON | PKGCONF_RS_WANT_STATIC);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, "");
    {
        char doc[8192];
        size_t n = 0;
        CHECK_RC(pkgconf_rs_answer_output(a, doc, sizeof doc, &n), PKGCONF_RS_OK);
        CHECK(n > 0 && n < sizeof doc && doc[n - 1] == '\n');
        CHECK(strstr(doc, "\"schema\": 1,") != NULL);
        CHECK(strstr(doc, "\"outcome\": \"success\"") != NULL);
        CHECK(strstr(doc, "\"static\": true") != NULL);
        CHECK(strstr(doc, "\"text\": \"-L/opt/demo/lib -ldemo-app -ldemo-core -lm -pthread "
                          "-ldemo-compress\"") != NULL);
        CHECK(strstr(doc, "\"flag\": \"-I/opt/demo/include/compress\"") != NULL);
    }
    pkgconf_rs_answer_free(a);
    a = run_query(ctx, "demo-app >= 9", PKGCONF_RS_WANT_JSON);
    CHECK_OUTCOME(a, PKGCONF_RS_VERSION_MISMATCH, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, "");
    {
        char doc[8192];
        size_t n = 0;
        CHECK_RC(pkgconf_rs_answer_output(a, doc, sizeof doc, &n), PKGCONF_RS_OK);
        CHECK(strstr(doc, "\"kind\": \"version-mismatch\"") != NULL);
    }
    pkgconf_rs_answer_free(a);

    /* Several packages, and a comma-separated list (pkgconf's order). */
    a = run_query(ctx, "demo-core demo-compress", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS);
    CHECK_TEXT(a, pkgconf_rs_answer_output,
               "-I/opt/demo/include -I/opt/demo/include/compress -L/opt/demo/lib -ldemo-core "
               "-ldemo-compress\n");
    pkgconf_rs_answer_free(a);
    a = run_query(ctx, "demo-app, demo-core", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS);
    CHECK_TEXT(a, pkgconf_rs_answer_output,
               "-I/opt/demo/include/demo-app -DDEMO_APP -I/opt/demo/include/compress "
               "-I/opt/demo/include -L/opt/demo/lib -ldemo-app -ldemo-core\n");
    pkgconf_rs_answer_free(a);

    pkgconf_rs_context_free(ctx);
}

static void test_query_failures(void)
{
    pkgconf_rs_context *ctx = demo_context();
    pkgconf_rs_answer *a = (pkgconf_rs_answer *)MARKER_PTR;
    uint32_t cl = PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS;
    size_t n = MARKER_SIZE;

    /* Bad arguments: no answer at all. */
    CHECK_RC(pkgconf_rs_query(NULL, "demo-app", cl, &a), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query(ctx, NULL, cl, &a), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app", cl, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query(ctx, BAD_UTF8, cl, &a), PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app >= \xff", cl, &a), PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app", 0x80000000u, &a), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app", 256u, &a), PKGCONF_RS_INVALID_ARGUMENT);
    /* --json replaces the other outputs */
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app", PKGCONF_RS_WANT_JSON | PKGCONF_RS_WANT_CFLAGS, &a),
             PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_query(ctx, "demo-app", PKGCONF_RS_WANT_JSON | PKGCONF_RS_WANT_EXISTS, &a),
             PKGCONF_RS_INVALID_ARGUMENT);
    CHECK(a == (pkgconf_rs_answer *)MARKER_PTR);

    /* A missing package: the query ran, the outcome says NOT_FOUND. */
    a = run_query(ctx, "nosuch", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    CHECK_TEXT(a, pkgconf_rs_answer_errors, NOSUCH_ERRORS);
    CHECK_COPY_PROTOCOL(a, pkgconf_rs_answer_errors, NOSUCH_ERRORS);
    CHECK_TEXT(a, pkgconf_rs_answer_cflags, "");
    CHECK_TEXT(a, pkgconf_rs_answer_libs, "");
    CHECK_RC(pkgconf_rs_answer_fragment_count(a, &n), PKGCONF_RS_OK);
    CHECK_SIZE(n, 0);
    pkgconf_rs_answer_free(a);

    /* One missing among found ones. */
    a = run_query(ctx, "nosuch demo-app", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    CHECK_TEXT(a, pkgconf_rs_answer_errors, NOSUCH_ERRORS);
    pkgconf_rs_answer_free(a);

    /* --exists is quiet unless errors are asked for. */
    a = run_query(ctx, "nosuch", PKGCONF_RS_WANT_EXISTS);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, "");
    pkgconf_rs_answer_free(a);
    a = run_query(ctx, "nosuch", PKGCONF_RS_WANT_EXISTS | PKGCONF_RS_WANT_PRINT_ERRORS);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, NOSUCH_ERRORS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    pkgconf_rs_answer_free(a);

    /* An unmet version. */
    a = run_query(ctx, "demo-app >= 99", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_VERSION_MISMATCH, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    CHECK_TEXT(a, pkgconf_rs_answer_errors, MISMATCH_ERRORS);
    pkgconf_rs_answer_free(a);
    /* ... also reached through a requirement's requirement. */
    a = run_query(ctx, "demo-app < 1.0", PKGCONF_RS_WANT_EXISTS);
    CHECK_OUTCOME(a, PKGCONF_RS_VERSION_MISMATCH, 1);
    pkgconf_rs_answer_free(a);

    /* No package named. */
    a = run_query(ctx, "", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_NO_PACKAGES, 1);
    CHECK_TEXT(a, pkgconf_rs_answer_errors, NO_PACKAGES_ERRORS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "");
    pkgconf_rs_answer_free(a);
    a = run_query(ctx, "   ", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_NO_PACKAGES, 1);
    pkgconf_rs_answer_free(a);

    pkgconf_rs_context_free(ctx);

    /* A conflict, then the same with conflicts ignored. */
    {
        const char *env[] = {env_universe};
        pkgconf_rs_options *opts = pkgconf_rs_options_new();
        ctx = new_context(env, 1, NULL);
        a = run_query(ctx, "clash-a clash-b", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_CONFLICT, 1);
        CHECK_TEXT(a, pkgconf_rs_answer_errors, CONFLICT_ERRORS);
        CHECK_TEXT(a, pkgconf_rs_answer_output, "");
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);

        CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_IGNORE_CONFLICTS), PKGCONF_RS_OK);
        ctx = new_context(env, 1, opts);
        pkgconf_rs_options_free(opts);
        a = run_query(ctx, "clash-a clash-b", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
        CHECK_TEXT(a, pkgconf_rs_answer_output, "-lclasha -lclashb\n");
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }

    /* A broken setup: the sysroot the search path points into is missing. */
    {
        const char *env[] = {"PKG_CONFIG_LIBDIR=/nonexistent-sysroot-pkgconf-rs/lib/pkgconfig",
                             "PKG_CONFIG_SYSROOT_DIR=/nonexistent-sysroot-pkgconf-rs"};
        ctx = new_context(env, 2, NULL);
        a = run_query(ctx, "foo", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_BROKEN, 1);
        CHECK_TEXT(a, pkgconf_rs_answer_errors, BROKEN_ERRORS);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }

    pkgconf_rs_answer_free(NULL);
    CHECK(1); /* answer_free(NULL) returned */
}

static void test_options_effects(void)
{
    uint32_t cl = PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS;
    const char *env[] = {env_demo};
    pkgconf_rs_context *ctx;
    pkgconf_rs_answer *a;
    pkgconf_rs_options *opts;

    /* --static as the context's default; a query can still ask for shared. */
    opts = pkgconf_rs_options_new();
    CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_STATIC), PKGCONF_RS_OK);
    ctx = new_context(env, 1, opts);
    pkgconf_rs_options_free(opts);
    a = run_query(ctx, "demo-app", cl);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_STATIC_OUTPUT);
    pkgconf_rs_answer_free(a);
    a = run_query(ctx, "demo-app", PKGCONF_RS_WANT_LIBS | PKGCONF_RS_WANT_SHARED);
    CHECK_TEXT(a, pkgconf_rs_answer_libs, DEMO_APP_LIBS);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* --maximum-traverse-depth=1 */
    opts = pkgconf_rs_options_new();
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, 1), PKGCONF_RS_OK);
    ctx = new_context(env, 1, opts);
    a = run_query(ctx, "demo-app", cl);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_DEPTH1_OUTPUT);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);
    /* ... and back to unlimited with -1 (the same options object). */
    CHECK_RC(pkgconf_rs_options_set_max_depth(opts, -1), PKGCONF_RS_OK);
    ctx = new_context(env, 1, opts);
    pkgconf_rs_options_free(opts);
    a = run_query(ctx, "demo-app", cl);
    CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* --define-variable=prefix=/custom --cflags demo-core */
    opts = pkgconf_rs_options_new();
    CHECK_RC(pkgconf_rs_options_define_variable(opts, "prefix", "/custom"), PKGCONF_RS_OK);
    ctx = new_context(env, 1, opts);
    pkgconf_rs_options_free(opts);
    a = run_query(ctx, "demo-core", PKGCONF_RS_WANT_CFLAGS);
    CHECK_TEXT(a, pkgconf_rs_answer_output, "-I/custom/include\n");
    pkgconf_rs_answer_free(a);
    {
        pkgconf_rs_package *p = NULL;
        pkgconf_rs_result rc;
        char *v;
        CHECK_RC(pkgconf_rs_package_find(ctx, "demo-core", &p), PKGCONF_RS_OK);
        v = package_variable(p, "prefix", &rc);
        CHECK_RC(rc, PKGCONF_RS_OK);
        CHECK_STR(v, "/custom"); /* --define-variable=prefix=/custom --variable=prefix */
        free(v);
        pkgconf_rs_package_free(p);
    }
    pkgconf_rs_context_free(ctx);

    /* --with-path: found though PKG_CONFIG_LIBDIR points nowhere. */
    {
        const char *env_nowhere[] = {"PKG_CONFIG_LIBDIR=/nonexistent-pkgconf-rs-dir"};
        opts = pkgconf_rs_options_new();
        CHECK_RC(pkgconf_rs_options_add_search_dir(opts, demo_dir), PKGCONF_RS_OK);
        ctx = new_context(env_nowhere, 1, opts);
        pkgconf_rs_options_free(opts);
        a = run_query(ctx, "demo-app >= 1.0", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
        CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }

    /* --personality=FILE: its sysroot and its static default. */
    {
        const char *env_pers[] = {env_personality};
        opts = pkgconf_rs_options_new();
        CHECK_RC(pkgconf_rs_options_set_personality(opts, personality_file), PKGCONF_RS_OK);
        ctx = new_context(env_pers, 1, opts);
        pkgconf_rs_options_free(opts);
        a = run_query(ctx, "tc-lib", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
        CHECK_TEXT(a, pkgconf_rs_answer_output, PERSONALITY_OUTPUT);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }

    /* --env-only: PKG_CONFIG_PATH only, never PKG_CONFIG_LIBDIR or the
     * personality's directories (`PKG_CONFIG_LIBDIR=testdata/demo
     * pkgconf-rs --env-only --cflags demo-app` does not find it). */
    opts = pkgconf_rs_options_new();
    CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_ENV_ONLY), PKGCONF_RS_OK);
    ctx = new_context(env, 1, opts);
    a = run_query(ctx, "demo-app", cl);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* Several flags together still resolve (PKG_CONFIG_PATH=testdata/demo
     * PKG_CONFIG_LIBDIR=/nonexistent-pkgconf-rs-dir pkgconf-rs
     * --keep-system-cflags --keep-system-libs --no-uninstalled --no-provides
     * --env-only --cflags --libs "demo-app >= 1.0"). */
    {
        const char *env_path[] = {env_demo_path, "PKG_CONFIG_LIBDIR=/nonexistent-pkgconf-rs-dir"};
        CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS |
                                                        PKGCONF_RS_OPT_KEEP_SYSTEM_LIBS |
                                                        PKGCONF_RS_OPT_NO_UNINSTALLED |
                                                        PKGCONF_RS_OPT_NO_PROVIDES |
                                                        PKGCONF_RS_OPT_ENV_ONLY),
                 PKGCONF_RS_OK);
        ctx = new_context(env_path, 2, opts);
        pkgconf_rs_options_free(opts);
        a = run_query(ctx, "demo-app >= 1.0", cl);
        CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
        CHECK_TEXT(a, pkgconf_rs_answer_output, DEMO_APP_OUTPUT);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }
}

static void test_diagnostics(void)
{
    const char *env[] = {env_malformed};
    pkgconf_rs_context *ctx = new_context(env, 1, NULL);
    pkgconf_rs_answer *a = run_query(ctx, "ws-version", PKGCONF_RS_WANT_CFLAGS);
    size_t n = MARKER_SIZE, i, found = 0;
    pkgconf_rs_diagnostic d;
    char want_path[PATH_MAX + 64];

    snprintf(want_path, sizeof want_path, "%s/ws-version.pc", malformed_dir);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    CHECK_RC(pkgconf_rs_answer_diagnostic_count(a, &n), PKGCONF_RS_OK);
    CHECK(n != MARKER_SIZE && n >= 1);
    if (n == MARKER_SIZE) n = 0;
    for (i = 0; i < n; i++) {
        memset(&d, 0, sizeof d);
        CHECK_RC(pkgconf_rs_answer_diagnostic(a, i, &d), PKGCONF_RS_OK);
        if (d.code != NULL && strcmp(d.code, "PC004") == 0) {
            found++;
            /* tests/snapshots/library/diagnostics_malformed.snap:
             * PC004 warning malformed/ws-version.pc:3 malformed version
             * field with whitespace, trimming to [1.0] */
            CHECK_STR(d.path, want_path);
            CHECK(d.line == 3);
            CHECK(d.severity == 0);
            CHECK_STR(d.message, "malformed version field with whitespace, trimming to [1.0]");
        }
    }
    CHECK(found == 1);

    memset(&d, 0x5a, sizeof d);
    CHECK_RC(pkgconf_rs_answer_diagnostic(a, n, &d), PKGCONF_RS_OUT_OF_RANGE);
    CHECK(d.line == 0x5a5a5a5aU);
    CHECK_RC(pkgconf_rs_answer_diagnostic(NULL, 0, &d), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_answer_diagnostic(a, 0, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK(d.line == 0x5a5a5a5aU);
    n = MARKER_SIZE;
    CHECK_RC(pkgconf_rs_answer_diagnostic_count(NULL, &n), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_answer_diagnostic_count(a, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_SIZE(n, MARKER_SIZE);
    pkgconf_rs_answer_free(a);

    /* An error-severity diagnostic: a file without Version is skipped
     * (PC010), and the package is not found. */
    a = run_query(ctx, "no-version", PKGCONF_RS_WANT_CFLAGS);
    CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
    n = 0;
    CHECK_RC(pkgconf_rs_answer_diagnostic_count(a, &n), PKGCONF_RS_OK);
    found = 0;
    for (i = 0; i < n; i++) {
        memset(&d, 0, sizeof d);
        CHECK_RC(pkgconf_rs_answer_diagnostic(a, i, &d), PKGCONF_RS_OK);
        if (d.code != NULL && strcmp(d.code, "PC010") == 0) found++;
        CHECK(d.code != NULL && d.message != NULL && d.severity <= 1);
    }
    CHECK(found >= 1);
    pkgconf_rs_answer_free(a);

    /* A finding with a column: the space after "this" on line 2 (PC001),
     * and an info-severity finding is not reported by queries. */
    a = run_query(ctx, "bad-line", PKGCONF_RS_WANT_CFLAGS);
    CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
    n = 0;
    CHECK_RC(pkgconf_rs_answer_diagnostic_count(a, &n), PKGCONF_RS_OK);
    found = 0;
    for (i = 0; i < n; i++) {
        memset(&d, 0, sizeof d);
        CHECK_RC(pkgconf_rs_answer_diagnostic(a, i, &d), PKGCONF_RS_OK);
        if (d.code != NULL && strcmp(d.code, "PC001") == 0) {
            found++;
            CHECK(d.line == 2 && d.column == 5 && d.severity == 0);
        }
    }
    CHECK(found == 1);
    pkgconf_rs_answer_free(a);
    pkgconf_rs_context_free(ctx);

    /* PKGCONF_RS_OPT_STRICT: a file with a duplicated variable (PC003) is
     * refused; without it, it is used. */
    {
        pkgconf_rs_options *opts = pkgconf_rs_options_new();
        CHECK_RC(pkgconf_rs_options_set_flags(opts, PKGCONF_RS_OPT_STRICT), PKGCONF_RS_OK);
        ctx = new_context(env, 1, opts);
        pkgconf_rs_options_free(opts);
        a = run_query(ctx, "dup-var", PKGCONF_RS_WANT_CFLAGS);
        CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
        pkgconf_rs_answer_free(a);
        a = run_query(ctx, "ws-version", PKGCONF_RS_WANT_CFLAGS);
        CHECK_OUTCOME(a, PKGCONF_RS_NOT_FOUND, 1);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
        ctx = new_context(env, 1, NULL);
        a = run_query(ctx, "dup-var", PKGCONF_RS_WANT_CFLAGS);
        CHECK_OUTCOME(a, PKGCONF_RS_OK, 0);
        pkgconf_rs_answer_free(a);
        pkgconf_rs_context_free(ctx);
    }
}

static void test_packages(void)
{
    pkgconf_rs_context *ctx = demo_context();
    pkgconf_rs_package *p = (pkgconf_rs_package *)MARKER_PTR, *core = NULL, *by_path = NULL;
    const char *s = (const char *)MARKER_PTR;
    char want_path[PATH_MAX + 64];
    char core_path[PATH_MAX + 64];
    pkgconf_rs_result rc;
    size_t n;
    char *v;

    snprintf(want_path, sizeof want_path, "%s/demo-app.pc", demo_dir);
    snprintf(core_path, sizeof core_path, "%s/demo-core.pc", demo_dir);

    /* package_find errors */
    CHECK_RC(pkgconf_rs_package_find(ctx, "nosuch", &p), PKGCONF_RS_NOT_FOUND);
    CHECK_RC(pkgconf_rs_package_find(ctx, "/nonexistent-pkgconf-rs-dir/x.pc", &p),
             PKGCONF_RS_NOT_FOUND);
    CHECK_RC(pkgconf_rs_package_find(NULL, "demo-app", &p), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_find(ctx, NULL, &p), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_find(ctx, "demo-app", NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_find(ctx, BAD_UTF8, &p), PKGCONF_RS_INVALID_UTF8);
    CHECK(p == (pkgconf_rs_package *)MARKER_PTR);

    p = NULL;
    REQUIRE_OK(pkgconf_rs_package_find(ctx, "demo-app", &p));

    /* Fields */
    CHECK_STR(field(p, PKGCONF_RS_FIELD_ID), "demo-app");
    CHECK_STR(field(p, PKGCONF_RS_FIELD_NAME), "demo-app");
    CHECK_STR(field(p, PKGCONF_RS_FIELD_VERSION), "1.4.2"); /* --modversion */
    CHECK_STR(field(p, PKGCONF_RS_FIELD_DESCRIPTION), "Example application library");
    CHECK_STR(field(p, PKGCONF_RS_FIELD_PATH), want_path); /* --path demo-app */
    s = (const char *)MARKER_PTR;
    CHECK_RC(pkgconf_rs_package_field(p, PKGCONF_RS_FIELD_URL, &s), PKGCONF_RS_NOT_FOUND);
    CHECK_RC(pkgconf_rs_package_field(p, 6, &s), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_package_field(p, UINT32_MAX, &s), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_package_field(NULL, PKGCONF_RS_FIELD_NAME, &s), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_field(p, PKGCONF_RS_FIELD_NAME, NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK(s == (const char *)MARKER_PTR);

    /* Variables (--variable=NAME) */
    v = package_variable(p, "prefix", &rc);
    CHECK_RC(rc, PKGCONF_RS_OK);
    CHECK_STR(v, "/opt/demo");
    free(v);
    v = package_variable(p, "includedir", &rc);
    CHECK_RC(rc, PKGCONF_RS_OK);
    CHECK_STR(v, "/opt/demo/include");
    free(v);
    {
        char buf[64];
        char small[4] = {'#', '#', '#', '#'};
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, "libdir", NULL, 0, &n),
                 PKGCONF_RS_INSUFFICIENT_SIZE);
        CHECK_SIZE(n, strlen("/opt/demo/lib"));
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, "libdir", small, sizeof small, &n),
                 PKGCONF_RS_INSUFFICIENT_SIZE);
        CHECK_SIZE(n, strlen("/opt/demo/lib"));
        CHECK(small[0] == '#');
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, "libdir", buf, strlen("/opt/demo/lib"), &n),
                 PKGCONF_RS_INSUFFICIENT_SIZE);
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, "libdir", buf, strlen("/opt/demo/lib") + 1, &n),
                 PKGCONF_RS_OK);
        CHECK_SIZE(n, strlen("/opt/demo/lib"));
        CHECK_STR(buf, "/opt/demo/lib");

        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, "nosuchvar", buf, sizeof buf, &n),
                 PKGCONF_RS_NOT_FOUND);
        CHECK_RC(pkgconf_rs_package_variable(p, "nosuchvar", NULL, 0, &n), PKGCONF_RS_NOT_FOUND);
        CHECK_SIZE(n, MARKER_SIZE);
        CHECK_RC(pkgconf_rs_package_variable(NULL, "prefix", buf, sizeof buf, &n),
                 PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_package_variable(p, NULL, buf, sizeof buf, &n),
                 PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_package_variable(p, "prefix", NULL, sizeof buf, &n),
                 PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_package_variable(p, "prefix", buf, sizeof buf, NULL),
                 PKGCONF_RS_NULL_PARAMETER);
        n = MARKER_SIZE;
        CHECK_RC(pkgconf_rs_package_variable(p, BAD_UTF8, buf, sizeof buf, &n),
                 PKGCONF_RS_INVALID_UTF8);
        CHECK_SIZE(n, MARKER_SIZE);
    }
    /* pcfiledir, which pkgconf defines for every package. */
    v = package_variable(p, "pcfiledir", &rc);
    CHECK_RC(rc, PKGCONF_RS_OK);
    CHECK_STR(v, demo_dir);
    free(v);

    /* Dependencies (--print-requires, --print-requires-private,
     * --print-provides) */
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_REQUIRES), 1);
    CHECK_STR(dependency(p, PKGCONF_RS_DEPS_REQUIRES, 0), "demo-core >= 2.0");
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_REQUIRES_PRIVATE), 1);
    CHECK_STR(dependency(p, PKGCONF_RS_DEPS_REQUIRES_PRIVATE, 0), "demo-compress");
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_REQUIRES_INTERNAL), 0);
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_REQUIRES_SHARED), 0);
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_CONFLICTS), 0);
    /* The Provides field as written: demo-app has none (--print-provides
     * adds the implicit "demo-app = 1.4.2", which is not in the field). */
    CHECK_SIZE(dependency_count(p, PKGCONF_RS_DEPS_PROVIDES), 0);
    s = (const char *)MARKER_PTR;
    CHECK_RC(pkgconf_rs_package_dependency(p, PKGCONF_RS_DEPS_REQUIRES, 1, &s),
             PKGCONF_RS_OUT_OF_RANGE);
    CHECK_RC(pkgconf_rs_package_dependency(p, PKGCONF_RS_DEPS_CONFLICTS, 0, &s),
             PKGCONF_RS_OUT_OF_RANGE);
    CHECK_RC(pkgconf_rs_package_dependency(p, 6, 0, &s), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_package_dependency(NULL, PKGCONF_RS_DEPS_REQUIRES, 0, &s),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_dependency(p, PKGCONF_RS_DEPS_REQUIRES, 0, NULL),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK(s == (const char *)MARKER_PTR);
    n = MARKER_SIZE;
    CHECK_RC(pkgconf_rs_package_dependency_count(p, 6, &n), PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_package_dependency_count(NULL, PKGCONF_RS_DEPS_REQUIRES, &n),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_package_dependency_count(p, PKGCONF_RS_DEPS_REQUIRES, NULL),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_SIZE(n, MARKER_SIZE);

    /* Borrowed strings stay valid until the package is freed, even after
     * the context that made it is gone. */
    s = field(p, PKGCONF_RS_FIELD_DESCRIPTION);

    /* By path, as pkgconf accepts a path ending in .pc. */
    CHECK_RC(pkgconf_rs_package_find(ctx, core_path, &by_path), PKGCONF_RS_OK);
    CHECK_STR(field(by_path, PKGCONF_RS_FIELD_NAME), "demo-core");
    CHECK_STR(field(by_path, PKGCONF_RS_FIELD_VERSION), "2.1.0");
    CHECK_STR(field(by_path, PKGCONF_RS_FIELD_PATH), core_path);
    pkgconf_rs_package_free(by_path);

    CHECK_RC(pkgconf_rs_package_find(ctx, "demo-core", &core), PKGCONF_RS_OK);
    CHECK_STR(field(core, PKGCONF_RS_FIELD_VERSION), "2.1.0");
    CHECK_SIZE(dependency_count(core, PKGCONF_RS_DEPS_REQUIRES), 0);

    pkgconf_rs_context_free(ctx);
    CHECK_STR(s, "Example application library");
    CHECK_STR(field(core, PKGCONF_RS_FIELD_DESCRIPTION), "Example core library");
    pkgconf_rs_package_free(core);
    pkgconf_rs_package_free(p);

    /* Conflicts and Provides, printed as pkgconf prints them. */
    {
        const char *env[] = {env_universe};
        pkgconf_rs_package *clash = NULL, *prov = NULL;
        ctx = new_context(env, 1, NULL);
        CHECK_RC(pkgconf_rs_package_find(ctx, "clash-a", &clash), PKGCONF_RS_OK);
        if (clash != NULL) {
            CHECK_SIZE(dependency_count(clash, PKGCONF_RS_DEPS_CONFLICTS), 1);
            CHECK_STR(dependency(clash, PKGCONF_RS_DEPS_CONFLICTS, 0), "clash-b < 2.0");
        }
        /* Provides: prov-api = 5.1, prov-extra (`--print-provides prov-impl`
         * prints these two, then the implicit "prov-impl = 5.1") */
        CHECK_RC(pkgconf_rs_package_find(ctx, "prov-impl", &prov), PKGCONF_RS_OK);
        if (prov != NULL) {
            CHECK_SIZE(dependency_count(prov, PKGCONF_RS_DEPS_PROVIDES), 2);
            CHECK_STR(dependency(prov, PKGCONF_RS_DEPS_PROVIDES, 0), "prov-api = 5.1");
            CHECK_STR(dependency(prov, PKGCONF_RS_DEPS_PROVIDES, 1), "prov-extra");
        }
        pkgconf_rs_package_free(prov);
        pkgconf_rs_package_free(clash);
        pkgconf_rs_context_free(ctx);
    }

    pkgconf_rs_package_free(NULL);
    CHECK(1); /* package_free(NULL) returned */
}

static void test_filter_and_system_dirs(void)
{
    pkgconf_rs_context *ctx = demo_context();
    pkgconf_rs_answer *a = (pkgconf_rs_answer *)MARKER_PTR;
    char buf[512];
    size_t n = 0;
    bool sys = false;

    /* --fragment-filter=Il, as the CLI prints it */
    REQUIRE_OK(pkgconf_rs_query_filtered(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS,
                                         "Il", &a));
    REQUIRE_OK(pkgconf_rs_answer_output(a, buf, sizeof buf, &n));
    CHECK_STR(buf, "-I/opt/demo/include/demo-app -I/opt/demo/include -I/opt/demo/include/compress "
                   "-ldemo-app -ldemo-core\n");
    pkgconf_rs_answer_free(a);
    /* a NULL filter is no filter */
    REQUIRE_OK(pkgconf_rs_query_filtered(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS,
                                         NULL, &a));
    REQUIRE_OK(pkgconf_rs_answer_output(a, buf, sizeof buf, &n));
    CHECK_STR(buf, DEMO_APP_OUTPUT);
    pkgconf_rs_answer_free(a);
    /* errors */
    a = (pkgconf_rs_answer *)MARKER_PTR;
    CHECK_RC(pkgconf_rs_query_filtered(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS, "I,L", &a),
             PKGCONF_RS_INVALID_ARGUMENT);
    CHECK_RC(pkgconf_rs_query_filtered(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS, BAD_UTF8, &a),
             PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_query_filtered(NULL, "demo-app", PKGCONF_RS_WANT_CFLAGS, "I", &a),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query_filtered(ctx, NULL, PKGCONF_RS_WANT_CFLAGS, "I", &a),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query_filtered(ctx, "demo-app", PKGCONF_RS_WANT_CFLAGS, "I", NULL),
             PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_query_filtered(ctx, "demo-app", 1u << 20, "I", &a),
             PKGCONF_RS_INVALID_ARGUMENT);
    CHECK(a == (pkgconf_rs_answer *)MARKER_PTR);

    /* system directories: testdata contexts use the host's defaults unless
       the environment names them */
    {
        const char *env[] = {env_demo, "PKG_CONFIG_SYSTEM_INCLUDE_PATH=/sys/inc",
                             "PKG_CONFIG_SYSTEM_LIBRARY_PATH=/sys/lib:/sys/lib64"};
        pkgconf_rs_context *sc = new_context(env, 3, NULL);
        REQUIRE_OK(pkgconf_rs_context_is_system_dir(sc, 'I', "/sys/inc", &sys));
        CHECK(sys);
        REQUIRE_OK(pkgconf_rs_context_is_system_dir(sc, 'I', "/sys//inc", &sys));
        CHECK(sys); /* separators collapsed, as pkgconf compares */
        REQUIRE_OK(pkgconf_rs_context_is_system_dir(sc, 'I', "/sys/lib", &sys));
        CHECK(!sys);
        REQUIRE_OK(pkgconf_rs_context_is_system_dir(sc, 'L', "/sys/lib64", &sys));
        CHECK(sys);
        CHECK_RC(pkgconf_rs_context_is_system_dir(sc, 'l', "/sys/lib", &sys),
                 PKGCONF_RS_INVALID_ARGUMENT);
        CHECK_RC(pkgconf_rs_context_is_system_dir(sc, 'I', BAD_UTF8, &sys), PKGCONF_RS_INVALID_UTF8);
        CHECK_RC(pkgconf_rs_context_is_system_dir(NULL, 'I', "/sys/inc", &sys),
                 PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_context_is_system_dir(sc, 'I', NULL, &sys), PKGCONF_RS_NULL_PARAMETER);
        CHECK_RC(pkgconf_rs_context_is_system_dir(sc, 'I', "/sys/inc", NULL),
                 PKGCONF_RS_NULL_PARAMETER);
        pkgconf_rs_context_free(sc);
    }
    {
        /* keep-system-cflags: nothing is filtered, so nothing is a system dir */
        const char *env[] = {env_demo, "PKG_CONFIG_SYSTEM_INCLUDE_PATH=/sys/inc"};
        pkgconf_rs_options *o = pkgconf_rs_options_new();
        REQUIRE_OK(pkgconf_rs_options_set_flags(o, PKGCONF_RS_OPT_KEEP_SYSTEM_CFLAGS));
        pkgconf_rs_context *kc = new_context(env, 2, o);
        REQUIRE_OK(pkgconf_rs_context_is_system_dir(kc, 'I', "/sys/inc", &sys));
        CHECK(!sys);
        pkgconf_rs_context_free(kc);
        pkgconf_rs_options_free(o);
    }
    pkgconf_rs_context_free(ctx);
}

static void test_version_compare(void)
{
    int32_t r = 42;
    static const struct {
        const char *a, *b;
        int32_t want;
    } cases[] = {
        {"1.0", "1.0", 0},     {"1.0", "1.1", -1},   {"1.1", "1.0", 1},
        {"1.10", "1.9", 1},    {"2", "1.9.9", 1},    {"1.0~rc1", "1.0", -1},
        {"0.9~beta1", "0.9", -1}, {"1.0a", "1.0", 1}, {"1.4.2", "99", -1},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = 42;
        CHECK_RC(pkgconf_rs_version_compare(cases[i].a, cases[i].b, &r), PKGCONF_RS_OK);
        if (r != cases[i].want) {
            fprintf(stderr, "  version_compare(\"%s\", \"%s\") = %d, expected %d\n", cases[i].a,
                    cases[i].b, (int)r, (int)cases[i].want);
        }
        CHECK(r == cases[i].want);
    }
    r = 42;
    CHECK_RC(pkgconf_rs_version_compare(NULL, "1", &r), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_version_compare("1", NULL, &r), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_version_compare("1", "1", NULL), PKGCONF_RS_NULL_PARAMETER);
    CHECK_RC(pkgconf_rs_version_compare(BAD_UTF8, "1", &r), PKGCONF_RS_INVALID_UTF8);
    CHECK_RC(pkgconf_rs_version_compare("1", BAD_UTF8, &r), PKGCONF_RS_INVALID_UTF8);
    CHECK(r == 42);
}

static int finish(void)
{
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    exit(failed == 0 ? 0 : 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TESTDATA\n", argc > 0 ? argv[0] : "test_api");
        return 2;
    }
    setup_paths(argv[1]);

    test_version_and_names();
    test_options();
    test_context_new();
    test_context_from_process_env();
    test_package_listing();
    test_query_success();
    test_query_failures();
    test_options_effects();
    test_diagnostics();
    test_packages();
    test_version_compare();
    test_filter_and_system_dirs();
    return finish();
}
