/*
 * query.c: `pkgconf-rs --cflags --libs [--static] PACKAGE...` through the C API.
 *
 * Usage: query [--static] PACKAGE...
 *
 * The context is built from the process environment (PKG_CONFIG_PATH,
 * PKG_CONFIG_LIBDIR, PKG_CONFIG_SYSROOT_DIR, ...), exactly as the CLI reads
 * it. The package words are joined with spaces into one query string, as
 * pkgconf joins its command line. The answer's error text goes to stderr, its
 * output to stdout, both byte for byte, and the exit status is pkgconf's.
 *
 * tests/compare-query-example.sh --query-cmd capi/build/query checks that the
 * stdout and exit status equal the CLI's.
 */
#include "pkgconf_rs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fetches a text through the two-call protocol; NULL (and a message) on
 * failure. */
static char *copy_text(const pkgconf_rs_answer *answer,
                       pkgconf_rs_result (*get)(const pkgconf_rs_answer *, char *, size_t, size_t *),
                       size_t *len)
{
    size_t need = 0;
    char *buf;
    pkgconf_rs_result rc = get(answer, NULL, 0, &need);
    if (rc != PKGCONF_RS_INSUFFICIENT_SIZE) {
        fprintf(stderr, "query: %s\n", pkgconf_rs_result_name(rc));
        return NULL;
    }
    buf = malloc(need + 1);
    if (buf == NULL) {
        fprintf(stderr, "query: out of memory\n");
        return NULL;
    }
    rc = get(answer, buf, need + 1, len);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "query: %s\n", pkgconf_rs_result_name(rc));
        free(buf);
        return NULL;
    }
    return buf;
}

int main(int argc, char **argv)
{
    uint32_t want = PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS;
    pkgconf_rs_context *ctx = NULL;
    pkgconf_rs_answer *answer = NULL;
    pkgconf_rs_result rc;
    size_t total = 1, len = 0;
    char *packages, *text;
    int32_t exit_code = 1;
    int i, first = 1, status = 0;

    if (argc > 1 && strcmp(argv[1], "--static") == 0) {
        want |= PKGCONF_RS_WANT_STATIC;
        argv++;
        argc--;
    }
    /* No package is not a usage error here: the library answers it as the
     * CLI does ("Please specify at least one package name..."). */
    for (i = 1; i < argc; i++) total += strlen(argv[i]) + 1;
    packages = malloc(total);
    if (packages == NULL) {
        fprintf(stderr, "query: out of memory\n");
        return 2;
    }
    packages[0] = '\0';
    for (i = 1; i < argc; i++) {
        if (!first) strcat(packages, " ");
        strcat(packages, argv[i]);
        first = 0;
    }

    rc = pkgconf_rs_context_new_from_process_env(NULL, &ctx);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "query: cannot set up: %s\n", pkgconf_rs_result_name(rc));
        free(packages);
        return 2;
    }
    rc = pkgconf_rs_query(ctx, packages, want, &answer);
    free(packages);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "query: %s\n", pkgconf_rs_result_name(rc));
        pkgconf_rs_context_free(ctx);
        return 2;
    }

    /* stderr first, as the CLI prints its errors before its output. */
    text = copy_text(answer, pkgconf_rs_answer_errors, &len);
    if (text == NULL) {
        status = 2;
    } else {
        fwrite(text, 1, len, stderr);
        free(text);
    }
    text = copy_text(answer, pkgconf_rs_answer_output, &len);
    if (text == NULL) {
        status = 2;
    } else {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) status = 2;
        free(text);
    }
    if (status == 0) {
        rc = pkgconf_rs_answer_exit_code(answer, &exit_code);
        status = rc == PKGCONF_RS_OK ? (int)exit_code : 2;
    }

    pkgconf_rs_answer_free(answer);
    pkgconf_rs_context_free(ctx);
    return status;
}
