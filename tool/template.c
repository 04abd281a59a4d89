/* template.c: the context values (struct tv) and the mustache-style
 * templates of the site. A template is parsed once into a flat array of
 * nodes, a section's children following it; rendering walks that array. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <dirent.h>
#include <errno.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "template.h"
#include "util.h"
#include "write.h"

/* ---- values ----
 *
 * Every value lives in the pool of a root made by tv_map or tv_list. A root
 * handed to tv_set/tv_push keeps its own pool, which the parent's pool
 * adopts, so one tv_free releases the whole tree. Maps and lists are linked
 * lists of their children: a map is small, looked up linearly, and keeps the
 * order its keys were set in. */

struct tv {
	unsigned char type;     /* enum tv_type */
	unsigned char attached; /* has a parent */
	size_t key_len;
	const char *key;      /* the key, when the parent is a map */
	struct tv *next;      /* the parent's next item or entry */
	struct tv_pool *pool; /* where children of this value are allocated */
	union {
		struct {
			const char *s;
			size_t len;
		} str;    /* TV_STR, TV_RAW */
		long num; /* TV_INT, TV_BOOL */
		struct {
			struct tv *first, *last;
			size_t n;
		} kids; /* TV_LIST, TV_MAP */
	} u;
};

#define POOL_FIRST 448       /* bytes that come with the root's malloc */
#define POOL_BLOCK_MAX 65536 /* blocks double up to this size */

struct tv_block {
	struct tv_block *next;
	alignas(max_align_t) char data[];
};

struct tv_pool {
	char *cur; /* free space in the current block */
	size_t left;
	size_t next_cap;
	struct tv_block *blocks;
	struct tv_pool *parent;  /* the pool that adopted this one, or NULL */
	struct tv_pool *kids;    /* the pools this one adopted */
	struct tv_pool *sibling; /* the next pool adopted by parent */
	struct tv root;
	alignas(max_align_t) char first[POOL_FIRST];
};

/* tv_bug: a caller broke the API's rules; no input can cause this. */
static void
tv_bug(const char *what)
{
	fprintf(stderr, "caseload: internal error: %s\n", what);
	abort();
}

/* pool_alloc: n bytes aligned for a struct tv, freed with the pool. */
static void *
pool_alloc(struct tv_pool *p, size_t n)
{
	const size_t a = alignof(struct tv);
	if (n > SIZE_MAX / 2)
		tv_bug("value too large");
	n = (n + a - 1) & ~(a - 1);
	if (n <= p->left) {
		void *r = p->cur;
		p->cur += n;
		p->left -= n;
		return r;
	}
	struct tv_block *b;
	if (n > POOL_BLOCK_MAX / 4) {
		/* a big string gets a block of its own; the current one goes on */
		b = xmalloc(sizeof(*b) + n);
		b->next = p->blocks;
		p->blocks = b;
		return b->data;
	}
	/* the next block holds n too, even while blocks are still small */
	while (p->next_cap < n)
		p->next_cap *= 2;
	b = xmalloc(sizeof(*b) + p->next_cap);
	b->next = p->blocks;
	p->blocks = b;
	p->cur = b->data + n;
	p->left = p->next_cap - n;
	if (p->next_cap < POOL_BLOCK_MAX)
		p->next_cap *= 2;
	return b->data;
}

static char *
pool_strndup(struct tv_pool *p, const char *s, size_t n)
{
	char *r = pool_alloc(p, n + 1);
	if (n)
		memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static struct tv *
tv_root(enum tv_type type)
{
	struct tv_pool *p = xmalloc(sizeof(*p));
	p->cur = p->first;
	p->left = sizeof(p->first);
	p->next_cap = 1024;
	p->blocks = NULL;
	p->parent = p->kids = p->sibling = NULL;
	memset(&p->root, 0, sizeof(p->root));
	p->root.type = (unsigned char)type;
	p->root.pool = p;
	return &p->root;
}

struct tv *
tv_map(void)
{
	return tv_root(TV_MAP);
}

struct tv *
tv_list(void)
{
	return tv_root(TV_LIST);
}

void
tv_free(struct tv *v)
{
	if (!v || v != &v->pool->root || v->pool->parent)
		return;
	/* free the pool and every pool it adopted, without recursion */
	struct tv_pool *todo = v->pool;
	todo->sibling = NULL;
	while (todo) {
		struct tv_pool *p = todo;
		todo = p->sibling;
		for (struct tv_pool *k = p->kids, *next; k; k = next) {
			next = k->sibling;
			k->sibling = todo;
			todo = k;
		}
		for (struct tv_block *b = p->blocks, *next; b; b = next) {
			next = b->next;
			free(b);
		}
		free(p);
	}
}

static struct tv *
node_new(struct tv_pool *p, enum tv_type type)
{
	struct tv *v = pool_alloc(p, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->type = (unsigned char)type;
	v->pool = p;
	return v;
}

static struct tv *
node_str(struct tv_pool *p, enum tv_type type, const char *s, size_t n)
{
	if (!s)
		return node_new(p, TV_NULL);
	struct tv *v = node_new(p, type);
	v->u.str.s = pool_strndup(p, s, n);
	v->u.str.len = n;
	return v;
}

static void
need(const struct tv *v, enum tv_type type, const char *what)
{
	if (!v || v->type != type)
		tv_bug(what);
}

/* put: stores node under key in map, replacing an existing entry. */
static void
put(struct tv *map, const char *key, struct tv *node)
{
	if (!key)
		tv_bug("tv_set: NULL key");
	size_t klen = strlen(key);
	struct tv *prev = NULL;
	node->attached = 1;
	node->next = NULL;
	node->key_len = klen;
	for (struct tv *e = map->u.kids.first; e; prev = e, e = e->next) {
		if (e->key_len != klen || memcmp(e->key, key, klen) != 0)
			continue;
		node->key = e->key;
		node->next = e->next;
		if (prev)
			prev->next = node;
		else
			map->u.kids.first = node;
		if (map->u.kids.last == e)
			map->u.kids.last = node;
		return;
	}
	node->key = pool_strndup(map->pool, key, klen);
	if (prev)
		prev->next = node;
	else
		map->u.kids.first = node;
	map->u.kids.last = node;
	map->u.kids.n++;
}

static void
append(struct tv *list, struct tv *node)
{
	node->attached = 1;
	node->next = NULL;
	if (list->u.kids.last)
		list->u.kids.last->next = node;
	else
		list->u.kids.first = node;
	list->u.kids.last = node;
	list->u.kids.n++;
}

/* adopt: makes child's pool part of parent's tree. */
static void
adopt(struct tv *parent, struct tv *child)
{
	struct tv_pool *cp = child->pool, *top = parent->pool;
	if (child != &cp->root || cp->parent || child->attached)
		tv_bug("tv_set/tv_push: the child is not a root without a parent");
	while (top->parent)
		top = top->parent;
	if (top == cp)
		tv_bug("tv_set/tv_push: a value cannot contain itself");
	cp->parent = parent->pool;
	cp->sibling = parent->pool->kids;
	parent->pool->kids = cp;
}

void
tv_set_strn(struct tv *map, const char *key, const char *val, size_t len)
{
	need(map, TV_MAP, "tv_set_str on a value that is not a map");
	put(map, key, node_str(map->pool, TV_STR, val, len));
}

void
tv_set_str(struct tv *map, const char *key, const char *val)
{
	tv_set_strn(map, key, val, val ? strlen(val) : 0);
}

void
tv_set_rawn(struct tv *map, const char *key, const char *html, size_t len)
{
	need(map, TV_MAP, "tv_set_raw on a value that is not a map");
	put(map, key, node_str(map->pool, TV_RAW, html, len));
}

void
tv_set_raw(struct tv *map, const char *key, const char *html)
{
	tv_set_rawn(map, key, html, html ? strlen(html) : 0);
}

void
tv_set_fmt(struct tv *map, const char *key, const char *fmt, ...)
{
	need(map, TV_MAP, "tv_set_fmt on a value that is not a map");
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	struct tv *v = node_new(map->pool, TV_STR);
	char *s = pool_alloc(map->pool, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s[n] = '\0';
	v->u.str.s = s;
	v->u.str.len = (size_t)n;
	put(map, key, v);
}

void
tv_set_int(struct tv *map, const char *key, long n)
{
	need(map, TV_MAP, "tv_set_int on a value that is not a map");
	struct tv *v = node_new(map->pool, TV_INT);
	v->u.num = n;
	put(map, key, v);
}

void
tv_set_bool(struct tv *map, const char *key, int b)
{
	need(map, TV_MAP, "tv_set_bool on a value that is not a map");
	struct tv *v = node_new(map->pool, TV_BOOL);
	v->u.num = b != 0;
	put(map, key, v);
}

void
tv_set(struct tv *map, const char *key, struct tv *child)
{
	need(map, TV_MAP, "tv_set on a value that is not a map");
	if (!child) {
		put(map, key, node_new(map->pool, TV_NULL));
		return;
	}
	adopt(map, child);
	put(map, key, child);
}

struct tv *
tv_set_map(struct tv *map, const char *key)
{
	need(map, TV_MAP, "tv_set_map on a value that is not a map");
	struct tv *v = node_new(map->pool, TV_MAP);
	put(map, key, v);
	return v;
}

struct tv *
tv_set_list(struct tv *map, const char *key)
{
	need(map, TV_MAP, "tv_set_list on a value that is not a map");
	struct tv *v = node_new(map->pool, TV_LIST);
	put(map, key, v);
	return v;
}

void
tv_push(struct tv *list, struct tv *child)
{
	need(list, TV_LIST, "tv_push on a value that is not a list");
	if (!child) {
		append(list, node_new(list->pool, TV_NULL));
		return;
	}
	adopt(list, child);
	append(list, child);
}

void
tv_push_str(struct tv *list, const char *val)
{
	need(list, TV_LIST, "tv_push_str on a value that is not a list");
	append(list, node_str(list->pool, TV_STR, val, val ? strlen(val) : 0));
}

void
tv_push_raw(struct tv *list, const char *html)
{
	need(list, TV_LIST, "tv_push_raw on a value that is not a list");
	append(list, node_str(list->pool, TV_RAW, html, html ? strlen(html) : 0));
}

void
tv_push_int(struct tv *list, long n)
{
	need(list, TV_LIST, "tv_push_int on a value that is not a list");
	struct tv *v = node_new(list->pool, TV_INT);
	v->u.num = n;
	append(list, v);
}

struct tv *
tv_push_map(struct tv *list)
{
	need(list, TV_LIST, "tv_push_map on a value that is not a list");
	struct tv *v = node_new(list->pool, TV_MAP);
	append(list, v);
	return v;
}

struct tv *
tv_push_list(struct tv *list)
{
	need(list, TV_LIST, "tv_push_list on a value that is not a list");
	struct tv *v = node_new(list->pool, TV_LIST);
	append(list, v);
	return v;
}

enum tv_type
tv_kind(const struct tv *v)
{
	return v ? (enum tv_type)v->type : TV_NULL;
}

/* map_find: the entry of map under key[0..klen), or NULL. */
static const struct tv *
map_find(const struct tv *map, const char *key, size_t klen)
{
	for (const struct tv *e = map->u.kids.first; e; e = e->next)
		if (e->key_len == klen && memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

const struct tv *
tv_get(const struct tv *map, const char *key)
{
	if (!map || map->type != TV_MAP || !key)
		return NULL;
	return map_find(map, key, strlen(key));
}

size_t
tv_len(const struct tv *v)
{
	if (!v || (v->type != TV_LIST && v->type != TV_MAP))
		return 0;
	return v->u.kids.n;
}

/* ---- templates ---- */

enum tpl_kind { TN_TEXT, TN_VAR, TN_RAW, TN_SECTION, TN_INVERTED, TN_PARTIAL };

struct tpl_node {
	enum tpl_kind kind;
	unsigned line;
	const char *s; /* the text, or the tag's name */
	size_t len;
	size_t end;   /* a section: the index just past its last child */
	long partial; /* a partial: its template's index in the set, or -1 */
};

struct tpl {
	char *name;
	char *path; /* for messages */
	char *src;  /* the text, which the nodes point into */
	size_t len;
	struct tpl_node *nodes;
	size_t n;
};

struct tpl_set {
	struct tpl *v;
	size_t n, cap;
	unsigned long max_steps;
	size_t max_output;
};

/* put_text: appends s[0..n) for a message: control bytes shown as '?',
 * a long name cut (on a UTF-8 boundary) with "...". */
static void
put_text(struct buf *b, const char *s, size_t n)
{
	size_t show = n;
	if (show > 40) {
		show = 40;
		while (show > 0 && ((unsigned char)s[show] & 0xC0) == 0x80)
			show--;
	}
	for (size_t i = 0; i < show; i++) {
		unsigned char c = (unsigned char)s[i];
		buf_putc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (show < n)
		buf_puts(b, "...");
}

/* put_name: put_text in single quotes. */
static void
put_name(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '\'');
	put_text(b, s, n);
	buf_putc(b, '\'');
}

/* err_start: begins a message "path:line: " (line 0: "path: ") in err,
 * after a newline when err already holds one. */
static void
err_start(struct buf *err, const char *path, unsigned line)
{
	if (err->len)
		buf_putc(err, '\n');
	if (line)
		buf_printf(err, "%s:%u: ", path, line);
	else
		buf_printf(err, "%s: ", path);
}

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* var_name_ok: "." or words joined by single dots. */
static int
var_name_ok(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return 1;
	size_t part = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (part == 0)
				return 0;
			part = 0;
		} else if (is_word(s[i])) {
			part++;
		} else {
			return 0;
		}
	}
	return part > 0;
}

/* tpl_name_ok: a template (and partial) name: words and dots, not
 * beginning with a dot. */
static int
tpl_name_ok(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_word(s[i]) && s[i] != '.')
			return 0;
	return 1;
}

/* find_pair: the index of the first "cc" at or after from, or len. */
static size_t
find_pair(const char *s, size_t len, size_t from, char c)
{
	while (from + 1 < len) {
		const char *q = memchr(s + from, c, len - from - 1);
		if (!q)
			return len;
		size_t k = (size_t)(q - s);
		if (s[k + 1] == c)
			return k;
		from = k + 1;
	}
	return len;
}

struct parser {
	const char *path;
	const char *s;
	size_t len;
	struct tpl_node *nodes;
	size_t n, cap;
	size_t open[TPL_MAX_DEPTH]; /* indexes of the open sections */
	size_t nopen;
	size_t line_pos; /* line_at has counted lines up to here */
	unsigned line;
	struct buf *err;
};

/* line_at: the 1-based line of pos; pos never moves backward. */
static unsigned
line_at(struct parser *p, size_t pos)
{
	const char *s = p->s;
	while (p->line_pos < pos) {
		const char *q = memchr(s + p->line_pos, '\n', pos - p->line_pos);
		if (!q) {
			p->line_pos = pos;
			break;
		}
		p->line++;
		p->line_pos = (size_t)(q - s) + 1;
	}
	return p->line;
}

static struct tpl_node *
add_node(struct parser *p, enum tpl_kind kind, unsigned line, const char *s, size_t len)
{
	VEC_GROW(p->nodes, p->n, p->cap);
	struct tpl_node *nd = &p->nodes[p->n++];
	nd->kind = kind;
	nd->line = line;
	nd->s = s;
	nd->len = len;
	nd->end = 0;
	nd->partial = -1;
	return nd;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* parse: fills p->nodes from p->s. Returns 0, or -1 with a message in
 * p->err (the caller frees p->nodes either way). */
static int
parse(struct parser *p)
{
	const char *s = p->s;
	size_t len = p->len, pos = 0, text = 0;
	for (;;) {
		size_t open = find_pair(s, len, pos, '{');
		if (open >= len) {
			if (text < len)
				add_node(p, TN_TEXT, 0, s + text, len - text);
			break;
		}
		unsigned line = line_at(p, open);
		size_t j = open + 2;
		char sigil = 0;
		if (j < len && s[j] && strchr("#^/>!&{=", s[j]))
			sigil = s[j++];
		size_t close = find_pair(s, len, j, '}');
		if (close >= len) {
			err_start(p->err, p->path, line);
			buf_puts(p->err, sigil == '!' ? "unclosed comment '{{!'" : "unclosed tag '{{'");
			return -1;
		}
		size_t end = close + 2;
		if (sigil == '{') {
			if (end < len && s[end] == '}') {
				end++;
			} else {
				err_start(p->err, p->path, line);
				buf_puts(p->err, "'{{{' closed by '}}' instead of '}}}'");
				return -1;
			}
		}
		if (sigil == '=') {
			err_start(p->err, p->path, line);
			buf_puts(p->err, "set-delimiter tags '{{=...=}}' are not supported");
			return -1;
		}
		const char *name = s + j;
		size_t nlen = close - j;
		while (nlen && is_space(*name)) {
			name++;
			nlen--;
		}
		while (nlen && is_space(name[nlen - 1]))
			nlen--;
		if (sigil != '!') {
			int ok = sigil == '>' ? tpl_name_ok(name, nlen) : var_name_ok(name, nlen);
			if (!ok) {
				err_start(p->err, p->path, line);
				if (nlen == 0) {
					buf_puts(p->err, "empty tag name");
				} else {
					buf_puts(p->err, sigil == '>' ? "bad partial name "
					                              : "bad tag name ");
					put_name(p->err, name, nlen);
				}
				return -1;
			}
		}

		/* a section, partial or comment tag alone on its line takes the
		 * line with it */
		size_t text_end = open;
		if (sigil && strchr("#^/>!", sigil)) {
			size_t ls = open;
			while (ls > text && is_blank(s[ls - 1]))
				ls--;
			size_t k = end;
			while (k < len && is_blank(s[k]))
				k++;
			int before = ls >= text && (ls == 0 || s[ls - 1] == '\n');
			int after = 0;
			if (k == len) {
				after = 1;
			} else if (s[k] == '\n') {
				after = 1;
				k++;
			} else if (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n') {
				after = 1;
				k += 2;
			}
			if (before && after) {
				text_end = ls;
				end = k;
			}
		}
		if (text < text_end)
			add_node(p, TN_TEXT, 0, s + text, text_end - text);
		pos = text = end;

		switch (sigil) {
		case '!': break;
		case '#':
		case '^':
			if (p->nopen == TPL_MAX_DEPTH) {
				err_start(p->err, p->path, line);
				buf_printf(p->err, "sections nested deeper than %d", TPL_MAX_DEPTH);
				return -1;
			}
			p->open[p->nopen++] = p->n;
			add_node(p, sigil == '#' ? TN_SECTION : TN_INVERTED, line, name, nlen);
			break;
		case '/': {
			if (p->nopen == 0) {
				err_start(p->err, p->path, line);
				buf_puts(p->err, "'{{/");
				put_text(p->err, name, nlen);
				buf_puts(p->err, "}}' closes no open section");
				return -1;
			}
			struct tpl_node *sec = &p->nodes[p->open[p->nopen - 1]];
			if (sec->len != nlen || memcmp(sec->s, name, nlen) != 0) {
				err_start(p->err, p->path, line);
				buf_puts(p->err, "section ");
				put_name(p->err, sec->s, sec->len);
				buf_printf(p->err, " (line %u) closed by ", sec->line);
				put_name(p->err, name, nlen);
				return -1;
			}
			sec->end = p->n;
			p->nopen--;
			break;
		}
		case '>': add_node(p, TN_PARTIAL, line, name, nlen); break;
		case '{':
		case '&': add_node(p, TN_RAW, line, name, nlen); break;
		default: add_node(p, TN_VAR, line, name, nlen); break;
		}
	}
	if (p->nopen) {
		const struct tpl_node *sec = &p->nodes[p->open[p->nopen - 1]];
		err_start(p->err, p->path, sec->line);
		buf_puts(p->err, "unclosed section ");
		put_name(p->err, sec->s, sec->len);
		return -1;
	}
	return 0;
}

struct tpl_set *
tpl_set_new(void)
{
	struct tpl_set *set = xcalloc(1, sizeof(*set));
	set->max_steps = TPL_MAX_STEPS;
	set->max_output = TPL_MAX_OUTPUT;
	return set;
}

void
tpl_set_limits(struct tpl_set *set, unsigned long max_steps, size_t max_output)
{
	set->max_steps = max_steps ? max_steps : TPL_MAX_STEPS;
	set->max_output = max_output ? max_output : TPL_MAX_OUTPUT;
}

/* find_tpl: the index of the template called name[0..n), or -1. */
static long
find_tpl(const struct tpl_set *set, const char *name, size_t n)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i].name) == n && memcmp(set->v[i].name, name, n) == 0)
			return (long)i;
	return -1;
}

int
tpl_has(const struct tpl_set *set, const char *name)
{
	return set && name && find_tpl(set, name, strlen(name)) >= 0;
}

/* add_path: tpl_add, with messages naming path. */
static int
add_path(struct tpl_set *set, const char *name, const char *path, const char *text, size_t len,
         struct buf *err)
{
	size_t nlen = strlen(name);
	if (!tpl_name_ok(name, nlen)) {
		err_start(err, path, 0);
		buf_puts(err, "bad template name ");
		put_name(err, name, nlen);
		return -1;
	}
	long dup = find_tpl(set, name, nlen);
	if (dup >= 0) {
		err_start(err, path, 0);
		buf_puts(err, "template ");
		put_name(err, name, nlen);
		buf_printf(err, " is defined twice (also %s)", set->v[dup].path);
		return -1;
	}
	if (len > TPL_MAX_SIZE) {
		err_start(err, path, 0);
		buf_printf(err, "larger than %u MiB", TPL_MAX_SIZE >> 20);
		return -1;
	}
	struct tpl t = {0};
	t.src = xstrndup(text ? text : "", text ? len : 0);
	t.len = text ? len : 0;
	struct parser p = {0};
	p.path = path;
	p.s = t.src;
	p.len = t.len;
	p.line = 1;
	p.err = err;
	if (parse(&p) < 0) {
		free(p.nodes);
		free(t.src);
		return -1;
	}
	t.nodes = p.nodes;
	t.n = p.n;
	t.name = xstrdup(name);
	t.path = xstrdup(path);
	for (size_t i = 0; i < t.n; i++)
		if (t.nodes[i].kind == TN_PARTIAL)
			t.nodes[i].partial = find_tpl(set, t.nodes[i].s, t.nodes[i].len);
	VEC_GROW(set->v, set->n, set->cap);
	set->v[set->n++] = t;
	return 0;
}

int
tpl_add(struct tpl_set *set, const char *name, const char *text, size_t len, struct buf *err)
{
	struct buf scratch = {0};
	int rc = add_path(set, name, name, text, len, err ? err : &scratch);
	buf_free(&scratch);
	return rc;
}

/* next_partial: the index of the first partial at or after i in t that is
 * outside every section, or t->n. */
static size_t
next_partial(const struct tpl *t, size_t i)
{
	while (i < t->n) {
		const struct tpl_node *nd = &t->nodes[i];
		if (nd->kind == TN_PARTIAL)
			return i;
		i = nd->kind == TN_SECTION || nd->kind == TN_INVERTED ? nd->end : i + 1;
	}
	return t->n;
}

/* check_cycles: reports each cycle of partials included outside any
 * section: rendering one would never end. Returns the number found. */
static int
check_cycles(const struct tpl_set *set, struct buf *err)
{
	/* an iterative depth-first walk; colour 1: on the path, 2: done */
	unsigned char *colour = xcalloc(set->n ? set->n : 1, 1);
	size_t *stack_t = xmalloc((set->n + 1) * sizeof(*stack_t));
	size_t *stack_i = xmalloc((set->n + 1) * sizeof(*stack_i));
	int found = 0;
	for (size_t root = 0; root < set->n; root++) {
		if (colour[root])
			continue;
		size_t sp = 0;
		stack_t[sp] = root;
		stack_i[sp++] = 0;
		colour[root] = 1;
		while (sp) {
			const struct tpl *t = &set->v[stack_t[sp - 1]];
			size_t i = next_partial(t, stack_i[sp - 1]);
			if (i >= t->n) {
				colour[stack_t[sp - 1]] = 2;
				sp--;
				continue;
			}
			stack_i[sp - 1] = i + 1;
			long to = t->nodes[i].partial;
			if (to < 0)
				continue;
			if (colour[to] == 0) {
				colour[to] = 1;
				stack_t[sp] = (size_t)to;
				stack_i[sp++] = 0;
			} else if (colour[to] == 1) {
				found++;
				err_start(err, t->path, t->nodes[i].line);
				buf_puts(err, "partial ");
				put_name(err, t->nodes[i].s, t->nodes[i].len);
				buf_puts(err, " includes itself outside any section, so it never ends (");
				size_t k = sp;
				while (k > 0 && stack_t[k - 1] != (size_t)to)
					k--;
				for (k = k ? k - 1 : 0; k < sp; k++)
					buf_printf(err, "%s > ", set->v[stack_t[k]].name);
				buf_printf(err, "%s)", set->v[to].name);
			}
		}
	}
	free(colour);
	free(stack_t);
	free(stack_i);
	return found;
}

int
tpl_link(struct tpl_set *set, struct buf *err)
{
	struct buf scratch = {0};
	struct buf *e = err ? err : &scratch;
	int bad = 0;
	for (size_t k = 0; k < set->n; k++) {
		struct tpl *t = &set->v[k];
		for (size_t i = 0; i < t->n; i++) {
			struct tpl_node *nd = &t->nodes[i];
			if (nd->kind != TN_PARTIAL)
				continue;
			nd->partial = find_tpl(set, nd->s, nd->len);
			if (nd->partial < 0) {
				bad = 1;
				err_start(e, t->path, nd->line);
				buf_puts(e, "partial ");
				put_name(e, nd->s, nd->len);
				buf_puts(e, " names no template");
			}
		}
	}
	if (check_cycles(set, e))
		bad = 1;
	buf_free(&scratch);
	return bad ? -1 : 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* template_base: the length of name without a .html or .tpl extension,
 * or 0 when it has neither (or nothing before it). */
static size_t
template_base(const char *name)
{
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".html") == 0)
		return n - 5;
	if (n > 4 && strcmp(name + n - 4, ".tpl") == 0)
		return n - 4;
	return 0;
}

/* load_file: the whole of path into out. Returns 0, or -1 with a message. */
static int
load_file(const char *path, struct buf *out, struct buf *err)
{
	if (read_file(path, TPL_MAX_SIZE, out) == 0)
		return 0;
	err_start(err, path, 0);
	if (errno == EFBIG)
		buf_printf(err, "larger than %u MiB", TPL_MAX_SIZE >> 20);
	else
		buf_puts(err, strerror(errno));
	return -1;
}

struct tpl_set *
tpl_load_dir(const char *dir, struct buf *err)
{
	struct buf scratch = {0};
	struct buf *e = err ? err : &scratch;
	DIR *d = opendir(dir);
	if (!d) {
		err_start(e, dir, 0);
		buf_puts(e, strerror(errno));
		buf_free(&scratch);
		return NULL;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !template_base(de->d_name))
			continue;
		VEC_GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);

	size_t dlen = strlen(dir);
	const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
	struct tpl_set *set = tpl_set_new();
	struct buf text = {0};
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s%s%s", dir, sep, names[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			char *name = xstrndup(names[i], template_base(names[i]));
			buf_reset(&text);
			if (load_file(path, &text, e) < 0 ||
			    add_path(set, name, path, text.s ? text.s : "", text.len, e) < 0)
				bad = 1;
			free(name);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	buf_free(&text);
	if (!bad && tpl_link(set, e) < 0)
		bad = 1;
	buf_free(&scratch);
	if (bad) {
		tpl_set_free(set);
		return NULL;
	}
	return set;
}

void
tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		free(set->v[i].path);
		free(set->v[i].src);
		free(set->v[i].nodes);
	}
	free(set->v);
	free(set);
}

/* ---- rendering ---- */

struct render {
	const struct tpl_set *set;
	struct buf *out;
	size_t out_start;
	const struct tv *stack[TPL_MAX_DEPTH + 2]; /* the context, innermost last */
	size_t sp;
	unsigned depth; /* sections and partials entered */
	unsigned long steps;
};

/* lookup: the value name[0..len) refers to, or NULL. */
static const struct tv *
lookup(const struct render *r, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return r->sp ? r->stack[r->sp - 1] : NULL;
	const char *dot = memchr(name, '.', len);
	size_t pos = dot ? (size_t)(dot - name) : len;
	const struct tv *v = NULL;
	for (size_t i = r->sp; i-- > 0 && !v;)
		if (r->stack[i]->type == TV_MAP)
			v = map_find(r->stack[i], name, pos);
	while (v && pos < len) {
		const char *part = name + pos + 1;
		size_t left = len - pos - 1;
		const char *d = memchr(part, '.', left);
		size_t plen = d ? (size_t)(d - part) : left;
		v = v->type == TV_MAP ? map_find(v, part, plen) : NULL;
		pos += 1 + plen;
	}
	return v;
}

static int
truthy(const struct tv *v)
{
	if (!v)
		return 0;
	switch ((enum tv_type)v->type) {
	case TV_STR:
	case TV_RAW: return v->u.str.len > 0;
	case TV_INT:
	case TV_BOOL: return v->u.num != 0;
	case TV_LIST: return v->u.kids.n > 0;
	case TV_MAP: return 1;
	case TV_NULL: break;
	}
	return 0;
}

static void
put_long(struct buf *b, long n)
{
	char tmp[32], *p = tmp + sizeof(tmp);
	unsigned long u = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* put_value: writes v; only a raw tag on a raw value skips escaping. */
static void
put_value(struct buf *out, const struct tv *v, int raw_tag)
{
	if (!v)
		return;
	switch ((enum tv_type)v->type) {
	case TV_RAW:
		if (raw_tag) {
			buf_add(out, v->u.str.s, v->u.str.len);
			break;
		}
		/* fall through */
	case TV_STR: buf_html(out, v->u.str.s, v->u.str.len); break;
	case TV_INT: put_long(out, v->u.num); break;
	case TV_BOOL: buf_puts(out, v->u.num ? "true" : "false"); break;
	case TV_NULL:
	case TV_LIST:
	case TV_MAP: break;
	}
}

/* render_nodes: renders t's nodes [from, to). Returns 0, or -1 when a
 * limit was reached. */
static int
render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to)
{
	const struct tpl_set *set = r->set;
	for (size_t i = from; i < to; i++) {
		const struct tpl_node *nd = &t->nodes[i];
		if (++r->steps > set->max_steps)
			return -1;
		switch (nd->kind) {
		case TN_TEXT: buf_add(r->out, nd->s, nd->len); break;
		case TN_VAR:
		case TN_RAW:
			put_value(r->out, lookup(r, nd->s, nd->len), nd->kind == TN_RAW);
			break;
		case TN_SECTION:
		case TN_INVERTED: {
			const struct tv *v = lookup(r, nd->s, nd->len);
			int on = truthy(v);
			size_t body = i + 1, end = nd->end;
			i = end - 1;
			if (on == (nd->kind == TN_INVERTED))
				break;
			if (r->depth >= TPL_MAX_DEPTH)
				return -1;
			r->depth++;
			int rc = 0;
			if (nd->kind == TN_INVERTED) {
				rc = render_nodes(r, t, body, end);
			} else if (v->type == TV_LIST) {
				for (const struct tv *it = v->u.kids.first; it && rc == 0; it = it->next) {
					if (++r->steps > set->max_steps) {
						rc = -1;
						break;
					}
					r->stack[r->sp++] = it;
					rc = render_nodes(r, t, body, end);
					r->sp--;
				}
			} else {
				r->stack[r->sp++] = v;
				rc = render_nodes(r, t, body, end);
				r->sp--;
			}
			r->depth--;
			if (rc < 0)
				return -1;
			break;
		}
		case TN_PARTIAL: {
			long k = nd->partial >= 0 ? nd->partial : find_tpl(set, nd->s, nd->len);
			if (k < 0)
				break;
			if (r->depth >= TPL_MAX_DEPTH)
				return -1;
			r->depth++;
			const struct tpl *pt = &set->v[k];
			int rc = render_nodes(r, pt, 0, pt->n);
			r->depth--;
			if (rc < 0)
				return -1;
			break;
		}
		}
		if (r->out->len - r->out_start > set->max_output)
			return -1;
	}
	return 0;
}

int
tpl_render(const struct tpl_set *set, const char *name, const struct tv *ctx, struct buf *out)
{
	if (!set || !name)
		return -1;
	long k = find_tpl(set, name, strlen(name));
	if (k < 0)
		return -1;
	struct render r;
	r.set = set;
	r.out = out;
	r.out_start = out->len;
	r.sp = 0;
	r.depth = 0;
	r.steps = 0;
	if (ctx)
		r.stack[r.sp++] = ctx;
	buf_add(out, "", 0); /* out->s is a string even when nothing is written */
	const struct tpl *t = &set->v[k];
	return render_nodes(&r, t, 0, t->n);
}
