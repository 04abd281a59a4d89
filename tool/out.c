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
out_diags_json(FILE *f, const struct diags *d)
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

/* dur_words: "14 days", "1 month", ... into out. */
static void
dur_words(struct dur d, char *out, size_t size)
{
	const char *unit = d.unit == 'w'   ? "week"
	                   : d.unit == 'm' ? "month"
	                   : d.unit == 'y' ? "year"
	                                   : "day";
	snprintf(out, size, "%d %s%s", d.n, unit, d.n == 1 ? "" : "s");
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
out_due_json(FILE *f, const struct due_list *l)
{
	char date[11];
	struct buf b = {0};
	/* one item at a time rather than one tree of them all: for 50,000 items
	 * that is half the time or less, with memory for one item */
	date_format(l->as_of, date);
	fprintf(f, "{\"as_of\":\"%s\",\"items\":[", date);
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

/* ---- due: CSV ---- */

void
out_csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
out_csv_row(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		out_csv_field(f, fields[i]);
	}
	fputs("\r\n", f);
}

void
out_due_csv(FILE *f, const struct due_list *l)
{
	static const char *const head[] = {"case", "client", "worker", "program", "kind",
	                                   "ref",  "due",    "days",   "status",  "title"};
	out_csv_row(f, head, sizeof(head) / sizeof(*head));
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
		out_csv_row(f, row, sizeof(row) / sizeof(*row));
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
	out_csv_row(f, cols, n);
	char **text = xcalloc(n ? n : 1, sizeof(*text));
	json_array_foreach(rows, i, r)
	{
		for (size_t c = 0; c < n; c++)
			text[c] = csv_text(json_object_get(r, cols[c]));
		out_csv_row(f, (const char *const *)text, n);
		for (size_t c = 0; c < n; c++)
			free(text[c]);
	}
	free(text);
}

void
out_rows_json(FILE *f, int as_of, const char *kind, const json_t *rows)
{
	char d[11];
	date_format(as_of, d);
	json_t *root = json_object();
	json_object_set_new(root, "as_of", json_string(d));
	json_object_set_new(root, "kind", json_string(kind));
	json_object_set(root, "rows", (json_t *)rows);
	json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fputc('\n', f);
	json_decref(root);
}

/* ---- due: ICS ---- */

/* ics_text: appends s as an RFC 5545 TEXT value: backslash, semicolon and
 * comma escaped, line breaks as \n, other control characters left out. */
static void
ics_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\\' || ch == ';' || ch == ',') {
			buf_putc(b, '\\');
			buf_putc(b, *s);
		} else if (ch == '\n' || (ch == '\r' && s[1] != '\n'))
			buf_puts(b, "\\n");
		else if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
			continue;
		else
			buf_putc(b, *s);
	}
}

/* ics_line: writes the content line in b, folded so that no line is longer
 * than 75 octets (a continuation begins with a space) and never inside a
 * UTF-8 character, each ended by CRLF; then empties b. */
static void
ics_line(FILE *f, struct buf *b)
{
	const char *s = b->s ? b->s : "";
	size_t n = b->len, max = 75;
	while (n > max) {
		size_t cut = max;
		while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		fwrite(s, 1, cut, f);
		fputs("\r\n ", f);
		s += cut;
		n -= cut;
		max = 74;
	}
	fwrite(s, 1, n, f);
	fputs("\r\n", f);
	buf_reset(b);
}

/* ics_date: YYYYMMDD. */
static void
ics_date(int days, char out[16])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	snprintf(out, 16, "%04d%02d%02d", y, m, d);
}

void
out_due_ics(FILE *f, const struct due_list *l, const char *calname, int names)
{
	struct buf b = {0};
	char stamp[16], start[16], end[16], date[11];
	ics_date(l->as_of, stamp);
	buf_puts(&b, "BEGIN:VCALENDAR");
	ics_line(f, &b);
	buf_puts(&b, "VERSION:2.0");
	ics_line(f, &b);
	buf_puts(&b, "PRODID:-//caseload//caseload due//EN");
	ics_line(f, &b);
	buf_puts(&b, "CALSCALE:GREGORIAN");
	ics_line(f, &b);
	buf_puts(&b, "METHOD:PUBLISH");
	ics_line(f, &b);
	if (calname) {
		buf_puts(&b, "X-WR-CALNAME:");
		ics_text(&b, calname);
		ics_line(f, &b);
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		const struct case_record *c = it->c;
		date_format(it->due, date);
		ics_date(it->due, start);
		ics_date(it->due + 1, end);
		buf_puts(&b, "BEGIN:VEVENT");
		ics_line(f, &b);
		buf_puts(&b, "UID:");
		ics_text(&b, c->id);
		buf_putc(&b, '/');
		ics_text(&b, due_kind_names[it->kind]);
		buf_putc(&b, '/');
		ics_text(&b, it->ref);
		buf_printf(&b, "/%s@caseload", date);
		ics_line(f, &b);
		buf_printf(&b, "DTSTAMP:%sT000000Z", stamp);
		ics_line(f, &b);
		buf_printf(&b, "DTSTART;VALUE=DATE:%s", start);
		ics_line(f, &b);
		buf_printf(&b, "DTEND;VALUE=DATE:%s", end);
		ics_line(f, &b);
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
		ics_line(f, &b);
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
		buf_printf(&b, "\\nDue: %s", date);
		ics_line(f, &b);
		buf_printf(&b, "CATEGORIES:%s", due_kind_names[it->kind]);
		ics_line(f, &b);
		buf_puts(&b, "TRANSP:TRANSPARENT");
		ics_line(f, &b);
		buf_puts(&b, "END:VEVENT");
		ics_line(f, &b);
	}
	buf_puts(&b, "END:VCALENDAR");
	ics_line(f, &b);
	buf_free(&b);
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

void
out_findings_text(FILE *f, const struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];
		char date[11] = "-";
		if (x->date != DATE_NONE)
			date_format(x->date, date);
		fprintf(f, "%-10s  %-16s  %s  %s  %.7s  %s  %s\n", date, finding_kind_names[x->kind],
		        x->case_id ? x->case_id : "-", x->file ? x->file : "-",
		        x->commit ? x->commit : "-", x->author ? x->author : "-", x->detail);
	}
	fprintf(f, "%zu finding%s\n", fs->n, fs->n == 1 ? "" : "s");
}

void
out_findings_json(FILE *f, const struct findings *fs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];
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
		json_array_append_new(arr, o);
	}
	json_t *root = json_object();
	json_object_set_new(root, "findings", arr);
	json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fputc('\n', f);
	json_decref(root);
}
