/* out.h: the writers. Each output format has one writer here, with its
 * quoting in one place: text, JSON (jansson), CSV and ICS. */
#ifndef CASELOAD_OUT_H
#define CASELOAD_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "diag.h"

/* out_jstr: a new JSON string for s (null for NULL), invalid UTF-8 replaced. */
json_t *out_jstr(const char *s);

/* out_diags_text: GNU-style lines, a hint line under those that have one,
 * then the summary `N errors, M warnings`. */
void out_diags_text(FILE *f, const struct diags *d);
/* out_diags_json: {"diagnostics":[...],"errors":N,"warnings":N}. */
void out_diags_json(FILE *f, const struct diags *d);

/* out_findings_text: one line per finding: date, kind, case, file, short
 * commit, author, detail ('-' for what is null), then `N findings`. */
void out_findings_text(FILE *f, const struct findings *fs);
/* out_findings_json: {"findings":[{"kind","case","file","commit","date","detail"}]}. */
void out_findings_json(FILE *f, const struct findings *fs);

#endif
