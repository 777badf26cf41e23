/* tests/clients: a tiny real C library, built at test time. */
#ifndef TINYC_H
#define TINYC_H
int tinyc_answer(void);
const char *tinyc_name(void);
#endif
