/* yaml_error.c: a YAML syntax error in words (yaml_error.h). It reads the
 * lines around libyaml's marks, never the document libyaml could not
 * build: a line's indentation, whether it begins with `key:` or `- `, the
 * key before it. */
#include <string.h>

#include "yaml_error.h"

/* A line of the text, without its line break. */
struct line {
	const char *s;
	size_t len;
};

/* line_at: line n (0-based) of t[0..len); a line ends at LF, CRLF or a lone
 * CR, as libyaml counts them. 0 when the text has no such line. */
static int
line_at(const char *t, size_t len, size_t n, struct line *out)
{
	size_t i = 0;
	while (n > 0) {
		while (i < len && t[i] != '\n' && t[i] != '\r')
			i++;
		if (i == len)
			return 0;
		i += t[i] == '\r' && i + 1 < len && t[i + 1] == '\n' ? 2 : 1;
		n--;
	}
	size_t e = i;
	while (e < len && t[e] != '\n' && t[e] != '\r')
		e++;
	out->s = t + i;
	out->len = e - i;
	return 1;
}

/* cp_offset: the byte offset of code point col (0-based) in l, or l->len
 * when the line is shorter. */
static size_t
cp_offset(const struct line *l, size_t col)
{
	size_t i = 0;
	while (i < l->len && col > 0) {
		i++;
		while (i < l->len && ((unsigned char)l->s[i] & 0xC0) == 0x80)
			i++;
		col--;
	}
	return i;
}

/* cp_count: the code points in s[0..n). */
static size_t
cp_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* What a line begins with. */
struct entry {
	int item_col;    /* 1-based column of a leading '- ', or 0 */
	int key_col;     /* 1-based column of a `key:` after the indentation
	                  * (and any '- '), or 0 */
	const char *key; /* the key as written (quotes included), key_len bytes */
	size_t key_len;
	const char *value; /* what follows the key's ': ', trimmed, without a
	                    * comment; value_len bytes (0: the key ends the line) */
	size_t value_len;
};

/* entry_of: what l begins with. A comment or a blank line is all zeros. */
static void
entry_of(const struct line *l, struct entry *e)
{
	const char *s = l->s;
	size_t n = l->len, i = 0;
	memset(e, 0, sizeof(*e));
	while (i < n && s[i] == ' ')
		i++;
	while (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ')) {
		if (!e->item_col)
			e->item_col = (int)cp_count(s, i) + 1;
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i == n || strchr("#,[]{}&*!|>%@`", s[i]))
		return;
	size_t k = i, end;
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i];
		for (k = i + 1; k < n; k++) {
			if (q == '"' && s[k] == '\\')
				k++;
			else if (s[k] == q && q == '\'' && k + 1 < n && s[k + 1] == '\'')
				k++;
			else if (s[k] == q)
				break;
		}
		if (k >= n)
			return;
		end = ++k;
		while (k < n && s[k] == ' ')
			k++;
		if (k == n || s[k] != ':' || (k + 1 < n && s[k + 1] != ' '))
			return;
	} else {
		for (; k < n; k++) {
			if (s[k] == ':' && (k + 1 == n || s[k + 1] == ' '))
				break;
			if (s[k] == '#' && k > i && s[k - 1] == ' ')
				return; /* a comment before any colon: no key */
		}
		if (k == n)
			return;
		end = k;
		while (end > i && s[end - 1] == ' ')
			end--;
	}
	e->key_col = (int)cp_count(s, i) + 1;
	e->key = s + i;
	e->key_len = end - i;
	size_t v = k + 1;
	while (v < n && s[v] == ' ')
		v++;
	size_t ve = v;
	for (; ve < n; ve++)
		if (s[ve] == '#' && ve > v && s[ve - 1] == ' ')
			break;
	while (ve > v && s[ve - 1] == ' ')
		ve--;
	if (ve > v && s[v] != '#') {
		e->value = s + v;
		e->value_len = ve - v;
	}
}

/* prev_key: the nearest line above line n that begins with a key at a
 * column no greater than col (0: any column), skipping blank lines,
 * comments and lines of other kinds. Its number in *at. 0 when none. */
static int
prev_key(const char *t, size_t len, size_t n, int col, struct entry *e, size_t *at)
{
	struct line l;
	while (n-- > 0) {
		if (!line_at(t, len, n, &l))
			return 0;
		entry_of(&l, e);
		if (e->key_col && (col == 0 || e->key_col <= col)) {
			*at = n;
			return 1;
		}
	}
	return 0;
}

/* prev_item: the nearest line above line n that begins with '- ' (list
 * items), skipping blank lines and comments; stops at a line with a key
 * and no '- '. Its number in *at. 0 when none. */
static int
prev_item(const char *t, size_t len, size_t n, struct entry *e, size_t *at)
{
	struct line l;
	while (n-- > 0) {
		if (!line_at(t, len, n, &l))
			return 0;
		entry_of(&l, e);
		if (e->item_col) {
			*at = n;
			return 1;
		}
		if (e->key_col)
			return 0;
	}
	return 0;
}

/* key_words: "'phone' is indented to column 3, but the key before it,
 * 'name' on line 1, is at column 1: ...". */
static void
key_words(struct buf *b, const struct entry *e, const struct entry *p, size_t pline, int offset)
{
	buf_printf(b,
	           "'%.*s' is indented to column %d, but the key before it, '%.*s' on line %zu, "
	           "is at column %d: start the keys of one mapping in the same column",
	           (int)e->key_len, e->key, e->key_col, (int)p->key_len, p->key,
	           pline + 1 + (size_t)offset, p->key_col);
}

/* quote_words: a colon inside a value: put the value in quotes, shown on
 * the key's own line when it can be. */
static void
quote_words(struct buf *b, const struct entry *e)
{
	buf_puts(b, "a colon followed by a space inside a value that is not in quotes: put the "
	            "value in quotes");
	if (e->key_col && !e->item_col && e->value && !memchr(e->value, '"', e->value_len) &&
	    !memchr(e->value, '\\', e->value_len))
		buf_printf(b, ", as in %.*s: \"%.*s\"", (int)e->key_len, e->key, (int)e->value_len,
		           e->value);
}

/* has: s is set and holds part. */
static int
has(const char *s, const char *part)
{
	return s && strstr(s, part);
}

void
yaml_error_words(const char *t, size_t len, const struct yaml_fail *f, struct buf *msg, int *line, int *col)
{
	const char *pr = f->problem ? f->problem : "";
	struct line l = {"", 0};
	struct entry e, p;
	size_t pline = 0;
	int have = line_at(t, len, f->line, &l);
	size_t off = cp_offset(&l, f->col);
	char ch = have && off < l.len ? l.s[off] : '\0';
	size_t before = msg->len;
	*line = (int)f->line + 1;
	*col = (int)f->col + 1;
	entry_of(&l, &e);

	if (has(pr, "tab") || ch == '\t') {
		buf_puts(msg, "a tab is used here: indent with spaces, never with tabs");
	} else if (has(f->context, "quoted scalar") &&
	           (has(pr, "end of stream") || has(pr, "document indicator"))) {
		struct line q;
		char quote = '"';
		if (line_at(t, len, f->ctx_line, &q)) {
			size_t o = cp_offset(&q, f->ctx_col);
			if (o < q.len && (q.s[o] == '\'' || q.s[o] == '"'))
				quote = q.s[o];
		}
		buf_printf(msg, "the quote %c that begins this value is not closed: end the value with %c",
		           quote, quote);
		*line = (int)f->ctx_line + 1;
		*col = (int)f->ctx_col + 1;
	} else if (has(pr, "unknown escape") || has(pr, "hexdecimal")) {
		buf_puts(msg, "a backslash in double quotes begins an escape such as \\n: write \\\\ "
		              "for a backslash, or use single quotes");
	} else if (has(pr, "mapping values are not allowed") || has(pr, "unexpected ':'")) {
		if (e.key_col && !e.item_col && prev_key(t, len, f->line, e.key_col, &p, &pline) &&
		    p.key_col < e.key_col && p.value_len) {
			/* a key deeper than the one before it, which has a value:
			 * not its child but a sibling indented too far */
			key_words(msg, &e, &p, pline, f->line_offset);
			*col = e.key_col;
		} else {
			quote_words(msg, &e);
		}
	} else if (has(pr, "did not find expected key") || has(pr, "expected '-' indicator") ||
	           has(pr, "expected <document start>")) {
		struct entry q;
		size_t qline;
		int at_key = e.key_col && (size_t)e.key_col == f->col + 1;
		int at_item = e.item_col && (size_t)e.item_col == f->col + 1;
		if (at_item && !e.key_col && prev_item(t, len, f->line, &q, &qline) &&
		    q.item_col != e.item_col) {
			buf_printf(msg,
			           "this item is indented to column %d, but the item before it, on "
			           "line %zu, is at column %d: start the items of one list in the same "
			           "column",
			           e.item_col, qline + 1 + (size_t)f->line_offset, q.item_col);
		} else if (at_key && prev_key(t, len, f->line, 0, &p, &pline) && p.key_col != e.key_col) {
			key_words(msg, &e, &p, pline, f->line_offset);
		} else if (at_item && has(pr, "expected key")) {
			buf_puts(msg, "a list item ('- ') where a key is expected: put the list under a "
			              "key that ends its line with ':', indented, or remove the '-'");
		} else {
			/* text after a closing quote: `name: "Ann" Lee` */
			size_t o = off;
			while (o > 0 && l.s[o - 1] == ' ')
				o--;
			if (have && o > 0 && (l.s[o - 1] == '"' || l.s[o - 1] == '\''))
				buf_puts(msg, "text after the closing quote: put the whole value inside the "
				              "quotes");
		}
	} else if (has(pr, "could not find expected ':'")) {
		buf_puts(msg, "a key without ':' after it: write the key, ':', a space, then the value");
		if (f->context) {
			*line = (int)f->ctx_line + 1;
			*col = (int)f->ctx_col + 1;
		}
	} else if (has(f->context, "flow sequence") || has(f->context, "flow mapping")) {
		int seq = has(f->context, "flow sequence") != 0;
		buf_printf(msg,
		           "the %s that opens with '%c' on line %zu is not closed with '%c', or a "
		           "comma is missing between its items",
		           seq ? "list" : "mapping", seq ? '[' : '{',
		           f->ctx_line + 1 + (size_t)f->line_offset, seq ? ']' : '}');
	} else if (has(pr, "block sequence entries are not allowed")) {
		buf_puts(msg, "a list item ('- ') on the line of its key: begin the list on the next "
		              "line, indented");
	} else if (has(pr, "directive") || has(pr, "tag") || has(pr, "cannot start any token")) {
		char c = ch;
		if (has(pr, "directive"))
			c = '%';
		else if (has(pr, "tag"))
			c = '!';
		if (c && (unsigned char)c >= 0x20 && (unsigned char)c < 0x7F)
			buf_printf(msg, "a value cannot begin with '%c': put the value in quotes", c);
	}
	*line += f->line_offset;
	if (msg->len == before)
		buf_puts(msg, "the YAML cannot be read here: look at the indentation, the colons and "
		              "the quotes on this line and the one before");
	buf_printf(msg, "; the YAML parser says: %s%s%s", f->problem ? f->problem : "invalid YAML",
	           f->context ? " " : "", f->context ? f->context : "");
}
