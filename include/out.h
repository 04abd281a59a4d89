/* out.h: the writers. Each output format has one writer here, with its
 * quoting in one place: text, JSON (jansson), CSV and ICS. */
#ifndef CASELOAD_OUT_H
#define CASELOAD_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "diag.h"
#include "digest.h"
#include "due.h"
#include "outcomes.h"
#include "util.h"

/* out_jstr: a new JSON string for s (null for NULL), invalid UTF-8 replaced. */
json_t *out_jstr(const char *s);

/* The commit whose records --at read (SPEC §5): its full id and its author
 * day. The JSON of check, due, export and report gains "at" when given. */
struct out_at {
	const char *commit;
	int date;
};
/* out_at_json: {"commit":ID,"date":"YYYY-MM-DD"}; the caller owns it. */
json_t *out_at_json(const struct out_at *at);

/* out_diags_text: GNU-style lines, one per problem, the fix after the message,
 * then the summary `N errors, M warnings`. */
void out_diags_text(FILE *f, const struct diags *d);
/* out_diags_json: {"diagnostics":[...],"errors":N,"warnings":N}, and
 * "at" when at is not NULL. */
void out_diags_json(FILE *f, const struct diags *d, const struct out_at *at);

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
 * "program","kind","ref","due","days","status","title"}]} and a newline;
 * "at" after as_of when at is not NULL. */
void out_due_json(FILE *f, const struct due_list *l, const struct out_at *at);
/* out_due_csv: a header row and a row per item, the JSON fields in the JSON
 * order (null as an empty field), RFC 4180 quoting, CRLF line ends. */
void out_due_csv(FILE *f, const struct due_list *l);
/* out_due_ics: an RFC 5545 calendar named calname with one all-day VEVENT
 * per item; UID <case>/<kind>/<ref>/<due>@caseload, DTSTAMP as-of at
 * 00:00:00Z, so that the same records and as-of give the same bytes.
 * Calendars leave the organization's machines: unless names is set, no
 * event names the client (SUMMARY is "CASE: TITLE", SPEC §8). */
void out_due_ics(FILE *f, const struct due_list *l, const char *calname, int names);
/* The same calendar in three parts, for a site that writes several from
 * one list: out_ics_head (named calname), then the events of the items
 * (out_ics_events: item i's at o[at[i] .. at[i + 1]) when at, which has
 * l->n + 1 places), then out_ics_tail. */
void out_ics_head(struct buf *o, const char *calname);
void out_ics_events(struct buf *o, size_t *at, const struct due_list *l, int names);
void out_ics_tail(struct buf *o);
/* CSV, RFC 4180: a field is quoted when it holds a comma, a double quote, CR
 * or LF, with its double quotes doubled; records end with CRLF. Every CSV
 * the tool writes goes through out_csv_field, which also keeps spreadsheets
 * from running a cell (SPEC §4): a text cell that begins with '=', '+',
 * '-', '@', a tab or a CR is written with a leading '\''. A cell is text
 * unless its writer says it is a number (days, counts, scores: -3 stays
 * -3); a "number" that is not an optional '-', digits and an optional
 * decimal part is text after all. Dates are text: they begin with a digit,
 * so the rule never changes them. */
enum csv_cell { CSV_TEXT, CSV_NUMBER };
/* out_csv_field: writes s (NULL: an empty field) as one field of kind. */
void out_csv_field(FILE *f, const char *s, enum csv_cell kind);
/* out_csv_row: writes fields[0..n) as one record and its CRLF; kinds[i]
 * says what fields[i] is (kinds NULL: every field text, as in a header). */
void out_csv_row(FILE *f, const char *const *fields, const enum csv_cell *kinds, size_t n);

/* out_rows_csv: a header row of cols[0..n), then one row per object of the
 * JSON array rows, each column's value as text (null empty, lists joined by
 * ';'), through out_csv_row: a JSON number is a number cell, anything else
 * text. */
void out_rows_csv(FILE *f, const char *const *cols, size_t n, const json_t *rows);
/* out_rows_json: {"as_of":"YYYY-MM-DD","kind":KIND,"rows":[...]} and a
 * newline; "at" after as_of when at is not NULL. */
void out_rows_json(FILE *f, int as_of, const struct out_at *at, const char *kind, const json_t *rows);

/* out_yaml_str: appends s as a YAML scalar that reads back as the string s:
 * plain when that is plainly safe (a name such as María López), else
 * double-quoted with escapes. */
void out_yaml_str(struct buf *b, const char *s);

/* out_findings_text: one line per finding not reviewed (all: every one, a
 * reviewed one ending "(reviewed by ID on DATE)"): date, kind, case, file,
 * the commit's first 12 hex digits, author, detail ('-' for what is null);
 * then the reviews that count for nothing, "reviews.yaml:LINE: no such
 * finding: ID" or "... not committed by REVIEWER: ID"; then `N findings`
 * (and how many were reviewed). */
void out_findings_text(FILE *f, const struct findings *fs, int all);
/* out_findings_json: {"findings":[{"kind","case","file","commit","date",
 * "detail","id","review"}],"unmatched_reviews":[{"line","finding","reason"}]},
 * the findings as out_findings_text lists them; review is null or
 * {"by","date","note"}. */
void out_findings_json(FILE *f, const struct findings *fs, int all);

/* The report (outcomes.h's struct report) in each format, SPEC §7. */

/* out_report_tree: the report as SPEC §7's JSON object; the caller owns it. */
json_t *out_report_tree(const struct report *r, const struct caseload *cl);
/* out_report_json: that object (with "at" when at is not NULL), compact, and a newline. */
void out_report_json(FILE *f, const struct report *r, const struct caseload *cl, const struct out_at *at);
/* out_report_csv: program,metric,value,target,met: one row per figure of the
 * JSON ("exits.permanent", "targets.exits_permanent"), totals as program
 * "total", through out_rows_csv. */
void out_report_csv(FILE *f, const struct report *r, const struct caseload *cl);
/* out_report_text: a heading line, a table of the figures (a column per
 * program, then the total) and one of the targets, aligned for a terminal. */
void out_report_text(FILE *f, const struct report *r, const struct caseload *cl);
/* out_report_md: the same as Markdown pipe tables. */
void out_report_md(FILE *f, const struct report *r, const struct caseload *cl);

/* The digests of struct digest (digest.h), SPEC §7: each worker's, then
 * the team's. Items show the due date, the case id, the client and what
 * is due; the team's overdue items the worker too. */

/* out_digest_text: for a terminal or a mail; a blank line between digests. */
void out_digest_text(FILE *f, const struct digest *d);
/* out_digest_md: a "# " heading per digest, "## " per list, lists of items. */
void out_digest_md(FILE *f, const struct digest *d);
/* out_digest_eml: an mbox of RFC 5322 messages, one per digest: a From
 * line, From: (the policy's digest_from), To: (the worker's email; the
 * team's: every supervisor's), Subject: (organization, counts and name; RFC
 * 2047 when not ASCII), Date: as-of 00:00:00 +0000, Message-ID:
 * <digest.ID.DATE@caseload>, MIME headers, the text as the body; CRLF
 * line ends throughout; a body line starting "From " is written ">From ".
 * Client names only when names is set, else the case id stands alone. A
 * digest without an address to send it to is left out. */
void out_digest_eml(FILE *f, const struct digest *d, int names);

#endif
