/* out.h: the writers. Each output format has one writer here, with its
 * quoting in one place: text, JSON (jansson), CSV and ICS. */
#ifndef CASELOAD_OUT_H
#define CASELOAD_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "diag.h"
#include "util.h"

/* out_jstr: a new JSON string for s (null for NULL), invalid UTF-8 replaced. */
json_t *out_jstr(const char *s);

/* out_diags_text: GNU-style lines, one per problem, the fix after the message,
 * then the summary `N errors, M warnings`. */
void out_diags_text(FILE *f, const struct diags *d);
/* out_diags_json: {"diagnostics":[...],"errors":N,"warnings":N}. */
void out_diags_json(FILE *f, const struct diags *d);

/* CSV, RFC 4180: a field is quoted when it holds a comma, a double quote, CR
 * or LF, with its double quotes doubled; records end with CRLF. */
/* out_csv_field: writes s (NULL: an empty field) as one field, quoted as needed. */
void out_csv_field(FILE *f, const char *s);
/* out_csv_row: writes fields[0..n) as one record and its CRLF. */
void out_csv_row(FILE *f, const char *const *fields, size_t n);

/* out_yaml_str: appends s as a YAML scalar that reads back as the string s:
 * plain when that is plainly safe (a name such as María López), else
 * double-quoted with escapes. */
void out_yaml_str(struct buf *b, const char *s);

#endif
