/* out.c: writers for text, JSON, CSV and ICS; quoting lives here only. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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
		if (g->line > 0)
			fprintf(f, "%s:%d:%d: %s: %s (%s)\n", g->file, g->line, g->col, sev, g->message,
			        g->code);
		else
			fprintf(f, "%s: %s: %s (%s)\n", g->file, sev, g->message, g->code);
		if (g->hint)
			fprintf(f, "    hint: %s\n", g->hint);
	}
	diag_count(d, &errors, &warnings);
	fprintf(f, "%zu errors, %zu warnings\n", errors, warnings);
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
		json_object_set_new(o, "severity",
		                    json_string(g->sev == SEV_ERROR ? "error" : "warning"));
		json_object_set_new(o, "code", json_string(g->code));
		json_object_set_new(o, "message", out_jstr(g->message));
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
