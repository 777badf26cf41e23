/*
 * threads.c: one context, queried from 4 threads at once.
 *
 * Usage: threads [NAME=value...]
 *   With arguments, the context's environment is exactly those NAME=value
 *   strings (e.g. PKG_CONFIG_LIBDIR=testdata/universe); without, it is the
 *   process environment.
 *
 * Every package of the context (pkgconf_rs_context_package_count/_at, named
 * by PKGCONF_RS_FIELD_ID) is resolved twice, `--cflags --libs` and
 * `--cflags --libs --static`, by each of 4 threads started together; each
 * thread walks the list from a different place, so that the threads load
 * different .pc files into the shared context at the same time. Every answer
 * (exit code, stdout bytes, stderr bytes) is recorded, then the 4 threads'
 * records are compared with each other and with the same queries run one
 * after the other on a fresh context.
 *
 * Prints one summary line; exits 0 when all agree, 1 otherwise (2 on a setup
 * error). Build with -fsanitize=thread to look for data races.
 */
#define _POSIX_C_SOURCE 200809L

#include "pkgconf_rs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define MODES 2 /* shared, static */

static const uint32_t mode_want[MODES] = {
    PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS,
    PKGCONF_RS_WANT_CFLAGS | PKGCONF_RS_WANT_LIBS | PKGCONF_RS_WANT_STATIC,
};

typedef struct {
    const pkgconf_rs_context *ctx;
    char **names;
    size_t count;
    size_t start;       /* where this thread begins in the list */
    char **results;     /* count * MODES records, by query index */
    pthread_barrier_t *barrier;
    int error;
} job;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "threads: out of memory\n");
        exit(2);
    }
    return p;
}

static char *copy_text(const pkgconf_rs_answer *a,
                       pkgconf_rs_result (*get)(const pkgconf_rs_answer *, char *, size_t, size_t *),
                       size_t *len)
{
    size_t need = 0;
    char *buf;
    if (get(a, NULL, 0, &need) != PKGCONF_RS_INSUFFICIENT_SIZE) return NULL;
    buf = xmalloc(need + 1);
    if (get(a, buf, need + 1, len) != PKGCONF_RS_OK || *len != need) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* One record: "exit=N\n" + stdout bytes + "\n--stderr--\n" + stderr bytes;
 * NULL on an API failure. */
static char *answer_record(const pkgconf_rs_context *ctx, const char *name, uint32_t want)
{
    pkgconf_rs_answer *a = NULL;
    int32_t code = -1;
    char *out = NULL, *err = NULL, *rec = NULL;
    size_t out_len = 0, err_len = 0;
    char head[32];

    if (pkgconf_rs_query(ctx, name, want, &a) != PKGCONF_RS_OK) return NULL;
    if (pkgconf_rs_answer_exit_code(a, &code) == PKGCONF_RS_OK &&
        (out = copy_text(a, pkgconf_rs_answer_output, &out_len)) != NULL &&
        (err = copy_text(a, pkgconf_rs_answer_errors, &err_len)) != NULL) {
        static const char sep[] = "\n--stderr--\n";
        size_t head_len = (size_t)snprintf(head, sizeof head, "exit=%d\n", (int)code);
        rec = xmalloc(head_len + out_len + sizeof sep - 1 + err_len + 1);
        memcpy(rec, head, head_len);
        memcpy(rec + head_len, out, out_len);
        memcpy(rec + head_len + out_len, sep, sizeof sep - 1);
        memcpy(rec + head_len + out_len + sizeof sep - 1, err, err_len);
        rec[head_len + out_len + sizeof sep - 1 + err_len] = '\0';
    }
    free(out);
    free(err);
    pkgconf_rs_answer_free(a);
    return rec;
}

static void run_all(job *j)
{
    size_t k;
    for (k = 0; k < j->count; k++) {
        size_t i = (j->start + k) % j->count;
        int m;
        for (m = 0; m < MODES; m++) {
            char *rec = answer_record(j->ctx, j->names[i], mode_want[m]);
            if (rec == NULL) j->error = 1;
            j->results[i * MODES + (size_t)m] = rec;
        }
    }
}

static void *worker(void *arg)
{
    job *j = arg;
    pthread_barrier_wait(j->barrier);
    run_all(j);
    return NULL;
}

static pkgconf_rs_result make_context(int argc, char **argv, pkgconf_rs_context **out)
{
    if (argc > 1) {
        return pkgconf_rs_context_new((const char *const *)(argv + 1), (size_t)(argc - 1), NULL,
                                      out);
    }
    return pkgconf_rs_context_new_from_process_env(NULL, out);
}

static int same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int main(int argc, char **argv)
{
    pkgconf_rs_context *ctx = NULL, *fresh = NULL;
    pkgconf_rs_result rc;
    pthread_t tids[NTHREADS];
    pthread_barrier_t barrier;
    job jobs[NTHREADS], serial;
    char **names;
    size_t count = 0, i, queries, mismatches = 0, failures = 0;
    int t;

    rc = make_context(argc, argv, &ctx);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "threads: cannot build the context: %s\n", pkgconf_rs_result_name(rc));
        return 2;
    }
    rc = pkgconf_rs_context_package_count(ctx, &count);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "threads: package_count: %s\n", pkgconf_rs_result_name(rc));
        pkgconf_rs_context_free(ctx);
        return 2;
    }
    names = xmalloc(count * sizeof *names);
    for (i = 0; i < count; i++) {
        pkgconf_rs_package *p = NULL;
        const char *id = NULL;
        rc = pkgconf_rs_context_package_at(ctx, i, &p);
        if (rc == PKGCONF_RS_OK) rc = pkgconf_rs_package_field(p, PKGCONF_RS_FIELD_ID, &id);
        if (rc != PKGCONF_RS_OK) {
            fprintf(stderr, "threads: package %zu: %s\n", i, pkgconf_rs_result_name(rc));
            return 2;
        }
        names[i] = xmalloc(strlen(id) + 1);
        strcpy(names[i], id);
        pkgconf_rs_package_free(p);
    }
    /* Listing the packages parsed every file; resolve on a context that has
     * read nothing yet, so that the threads race to load the files. */
    pkgconf_rs_context_free(ctx);
    ctx = NULL;
    rc = make_context(argc, argv, &ctx);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "threads: cannot build the context: %s\n", pkgconf_rs_result_name(rc));
        return 2;
    }

    queries = count * MODES;
    if (pthread_barrier_init(&barrier, NULL, NTHREADS) != 0) {
        fprintf(stderr, "threads: pthread_barrier_init failed\n");
        return 2;
    }
    for (t = 0; t < NTHREADS; t++) {
        jobs[t].ctx = ctx;
        jobs[t].names = names;
        jobs[t].count = count;
        jobs[t].start = count ? (size_t)t * count / NTHREADS : 0;
        jobs[t].results = xmalloc(queries * sizeof(char *));
        jobs[t].barrier = &barrier;
        jobs[t].error = 0;
        if (pthread_create(&tids[t], NULL, worker, &jobs[t]) != 0) {
            fprintf(stderr, "threads: pthread_create failed\n");
            return 2;
        }
    }
    for (t = 0; t < NTHREADS; t++) pthread_join(tids[t], NULL);
    pthread_barrier_destroy(&barrier);

    /* The same queries, one after the other, on a fresh context. */
    rc = make_context(argc, argv, &fresh);
    if (rc != PKGCONF_RS_OK) {
        fprintf(stderr, "threads: cannot build the context: %s\n", pkgconf_rs_result_name(rc));
        return 2;
    }
    serial = jobs[0];
    serial.ctx = fresh;
    serial.start = 0;
    serial.results = xmalloc(queries * sizeof(char *));
    serial.error = 0;
    run_all(&serial);

    for (t = 0; t < NTHREADS; t++) failures += (size_t)jobs[t].error;
    failures += (size_t)serial.error;
    for (i = 0; i < queries; i++) {
        int ok = same(jobs[0].results[i], serial.results[i]);
        for (t = 1; t < NTHREADS; t++) ok = ok && same(jobs[t].results[i], jobs[0].results[i]);
        if (!ok) {
            if (mismatches < 5) {
                fprintf(stderr, "threads: %s [%s] differs between threads:\n", names[i / MODES],
                        i % MODES ? "static" : "shared");
                for (t = 0; t < NTHREADS; t++) {
                    fprintf(stderr, "  thread %d: %s\n", t,
                            jobs[t].results[i] ? jobs[t].results[i] : "(API failure)");
                }
                fprintf(stderr, "  serial:   %s\n",
                        serial.results[i] ? serial.results[i] : "(API failure)");
            }
            mismatches++;
        }
    }

    printf("threads: %d threads x %zu queries (%zu packages, shared and static): %s\n", NTHREADS,
           queries, count,
           mismatches == 0 && failures == 0 ? "all identical, and equal to a serial run"
                                            : "MISMATCH");
    if (mismatches || failures) {
        printf("threads: %zu queries differ, %zu threads had API failures\n", mismatches, failures);
    }

    for (t = 0; t < NTHREADS; t++) {
        for (i = 0; i < queries; i++) free(jobs[t].results[i]);
        free(jobs[t].results);
    }
    for (i = 0; i < queries; i++) free(serial.results[i]);
    free(serial.results);
    for (i = 0; i < count; i++) free(names[i]);
    free(names);
    pkgconf_rs_context_free(fresh);
    pkgconf_rs_context_free(ctx);
    return mismatches == 0 && failures == 0 ? 0 : 1;
}
