/* out.h: the writers. Each output format has one writer here, with its
 * quoting in one place: text, JSON (jansson), CSV and ICS. */
#ifndef CASELOAD_OUT_H
#define CASELOAD_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "diag.h"

/* out_jstr: a new JSON string for s (null for NULL), invalid UTF-8 replaced. */
json_t *out_jstr(const char *s);

/* out_diags_text: GNU-style lines, one per problem, the fix after the message,
 * then the summary `N errors, M warnings`. */
void out_diags_text(FILE *f, const struct diags *d);
/* out_diags_json: {"diagnostics":[...],"errors":N,"warnings":N}. */
void out_diags_json(FILE *f, const struct diags *d);

#endif
