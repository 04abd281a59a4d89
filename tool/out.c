/* out.c: writers for text, JSON, CSV and ICS; quoting lives here only. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"
#include "util.h"

/* jstr: a JSON string of s; bytes that are not UTF-8 (a file name can hold
 * anything) become U+FFFD so that the output stays valid JSON. */
json_t *
out_jstr(const char *s)
{
	if (!s)
		return json_null();
	size_t n = strlen(s);
	if (utf8_valid(s, n) == (size_t)-1)
		return json_stringn(s, n);
	struct buf b = {0};
	while (n) {
		size_t bad = utf8_valid(s, n);
		if (bad == (size_t)-1)
			bad = n;
		buf_add(&b, s, bad);
		if (bad == n)
			break;
		buf_puts(&b, "\xEF\xBF\xBD");
		s += bad + 1;
		n -= bad + 1;
	}
	json_t *j = json_stringn(b.s ? b.s : "", b.len);
	buf_free(&b);
	return j;
}

json_t *
out_at_json(const struct out_at *at)
{
	char d[11];
	json_t *o = json_object();
	json_object_set_new(o, "commit", out_jstr(at->commit));
	date_format(at->date, d);
	json_object_set_new(o, "date", json_string(d));
	return o;
}

void
out_diags_text(FILE *f, const struct diags *d)
{
	size_t errors, warnings;
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *sev = g->sev == SEV_ERROR ? "error" : "warning";
		const char *sep = g->hint ? "; " : "", *hint = g->hint ? g->hint : "";
		if (g->line > 0)
			fprintf(f, "%s:%d:%d: %s: %s%s%s (%s)\n", g->file, g->line, g->col, sev,
			        g->message, sep, hint, g->code);
		else
			fprintf(f, "%s: %s: %s%s%s (%s)\n", g->file, sev, g->message, sep, hint, g->code);
	}
	diag_count(d, &errors, &warnings);
	char *sum = diag_summary(errors, warnings);
	fprintf(f, "%s\n", sum);
	free(sum);
}

void
out_diags_json(FILE *f, const struct diags *d, const struct out_at *at)
{
	size_t errors, warnings;
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", out_jstr(g->file));
		json_object_set_new(o, "line", json_integer(g->line));
		json_object_set_new(o, "column", json_integer(g->col));
		json_object_set_new(o, "severity", json_string(g->sev == SEV_ERROR ? "error" : "warning"));
		json_object_set_new(o, "code", json_string(g->code));
		if (g->hint) {
			char *m = xasprintf("%s; %s", g->message, g->hint);
			json_object_set_new(o, "message", out_jstr(m));
			free(m);
		} else {
			json_object_set_new(o, "message", out_jstr(g->message));
		}
		json_array_append_new(arr, o);
	}
	diag_count(d, &errors, &warnings);
	json_t *root = json_object();
	json_object_set_new(root, "diagnostics", arr);
	json_object_set_new(root, "errors", json_integer((json_int_t)errors));
	json_object_set_new(root, "warnings", json_integer((json_int_t)warnings));
	if (at)
		json_object_set_new(root, "at", out_at_json(at));
	json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fputc('\n', f);
	json_decref(root);
}

/* ---- due: text ---- */

/* text_width: the columns s takes, one per code point (valid UTF-8 assumed;
 * a C1 control, shown as '?', takes one too). */
static size_t
text_width(const char *s)
{
	size_t w = 0;
	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* text_put: s with control characters (C0, DEL and C1) shown as '?', so that
 * a record cannot move the cursor or recolour the terminal; then spaces up
 * to width columns. */
static void
text_put(FILE *f, const char *s, size_t width)
{
	size_t w = text_width(s);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fputc('?', f);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fputc('?', f);
			p++;
		} else
			fputc(*p, f);
	}
	for (; w < width; w++)
		fputc(' ', f);
}

/* days_text: "today", "-6d" or "+3d" into out. */
static void
days_text(int days, char out[16])
{
	if (days == 0)
		snprintf(out, 16, "today");
	else
		snprintf(out, 16, "%+dd", days);
}

void
out_due_text(FILE *f, const struct due_list *l, int colour)
{
	static const char *const colours[] = {"\033[31m", "\033[33m", ""};
	const char *bold = colour ? "\033[1m" : "", *reset = colour ? "\033[0m" : "";
	char asof[11], within[32], heading[48], days[16], date[11];
	size_t wdays = 0, wcase = 0, wclient = 0, wworker = 0;
	date_format(l->as_of, asof);
	dur_words(l->window, within, sizeof(within));
	if (l->window.n == 0)
		snprintf(heading, sizeof(heading), "Due today");
	else
		snprintf(heading, sizeof(heading), "Due within %s", within);
	if (l->n == 0) {
		fprintf(f, "As of %s: nothing overdue or due %s%s.\n", asof,
		        l->window.n ? "within " : "today", l->window.n ? within : "");
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		size_t w;
		days_text(it->days, days);
		if ((w = strlen(days)) > wdays)
			wdays = w;
		if ((w = text_width(it->c->id)) > wcase)
			wcase = w;
		if ((w = text_width(it->c->client_name ? it->c->client_name : "-")) > wclient)
			wclient = w;
		if ((w = text_width(it->c->worker ? it->c->worker : "-")) > wworker)
			wworker = w;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		const char *col = colour ? colours[it->status] : "";
		if (i == 0 || it->status != l->v[i - 1].status) {
			const char *names[] = {"Overdue", heading, "Upcoming"};
			fprintf(f, "%s%s%s%s%s\n", i ? "\n" : "", bold, col, names[it->status], reset);
		}
		date_format(it->due, date);
		days_text(it->days, days);
		fprintf(f, "  %s  %s%*s%s  ", date, col, (int)wdays, days, colour && *col ? reset : "");
		text_put(f, it->c->id, wcase);
		fputs("  ", f);
		text_put(f, it->c->client_name ? it->c->client_name : "-", wclient);
		fputs("  ", f);
		text_put(f, it->c->worker ? it->c->worker : "-", wworker);
		fputs("  ", f);
		text_put(f, it->title, 0);
		fputc('\n', f);
	}
	size_t over = due_count(l, DUE_OVERDUE), due = due_count(l, DUE_DUE),
	       up = due_count(l, DUE_UPCOMING);
	fprintf(f, "\nAs of %s: %zu overdue, %zu due %s%s", asof, over, due,
	        l->window.n ? "within " : "today", l->window.n ? within : "");
	if (up)
		fprintf(f, ", %zu upcoming", up);
	fputs(".\n", f);
}

/* ---- due: JSON ---- */

json_t *
out_due_item_json(const struct due_item *it)
{
	char date[11];
	json_t *o = json_object();
	date_format(it->due, date);
	json_object_set_new(o, "case", out_jstr(it->c->id));
	json_object_set_new(o, "client", out_jstr(it->c->client_name));
	json_object_set_new(o, "worker", out_jstr(it->c->worker));
	json_object_set_new(o, "program", out_jstr(it->c->program));
	json_object_set_new(o, "kind", json_string(due_kind_names[it->kind]));
	json_object_set_new(o, "ref", out_jstr(it->ref));
	json_object_set_new(o, "due", json_string(date));
	json_object_set_new(o, "days", json_integer(it->days));
	json_object_set_new(o, "status", json_string(due_status_names[it->status]));
	json_object_set_new(o, "title", out_jstr(it->title));
	return o;
}

void
out_due_json(FILE *f, const struct due_list *l, const struct out_at *at)
{
	char date[11];
	struct buf b = {0};
	/* one item at a time rather than one tree of them all: for 50,000 items
	 * that is half the time or less, with memory for one item */
	date_format(l->as_of, date);
	fprintf(f, "{\"as_of\":\"%s\",", date);
	if (at) {
		json_t *o = out_at_json(at);
		fputs("\"at\":", f);
		json_dumpf(o, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fputc(',', f);
		json_decref(o);
	}
	fputs("\"items\":[", f);
	for (size_t i = 0; i < l->n; i++) {
		json_t *o = out_due_item_json(&l->v[i]);
		size_t n = json_dumpb(o, b.s, b.cap, JSON_PRESERVE_ORDER | JSON_COMPACT);
		if (n >= b.cap) {
			buf_grow(&b, n + 1);
			n = json_dumpb(o, b.s, b.cap, JSON_PRESERVE_ORDER | JSON_COMPACT);
		}
		json_decref(o);
		if (i)
			fputc(',', f);
		fwrite(b.s, 1, n, f);
	}
	fputs("]}\n", f);
	buf_free(&b);
}

/* ---- CSV ---- */

/* csv_number: whether s is written as a number: an optional '-', digits,
 * and optionally '.' and digits. A cell a caller calls a number that is not
 * one is treated as text, so no label lets a formula through. */
static int
csv_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

void
out_csv_field(FILE *f, const char *s, enum csv_cell kind)
{
	if (!s)
		return;
	/* SPEC §4: text that a spreadsheet would take for a formula */
	int guard = *s && strchr("=+-@\t\r", *s) && !(kind == CSV_NUMBER && csv_number(s));
	if (!s[strcspn(s, ",\"\r\n")]) {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
out_csv_row(FILE *f, const char *const *fields, const enum csv_cell *kinds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		out_csv_field(f, fields[i], kinds ? kinds[i] : CSV_TEXT);
	}
	fputs("\r\n", f);
}

/* ---- due: CSV ---- */

void
out_due_csv(FILE *f, const struct due_list *l)
{
	static const char *const head[] = {"case", "client", "worker", "program", "kind",
	                                   "ref",  "due",    "days",   "status",  "title"};
	/* days is a number (-3 stays -3); the due date is text (digits first,
	 * so the formula rule never changes it) */
	static const enum csv_cell kinds[] = {CSV_TEXT, CSV_TEXT, CSV_TEXT,   CSV_TEXT, CSV_TEXT,
	                                      CSV_TEXT, CSV_TEXT, CSV_NUMBER, CSV_TEXT, CSV_TEXT};
	out_csv_row(f, head, NULL, sizeof(head) / sizeof(*head));
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		char date[11], days[16];
		date_format(it->due, date);
		snprintf(days, sizeof(days), "%d", it->days);
		const char *row[] = {it->c->id,
		                     it->c->client_name,
		                     it->c->worker,
		                     it->c->program,
		                     due_kind_names[it->kind],
		                     it->ref,
		                     date,
		                     days,
		                     due_status_names[it->status],
		                     it->title};
		out_csv_row(f, row, kinds, sizeof(row) / sizeof(*row));
	}
}

/* ---- rows (export): CSV and JSON ---- */

/* csv_text: a value as CSV text: lists joined by ';'. The caller frees it. */
static char *
csv_text(const json_t *v)
{
	struct buf b = {0};
	size_t i;
	const json_t *it;
	switch (json_typeof(v)) {
	case JSON_STRING: buf_add(&b, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER: buf_printf(&b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
	case JSON_REAL: buf_printf(&b, "%.1f", json_real_value(v)); break; /* report: one decimal */
	case JSON_TRUE:
	case JSON_FALSE: buf_puts(&b, json_is_true(v) ? "true" : "false"); break;
	case JSON_ARRAY:
		json_array_foreach(v, i, it)
		{
			if (i)
				buf_putc(&b, ';');
			buf_puts(&b, json_string_value(it));
		}
		break;
	default: break;
	}
	return buf_detach(&b);
}

void
out_rows_csv(FILE *f, const char *const *cols, size_t n, const json_t *rows)
{
	size_t i;
	const json_t *r;
	out_csv_row(f, cols, NULL, n);
	char **text = xcalloc(n ? n : 1, sizeof(*text));
	enum csv_cell *kinds = xcalloc(n ? n : 1, sizeof(*kinds));
	json_array_foreach(rows, i, r)
	{
		for (size_t c = 0; c < n; c++) {
			const json_t *v = json_object_get(r, cols[c]);
			text[c] = csv_text(v);
			kinds[c] = json_is_number(v) ? CSV_NUMBER : CSV_TEXT;
		}
		out_csv_row(f, (const char *const *)text, kinds, n);
		for (size_t c = 0; c < n; c++)
			free(text[c]);
	}
	free(kinds);
	free(text);
}

void
out_rows_json(FILE *f, int as_of, const struct out_at *at, const char *kind, const json_t *rows)
{
	char d[11];
	date_format(as_of, d);
	json_t *root = json_object();
	json_object_set_new(root, "as_of", json_string(d));
	if (at)
		json_object_set_new(root, "at", out_at_json(at));
	json_object_set_new(root, "kind", json_string(kind));
	json_object_set(root, "rows", (json_t *)rows);
	json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fputc('\n', f);
	json_decref(root);
}

/* ---- due: ICS ---- */

/* ics_text: appends s as an RFC 5545 TEXT value: backslash, semicolon and
 * comma escaped, line breaks as \n, other control characters left out.
 * The runs between them are copied whole (a calendar of 10,000 cases is
 * 20 MB). */
static void
ics_text(struct buf *b, const char *s)
{
	while (s && *s) {
		const char *r = s;
		for (unsigned char ch; (ch = (unsigned char)*r) && ch != '\\' && ch != ';' &&
		                       ch != ',' && (ch >= 0x20 || ch == '\t') && ch != 0x7F;
		     r++)
			;
		buf_add(b, s, (size_t)(r - s));
		if (!*r)
			return;
		unsigned char ch = (unsigned char)*r;
		if (ch == '\\' || ch == ';' || ch == ',') {
			char e[2] = {'\\', (char)ch};
			buf_add(b, e, 2);
		} else if (ch == '\n' || (ch == '\r' && r[1] != '\n')) {
			buf_add(b, "\\n", 2);
		}
		s = r + 1;
	}
}

/* ics_line: appends the content line in b to o, folded so that no line is
 * longer than 75 octets (a continuation begins with a space) and never
 * inside a UTF-8 character, each ended by CRLF; then empties b. */
static void
ics_line(struct buf *o, struct buf *b)
{
	const char *s = b->s ? b->s : "";
	size_t n = b->len, max = 75;
	while (n > max) {
		size_t cut = max;
		while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		buf_add(o, s, cut);
		buf_add(o, "\r\n ", 3);
		s += cut;
		n -= cut;
		max = 74;
	}
	buf_add(o, s, n);
	buf_add(o, "\r\n", 2);
	buf_reset(b);
}

/* ics_date: YYYYMMDD and a NUL. */
static void
ics_date(int days, char out[9])
{
	char iso[11];
	date_format(days, iso);
	memcpy(out, iso, 4);
	memcpy(out + 4, iso + 5, 2);
	memcpy(out + 6, iso + 8, 3);
}

/* ics_put: appends what and s, as they are, to b. */
static void
ics_put(struct buf *b, const char *what, const char *s)
{
	buf_puts(b, what);
	buf_puts(b, s);
}

void
out_ics_head(struct buf *o, const char *calname)
{
	struct buf b = {0};
	static const char *const head[] = {"BEGIN:VCALENDAR", "VERSION:2.0",
	                                   "PRODID:-//caseload//caseload due//EN",
	                                   "CALSCALE:GREGORIAN", "METHOD:PUBLISH"};
	for (size_t k = 0; k < sizeof(head) / sizeof(*head); k++) {
		buf_puts(&b, head[k]);
		ics_line(o, &b);
	}
	if (calname) {
		buf_puts(&b, "X-WR-CALNAME:");
		ics_text(&b, calname);
		ics_line(o, &b);
	}
	buf_free(&b);
}

void
out_ics_events(struct buf *o, size_t *at, const struct due_list *l, int names)
{
	struct buf b = {0};
	char stamp[9], start[9], end[9], date[11];
	ics_date(l->as_of, stamp);
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		const struct case_record *c = it->c;
		if (at)
			at[i] = o->len;
		date_format(it->due, date);
		ics_date(it->due, start);
		ics_date(it->due + 1, end);
		buf_puts(&b, "BEGIN:VEVENT");
		ics_line(o, &b);
		buf_puts(&b, "UID:");
		ics_text(&b, c->id);
		buf_putc(&b, '/');
		ics_text(&b, due_kind_names[it->kind]);
		buf_putc(&b, '/');
		ics_text(&b, it->ref);
		ics_put(&b, "/", date);
		buf_puts(&b, "@caseload");
		ics_line(o, &b);
		ics_put(&b, "DTSTAMP:", stamp);
		buf_puts(&b, "T000000Z");
		ics_line(o, &b);
		ics_put(&b, "DTSTART;VALUE=DATE:", start);
		ics_line(o, &b);
		ics_put(&b, "DTEND;VALUE=DATE:", end);
		ics_line(o, &b);
		buf_puts(&b, "SUMMARY:");
		if (names && c->client_name) {
			ics_text(&b, c->client_name);
			buf_puts(&b, " (");
			ics_text(&b, c->id);
			buf_puts(&b, "): ");
		} else {
			ics_text(&b, c->id);
			buf_puts(&b, ": ");
		}
		ics_text(&b, it->title);
		ics_line(o, &b);
		buf_puts(&b, "DESCRIPTION:");
		ics_text(&b, it->title);
		buf_puts(&b, "\\nCase: ");
		ics_text(&b, c->id);
		if (names && c->client_name) {
			buf_puts(&b, " (");
			ics_text(&b, c->client_name);
			buf_puts(&b, ")");
		}
		buf_puts(&b, "\\nWorker: ");
		ics_text(&b, c->worker ? c->worker : "-");
		buf_puts(&b, "\\nProgram: ");
		ics_text(&b, c->program ? c->program : "-");
		ics_put(&b, "\\nDue: ", date);
		ics_line(o, &b);
		ics_put(&b, "CATEGORIES:", due_kind_names[it->kind]);
		ics_line(o, &b);
		buf_puts(&b, "TRANSP:TRANSPARENT");
		ics_line(o, &b);
		buf_puts(&b, "END:VEVENT");
		ics_line(o, &b);
	}
	if (at)
		at[l->n] = o->len;
	buf_free(&b);
}

void
out_ics_tail(struct buf *o)
{
	buf_puts(o, "END:VCALENDAR\r\n");
}

void
out_due_ics(FILE *f, const struct due_list *l, const char *calname, int names)
{
	struct buf o = {0};
	out_ics_head(&o, calname);
	out_ics_events(&o, NULL, l, names);
	out_ics_tail(&o);
	fwrite(o.s ? o.s : "", 1, o.len, f);
	buf_free(&o);
}

/* yaml_plain_ok: s starts with a letter, holds only letters, digits and
 * " .-'_(),/", does not end in a space, and is no word YAML reads as null or
 * a boolean. Anything else is quoted: that is always correct, and this is
 * only for looks. */
static int
yaml_plain_ok(const char *s)
{
	static const char *const words[] = {"null", "true", "false", "yes", "no",
	                                    "on",   "off",  "y",     "n",   NULL};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0 || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p >= 0x80) ||
	    s[n - 1] == ' ')
		return 0;
	for (; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p >= 0x80 || strchr(" .-'_(),/", *p)))
			return 0;
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	return 1;
}

void
out_yaml_str(struct buf *b, const char *s)
{
	if (yaml_plain_ok(s)) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p == '\n')
			buf_puts(b, "\\n");
		else if (*p == '\t')
			buf_puts(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\x%02x", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

/* ---- audit ---- */

/* review_json: {"by","date","note"} of r, or null. */
static json_t *
review_json(const struct review *r)
{
	if (!r)
		return json_null();
	char d[11];
	json_t *o = json_object();
	json_object_set_new(o, "by", out_jstr(r->by));
	date_format(r->date, d);
	json_object_set_new(o, "date", json_string(d));
	json_object_set_new(o, "note", out_jstr(r->note));
	return o;
}

void
out_findings_text(FILE *f, const struct findings *fs, int all)
{
	size_t listed = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];
		if (x->review && !all)
			continue;
		listed++;
		char date[11] = "-", rd[11];
		if (x->date != DATE_NONE)
			date_format(x->date, date);
		fprintf(f, "%-10s  %-16s  %s  %s  %.12s  %s  %s", date, finding_kind_names[x->kind],
		        x->case_id ? x->case_id : "-", x->file ? x->file : "-",
		        x->commit ? x->commit : "-", x->author ? x->author : "-", x->detail);
		if (x->review) {
			date_format(x->review->date, rd);
			fprintf(f, " (reviewed by %s on %s)", x->review->by, rd);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < fs->nunmatched; i++) {
		const struct unmatched *u = &fs->unmatched[i];
		if (u->reason == UNMATCHED_NO_FINDING)
			fprintf(f, "reviews.yaml:%d: no such finding: %s\n", u->r->line, u->r->finding);
		else
			fprintf(f, "reviews.yaml:%d: not committed by %s: %s\n", u->r->line,
			        u->r->by, u->r->finding);
	}
	if (all && fs->nreviewed)
		fprintf(f, "%zu finding%s, %zu of them reviewed\n", listed, listed == 1 ? "" : "s",
		        fs->nreviewed);
	else if (fs->nreviewed)
		fprintf(f, "%zu finding%s not reviewed; %zu reviewed (audit --all lists them)\n",
		        listed, listed == 1 ? "" : "s", fs->nreviewed);
	else
		fprintf(f, "%zu finding%s\n", listed, listed == 1 ? "" : "s");
}

void
out_findings_json(FILE *f, const struct findings *fs, int all)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];
		if (x->review && !all)
			continue;
		json_t *o = json_object();
		char date[11];
		json_object_set_new(o, "kind", json_string(finding_kind_names[x->kind]));
		json_object_set_new(o, "case", out_jstr(x->case_id));
		json_object_set_new(o, "file", out_jstr(x->file));
		json_object_set_new(o, "commit", out_jstr(x->commit));
		if (x->date != DATE_NONE) {
			date_format(x->date, date);
			json_object_set_new(o, "date", json_string(date));
		} else
			json_object_set_new(o, "date", json_null());
		json_object_set_new(o, "detail", out_jstr(x->detail));
		json_object_set_new(o, "id", out_jstr(x->id));
		json_object_set_new(o, "review", review_json(x->review));
		json_array_append_new(arr, o);
	}
	json_t *un = json_array();
	for (size_t i = 0; i < fs->nunmatched; i++) {
		const struct unmatched *u = &fs->unmatched[i];
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(u->r->line));
		json_object_set_new(o, "finding", out_jstr(u->r->finding));
		json_object_set_new(o, "reason", json_string(unmatched_reason_names[u->reason]));
		json_array_append_new(un, o);
	}
	json_t *root = json_object();
	json_object_set_new(root, "findings", arr);
	json_object_set_new(root, "unmatched_reviews", un);
	json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fputc('\n', f);
	json_decref(root);
}

/* ---- report (SPEC §7) ---- */

/* jtenths: a JSON number of t tenths, one decimal. */
static json_t *
jtenths(long t)
{
	return json_real((double)t / 10.0);
}

/* figures_json: the figures of f as SPEC §7's object (without program, name
 * and targets). */
static json_t *
figures_json(const struct report_figures *f, const struct caseload *cl, size_t nd)
{
	json_t *o = json_object(), *x;
	json_object_set_new(o, "served", json_integer((json_int_t)f->served));
	json_object_set_new(o, "new", json_integer((json_int_t)f->new_cases));
	json_object_set_new(o, "exited", json_integer((json_int_t)f->exited));
	x = json_object();
	for (size_t k = 0; k <= DEST_UNKNOWN; k++)
		json_object_set_new(x, dest_category_names[k], json_integer((json_int_t)f->exits[k]));
	json_object_set_new(o, "exits", x);
	x = json_object();
	json_object_set_new(x, "due", json_integer((json_int_t)f->goals_due));
	json_object_set_new(x, "achieved", json_integer((json_int_t)f->goals_achieved));
	json_object_set_new(o, "goals", x);
	x = json_object();
	for (size_t d = 0; d < nd; d++)
		if (f->score_n[d])
			json_object_set_new(x, cl->config.domains[d].id,
			                    jtenths(report_tenths(f->score_sum[d], (long)f->score_n[d])));
	json_object_set_new(o, "score_change", x);
	x = json_object();
	json_object_set_new(x, "cases", json_integer((json_int_t)f->fa_cases));
	json_object_set_new(x, "on_time", json_integer((json_int_t)f->fa_on_time));
	json_object_set_new(o, "first_assessment_on_time", x);
	x = json_object();
	json_object_set_new(x, "due", json_integer((json_int_t)f->fu_due));
	json_object_set_new(x, "reached", json_integer((json_int_t)f->fu_reached));
	json_object_set_new(o, "followups", x);
	x = json_object();
	json_object_set_new(x, "count", json_integer((json_int_t)f->fb_count));
	json_object_set_new(x, "mean_rating",
	                    f->fb_rated ? jtenths(report_tenths(f->fb_sum, (long)f->fb_rated))
	                                : json_null());
	json_object_set_new(o, "feedback", x);
	return o;
}

/* jtarget: a target in tenths as a JSON number: whole when it is (70% -> 70). */
static json_t *
jtarget(int t)
{
	return t % 10 ? jtenths(t) : json_integer(t / 10);
}

json_t *
out_report_tree(const struct report *r, const struct caseload *cl)
{
	char d[11];
	json_t *root = json_object(), *progs = json_array();
	date_format(r->from, d);
	json_object_set_new(root, "from", json_string(d));
	date_format(r->to, d);
	json_object_set_new(root, "to", json_string(d));
	date_format(cl->as_of, d);
	json_object_set_new(root, "as_of", json_string(d));
	for (size_t i = 0; i < r->nprograms; i++) {
		const struct report_program *rp = &r->programs[i];
		json_t *o = json_object(), *fig = figures_json(&rp->f, cl, r->ndomains),
		       *tg = json_array();
		json_object_set_new(o, "program", out_jstr(rp->p->id));
		json_object_set_new(o, "name", out_jstr(rp->p->name));
		json_object_update(o, fig); /* keeps fig's order after program, name */
		json_decref(fig);
		for (int m = 0; m < METRIC_N; m++) {
			if (!rp->p->has_target[m])
				continue;
			json_t *t = json_object();
			long actual;
			int has = report_actual(&rp->f, (enum metric)m, &actual);
			json_object_set_new(t, "metric", json_string(metric_names[m]));
			json_object_set_new(t, "target", jtarget(rp->p->target[m]));
			json_object_set_new(t, "actual", has ? jtenths(actual) : json_null());
			json_object_set_new(
				t, "met", has ? json_boolean(actual >= rp->p->target[m]) : json_null());
			json_array_append_new(tg, t);
		}
		json_object_set_new(o, "targets", tg);
		json_array_append_new(progs, o);
	}
	json_object_set_new(root, "programs", progs);
	json_object_set_new(root, "total", figures_json(&r->total, cl, r->ndomains));
	return root;
}

/* The figures are one decimal at most: 15 digits print them as written. */
#define REPORT_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

void
out_report_json(FILE *f, const struct report *r, const struct caseload *cl, const struct out_at *at)
{
	json_t *root = out_report_tree(r, cl);
	if (at)
		json_object_set_new(root, "at", out_at_json(at));
	json_dumpf(root, f, REPORT_JSON_FLAGS);
	fputc('\n', f);
	json_decref(root);
}

/* csv_rows_of: one row {program, metric, value, target, met} per figure of
 * the object fig (nested objects as "exits.permanent"), appended to rows. */
static void
csv_rows_of(json_t *rows, const char *program, const char *prefix, json_t *fig)
{
	const char *key;
	json_t *v;
	json_object_foreach(fig, key, v)
	{
		if (strcmp(key, "program") == 0 || strcmp(key, "name") == 0 || strcmp(key, "targets") == 0)
			continue;
		char *name = prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
		if (json_is_object(v)) {
			csv_rows_of(rows, program, name, v);
		} else {
			json_t *row = json_object();
			json_object_set_new(row, "program", out_jstr(program));
			json_object_set_new(row, "metric", json_string(name));
			json_object_set(row, "value", v);
			json_object_set_new(row, "target", json_null());
			json_object_set_new(row, "met", json_null());
			json_array_append_new(rows, row);
		}
		free(name);
	}
}

void
out_report_csv(FILE *f, const struct report *r, const struct caseload *cl)
{
	static const char *const cols[] = {"program", "metric", "value", "target", "met"};
	json_t *root = out_report_tree(r, cl), *rows = json_array(), *p, *t;
	size_t i, k;
	json_array_foreach(json_object_get(root, "programs"), i, p)
	{
		const char *id = json_string_value(json_object_get(p, "program"));
		csv_rows_of(rows, id, NULL, p);
		json_array_foreach(json_object_get(p, "targets"), k, t)
		{
			json_t *row = json_object();
			char *name = xasprintf("targets.%s",
			                       json_string_value(json_object_get(t, "metric")));
			json_object_set_new(row, "program", out_jstr(id));
			json_object_set_new(row, "metric", json_string(name));
			json_object_set(row, "value", json_object_get(t, "actual"));
			json_object_set(row, "target", json_object_get(t, "target"));
			json_object_set(row, "met", json_object_get(t, "met"));
			json_array_append_new(rows, row);
			free(name);
		}
	}
	csv_rows_of(rows, "total", NULL, json_object_get(root, "total"));
	out_rows_csv(f, cols, sizeof(cols) / sizeof(*cols), rows);
	json_decref(rows);
	json_decref(root);
}

/* ---- report: text and Markdown, one table of figures ---- */

/* A table of cells: row 0 is the head; column 0 the figure's name. */
struct rtable {
	char **cell; /* [nrows * ncols], owned */
	size_t nrows, ncols, cap;
};

static void
rt_row(struct rtable *t)
{
	size_t need = (t->nrows + 1) * t->ncols;
	if (need > t->cap) {
		t->cap = need * 2;
		t->cell = xreallocarray(t->cell, t->cap, sizeof(*t->cell));
	}
	memset(t->cell + t->nrows * t->ncols, 0, t->ncols * sizeof(*t->cell));
	t->nrows++;
}

static void
rt_set(struct rtable *t, size_t col, char *s)
{
	t->cell[(t->nrows - 1) * t->ncols + col] = s;
}

static void
rt_free(struct rtable *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
}

/* tenths_text: t tenths as "1.5", "-0.5"; sign: "+1.5" for a change. */
static char *
tenths_text(long t, int sign)
{
	long a = t < 0 ? -t : t;
	return xasprintf("%s%ld.%ld", t < 0 ? "-" : sign && t > 0 ? "+" : "", a / 10, a % 10);
}

/* The rows of the figures' table, in order. */
enum rrow {
	RR_SERVED,
	RR_NEW,
	RR_EXITED,
	RR_EXITS, /* + category */
	RR_GOALS_DUE = RR_EXITS + DEST_UNKNOWN + 1,
	RR_GOALS_ACHIEVED,
	RR_FA_CASES,
	RR_FA_ON_TIME,
	RR_FU_DUE,
	RR_FU_REACHED,
	RR_FB_COUNT,
	RR_FB_MEAN,
	RR_SCORES /* + domain */
};

static const char *const rrow_names[] = {
	"Cases served",
	"New cases",
	"Cases exited",
	"  to a permanent home",
	"  to temporary housing",
	"  to an institution",
	"  elsewhere (other)",
	"  destination unknown",
	"Goals due",
	"  achieved",
	"First assessments due",
	"  on time",
	"Follow-ups due",
	"  reached the client",
	"Feedback notes",
	"  mean rating (1-5)",
};

/* The same rows named on their own, for Markdown, where a cell keeps no indent. */
static const char *const rrow_long_names[] = {
	"Cases served",
	"New cases",
	"Cases exited",
	"Exits to a permanent home",
	"Exits to temporary housing",
	"Exits to an institution",
	"Exits elsewhere (other)",
	"Exits, destination unknown",
	"Goals due",
	"Goals achieved",
	"First assessments due",
	"First assessments on time",
	"Follow-ups due",
	"Follow-ups that reached the client",
	"Feedback notes",
	"Mean rating (1-5)",
};

/* rrow_cell: the cell of row k for figures f; NULL for null. */
static char *
rrow_cell(const struct report_figures *f, size_t k)
{
	size_t v;
	switch (k) {
	case RR_SERVED: v = f->served; break;
	case RR_NEW: v = f->new_cases; break;
	case RR_EXITED: v = f->exited; break;
	case RR_GOALS_DUE: v = f->goals_due; break;
	case RR_GOALS_ACHIEVED: v = f->goals_achieved; break;
	case RR_FA_CASES: v = f->fa_cases; break;
	case RR_FA_ON_TIME: v = f->fa_on_time; break;
	case RR_FU_DUE: v = f->fu_due; break;
	case RR_FU_REACHED: v = f->fu_reached; break;
	case RR_FB_COUNT: v = f->fb_count; break;
	case RR_FB_MEAN:
		return f->fb_rated ? tenths_text(report_tenths(f->fb_sum, (long)f->fb_rated), 0) : NULL;
	default:
		if (k >= RR_EXITS && k < RR_GOALS_DUE) {
			v = f->exits[k - RR_EXITS];
			break;
		}
		k -= RR_SCORES;
		return f->score_n[k]
		               ? tenths_text(report_tenths(f->score_sum[k], (long)f->score_n[k]), 1)
		               : NULL;
	}
	return xasprintf("%zu", v);
}

/* figures_table: the figures of every program and the total. */
static void
figures_table(struct rtable *t, const struct report *r, const struct caseload *cl, const char *const *names)
{
	memset(t, 0, sizeof(*t));
	t->ncols = r->nprograms + 2;
	rt_row(t);
	rt_set(t, 0, xstrdup(""));
	for (size_t i = 0; i < r->nprograms; i++)
		rt_set(t, i + 1, xstrdup(r->programs[i].p->name));
	rt_set(t, r->nprograms + 1, xstrdup("Total"));
	size_t nrows = RR_SCORES + r->ndomains;
	for (size_t k = 0; k < nrows; k++) {
		if (k >= RR_SCORES && r->total.score_n[k - RR_SCORES] == 0)
			continue; /* a domain no case could show a change in */
		rt_row(t);
		if (k < RR_SCORES)
			rt_set(t, 0, xstrdup(names[k]));
		else
			rt_set(t, 0,
			       xasprintf("%s: %s", "Score change", cl->config.domains[k - RR_SCORES].label));
		for (size_t i = 0; i < r->nprograms; i++)
			rt_set(t, i + 1, rrow_cell(&r->programs[i].f, k));
		rt_set(t, r->nprograms + 1, rrow_cell(&r->total, k));
	}
}

/* targets_table: program, metric, target, actual, met; one row per target. */
static void
targets_table(struct rtable *t, const struct report *r)
{
	static const char *const metric_words[] = {"exits to a permanent home", "goals achieved",
	                                           "first assessments on time",
	                                           "follow-ups that reached the client"};
	memset(t, 0, sizeof(*t));
	t->ncols = 5;
	rt_row(t);
	rt_set(t, 0, xstrdup("Program"));
	rt_set(t, 1, xstrdup("Measure"));
	rt_set(t, 2, xstrdup("Target"));
	rt_set(t, 3, xstrdup("Actual"));
	rt_set(t, 4, xstrdup("Result"));
	for (size_t i = 0; i < r->nprograms; i++) {
		const struct report_program *rp = &r->programs[i];
		for (int m = 0; m < METRIC_N; m++) {
			if (!rp->p->has_target[m])
				continue;
			long actual;
			int has = report_actual(&rp->f, (enum metric)m, &actual);
			char *tt = tenths_text(rp->p->target[m], 0);
			size_t l = strlen(tt);
			if (l > 2 && strcmp(tt + l - 2, ".0") == 0)
				tt[l - 2] = '\0';
			rt_row(t);
			rt_set(t, 0, xstrdup(rp->p->name));
			rt_set(t, 1, xstrdup(metric_words[m]));
			rt_set(t, 2, xasprintf("%s%%", tt));
			free(tt);
			if (has) {
				char *a = tenths_text(actual, 0);
				rt_set(t, 3, xasprintf("%s%%", a));
				free(a);
			}
			rt_set(t, 4,
			       xstrdup(!has                         ? "no data"
			               : actual >= rp->p->target[m] ? "met"
			                                            : "missed"));
		}
	}
}

static void
period_line(FILE *f, const struct report *r, const struct caseload *cl, const char *pre)
{
	char from[11], to[11], asof[11];
	date_format(r->from, from);
	date_format(r->to, to);
	date_format(cl->as_of, asof);
	fprintf(f, "%s", pre);
	text_put(f, cl->config.organization ? cl->config.organization : "caseload", 0);
	fprintf(f, ": report for %s to %s (as of %s)\n", from, to, asof);
}

/* text_table: t's columns aligned, column c to the left when align[c] is
 * 'l', else (numbers, and past align's end) to the right. */
static void
text_table(FILE *f, const struct rtable *t, const char *align)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cell[i * t->ncols + c];
			size_t x = text_width(s ? s : "-");
			if (x > w[c])
				w[c] = x;
		}
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cell[i * t->ncols + c];
			if (!s)
				s = "-";
			size_t x = text_width(s);
			int last = c + 1 == t->ncols;
			if (c)
				fputs("  ", f);
			if (c < strlen(align) && align[c] == 'l')
				text_put(f, s, last ? 0 : w[c]);
			else {
				for (; x < w[c]; x++)
					fputc(' ', f);
				text_put(f, s, 0);
			}
		}
		fputc('\n', f);
	}
	free(w);
}

void
out_report_text(FILE *f, const struct report *r, const struct caseload *cl)
{
	struct rtable t;
	period_line(f, r, cl, "");
	fputc('\n', f);
	if (r->nprograms == 0) {
		fputs("No programs to report on.\n", f);
		return;
	}
	figures_table(&t, r, cl, rrow_names);
	text_table(f, &t, "l");
	rt_free(&t);
	targets_table(&t, r);
	fputc('\n', f);
	if (t.nrows == 1)
		fputs("Targets: none set (targets under programs in caseload.yaml).\n", f);
	else
		text_table(f, &t, "llrrl");
	rt_free(&t);
}

/* md_cell: s in a Markdown table cell: '|' and '\' escaped, control
 * characters as spaces, and Markdown's own marks kept as text. */
static void
md_cell(FILE *f, const char *s)
{
	if (!s) {
		fputs("–", f);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fputc(' ', f);
		else if (strchr("|\\*_`[]<>#~", *p))
			fprintf(f, "\\%c", *p);
		else
			fputc(*p, f);
	}
}

static void
md_table(FILE *f, const struct rtable *t, const char *align)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cell[i * t->ncols + c];
			fputs(c ? " | " : "| ", f);
			md_cell(f, s);
		}
		fputs(" |\n", f);
		if (i == 0) {
			for (size_t c = 0; c < t->ncols; c++)
				fputs(c < strlen(align) && align[c] == 'l' ? "|---" : "|---:", f);
			fputs("|\n", f);
		}
	}
}

void
out_report_md(FILE *f, const struct report *r, const struct caseload *cl)
{
	struct rtable t;
	char from[11], to[11], asof[11];
	date_format(r->from, from);
	date_format(r->to, to);
	date_format(cl->as_of, asof);
	fputs("# ", f);
	md_cell(f, cl->config.organization ? cl->config.organization : "caseload");
	fprintf(f, ": report for %s to %s\n\nBoth days included; as of %s.\n\n", from, to, asof);
	if (r->nprograms == 0) {
		fputs("No programs to report on.\n", f);
		return;
	}
	figures_table(&t, r, cl, rrow_long_names);
	md_table(f, &t, "l");
	rt_free(&t);
	fputs("\n## Targets\n\n", f);
	targets_table(&t, r);
	if (t.nrows == 1)
		fputs("None set.\n", f);
	else
		md_table(f, &t, "llrrl");
	rt_free(&t);
}

/* ---- digest (SPEC §7): text, Markdown, mail ---- */

/* digest_org: the organization's name, or "caseload". */
static const char *
digest_org(const struct digest *d)
{
	return d->cl->config.organization ? d->cl->config.organization : "caseload";
}

/* digest_items_text: one aligned line per item of l: due date, case id,
 * the client (names), the worker (with_worker), what is due; "  none"
 * for none. */
static void
digest_items_text(FILE *f, const struct digest *d, const struct digest_list *l, int names, int with_worker)
{
	size_t wcase = 0, wclient = 0, wworker = 0;
	if (l->n == 0) {
		fputs("  none\n", f);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &d->due.v[l->v[i]];
		size_t w;
		if ((w = text_width(it->c->id)) > wcase)
			wcase = w;
		if (names && (w = text_width(it->c->client_name ? it->c->client_name : "-")) > wclient)
			wclient = w;
		if (with_worker && (w = text_width(it->c->worker ? it->c->worker : "-")) > wworker)
			wworker = w;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &d->due.v[l->v[i]];
		char date[11];
		date_format(it->due, date);
		fprintf(f, "  %s  ", date);
		text_put(f, it->c->id, wcase);
		fputs("  ", f);
		if (names) {
			text_put(f, it->c->client_name ? it->c->client_name : "-", wclient);
			fputs("  ", f);
		}
		if (with_worker) {
			text_put(f, it->c->worker ? it->c->worker : "-", wworker);
			fputs("  ", f);
		}
		text_put(f, it->title, 0);
		fputc('\n', f);
	}
}

/* digest_heading: "Overdue (3)" and so on. */
static void
digest_heading(FILE *f, const char *what, size_t n, const char *md)
{
	fprintf(f, "\n%s%s (%zu)\n", md ? md : "", what, n);
	if (md)
		fputc('\n', f);
}

/* digest_flags: the open flags of w's cases, a line each: the case, the
 * client (names), the flag's date, its text and its review; Markdown as a
 * list (md). */
static void
digest_flags(FILE *f, const struct digest_worker *w, int names, int md)
{
	size_t wcase = 0, wclient = 0;
	for (size_t i = 0; i < w->nflags; i++) {
		const struct case_record *c = w->flags[i].c;
		size_t x;
		if ((x = text_width(c->id)) > wcase)
			wcase = x;
		if (names && (x = text_width(c->client_name ? c->client_name : "-")) > wclient)
			wclient = x;
	}
	for (size_t i = 0; i < w->nflags; i++) {
		const struct case_record *c = w->flags[i].c;
		const struct flag *fl = &c->flags[w->flags[i].flag];
		char date[11], review[11];
		date_format(fl->date, date);
		date_format(fl->review, review);
		if (md) {
			fputs("- ", f);
			md_cell(f, c->id);
			if (c->client_name) {
				fputs(" · ", f);
				md_cell(f, c->client_name);
			}
			fprintf(f, " · %s: ", fl->date != DATE_NONE ? date : "-");
			md_cell(f, fl->text ? fl->text : "");
			if (fl->review != DATE_NONE)
				fprintf(f, " (review %s)", review);
			fputc('\n', f);
			continue;
		}
		fputs("  ", f);
		text_put(f, c->id, wcase);
		fputs("  ", f);
		if (names) {
			text_put(f, c->client_name ? c->client_name : "-", wclient);
			fputs("  ", f);
		}
		fprintf(f, "%s  ", fl->date != DATE_NONE ? date : "-         ");
		text_put(f, fl->text ? fl->text : "", 0);
		if (fl->review != DATE_NONE)
			fprintf(f, " (review %s)", review);
		fputc('\n', f);
	}
}

static void
worker_text(FILE *f, const struct digest *d, const struct digest_worker *w, int names)
{
	char asof[11], since[11], head[64];
	date_format(d->as_of, asof);
	date_format(d->since, since);
	text_put(f, digest_org(d), 0);
	fputs(": digest for ", f);
	text_put(f, w->w->name ? w->w->name : w->w->id, 0);
	fprintf(f, " (%s), as of %s\n", w->w->id, asof);
	fprintf(f, "%zu open case%s\n", w->open_cases, w->open_cases == 1 ? "" : "s");
	digest_heading(f, "Overdue", w->overdue.n, NULL);
	digest_items_text(f, d, &w->overdue, names, 0);
	digest_heading(f, "Due within 7 days", w->soon.n, NULL);
	digest_items_text(f, d, &w->soon, names, 0);
	snprintf(head, sizeof(head), "Newly overdue since %s", since);
	digest_heading(f, head, w->newly.n, NULL);
	digest_items_text(f, d, &w->newly, names, 0);
	digest_heading(f, "Open flags", w->nflags, NULL);
	if (!w->nflags)
		fputs("  none\n", f);
	digest_flags(f, w, names, 0);
}

static void
team_text(FILE *f, const struct digest *d, int names)
{
	char asof[11], within[32], head[80];
	date_format(d->as_of, asof);
	text_put(f, digest_org(d), 0);
	fprintf(f, ": team digest, as of %s\n\n", asof);
	struct rtable t;
	memset(&t, 0, sizeof(t));
	t.ncols = 4;
	rt_row(&t);
	rt_set(&t, 0, xstrdup("Worker"));
	rt_set(&t, 1, xstrdup("Open cases"));
	rt_set(&t, 2, xstrdup("Overdue"));
	rt_set(&t, 3, xstrdup("Due within 7 days"));
	for (size_t k = 0; k < d->nrows; k++) {
		const struct digest_row *r = &d->rows[k];
		rt_row(&t);
		rt_set(&t, 0, xasprintf("%s (%s)", r->w->name ? r->w->name : r->w->id, r->w->id));
		rt_set(&t, 1, xasprintf("%zu", r->open_cases));
		rt_set(&t, 2, xasprintf("%zu", r->overdue));
		rt_set(&t, 3, xasprintf("%zu", r->soon));
	}
	text_table(f, &t, "l");
	rt_free(&t);
	dur_words(d->escalate, within, sizeof(within));
	snprintf(head, sizeof(head), "Overdue by more than %s", within);
	digest_heading(f, head, d->escalated.n, NULL);
	digest_items_text(f, d, &d->escalated, names, 1);
}

void
out_digest_text(FILE *f, const struct digest *d)
{
	for (size_t k = 0; k < d->nworkers; k++) {
		if (k)
			fputs("\n\n", f);
		worker_text(f, d, &d->workers[k], 1);
	}
	if (d->team) {
		if (d->nworkers)
			fputs("\n\n", f);
		team_text(f, d, 1);
	}
}

/* md_items: a Markdown list of l: "- 2026-11-02 · hl-2026-004 · María: what". */
static void
md_items(FILE *f, const struct digest *d, const struct digest_list *l, int with_worker)
{
	if (l->n == 0) {
		fputs("None.\n", f);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &d->due.v[l->v[i]];
		char date[11];
		date_format(it->due, date);
		fprintf(f, "- %s · ", date);
		md_cell(f, it->c->id);
		if (it->c->client_name) {
			fputs(" · ", f);
			md_cell(f, it->c->client_name);
		}
		if (with_worker && it->c->worker) {
			fputs(" · ", f);
			md_cell(f, it->c->worker);
		}
		fputs(": ", f);
		md_cell(f, it->title);
		fputc('\n', f);
	}
}

void
out_digest_md(FILE *f, const struct digest *d)
{
	char asof[11], since[11], head[80], within[32];
	date_format(d->as_of, asof);
	date_format(d->since, since);
	for (size_t k = 0; k < d->nworkers; k++) {
		const struct digest_worker *w = &d->workers[k];
		fputs(k ? "\n# Digest for " : "# Digest for ", f);
		md_cell(f, w->w->name ? w->w->name : w->w->id);
		fputs("\n\n", f);
		md_cell(f, digest_org(d));
		fprintf(f, ", as of %s: %zu open case%s.\n", asof, w->open_cases,
		        w->open_cases == 1 ? "" : "s");
		digest_heading(f, "Overdue", w->overdue.n, "## ");
		md_items(f, d, &w->overdue, 0);
		digest_heading(f, "Due within 7 days", w->soon.n, "## ");
		md_items(f, d, &w->soon, 0);
		snprintf(head, sizeof(head), "Newly overdue since %s", since);
		digest_heading(f, head, w->newly.n, "## ");
		md_items(f, d, &w->newly, 0);
		digest_heading(f, "Open flags", w->nflags, "## ");
		if (!w->nflags)
			fputs("None.\n", f);
		digest_flags(f, w, 1, 1);
	}
	if (!d->team)
		return;
	fputs(d->nworkers ? "\n# Team digest\n\n" : "# Team digest\n\n", f);
	md_cell(f, digest_org(d));
	fprintf(f, ", as of %s.\n\n", asof);
	struct rtable t;
	memset(&t, 0, sizeof(t));
	t.ncols = 4;
	rt_row(&t);
	rt_set(&t, 0, xstrdup("Worker"));
	rt_set(&t, 1, xstrdup("Open cases"));
	rt_set(&t, 2, xstrdup("Overdue"));
	rt_set(&t, 3, xstrdup("Due within 7 days"));
	for (size_t k = 0; k < d->nrows; k++) {
		const struct digest_row *r = &d->rows[k];
		rt_row(&t);
		rt_set(&t, 0, xasprintf("%s (%s)", r->w->name ? r->w->name : r->w->id, r->w->id));
		rt_set(&t, 1, xasprintf("%zu", r->open_cases));
		rt_set(&t, 2, xasprintf("%zu", r->overdue));
		rt_set(&t, 3, xasprintf("%zu", r->soon));
	}
	md_table(f, &t, "l");
	rt_free(&t);
	dur_words(d->escalate, within, sizeof(within));
	snprintf(head, sizeof(head), "Overdue by more than %s", within);
	digest_heading(f, head, d->escalated.n, "## ");
	md_items(f, d, &d->escalated, 1);
}

/* ---- digest: mail (RFC 5322 messages in an mbox) ---- */

/* hdr_encoded: appends "Name: value" to b, value as RFC 2047 encoded
 * words (UTF-8, base64) when it is not all printable ASCII, folded so that
 * no line passes 78 octets; then CRLF. A value from the records can never
 * end the header or add one: control characters become spaces first. An
 * address ("Name <a@b>") keeps its <a@b> as written; only the name is
 * encoded. */
static void
hdr_encoded(struct buf *b, const char *name, const char *raw)
{
	char *value = xstrdup(raw), *addr = NULL;
	int plain = 1;
	for (unsigned char *p = (unsigned char *)value; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			*p = ' ';
		if (*p > 0x7E)
			plain = 0;
	}
	buf_printf(b, "%s: ", name);
	if (plain) {
		buf_puts(b, value);
		buf_puts(b, "\r\n");
		free(value);
		return;
	}
	size_t vl = strlen(value);
	char *lt = strrchr(value, '<');
	if (lt && vl && value[vl - 1] == '>' && lt > value) {
		addr = xstrdup(lt);
		while (lt > value && lt[-1] == ' ')
			lt--;
		*lt = '\0';
	}
	/* encoded words of at most 75 characters (RFC 2047), each line at most
	 * 78 with "Name: " or the fold's space before it, cut between code
	 * points: 12 characters of markers, the rest base64 (4 for 3 octets) */
	size_t n = strlen(value), at = 0, lead = strlen(name) + 2;
	while (at < n) {
		size_t room = (at ? 78 - 1 : 78 - lead) - 12, max = room / 4 * 3;
		if (max > 45)
			max = 45;
		size_t take = n - at < max ? n - at : max;
		while (take < n - at && take > 0 && ((unsigned char)value[at + take] & 0xC0) == 0x80)
			take--;
		if (take == 0)
			take = 1;
		if (at)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?UTF-8?B?");
		buf_base64(b, value + at, take);
		buf_puts(b, "?=");
		at += take;
	}
	if (addr)
		buf_printf(b, "\r\n %s", addr);
	buf_puts(b, "\r\n");
	free(addr);
	free(value);
}

/* envelope: the address in from ("Name <a@b>" or "a@b") into out. */
static void
envelope(const char *from, char *out, size_t size)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		snprintf(out, size, "%.*s", (int)(gt - lt - 1), lt + 1);
	else
		snprintf(out, size, "%s", from);
	for (char *c = out; *c; c++)
		if (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n')
			*c = '-';
}

/* mail_body: text (LF lines) as a mail body into b: CRLF line ends, a line
 * that begins "From " (after any '>') gets one more '>' (mboxrd), so that
 * no line of a message can start a new one. */
static void
mail_body(struct buf *b, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, k = i;
		while (k < end && text[k] == '>')
			k++;
		if (end - k >= 5 && memcmp(text + k, "From ", 5) == 0)
			buf_putc(b, '>');
		size_t l = end - i;
		if (l && text[end - 1] == '\r')
			l--;
		buf_add(b, text + i, l);
		buf_puts(b, "\r\n");
		i = end + 1;
	}
}

/* mail: one message of the mbox: the From line, the headers, the body. */
static void
mail(FILE *f, const struct digest *d, const char *to, const char *id, const char *subject,
     const char *text, size_t len)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	const char *from = d->cl->config.policy.digest_from ? d->cl->config.policy.digest_from
	                                                    : "caseload@localhost";
	char env[256], date[11];
	int y, m, dd;
	date_to_ymd(d->as_of, &y, &m, &dd);
	date_format(d->as_of, date);
	int wd = ((d->as_of + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
	envelope(from, env, sizeof(env));
	struct buf b = {0};
	buf_printf(&b, "From %s %s %s %2d 00:00:00 %d\r\n", env, wday[wd], mon[m - 1], dd, y);
	hdr_encoded(&b, "From", from);
	hdr_encoded(&b, "To", to);
	hdr_encoded(&b, "Subject", subject);
	buf_printf(&b, "Date: %s, %d %s %d 00:00:00 +0000\r\n", wday[wd], dd, mon[m - 1], y);
	/* an id that check calls bad (a space, a line break) cannot break the header */
	buf_puts(&b, "Message-ID: <digest.");
	for (const char *c = id; *c; c++)
		buf_putc(&b, strchr("<>@\"\\ ", *c) || (unsigned char)*c < 0x21 || *c == 0x7F ? '-' : *c);
	buf_printf(&b, ".%s@caseload>\r\n", date);
	buf_puts(&b, "MIME-Version: 1.0\r\n"
	             "Content-Type: text/plain; charset=utf-8\r\n"
	             "Content-Transfer-Encoding: 8bit\r\n"
	             "\r\n");
	mail_body(&b, text, len);
	buf_puts(&b, "\r\n"); /* the blank line that ends a message of an mbox */
	fwrite(b.s, 1, b.len, f);
	buf_free(&b);
}

/* supervisors: the addresses of every supervisor with an email, ", "
 * between them; the caller frees it. "" for none. */
static char *
supervisors(const struct caseload *cl)
{
	struct buf b = {0};
	for (size_t k = 0; k < cl->config.nworkers; k++) {
		const struct worker *w = &cl->config.workers[k];
		if (w->role == ROLE_SUPERVISOR && w->email && *w->email)
			buf_printf(&b, "%s%s", b.len ? ", " : "", w->email);
	}
	return buf_detach(&b);
}

void
out_digest_eml(FILE *f, const struct digest *d, int names)
{
	char *text = NULL, within[32];
	size_t len = 0;
	struct buf subj = {0};
	for (size_t k = 0; k < d->nworkers; k++) {
		const struct digest_worker *w = &d->workers[k];
		if (!w->w->email || !*w->w->email)
			continue;
		FILE *m = open_memstream(&text, &len);
		if (!m)
			continue;
		worker_text(m, d, w, names);
		fclose(m);
		buf_reset(&subj);
		buf_printf(&subj, "%s: %zu overdue, %zu due within 7 days, %zu newly overdue - %s",
		           digest_org(d), w->overdue.n, w->soon.n, w->newly.n,
		           w->w->name ? w->w->name : w->w->id);
		mail(f, d, w->w->email, w->w->id, subj.s, text, len);
		free(text);
		text = NULL;
	}
	char *to = supervisors(d->cl);
	if (d->team && *to) {
		FILE *m = open_memstream(&text, &len);
		if (m) {
			team_text(m, d, names);
			fclose(m);
			size_t over = 0, soon = 0;
			for (size_t k = 0; k < d->nrows; k++) {
				over += d->rows[k].overdue;
				soon += d->rows[k].soon;
			}
			dur_words(d->escalate, within, sizeof(within));
			buf_reset(&subj);
			buf_printf(&subj,
			           "%s: %zu overdue, %zu due within 7 days, %zu overdue by more than "
			           "%s - team",
			           digest_org(d), over, soon, d->escalated.n, within);
			mail(f, d, to, "team", subj.s, text, len);
			free(text);
		}
	}
	free(to);
	buf_free(&subj);
}
