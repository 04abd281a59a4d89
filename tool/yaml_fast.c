/* yaml_fast.c: the YAML that records are written in, parsed without libyaml.
 *
 * libyaml spends some 200 instructions on each byte (tokens, events, a
 * malloc for every scalar); at 10,000 cases that alone made `check` three
 * times slower than reading the files. Records use a small part of YAML:
 * block mappings and sequences indented with spaces, plain scalars on one
 * line, quoted scalars on one line, flow sequences of scalars on one line,
 * literal block scalars (`|`), comments. This file parses exactly that part
 * into the same tree that ydoc_parse builds from libyaml's events (the same
 * nodes, strings, lines and columns), and gives up on everything else:
 * then ydoc_parse asks libyaml, which also words every problem. So nothing
 * here reports a problem: a text with a duplicate key, a tag, an anchor, a
 * tab, a multi-line plain scalar, a syntax error, or anything this file does
 * not know is libyaml's. test_yaml.c and fuzz_yaml.c compare the two trees.
 *
 * The rules followed are libyaml 0.2's (scanner.c): where a plain scalar
 * may start and where it ends (": ", " #"), the indentation of a block
 * scalar, where the parser puts the marks of collections (the first key or
 * '-') and of empty values (just after the ':' or '-'). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ydoc.h"

/* Deeper than this is libyaml's to judge (too-deep is reported there). */
#define FAST_MAX_DEPTH 48
/* libyaml refuses a simple key longer than 1024 characters. */
#define FAST_MAX_KEY 1000

struct fp {
	const char *s, *end; /* the text */
	int line_offset;
	int ascii; /* the text is all ASCII: a column is a byte offset */
	struct ydoc *doc;
	const char *ls; /* the current line, [ls, le); le at its '\n' or end */
	const char *le;
	int lineno; /* its number, from 0 */
	int depth;
	int marker;         /* a line starts with a document marker or a directive */
	struct ynode **stk; /* the kids of the collections being read */
	size_t nstk, capstk;
	char *bump, *bend; /* room taken from the arena in blocks, handed out here */
};

/* ---- the text ---- */

/* plain_text: 0 when the text has a byte that libyaml treats apart: a tab,
 * CR, another control character, DEL, a C1 control (U+0085 is a line break
 * to libyaml), U+2028, U+2029, a BOM, U+FFFE or U+FFFF; or a broken
 * sequence. *ascii says whether every byte is below 0x80. */
static int
plain_text(const unsigned char *s, size_t n, int *ascii)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	*ascii = 1;
	for (size_t i = 0; i < n; i++) {
		/* eight bytes at a time while each is printable ASCII or '\n':
		 * '\n' made '*' first (its exact mask, then bit 0x20), then no
		 * byte below 0x20, none at or above 0x7F */
		uint64_t w;
		while (n - i >= 8) {
			memcpy(&w, s + i, 8);
			uint64_t x = w ^ (ones * '\n');
			uint64_t nl = ~(((x & ~high) + ~high) | x) & high;
			uint64_t v = w | (nl >> 2);
			if ((((v - ones * 0x20) & ~v) | w | (w + ones)) & high)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if ((c >= 0x20 && c < 0x7F) || c == '\n')
			continue;
		if (c < 0x80)
			return 0;
		*ascii = 0;
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (!len || n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		if (c == 0xC2 && s[i + 1] < 0xA0)
			return 0;
		if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
			return 0;
		if (c == 0xEF &&
		    ((s[i + 1] == 0xBB && s[i + 2] == 0xBF) || (s[i + 1] == 0xBF && s[i + 2] >= 0xBE)))
			return 0;
		i += len - 1;
	}
	return 1;
}

/* line_at: makes the line at ls the current one. Every line passes here:
 * one that starts with a document marker ("---" or "...") or a directive
 * ('%') is libyaml's. */
static void
line_at(struct fp *p, const char *ls)
{
	p->ls = ls;
	if (ls >= p->end) {
		p->ls = p->le = p->end;
		return;
	}
	const char *nl = memchr(ls, '\n', (size_t)(p->end - ls));
	p->le = nl ? nl : p->end;
	if (*ls == '%' || (p->le - ls >= 3 && (memcmp(ls, "---", 3) == 0 || memcmp(ls, "...", 3) == 0) &&
	                   (p->le - ls == 3 || ls[3] == ' ')))
		p->marker = 1;
}

static int
eof(const struct fp *p)
{
	return p->ls >= p->end;
}

static void
next_line(struct fp *p)
{
	if (p->le >= p->end) {
		p->ls = p->le = p->end;
		return;
	}
	p->lineno++;
	line_at(p, p->le + 1);
}

/* first: the first non-space of the current line (le when none). */
static const char *
first(const struct fp *p)
{
	const char *q = p->ls;
	while (q < p->le && *q == ' ')
		q++;
	return q;
}

/* skip_blank: moves to the next line that holds something but a comment;
 * 0 at the end of the text. */
static int
skip_blank(struct fp *p)
{
	while (!eof(p)) {
		const char *q = first(p);
		if (q < p->le && *q != '#')
			return 1;
		next_line(p);
	}
	return 0;
}

static int
col(const struct fp *p, const char *at)
{
	if (p->ascii)
		return (int)(at - p->ls) + 1;
	return (int)utf8_len(p->ls, (size_t)(at - p->ls)) + 1;
}

/* blankz: at is a space or the end of the line. */
static int
blankz(const struct fp *p, const char *at)
{
	return at >= p->le || *at == ' ';
}

/* ---- nodes ---- */

/* mem: n bytes from the document's arena (8-aligned), taken in blocks: a
 * node or a string each asking the arena would cost more than the parse */
static void *
mem(struct fp *p, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if ((size_t)(p->bend - p->bump) < n) {
		size_t blk = n > 2048 ? n : 2048;
		p->bump = arena_alloc(&p->doc->arena, blk);
		p->bend = p->bump + blk;
	}
	void *r = p->bump;
	p->bump += n;
	return r;
}

static char *
mem_str(struct fp *p, const char *s, size_t n)
{
	char *d = mem(p, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static struct ynode *
node(struct fp *p, enum ynode_type t, const char *at)
{
	struct ynode *n = mem(p, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = t;
	n->line = p->lineno + 1 + p->line_offset;
	n->col = col(p, at);
	return n;
}

static struct ynode *
scalar(struct fp *p, const char *at, const char *str, size_t len, int plain)
{
	struct ynode *n = node(p, YN_SCALAR, at);
	n->plain = (unsigned)plain;
	n->str = mem_str(p, str, len);
	n->len = len;
	return n;
}

static void
push(struct fp *p, struct ynode *n)
{
	VEC_GROW(p->stk, p->nstk, p->capstk);
	p->stk[p->nstk++] = n;
}

/* close: the kids pushed since base become n's. */
static void
close_kids(struct fp *p, struct ynode *n, size_t base)
{
	size_t k = p->nstk - base;
	n->kids = mem(p, (k ? k : 1) * sizeof(*n->kids));
	if (k)
		memcpy(n->kids, p->stk + base, k * sizeof(*n->kids));
	n->n = n->type == YN_MAP ? k / 2 : k;
	p->nstk = base;
}

static int
key_cmp(const void *pa, const void *pb)
{
	const struct ynode *const *a = pa, *const *b = pb;
	return strcmp((*a)->str, (*b)->str);
}

/* dup_keys: 1 when two keys of map are the same (libyaml's path reports it). */
static int
dup_keys(const struct ynode *map)
{
	if (map->n <= 24) {
		for (size_t i = 1; i < map->n; i++)
			for (size_t j = 0; j < i; j++)
				if (map->kids[2 * i]->len == map->kids[2 * j]->len &&
				    memcmp(map->kids[2 * i]->str, map->kids[2 * j]->str,
				           map->kids[2 * i]->len) == 0)
					return 1;
		return 0;
	}
	const struct ynode **keys = xmalloc(map->n * sizeof(*keys));
	for (size_t i = 0; i < map->n; i++)
		keys[i] = map->kids[2 * i];
	qsort(keys, map->n, sizeof(*keys), key_cmp);
	int dup = 0;
	for (size_t i = 1; i < map->n && !dup; i++)
		dup = strcmp(keys[i - 1]->str, keys[i]->str) == 0;
	free(keys);
	return dup;
}

/* ---- scalars on one line ---- */

/* plain_start: a plain scalar may start at q (block context). */
static int
plain_start(const struct fp *p, const char *q)
{
	switch (*q) {
	case '-':
	case '?':
	case ':': return !blankz(p, q + 1);
	case ',':
	case '[':
	case ']':
	case '{':
	case '}':
	case '#':
	case '&':
	case '*':
	case '!':
	case '|':
	case '>':
	case '\'':
	case '"':
	case '%':
	case '@':
	case '`': return 0;
	default: return 1;
	}
}

/* scan_plain: a plain scalar from q on the current line. Returns the end of
 * its text (trailing spaces left out); *stop is where it stopped: at a ':'
 * that ends a key (*colon = 1), at the ' ' before a comment, or at le. */
static const char *
scan_plain(const struct fp *p, const char *q, const char **stop, int *colon)
{
	const char *last = q, *r = q;
	*colon = 0;
	for (;;) {
		const char *run = r;
		while (r < p->le && *r != ' ' && *r != ':')
			r++;
		if (r > run)
			last = r;
		if (r >= p->le)
			break;
		if (*r == ':') {
			if (blankz(p, r + 1)) {
				*colon = 1;
				*stop = r;
				return last;
			}
			last = ++r;
			continue;
		}
		if (r + 1 < p->le && r[1] == '#') { /* " #": a comment */
			*stop = r;
			return last;
		}
		r++;
	}
	*stop = p->le;
	return last;
}

/* scan_quoted: a quoted scalar that opens at q and closes on the same line,
 * its text into *out (in the arena); returns the character after the
 * closing quote, or NULL (libyaml's: it goes on to the next line, or an
 * escape other than the common ones). */
static const char *
scan_quoted(struct fp *p, const char *q, char **out, size_t *outlen)
{
	char quote = *q;
	const char *r = q + 1;
	/* the text is never longer than the quoted source; with out NULL only
	 * the end is looked for */
	char spare[1], *s = out ? mem(p, (size_t)(p->le - q) + 1) : spare;
	size_t n = 0, keep = out ? 1 : 0;
	for (;;) {
		if (r >= p->le)
			return NULL;
		char c = *r;
		if (quote == '\'') {
			if (c == '\'') {
				if (r + 1 < p->le && r[1] == '\'') {
					s[n] = '\'';
					n += keep;
					r += 2;
					continue;
				}
				break;
			}
		} else if (c == '"') {
			break;
		} else if (c == '\\') {
			if (r + 1 >= p->le)
				return NULL;
			switch (r[1]) {
			case '\\': s[n] = '\\'; break;
			case '"': s[n] = '"'; break;
			case '/': s[n] = '/'; break;
			case 'n': s[n] = '\n'; break;
			case 't': s[n] = '\t'; break;
			default: return NULL;
			}
			n += keep;
			r += 2;
			continue;
		}
		s[n] = c;
		n += keep;
		r++;
	}
	if (out) {
		s[n] = '\0';
		*out = s;
		*outlen = n;
	}
	return r + 1;
}

/* line_rest_empty: nothing but spaces, then maybe a comment, from q on. */
static int
line_rest_empty(const struct fp *p, const char *q)
{
	const char *r = q;
	while (r < p->le && *r == ' ')
		r++;
	return r >= p->le || (*r == '#' && r > q);
}

/* ---- a value on the line of its key or '-' ---- */

static struct ynode *block_node(struct fp *p, int parent);

/* continues: 1 when the plain scalar that ended this line would go on to the
 * next line (a line below indented deeper than the collection it is in,
 * that is not a comment): libyaml's multi-line plain scalar. */
static int
continues(const struct fp *p, int indent)
{
	const char *ls = p->le < p->end ? p->le + 1 : p->end;
	while (ls < p->end) {
		const char *q = ls;
		while (q < p->end && *q == ' ')
			q++;
		if (q < p->end && *q != '\n')
			return (int)(q - ls) > indent && *q != '#';
		ls = q + 1;
	}
	return 0;
}

/* flow_scalar: an entry of a flow collection, from r: a flow collection
 * (not as a key), a quoted scalar, or a plain one up to ',', to close, or
 * to ':' and a space when key. Returns its node and *end (after it), or
 * NULL for what libyaml must judge (a ':' in a plain value, a comment, an
 * empty entry). */
static struct ynode *flow(struct fp *p, const char *q, const char **after);

static struct ynode *
flow_scalar(struct fp *p, const char *r, int key, char close, const char **end)
{
	if (!key && (*r == '[' || *r == '{')) {
		if (++p->depth > FAST_MAX_DEPTH)
			return NULL;
		struct ynode *n = flow(p, r, end);
		p->depth--;
		return n;
	}
	if (*r == '"' || *r == '\'') {
		char *s;
		size_t n;
		const char *e = scan_quoted(p, r, &s, &n);
		if (!e)
			return NULL;
		struct ynode *k = node(p, YN_SCALAR, r);
		k->str = s;
		k->len = n;
		*end = e;
		return k;
	}
	if (strchr(",[]{}#&*!|>%@`?:", *r) || (*r == '-' && blankz(p, r + 1)))
		return NULL;
	const char *s = r, *last = r;
	for (; r < p->le; r++) {
		char c = *r;
		if (c == ',' || c == close)
			break;
		if (c == ':') {
			if (key && blankz(p, r + 1))
				break;
			return NULL;
		}
		if (c == '[' || c == ']' || c == '{' || c == '}')
			return NULL;
		if (c == '#' && r[-1] == ' ')
			return NULL;
		if (c != ' ')
			last = r + 1;
	}
	*end = r;
	return scalar(p, s, s, (size_t)(last - s), 1);
}

/* flow: a flow sequence ('[') or mapping ('{') that opens at q and closes
 * on the same line; *after is the character after it. */
static struct ynode *
flow(struct fp *p, const char *q, const char **after)
{
	int map = *q == '{';
	char close = map ? '}' : ']';
	struct ynode *n = node(p, map ? YN_MAP : YN_SEQ, q);
	size_t base = p->nstk;
	const char *r = q + 1;
	for (int items = 0;; items++) {
		while (r < p->le && *r == ' ')
			r++;
		if (r >= p->le)
			return NULL;
		if (*r == close && !items) {
			r++;
			break;
		}
		struct ynode *k = flow_scalar(p, r, map, close, &r);
		if (!k)
			return NULL;
		push(p, k);
		while (r < p->le && *r == ' ')
			r++;
		if (map) {
			/* ": " then the value */
			if (r >= p->le || *r != ':' || !blankz(p, r + 1))
				return NULL;
			r++;
			while (r < p->le && *r == ' ')
				r++;
			if (r >= p->le || *r == ',' || *r == close)
				return NULL;
			struct ynode *v = flow_scalar(p, r, 0, close, &r);
			if (!v)
				return NULL;
			push(p, v);
			while (r < p->le && *r == ' ')
				r++;
		}
		if (r < p->le && *r == close) {
			r++;
			break;
		}
		if (r >= p->le || *r != ',')
			return NULL;
		r++;
		/* no empty entry, no trailing comma */
		while (r < p->le && *r == ' ')
			r++;
		if (r >= p->le || *r == ',' || *r == close)
			return NULL;
	}
	close_kids(p, n, base);
	if (map && dup_keys(n))
		return NULL;
	*after = r;
	return n;
}

/* to_end: the scanner reached the end of the text. */
static const char *
to_end(struct fp *p)
{
	p->ls = p->le = p->end;
	return p->end;
}

/* breaks: libyaml's scan_block_scalar_breaks from the start of the current
 * line: eats the indentation (up to ind when ind is set) of each empty line,
 * counting them in *trail, and stops in the first line that holds more;
 * returns where it stopped (the end of the text, or inside that line).
 * With ind 0, *max is the deepest indentation seen. */
static const char *
breaks(struct fp *p, int ind, int *max, size_t *trail)
{
	for (;;) {
		if (eof(p))
			return p->end;
		const char *c = p->ls;
		while ((!ind || c - p->ls < ind) && c < p->le && *c == ' ')
			c++;
		if (c - p->ls > *max)
			*max = (int)(c - p->ls);
		if (c < p->le)
			return c;
		if (p->le >= p->end) /* spaces up to the end of the text */
			return to_end(p);
		(*trail)++;
		next_line(p);
	}
}

/* literal: a literal block scalar whose '|' is at q; indent is the column
 * (from 0) of the collection it is in. Leaves the current line at the
 * first line that is not the scalar's. */
static struct ynode *
literal(struct fp *p, const char *q, int indent)
{
	int chomp = 0; /* -1 strip, 0 clip, 1 keep */
	const char *r = q + 1;
	if (r < p->le && (*r == '-' || *r == '+'))
		chomp = *r++ == '-' ? -1 : 1;
	if (r < p->le && *r != ' ')
		return NULL; /* an indentation digit, or a comment without a space */
	if (!line_rest_empty(p, r))
		return NULL;
	struct ynode *n = node(p, YN_SCALAR, q);
	struct buf b = {0};
	int ind = 0, max = 0;
	size_t lead = 0, trail = 0; /* the line breaks not yet added */
	next_line(p);
	const char *c = breaks(p, 0, &max, &trail);
	ind = max;
	if (ind < indent + 1)
		ind = indent + 1;
	if (ind < 1)
		ind = 1;
	while (c < p->end && c - p->ls == ind) {
		for (size_t k = 0; k < lead + trail; k++)
			buf_putc(&b, '\n');
		lead = trail = 0;
		buf_add(&b, c, (size_t)(p->le - c));
		if (p->le >= p->end) {
			c = to_end(p);
			break;
		}
		lead = 1;
		next_line(p);
		c = breaks(p, ind, &max, &trail);
	}
	if (chomp != -1 && lead)
		buf_putc(&b, '\n');
	if (chomp == 1)
		for (size_t k = 0; k < trail; k++)
			buf_putc(&b, '\n');
	n->len = b.len;
	n->str = mem_str(p, b.s ? b.s : "", b.len);
	buf_free(&b);
	/* the scanner stopped inside a line that is less indented (the next
	 * one to read), or at the end */
	return n;
}

/* inline_value: the value that starts at q on the current line (after
 * "key: " or "- "); indent is the column of the collection it is in.
 * Leaves the current line at the next line to read. */
static struct ynode *
inline_value(struct fp *p, const char *q, int indent)
{
	struct ynode *n;
	const char *after;
	switch (*q) {
	case '"':
	case '\'': {
		char *s;
		size_t len;
		after = scan_quoted(p, q, &s, &len);
		/* then only spaces and a comment after a space */
		if (!after || (after < p->le && *after != ' ') || !line_rest_empty(p, after))
			return NULL;
		n = node(p, YN_SCALAR, q);
		n->str = s;
		n->len = len;
		next_line(p);
		return n;
	}
	case '[':
	case '{':
		n = flow(p, q, &after);
		if (!n || (after < p->le && *after != ' ') || !line_rest_empty(p, after))
			return NULL;
		next_line(p);
		return n;
	case '|': return literal(p, q, indent);
	default: break;
	}
	if (!plain_start(p, q))
		return NULL;
	const char *stop;
	int colon;
	const char *e = scan_plain(p, q, &stop, &colon);
	if (colon || continues(p, indent))
		return NULL;
	n = scalar(p, q, q, (size_t)(e - q), 1);
	next_line(p);
	return n;
}

/* ---- block collections ---- */

/* key_end: when a key starts at q ("key:" then a space or the end of the
 * line), where its ':' is; else NULL. */
static const char *
key_end(struct fp *p, const char *q)
{
	const char *e;
	if (*q == '"' || *q == '\'') {
		e = scan_quoted(p, q, NULL, NULL);
		if (!e || e >= p->le || *e != ':' || !blankz(p, e + 1))
			return NULL;
	} else {
		int colon;
		if (!plain_start(p, q))
			return NULL;
		scan_plain(p, q, &e, &colon);
		if (!colon)
			return NULL;
	}
	return e - q > FAST_MAX_KEY ? NULL : e;
}

static struct ynode *block_seq(struct fp *p, const char *q, int c);
static struct ynode *block_map(struct fp *p, const char *q, int c, const char *e);

/* block_node: the collection on the current line, indented deeper than
 * parent (the column of the collection around it; -1 at the top). */
static struct ynode *
block_node(struct fp *p, int parent)
{
	const char *q = first(p);
	int c = (int)(q - p->ls);
	if (c <= parent)
		return NULL;
	if (*q == '-' && blankz(p, q + 1))
		return block_seq(p, q, c);
	const char *e = key_end(p, q);
	return e ? block_map(p, q, c, e) : NULL;
}

/* after_colon: the value of a key whose ':' ends at v, in a mapping whose
 * keys are at column c: on the same line, below it (a collection), or
 * empty. */
static struct ynode *
after_colon(struct fp *p, const char *v, int c)
{
	const char *mark = v;
	while (v < p->le && *v == ' ')
		v++;
	if (v < p->le && *v != '#')
		return inline_value(p, v, c);
	/* nothing after the ':': an empty value just after it, unless a
	 * collection follows on the lines below */
	struct ynode *empty = scalar(p, mark, "", 0, 1);
	next_line(p);
	if (!skip_blank(p))
		return empty;
	const char *f = first(p);
	int ind = (int)(f - p->ls);
	if (ind > c)
		return block_node(p, c);
	if (ind == c && *f == '-' && blankz(p, f + 1))
		return block_seq(p, f, c); /* a sequence at its key's column */
	return empty;
}

/* block_map: a block mapping whose first key is at q, column c, its ':'
 * at e. */
static struct ynode *
block_map(struct fp *p, const char *q, int c, const char *e)
{
	struct ynode *map = node(p, YN_MAP, q);
	size_t base = p->nstk;
	if (++p->depth > FAST_MAX_DEPTH)
		return NULL;
	for (;;) {
		struct ynode *k;
		if (*q == '"' || *q == '\'') {
			char *s;
			size_t len;
			scan_quoted(p, q, &s, &len);
			k = node(p, YN_SCALAR, q);
			k->str = s;
			k->len = len;
		} else {
			const char *last = e;
			while (last > q && last[-1] == ' ')
				last--;
			k = scalar(p, q, q, (size_t)(last - q), 1);
		}
		push(p, k);
		struct ynode *val = after_colon(p, e + 1, c);
		if (!val)
			return NULL;
		push(p, val);
		if (!skip_blank(p))
			break;
		q = first(p);
		int ind = (int)(q - p->ls);
		if (ind < c)
			break;
		if (ind > c || !(e = key_end(p, q)))
			return NULL;
	}
	p->depth--;
	close_kids(p, map, base);
	return dup_keys(map) ? NULL : map;
}

/* block_seq: a block sequence whose first '-' is at q, column c. */
static struct ynode *
block_seq(struct fp *p, const char *q, int c)
{
	struct ynode *seq = node(p, YN_SEQ, q);
	size_t base = p->nstk;
	if (++p->depth > FAST_MAX_DEPTH)
		return NULL;
	for (;;) {
		const char *v = q + 1, *e;
		while (v < p->le && *v == ' ')
			v++;
		struct ynode *item;
		if (v >= p->le || *v == '#') {
			/* "-" alone: the item is below, or empty just after the '-' */
			item = scalar(p, q + 1, "", 0, 1);
			next_line(p);
			if (skip_blank(p) && first(p) - p->ls > c)
				item = block_node(p, c);
		} else if (*v == '-' && blankz(p, v + 1)) {
			return NULL; /* "- - x" */
		} else if ((e = key_end(p, v))) {
			item = block_map(p, v, (int)(v - p->ls), e); /* "- key: value" */
		} else {
			item = inline_value(p, v, c);
		}
		if (!item)
			return NULL;
		push(p, item);
		if (!skip_blank(p))
			break;
		q = first(p);
		int ind = (int)(q - p->ls);
		if (ind < c)
			break;
		if (ind > c)
			return NULL;
		if (!(*q == '-' && blankz(p, q + 1)))
			break; /* the mapping around a sequence at its key's column goes on */
	}
	p->depth--;
	close_kids(p, seq, base);
	return seq;
}

int
ydoc_parse_fast(const char *data, size_t len, int line_offset, struct ydoc *doc)
{
	struct fp p;
	memset(doc, 0, sizeof(*doc));
	memset(&p, 0, sizeof(p));
	if (!plain_text((const unsigned char *)data, len, &p.ascii))
		return 0;
	p.s = data;
	p.end = data + len;
	p.line_offset = line_offset;
	p.doc = doc;
	line_at(&p, data);
	int ok = 1;
	if (skip_blank(&p)) {
		doc->root = block_node(&p, -1);
		/* nothing may follow the top collection */
		ok = doc->root && !skip_blank(&p);
	}
	ok = ok && !p.marker;
	free(p.stk);
	if (!ok) {
		arena_free(&doc->arena);
		doc->root = NULL;
		return 0;
	}
	return 1;
}
