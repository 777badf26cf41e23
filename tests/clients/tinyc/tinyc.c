/* tests/clients: a tiny real C library, built by tests/clients/run. */
#include "tinyc.h"

int tinyc_answer(void) { return 42; }
const char *tinyc_name(void) { return "tinyc"; }
