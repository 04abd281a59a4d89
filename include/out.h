/* out.h: the writers. Each output format has one writer here, with its
 * quoting in one place: text, JSON (jansson), CSV and ICS. */
#ifndef CASELOAD_OUT_H
#define CASELOAD_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "diag.h"
#include "due.h"
#include "util.h"

/* out_jstr: a new JSON string for s (null for NULL), invalid UTF-8 replaced. */
json_t *out_jstr(const char *s);

/* out_diags_text: GNU-style lines, one per problem, the fix after the message,
 * then the summary `N errors, M warnings`. */
void out_diags_text(FILE *f, const struct diags *d);
/* out_diags_json: {"diagnostics":[...],"errors":N,"warnings":N}. */
void out_diags_json(FILE *f, const struct diags *d);

/* The due list (due.h), as filtered by the caller, in each format. */

/* out_due_text: a group per status ("Overdue", "Due within 14 days",
 * "Upcoming") of aligned lines: date, days (-6d, today, +3d), case, client,
 * worker, what is due; then a summary line. ANSI colour when colour is set.
 * Control characters in the records are shown as '?'. */
void out_due_text(FILE *f, const struct due_list *l, int colour);
/* out_due_item_json: one item as the JSON object of out_due_json; the
 * caller owns the reference. */
json_t *out_due_item_json(const struct due_item *it);
/* out_due_json: {"as_of":"YYYY-MM-DD","items":[{"case","client","worker",
 * "program","kind","ref","due","days","status","title"}]} and a newline. */
void out_due_json(FILE *f, const struct due_list *l);
/* out_due_csv: a header row and a row per item, the JSON fields in the JSON
 * order (null as an empty field), RFC 4180 quoting, CRLF line ends. */
void out_due_csv(FILE *f, const struct due_list *l);
/* out_due_ics: an RFC 5545 calendar named calname with one all-day VEVENT
 * per item; UID <case>/<kind>/<ref>/<due>@caseload, DTSTAMP as-of at
 * 00:00:00Z, so that the same records and as-of give the same bytes.
 * Calendars leave the organization's machines: unless names is set, no
 * event names the client (SUMMARY is "CASE: TITLE", SPEC §8). */
void out_due_ics(FILE *f, const struct due_list *l, const char *calname, int names);
/* CSV, RFC 4180: a field is quoted when it holds a comma, a double quote, CR
 * or LF, with its double quotes doubled; records end with CRLF. */
/* out_csv_field: writes s (NULL: an empty field) as one field, quoted as needed. */
void out_csv_field(FILE *f, const char *s);
/* out_csv_row: writes fields[0..n) as one record and its CRLF. */
void out_csv_row(FILE *f, const char *const *fields, size_t n);

/* out_rows_csv: a header row of cols[0..n), then one row per object of the
 * JSON array rows, each column's value as text (null empty, lists joined by
 * ';'), through out_csv_row. */
void out_rows_csv(FILE *f, const char *const *cols, size_t n, const json_t *rows);
/* out_rows_json: {"as_of":"YYYY-MM-DD","kind":KIND,"rows":[...]} and a newline. */
void out_rows_json(FILE *f, int as_of, const char *kind, const json_t *rows);

/* out_yaml_str: appends s as a YAML scalar that reads back as the string s:
 * plain when that is plainly safe (a name such as María López), else
 * double-quoted with escapes. */
void out_yaml_str(struct buf *b, const char *s);

/* out_findings_text: one line per finding: date, kind, case, file, short
 * commit, author, detail ('-' for what is null), then `N findings`. */
void out_findings_text(FILE *f, const struct findings *fs);
/* out_findings_json: {"findings":[{"kind","case","file","commit","date","detail"}]}. */
void out_findings_json(FILE *f, const struct findings *fs);

#endif
