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

/* yaml_plain_ok: s starts with a letter, holds only letters, digits and
 * " .-'_(),/", does not end in a space, and is no word YAML reads as null or
 * a boolean. Anything else is quoted: that is always correct, and this is
 * only for looks. */
static int
yaml_plain_ok(const char *s)
{
	static const char *const words[] = {"null", "true", "false", "yes", "no", "on",
	                                    "off", "y", "n", NULL};
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
