/* parse_cache.c: record files read and parsed once per version
 * (parse_cache.h), and the cache that keeps them between runs.
 *
 * Shards: the entries are spread over SHARDS files by their key, so that a
 * run that reads a few files reads a few shards, and a changed file
 * rewrites one. A shard file: a header (magic, format, the program's build
 * id, the shard's number, the size and a checksum of what follows), then
 * entries. An entry: its length, its key (a hash of the caseload folder,
 * the path and the kind; or of the blob id and the kind), the caseload
 * folder's tag, the kind, the file's identity (source.h), then what
 * src_record made: flags, the front matter's place, the problems, the tree.
 * Everything read from a shard is bounds-checked; a shard that fails any
 * check is dropped whole. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "parse_cache.h"
#include "util.h"
#include "write.h"

#define SHARDS 128
#define FORMAT 1
#define MAGIC "caseload parse\n"
/* a shard over this many bytes keeps only what this run used */
#define SHARD_CAP (4u << 20)
/* files changed this close to the start of the run are not cached */
#define RACY_NS 2000000000LL

/* The problems the text check and the parser report, by number in a
 * cache entry (a diag's code is a string literal, compared by pointer
 * nowhere but printed as is). A file with a problem of another code is not
 * cached. */
static const char *const codes[] = {"encoding",      "yaml-syntax", "alias", "too-deep",
                                    "duplicate-key", "bad-type",    NULL};

struct ent {
	uint64_t key;
	const unsigned char *p; /* the whole entry, in data or in a new buffer */
	uint32_t len;
	unsigned visited : 1; /* asked for in this run */
	unsigned dead : 1;    /* replaced, or no longer the file's */
};

struct shard {
	int loaded;      /* the file was looked for */
	const char *map; /* the file, when it was valid: mapped (map_file; the
	                  * shards are 48 MB at 10,000 cases, which a read
	                  * copied), else read into data */
	size_t maplen;
	struct buf data;
	struct ent *v; /* its entries and the new ones */
	size_t n, cap;
	uint32_t *table; /* open addressing: index + 1 into v, 0 free */
	size_t tcap;     /* a power of two, or 0 */
	int dirty;       /* to be written */
	char **fresh;    /* new entries' buffers (owned) */
	size_t nfresh, capfresh;
};

struct pcache {
	char *dir;     /* the cache folder: shards in dir/parse/ */
	uint64_t root; /* the caseload folder's tag */
	unsigned char build[32];
	size_t buildlen;
	long long start_ns;
	struct shard wt[SHARDS], git[SHARDS];
	struct pcache_stats st;
	pthread_mutex_t lock; /* all of the above, when the loader reads on threads */
};

/* ---- bytes ---- */

static uint64_t
hash_bytes(const void *data, size_t n, uint64_t h)
{
	return hash64(data, n, h);
}

static void
put(struct buf *b, const void *p, size_t n)
{
	buf_add(b, p, n);
}

static void
put_u8(struct buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	put(b, &c, 1);
}

static void
put_uv(struct buf *b, uint64_t v)
{
	unsigned char t[10];
	size_t n = 0;
	do {
		t[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			t[n] |= 0x80;
		n++;
	} while (v);
	put(b, t, n);
}

static void
put_str(struct buf *b, const char *s, size_t n)
{
	put_uv(b, n);
	put(b, s, n);
}

/* A reader over bytes: any read past the end sets bad and gives zeros. */
struct rd {
	const unsigned char *p, *end;
	int bad;
};

static int
get(struct rd *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static unsigned
get_u8(struct rd *r)
{
	unsigned char c = 0;
	get(r, &c, 1);
	return c;
}

static uint64_t
get_uv(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		unsigned c = *r->p++;
		v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

/* get_str: a string's bytes in place (not NUL-terminated), or NULL. */
static const char *
get_str(struct rd *r, size_t *n)
{
	uint64_t len = get_uv(r);
	if (r->bad || len > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		*n = 0;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += len;
	*n = (size_t)len;
	return s;
}

/* ---- trees ----
 * In preorder: a node is its tag (type, plain, tagged), line and column,
 * then a scalar's length and bytes and a NUL (decoded trees point at them
 * in the shard, which outlives them), or a collection's count and kids.
 * Before the nodes: how many nodes and kids, so that decoding takes each
 * from one array. */

struct tree_count {
	size_t nodes, kids, bytes; /* bytes: room enough for put_node */
};

static void
count_tree(const struct ynode *n, struct tree_count *c)
{
	c->bytes += 1;
	if (!n)
		return;
	c->nodes++;
	c->bytes += 20;
	if (n->type == YN_SCALAR) {
		c->bytes += n->len + 1;
		return;
	}
	size_t k = n->type == YN_MAP ? 2 * n->n : n->n;
	c->kids += k;
	for (size_t i = 0; i < k; i++)
		count_tree(n->kids[i], c);
}

/* put_node: n's bytes at w, which has room (tree_size); returns the end. */
static unsigned char *
put_uv_at(unsigned char *w, uint64_t v)
{
	while (v >= 0x80) {
		*w++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*w++ = (unsigned char)v;
	return w;
}

static unsigned char *
put_node(unsigned char *w, const struct ynode *n)
{
	if (!n) {
		*w++ = 0xFF;
		return w;
	}
	*w++ = (unsigned char)((unsigned)n->type | (unsigned)n->plain << 2 | (unsigned)n->tagged << 3);
	w = put_uv_at(w, (uint64_t)n->line);
	w = put_uv_at(w, (uint64_t)n->col);
	if (n->type == YN_SCALAR) {
		w = put_uv_at(w, n->len);
		memcpy(w, n->str, n->len);
		w += n->len;
		*w++ = '\0';
		return w;
	}
	w = put_uv_at(w, n->n);
	size_t k = n->type == YN_MAP ? 2 * n->n : n->n;
	for (size_t i = 0; i < k; i++)
		w = put_node(w, n->kids[i]);
	return w;
}

static void
put_tree(struct buf *b, const struct ynode *root, const struct tree_count *cp)
{
	struct tree_count c = *cp;
	buf_grow(b, c.bytes + 20);
	unsigned char *w = (unsigned char *)b->s + b->len;
	w = put_uv_at(w, c.nodes);
	w = put_uv_at(w, c.kids);
	b->len = (size_t)(put_node(w, root) - (unsigned char *)b->s);
	b->s[b->len] = '\0';
}

/* The arrays a tree is decoded into. */
struct tree_in {
	struct ynode *nodes;
	struct ynode **kids;
	size_t nn, nk, un, uk; /* sizes, and how much is used */
};

static struct ynode *
get_node(struct rd *r, struct tree_in *t, int depth)
{
	unsigned tag = get_u8(r);
	if (r->bad || tag == 0xFF)
		return NULL;
	if ((tag & 3) > YN_SEQ || tag > 15 || depth > YDOC_MAX_DEPTH + 1 || t->un >= t->nn) {
		r->bad = 1;
		return NULL;
	}
	struct ynode *n = &t->nodes[t->un++];
	memset(n, 0, sizeof(*n));
	n->type = (enum ynode_type)(tag & 3);
	n->plain = (tag >> 2) & 1;
	n->tagged = (tag >> 3) & 1;
	uint64_t line = get_uv(r), col = get_uv(r);
	if (line > 0x7FFFFFFF || col > 0x7FFFFFFF) {
		r->bad = 1;
		return NULL;
	}
	n->line = (int)line;
	n->col = (int)col;
	if (n->type == YN_SCALAR) {
		uint64_t len = get_uv(r);
		if (r->bad || len >= (uint64_t)(r->end - r->p) || r->p[len] != '\0') {
			r->bad = 1;
			return NULL;
		}
		n->str = (const char *)r->p;
		n->len = (size_t)len;
		r->p += len + 1;
		return n;
	}
	uint64_t cnt = get_uv(r);
	uint64_t k = n->type == YN_MAP ? 2 * cnt : cnt;
	if (r->bad || k > t->nk - t->uk) {
		r->bad = 1;
		return NULL;
	}
	n->n = (size_t)cnt;
	n->kids = &t->kids[t->uk];
	t->uk += (size_t)k;
	for (size_t i = 0; i < (size_t)k; i++) {
		n->kids[i] = get_node(r, t, depth + 1);
		/* a key is a scalar; NULL only where a document may be empty */
		if (r->bad || !n->kids[i] ||
		    (n->type == YN_MAP && i % 2 == 0 && n->kids[i]->type != YN_SCALAR)) {
			r->bad = 1;
			return NULL;
		}
	}
	return n;
}

static struct ynode *
get_tree(struct rd *r, struct arena *a)
{
	uint64_t nn = get_uv(r), nk = get_uv(r);
	/* a node takes at least four bytes, a kid one node */
	if (r->bad || nn > (uint64_t)(r->end - r->p) / 4 || nk > nn) {
		r->bad = 1;
		return NULL;
	}
	struct tree_in t = {NULL, NULL, (size_t)nn, (size_t)nk, 0, 0};
	t.nodes = arena_alloc(a, (t.nn ? t.nn : 1) * sizeof(*t.nodes));
	t.kids = arena_alloc(a, (t.nk ? t.nk : 1) * sizeof(*t.kids));
	struct ynode *root = get_node(r, &t, 1);
	if (!r->bad && (t.un != t.nn || t.uk != t.nk))
		r->bad = 1;
	return r->bad ? NULL : root;
}

/* ---- what src_record made, as an entry's payload ---- */

#define F_TEXT 1
#define F_PARSED 2
#define F_BLANK 4

/* put_payload: pr and its problems d[from..) as bytes; -1 when a problem has
 * a code this cache does not know. */
static int
put_payload(struct buf *b, const struct precord *pr, const struct diags *d, size_t from)
{
	struct tree_count c = {0, 0, 0};
	if (pr->parsed)
		count_tree(pr->doc.root, &c);
	buf_grow(b, 128 + c.bytes);
	unsigned char head[2 + 6 * 10], *w = head;
	*w++ = (unsigned char)((pr->text ? F_TEXT : 0) | (pr->parsed ? F_PARSED : 0) |
	                       (pr->body_blank ? F_BLANK : 0));
	*w++ = (unsigned char)(pr->fm + 8);
	w = put_uv_at(w, pr->front.ystart);
	w = put_uv_at(w, pr->front.yend);
	w = put_uv_at(w, pr->front.body);
	w = put_uv_at(w, (uint64_t)(pr->front.body_line > 0 ? pr->front.body_line : 0));
	w = put_uv_at(w, pr->len);
	w = put_uv_at(w, d->n - from);
	put(b, head, (size_t)(w - head));
	for (size_t i = from; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		size_t c = 0;
		while (codes[c] && strcmp(codes[c], g->code) != 0)
			c++;
		if (!codes[c] || g->line < 0 || g->col < 0)
			return -1;
		put_uv(b, (uint64_t)g->line);
		put_uv(b, (uint64_t)g->col);
		put_u8(b, (unsigned)c);
		put_u8(b, g->hint != NULL);
		if (g->hint)
			put_str(b, g->hint, strlen(g->hint));
		put_str(b, g->message, strlen(g->message));
	}
	if (pr->parsed)
		put_tree(b, pr->doc.root, &c);
	return 0;
}

/* get_payload: the payload at r into *pr and its problems onto d as of
 * file; 0, or -1 when it does not hold together (nothing added to d). */
static int
get_payload(struct rd *r, const char *file, struct precord *pr, struct diags *d)
{
	unsigned f = get_u8(r);
	unsigned fm = get_u8(r);
	pr->front.ystart = (size_t)get_uv(r);
	pr->front.yend = (size_t)get_uv(r);
	pr->front.body = (size_t)get_uv(r);
	pr->front.body_line = (int)(get_uv(r) & 0x7FFFFFFF);
	pr->len = (size_t)get_uv(r);
	uint64_t nd = get_uv(r);
	if (r->bad || f > 7 || fm > 16 || nd > (uint64_t)(r->end - r->p))
		return -1;
	pr->text = (f & F_TEXT) != 0;
	pr->parsed = (f & F_PARSED) != 0;
	pr->body_blank = (f & F_BLANK) != 0;
	pr->fm = (int)fm - 8;
	/* the problems are added once the whole entry has been read */
	struct diags tmp = {0};
	for (uint64_t i = 0; i < nd && !r->bad; i++) {
		uint64_t line = get_uv(r), col = get_uv(r);
		unsigned c = get_u8(r), has_hint = get_u8(r);
		size_t hl = 0, ml;
		const char *hint = has_hint ? get_str(r, &hl) : NULL;
		const char *msg = get_str(r, &ml);
		if (r->bad || c >= sizeof(codes) / sizeof(*codes) - 1 || has_hint > 1 ||
		    line > 0x7FFFFFFF || col > 0x7FFFFFFF || !msg || (has_hint && !hint))
			break;
		char *h = hint ? xstrndup(hint, hl) : NULL;
		diag_add(&tmp, file, (int)line, (int)col, codes[c], h, "%.*s", (int)ml, msg);
		free(h);
	}
	memset(&pr->doc, 0, sizeof(pr->doc));
	if (!r->bad && pr->parsed)
		pr->doc.root = get_tree(r, &pr->doc.arena);
	if (r->bad || r->p != r->end) {
		diag_free(&tmp);
		ydoc_free(&pr->doc);
		return -1;
	}
	for (size_t i = 0; i < tmp.n; i++)
		diag_add(d, file, tmp.v[i].line, tmp.v[i].col, tmp.v[i].code, tmp.v[i].hint, "%s",
		         tmp.v[i].message);
	diag_free(&tmp);
	return 0;
}

/* ---- shards ---- */

struct header {
	char magic[16];
	uint32_t format, shard;
	unsigned char build[32];
	uint64_t buildlen, size, sum, root_unused;
};

static char *
shard_path(const struct pcache *pc, int git, size_t i)
{
	return xasprintf("%s/parse/%s-%02zx", pc->dir, git ? "git" : "wt", i);
}

static void
table_put(struct shard *sh, size_t idx)
{
	size_t mask = sh->tcap - 1, h = (size_t)sh->v[idx].key & mask;
	while (sh->table[h]) {
		struct ent *e = &sh->v[sh->table[h] - 1];
		if (e->key == sh->v[idx].key) {
			e->dead = 1; /* the newer one stands for it */
			break;
		}
		h = (h + 1) & mask;
	}
	sh->table[h] = (uint32_t)idx + 1;
}

static void
table_grow(struct shard *sh, size_t want)
{
	if (sh->tcap >= 2 * want && sh->tcap)
		return;
	size_t cap = 64;
	while (cap < 2 * want)
		cap *= 2;
	free(sh->table);
	sh->table = xcalloc(cap, sizeof(*sh->table));
	sh->tcap = cap;
	for (size_t i = 0; i < sh->n; i++)
		if (!sh->v[i].dead)
			table_put(sh, i);
}

static void
add_ent(struct shard *sh, uint64_t key, const unsigned char *p, uint32_t len)
{
	VEC_GROW(sh->v, sh->n, sh->cap);
	sh->v[sh->n] = (struct ent){key, p, len, 0, 0};
	sh->n++;
	if (sh->tcap < 2 * sh->n)
		table_grow(sh, sh->n);
	else
		table_put(sh, sh->n - 1);
}

/* load: reads shard i once; a missing, damaged or foreign one is empty
 * (and marked to be written again). */
static struct shard *
load(struct pcache *pc, int git, size_t i)
{
	struct shard *sh = git ? &pc->git[i] : &pc->wt[i];
	if (sh->loaded)
		return sh;
	sh->loaded = 1;
	char *path = shard_path(pc, git, i);
	struct buf b = {0};
	const char *map = NULL;
	size_t maplen = 0;
	int got = map_file(path, &map, &maplen) == 0 ? 0 : cache_read(path, &b);
	free(path);
	if (got != 0) {
		buf_free(&b);
		return sh;
	}
	if (map) {
		b.s = (char *)map; /* read only: b is not freed or grown */
		b.len = maplen;
	}
	pc->st.shards_read++;
	struct header h;
	int ok = b.len >= sizeof(h);
	if (ok) {
		memcpy(&h, b.s, sizeof(h));
		ok = memcmp(h.magic, MAGIC, sizeof(MAGIC)) == 0 && h.format == FORMAT &&
		     h.shard == i && h.buildlen == pc->buildlen &&
		     memcmp(h.build, pc->build, pc->buildlen) == 0 && h.size == b.len - sizeof(h) &&
		     h.sum == hash_bytes(b.s + sizeof(h), b.len - sizeof(h), 1);
	}
	/* the entries, each bounds-checked */
	const unsigned char *p = (const unsigned char *)b.s + sizeof(h),
			    *end = (const unsigned char *)b.s + b.len;
	while (ok && p < end) {
		uint32_t len;
		uint64_t key;
		if (end - p < 26) {
			ok = 0;
			break;
		}
		memcpy(&len, p, 4);
		memcpy(&key, p + 4, 8);
		if (len < 26 || len > (size_t)(end - p) || (key >> 57) != i) {
			ok = 0;
			break;
		}
		add_ent(sh, key, p, len);
		p += len;
	}
	if (!ok) {
		pc->st.shards_bad++;
		sh->n = 0;
		free(sh->table);
		sh->table = NULL;
		sh->tcap = 0;
		sh->dirty = 1; /* written again, without what it held */
		if (map)
			unmap_file(map, maplen);
		else
			buf_free(&b);
		return sh;
	}
	if (map) {
		sh->map = map;
		sh->maplen = maplen;
	} else
		sh->data = b;
	return sh;
}

/* Entry: u32 len, u64 key, u64 root tag, u8 kind, u8 idlen, id, payload. */
#define ENT_HEAD 22

static struct ent *
find(struct shard *sh, uint64_t key)
{
	if (!sh->tcap)
		return NULL;
	size_t mask = sh->tcap - 1, h = (size_t)key & mask;
	while (sh->table[h]) {
		struct ent *e = &sh->v[sh->table[h] - 1];
		if (e->key == key && !e->dead)
			return e;
		h = (h + 1) & mask;
	}
	return NULL;
}

static uint64_t
key_of(const struct pcache *pc, const struct src_ident *id, const char *rel, int kind)
{
	uint64_t h = id->blob ? hash_bytes(id->id, id->len, 7) : hash_bytes(rel, strlen(rel), pc->root);
	h = hash_bytes(&kind, sizeof(kind), h);
	/* the top seven bits pick the shard */
	return h;
}

/* claim: the entry of key when it holds this version of the file (and it
 * is marked as asked for), its length in *len; NULL when there is none,
 * and a stale one is marked dead. Under the lock: what it returns stays
 * where it is until the cache is closed, and is read outside the lock. */
static const unsigned char *
claim(struct pcache *pc, const struct src_ident *id, uint64_t key, int kind, uint32_t *len)
{
	struct shard *sh = load(pc, id->blob, (size_t)(key >> 57));
	struct ent *e = find(sh, key);
	if (!e)
		return NULL;
	e->visited = 1;
	unsigned idlen = e->p[21];
	if (e->p[20] != kind || idlen != id->len || e->len - ENT_HEAD < idlen ||
	    memcmp(e->p + ENT_HEAD, id->id, idlen) != 0) {
		/* the file changed since: this entry goes */
		e->dead = 1;
		sh->dirty = 1;
		return NULL;
	}
	*len = e->len;
	return e->p;
}

/* drop: the entry of key at p goes (its payload could not be read). Under
 * the lock. */
static void
drop(struct pcache *pc, const struct src_ident *id, uint64_t key, const unsigned char *p)
{
	struct shard *sh = load(pc, id->blob, (size_t)(key >> 57));
	struct ent *e = find(sh, key);
	if (e && e->p == p) {
		e->dead = 1;
		sh->dirty = 1;
	}
}

/* unpack: the precord of a claimed entry into *out and its problems onto
 * d; 0, or -1 when it cannot be read. */
static int
unpack(const unsigned char *p, uint32_t len, const char *rel, struct precord *out, struct diags *d)
{
	struct rd r = {p + ENT_HEAD + p[21], p + len, 0};
	return get_payload(&r, rel, out, d);
}

/* pack: the entry of what make made of a file (its problems d[from..]), in
 * a new buffer of *len bytes; NULL when it cannot be kept. */
static char *
pack(const struct pcache *pc, const struct src_ident *id, uint64_t key, int kind,
     const struct precord *pr, const struct diags *d, size_t from, uint32_t *len)
{
	struct buf b = {0};
	uint32_t n = 0;
	uint64_t tag = id->blob ? 0 : pc->root;
	unsigned char head[ENT_HEAD + sizeof(id->id)];
	memcpy(head, &n, 4);
	memcpy(head + 4, &key, 8);
	memcpy(head + 12, &tag, 8);
	head[20] = (unsigned char)kind;
	head[21] = (unsigned char)id->len;
	memcpy(head + ENT_HEAD, id->id, id->len);
	put(&b, head, ENT_HEAD + id->len);
	if (put_payload(&b, pr, d, from) != 0 || b.len > UINT32_MAX) {
		buf_free(&b);
		return NULL;
	}
	n = (uint32_t)b.len;
	memcpy(b.s, &n, 4);
	*len = n;
	return buf_detach(&b);
}

/* store: a packed entry into its shard (which owns it from now). Under the
 * lock. */
static void
store(struct pcache *pc, const struct src_ident *id, uint64_t key, char *p, uint32_t len)
{
	struct shard *sh = load(pc, id->blob, (size_t)(key >> 57));
	VEC_GROW(sh->fresh, sh->nfresh, sh->capfresh);
	sh->fresh[sh->nfresh++] = p;
	add_ent(sh, key, (const unsigned char *)p, len);
	sh->v[sh->n - 1].visited = 1;
	sh->dirty = 1;
	pc->st.stored++;
}

/* ---- records ---- */

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n\f\v", s[i]) || !s[i])
			return 0;
	return 1;
}

/* make: reads and parses rel into *out, its problems onto d. */
static void
make(struct source *src, const char *rel, int kind, struct precord *out, struct diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	out->r = src_read(src, rel, YDOC_MAX_SIZE, &buf, &len);
	out->len = len;
	if (out->r != SRC_OK)
		return;
	long start = ydoc_text_check(rel, buf, len, d);
	if (start < 0) {
		free(buf);
		return;
	}
	out->text = 1;
	const char *t = buf + start;
	size_t tl = len - (size_t)start;
	if (kind == PREC_NOTE) {
		out->fm = ydoc_front_matter(t, tl, &out->front);
		if (out->fm == YFM_OK) {
			out->parsed = ydoc_parse(rel, t + out->front.ystart,
			                         out->front.yend - out->front.ystart, 1, d,
			                         &out->doc) == 0;
			out->body_blank = blank(t + out->front.body, tl - out->front.body);
			out->body = t + out->front.body;
			out->body_len = tl - out->front.body;
		}
	} else {
		out->parsed = ydoc_parse(rel, t, tl, 0, d, &out->doc) == 0;
	}
	out->text_buf = buf;
}

void
src_record(struct source *src, const char *rel, int kind, int want_body, struct diags *d,
           struct precord *out)
{
	memset(out, 0, sizeof(*out));
	out->fm = YFM_NONE;
	struct pcache *pc = src->pc;
	struct src_ident id;
	int cached = pc && src->ops->ident && src->ops->ident(src->self, rel, &id) == SRC_OK;
	uint64_t key = cached ? key_of(pc, &id, rel, kind) : 0;
	/* a note's body is not cached: with bodies wanted, the file is read
	 * (and its entry, when it is this version's, left as it is) */
	int keep = 0;
	if (cached) {
		/* the loader may read on several threads: the lock is held to find
		 * and to add entries, never to read, parse or unpack */
		uint32_t len = 0;
		/* a note's body is not cached: with bodies wanted, the file is
		 * read (and its entry, when it is this version's, left as it is) */
		int whole = want_body && kind == PREC_NOTE;
		pthread_mutex_lock(&pc->lock);
		const unsigned char *p = claim(pc, &id, key, kind, &len);
		pc->st.hits += p && !whole; /* taken back below if it does not unpack */
		pthread_mutex_unlock(&pc->lock);
		if (whole)
			keep = p != NULL;
		else if (p) {
			/* unpack adds nothing to d when it fails */
			if (unpack(p, len, rel, out, d) == 0)
				return;
			pthread_mutex_lock(&pc->lock);
			pc->st.hits--;
			drop(pc, &id, key, p);
			pthread_mutex_unlock(&pc->lock);
		}
		memset(out, 0, sizeof(*out));
		out->fm = YFM_NONE;
	}
	size_t from = d->n;
	make(src, rel, kind, out, d);
	if (cached) {
		/* what changed in the last moments may change again within the
		 * same tick of the file system's clock, unseen: not cached */
		char *p = NULL;
		uint32_t len = 0;
		if (!keep && out->r == SRC_OK && (id.blob || id.changed_ns < pc->start_ns - RACY_NS))
			p = pack(pc, &id, key, kind, out, d, from, &len);
		pthread_mutex_lock(&pc->lock);
		pc->st.misses++;
		if (p)
			store(pc, &id, key, p, len);
		pthread_mutex_unlock(&pc->lock);
	}
	if (!(want_body && kind == PREC_NOTE && out->body)) {
		out->body = NULL;
		out->body_len = 0;
		free(out->text_buf);
		out->text_buf = NULL;
	} else {
		((char *)out->body)[out->body_len] = '\0'; /* src_read's text ends in NUL */
	}
}

char *
src_note_body(struct source *src, const char *rel)
{
	struct precord pr;
	struct diags d = {0};
	memset(&pr, 0, sizeof(pr));
	make(src, rel, PREC_NOTE, &pr, &d);
	diag_free(&d);
	char *body = pr.r == SRC_OK && pr.fm == YFM_OK && pr.body ? xstrndup(pr.body, pr.body_len) : NULL;
	precord_free(&pr);
	return body;
}

void
precord_free(struct precord *pr)
{
	ydoc_free(&pr->doc);
	free(pr->text_buf);
	pr->text_buf = NULL;
	pr->body = NULL;
}

/* ---- the cache ---- */

void
src_cache_open(struct source *src, const char *dir, const char *root)
{
	if (!dir || !src->ops || !src->ops->ident || src->pc)
		return;
	struct pcache *pc = xcalloc(1, sizeof(*pc));
	pc->buildlen = cache_build_id(pc->build, sizeof(pc->build));
	if (!pc->buildlen) {
		free(pc);
		return;
	}
	pc->dir = xstrdup(dir);
	pc->root = hash_bytes(root, strlen(root), 3);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	pc->start_ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	lock_init(&pc->lock);
	src->pc = pc;
}

/* save_shard: writes shard i when it changed, or when a full run left
 * entries of this caseload in it that no file asked for. */
static void
save_shard(struct pcache *pc, int git, size_t i, int full)
{
	struct shard *sh = git ? &pc->git[i] : &pc->wt[i];
	if (!sh->loaded)
		return;
	size_t bytes = 0;
	for (size_t k = 0; k < sh->n; k++) {
		struct ent *e = &sh->v[k];
		uint64_t tag;
		memcpy(&tag, e->p + 12, 8);
		if (!e->dead && full && !git && !e->visited && tag == pc->root) {
			e->dead = 1; /* a file of this caseload that is gone */
			sh->dirty = 1;
		}
		if (!e->dead)
			bytes += e->len;
	}
	if (!sh->dirty)
		return;
	int trim = bytes > SHARD_CAP;
	struct buf b = {0};
	struct header h;
	memset(&h, 0, sizeof(h));
	buf_grow(&b, sizeof(h) + bytes);
	put(&b, &h, sizeof(h));
	for (size_t k = 0; k < sh->n; k++) {
		struct ent *e = &sh->v[k];
		if (!e->dead && (!trim || e->visited))
			put(&b, e->p, e->len);
	}
	memcpy(h.magic, MAGIC, sizeof(MAGIC));
	h.format = FORMAT;
	h.shard = (uint32_t)i;
	memcpy(h.build, pc->build, pc->buildlen);
	h.buildlen = pc->buildlen;
	h.size = b.len - sizeof(h);
	h.sum = hash_bytes(b.s + sizeof(h), b.len - sizeof(h), 1);
	memcpy(b.s, &h, sizeof(h));
	char *path = shard_path(pc, git, i);
	/* a read-only repository, a full disk: the next run parses again */
	if (cache_write(path, b.s, b.len) == 0)
		pc->st.shards_written++;
	free(path);
	buf_free(&b);
}

void
src_cache_save(struct source *src, int full)
{
	struct pcache *pc = src->pc;
	if (!pc)
		return;
	for (size_t i = 0; i < SHARDS; i++) {
		save_shard(pc, 0, i, full);
		save_shard(pc, 1, i, full);
	}
}

static void
shard_free(struct shard *sh)
{
	buf_free(&sh->data);
	unmap_file(sh->map, sh->maplen);
	free(sh->v);
	free(sh->table);
	for (size_t i = 0; i < sh->nfresh; i++)
		free(sh->fresh[i]);
	free(sh->fresh);
	memset(sh, 0, sizeof(*sh));
}

void
src_cache_close(struct source *src)
{
	struct pcache *pc = src->pc;
	if (!pc)
		return;
	for (size_t i = 0; i < SHARDS; i++) {
		shard_free(&pc->wt[i]);
		shard_free(&pc->git[i]);
	}
	free(pc->dir);
	pthread_mutex_destroy(&pc->lock);
	free(pc);
	src->pc = NULL;
}

void
src_cache_stats(const struct source *src, struct pcache_stats *st)
{
	if (src->pc)
		*st = src->pc->st;
	else
		memset(st, 0, sizeof(*st));
}
