/* history_cache.c: the history of a walk kept for the next run, under the
 * repository's git folder (cache.h: <git dir>/caseload/history, and
 * history.nolines for walks without lines counted), and read from there
 * when it is the history of the same folder and .mailmap: as it is for the
 * same commit, extended by the new commits (history.c's hist_extend) for a
 * later one; and the history read on a thread of its own while a build
 * loads the records. The walk itself is history.c's. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "cache.h"
#include "history.h"
#include "write.h"

/* The cache file's name under the cache folder. */
#define HIST_CACHE_NAME "history"

/* ---- the cache of a walk ---- */

#define CACHE_MAGIC "caseload history cache 7\n"

static void
put_u64(struct buf *b, uint64_t v)
{
	buf_add(b, (const char *)&v, sizeof(v));
}

static void
put_str(struct buf *b, const char *s)
{
	put_u64(b, s ? (uint64_t)strlen(s) : UINT64_MAX);
	if (s)
		buf_add(b, s, strlen(s) + 1); /* with its NUL: read in place */
}

void
hist_serialize(const struct history *h, struct buf *out)
{
	buf_add(out, CACHE_MAGIC, sizeof(CACHE_MAGIC) - 1);
	/* a checksum of all that follows it, filled in at the end */
	size_t sum_at = out->len;
	put_u64(out, 0);
	/* this build of the program: another one walks again */
	unsigned char build[64];
	size_t blen = cache_build_id(build, sizeof(build));
	put_u64(out, blen);
	buf_add(out, (const char *)build, blen);
	put_u64(out, h->mailmap_key_len);
	buf_add(out, h->mailmap_key, h->mailmap_key_len);
	/* the layout of this build: a cache from another is not read */
	put_u64(out, sizeof(struct hist_commit) * 1000003u + sizeof(struct hist_file) * 101u +
	                     sizeof(struct hist_entry));
	put_str(out, h->tip);
	put_u64(out, h->flags);
	put_str(out, h->prefix);
	put_u64(out, (uint64_t)h->newest_time);
	put_u64(out, h->newest_gen);
	buf_add(out, (const char *)h->newest_id, HIST_OID_LEN);
	put_u64(out, h->ngens);
	buf_add(out, (const char *)h->gens, h->ngens * sizeof(*h->gens));
	put_u64(out, h->ncommits);
	for (size_t i = 0; i < h->ncommits; i++) {
		const struct hist_commit *c = &h->commits[i];
		put_str(out, c->id);
		put_str(out, c->author);
		put_str(out, c->email);
		put_u64(out, (uint64_t)c->time);
		put_u64(out, (uint64_t)(int64_t)c->offset);
		put_u64(out, (uint64_t)(int64_t)c->date);
		put_str(out, c->subject);
		put_u64(out, c->nparents);
		put_str(out, c->first_case);
		put_u64(out, c->ncases);
	}
	put_u64(out, h->ncases);
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *c = &h->cases[i];
		put_str(out, c->id);
		put_u64(out, c->nentries);
		for (size_t j = 0; j < c->nentries; j++) {
			const struct hist_entry *e = &c->entries[j];
			put_u64(out, e->commit);
			put_u64(out, (uint64_t)e->has_parent_case_yaml);
			buf_add(out, (const char *)e->parent_case_yaml, HIST_OID_LEN);
			put_u64(out, e->nfiles);
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *f = &e->files[k];
				put_str(out, f->path);
				put_str(out, f->old_path);
				put_u64(out, (uint64_t)f->change);
				put_u64(out, (uint64_t)(int64_t)f->added);
				put_u64(out, (uint64_t)(int64_t)f->removed);
				buf_add(out, (const char *)f->old_id, HIST_OID_LEN);
				buf_add(out, (const char *)f->new_id, HIST_OID_LEN);
			}
		}
	}
	put_u64(out, h->nraw);
	for (size_t i = 0; i < h->nraw; i++) {
		put_str(out, h->raw[i].path);
		put_u64(out, h->raw[i].commit);
		put_str(out, h->raw[i].from);
	}
	put_u64(out, h->nreviews);
	for (size_t i = 0; i < h->nreviews; i++) {
		put_u64(out, h->reviews[i].commit);
		buf_add(out, (const char *)h->reviews[i].id, HIST_OID_LEN);
	}
	uint64_t sum = hash64(out->s + sum_at + 8, out->len - sum_at - 8, 1);
	memcpy(out->s + sum_at, &sum, sizeof(sum));
}

/* A cursor over cache bytes; any read past the end sets bad. */
struct cur {
	const char *p, *end;
	int bad;
	struct arena *arena;
};

static uint64_t
get_u64(struct cur *c)
{
	uint64_t v = 0;
	if ((size_t)(c->end - c->p) < sizeof(v)) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, sizeof(v));
	c->p += sizeof(v);
	return v;
}

/* get_n: a count, of items at least min bytes each in the cache (so that a
 * damaged count cannot ask for more memory than the cache could hold). */
static size_t
get_n(struct cur *c, size_t min)
{
	uint64_t v = get_u64(c);
	if (v > (uint64_t)(c->end - c->p) / (min ? min : 1))
		c->bad = 1;
	return c->bad ? 0 : (size_t)v;
}

/* get_str: a string of the file, in place (the file stays mapped while
 * the history lives: hist_load_cached); it was written with its NUL. */
static char *
get_str(struct cur *c)
{
	uint64_t n = get_u64(c);
	if (n == UINT64_MAX || c->bad)
		return NULL;
	if (n >= (uint64_t)(c->end - c->p) || c->p[n] != '\0') {
		c->bad = 1;
		return NULL;
	}
	char *s = (char *)c->p;
	c->p += n + 1;
	return s;
}

static void
get_raw(struct cur *c, unsigned char *out, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, c->p, n);
	c->p += n;
}

/* restore: h's tables from the cache, when it is a history with at least
 * flags under h->prefix and h's .mailmap. Returns 0 when it is the history
 * of tip, 1 when of another commit (h->tip), or -1 (h's tables then partly
 * filled, in the arena a: the caller empties them). */
static int
restore(struct history *h, struct arena *a, const char *tip, unsigned flags, const char *data, size_t len)
{
	struct cur c = {data, data + len, 0, a};
	size_t ml = sizeof(CACHE_MAGIC) - 1;
	if (len < ml + 8 || memcmp(data, CACHE_MAGIC, ml) != 0)
		return -1;
	c.p += ml;
	/* a file damaged anywhere, or from another build, is walked again */
	uint64_t sum = get_u64(&c);
	if (sum != hash64(c.p, (size_t)(c.end - c.p), 1))
		return -1;
	unsigned char build[64];
	size_t blen = cache_build_id(build, sizeof(build));
	if (get_u64(&c) != blen || (size_t)(c.end - c.p) < blen || memcmp(c.p, build, blen) != 0)
		return -1;
	c.p += blen;
	uint64_t ml2 = get_u64(&c);
	int same = !c.bad && ml2 == h->mailmap_key_len && ml2 <= (uint64_t)(c.end - c.p) &&
	           memcmp(c.p, h->mailmap_key, h->mailmap_key_len) == 0;
	if (!same)
		return -1;
	c.p += ml2;
	if (get_u64(&c) != sizeof(struct hist_commit) * 1000003u + sizeof(struct hist_file) * 101u +
	                           sizeof(struct hist_entry))
		return -1;
	const char *t = get_str(&c);
	uint64_t cf = get_u64(&c);
	if (!t || strlen(t) != 40 || (cf & flags) != flags || cf > 0xffff)
		return -1;
	const char *pre = get_str(&c);
	if (!pre || strcmp(pre, h->prefix) != 0)
		return -1;
	h->newest_time = (long long)get_u64(&c);
	h->newest_gen = (unsigned)get_u64(&c);
	get_raw(&c, h->newest_id, HIST_OID_LEN);
	size_t ng = get_n(&c, sizeof(struct hist_gen));
	h->gens = arena_alloc(a, (ng ? ng : 1) * sizeof(*h->gens));
	get_raw(&c, (unsigned char *)h->gens, ng * sizeof(*h->gens));
	h->ngens = c.bad ? 0 : ng;
	for (size_t i = 1; i < h->ngens && !c.bad; i++)
		if (memcmp(h->gens[i - 1].id, h->gens[i].id, HIST_OID_LEN) >= 0)
			c.bad = 1;
	snprintf(h->tip, sizeof(h->tip), "%s", t);
	h->flags = (unsigned)cf;
	size_t nc = get_n(&c, 64);
	h->commits = xcalloc(nc ? nc : 1, sizeof(*h->commits));
	char **first = xcalloc(nc ? nc : 1, sizeof(char *));
	for (size_t i = 0; i < nc && !c.bad; i++) {
		struct hist_commit *k = &h->commits[i];
		const char *id = get_str(&c);
		if (!id || strlen(id) != 40) {
			c.bad = 1;
			break;
		}
		memcpy(k->id, id, 41);
		k->author = get_str(&c);
		k->email = get_str(&c);
		k->time = (long long)get_u64(&c);
		k->offset = (int)(int64_t)get_u64(&c);
		k->date = (int)(int64_t)get_u64(&c);
		k->subject = get_str(&c);
		k->nparents = (unsigned)get_u64(&c);
		first[i] = get_str(&c);
		k->ncases = (size_t)get_u64(&c);
		if (!k->author || !k->email || !k->subject)
			c.bad = 1;
	}
	h->ncommits = c.bad ? 0 : nc;
	size_t ncs = c.bad ? 0 : get_n(&c, 16);
	h->cases = arena_alloc(a, (ncs ? ncs : 1) * sizeof(*h->cases));
	for (size_t i = 0; i < ncs && !c.bad; i++) {
		struct hist_case *hc = &h->cases[i];
		hc->id = get_str(&c);
		hc->nentries = get_n(&c, 44);
		hc->entries = arena_alloc(a, (hc->nentries ? hc->nentries : 1) * sizeof(*hc->entries));
		if (!hc->id || (i > 0 && strcmp(h->cases[i - 1].id, hc->id) >= 0))
			c.bad = 1;
		for (size_t j = 0; j < hc->nentries && !c.bad; j++) {
			struct hist_entry *e = &hc->entries[j];
			e->commit = (size_t)get_u64(&c);
			e->has_parent_case_yaml = (int)get_u64(&c);
			get_raw(&c, e->parent_case_yaml, HIST_OID_LEN);
			e->nfiles = get_n(&c, 81);
			e->files = arena_alloc(a, (e->nfiles ? e->nfiles : 1) * sizeof(*e->files));
			if (e->commit >= nc)
				c.bad = 1;
			for (size_t k = 0; k < e->nfiles && !c.bad; k++) {
				struct hist_file *f = &e->files[k];
				f->path = get_str(&c);
				f->old_path = get_str(&c);
				uint64_t ch = get_u64(&c);
				f->change = (enum hist_change)ch;
				f->added = (int)(int64_t)get_u64(&c);
				f->removed = (int)(int64_t)get_u64(&c);
				get_raw(&c, f->old_id, HIST_OID_LEN);
				get_raw(&c, f->new_id, HIST_OID_LEN);
				if (!f->path || ch > HIST_TYPECHANGE)
					c.bad = 1;
			}
		}
	}
	h->ncases = c.bad ? 0 : ncs;
	size_t nf = c.bad ? 0 : get_n(&c, 24);
	h->raw = arena_alloc(a, (nf ? nf : 1) * sizeof(*h->raw));
	for (size_t i = 0; i < nf && !c.bad; i++) {
		h->raw[i].path = get_str(&c);
		h->raw[i].commit = (size_t)get_u64(&c);
		h->raw[i].from = get_str(&c);
		if (!h->raw[i].path || h->raw[i].commit >= nc ||
		    (i > 0 && strcmp(h->raw[i - 1].path, h->raw[i].path) >= 0))
			c.bad = 1;
	}
	h->nraw = c.bad ? 0 : nf;
	hist_resolve_firsts(h, a);
	size_t nr = c.bad ? 0 : get_n(&c, 8 + HIST_OID_LEN);
	h->reviews = arena_alloc(a, (nr ? nr : 1) * sizeof(*h->reviews));
	for (size_t i = 0; i < nr && !c.bad; i++) {
		h->reviews[i].commit = (size_t)get_u64(&c);
		get_raw(&c, h->reviews[i].id, HIST_OID_LEN);
		if (h->reviews[i].commit >= nc)
			c.bad = 1;
	}
	h->nreviews = c.bad ? 0 : nr;
	if (c.p != c.end)
		c.bad = 1;
	/* first_case points at the case's own id string, as after a walk */
	for (size_t i = 0; i < nc && !c.bad; i++) {
		if (!first[i])
			continue;
		const struct hist_case *hc = hist_case(h, first[i]);
		if (!hc)
			c.bad = 1;
		else
			h->commits[i].first_case = hc->id;
	}
	free(first);
	return c.bad ? -1 : strcmp(h->tip, tip) == 0 ? 0 : 1;
}

/* empty: h's tables, after a restore or an extension that failed */
static void
empty(struct history *h)
{
	struct history gone;
	hist_take_tables(&gone, h);
	free(gone.commits); /* the rest is the arena's */
	h->tip[0] = '\0';
}

/* no_lines: h as a walk without HIST_LINES would have made it */
static void
no_lines(struct history *h)
{
	for (size_t i = 0; i < h->ncases; i++)
		for (size_t j = 0; j < h->cases[i].nentries; j++)
			for (size_t k = 0; k < h->cases[i].entries[j].nfiles; k++)
				h->cases[i].entries[j].files[k].added =
					h->cases[i].entries[j].files[k].removed = -1;
	h->flags &= ~(unsigned)HIST_LINES;
}

int
hist_load_cached(struct history *h, const char *root, const char *rev, unsigned flags, int *hit)
{
	*hit = 0;
	unsigned one = flags & HIST_ONE_THREAD;
	flags &= ~(unsigned)HIST_ONE_THREAD;
	if (hist_open(h, root) != 0)
		return -1;
	git_object *obj = NULL, *commit = NULL;
	char tip[41] = "";
	git_oid head;
	git_odb *odb = NULL;
	/* HEAD's commit must be there before libgit2 is asked to parse it (it
	 * leaks when it is not); the walk then says what is missing */
	int there = rev || (git_reference_name_to_id(&head, h->repo, "HEAD") == 0 &&
	                    git_repository_odb(&odb, h->repo) == 0 && git_odb_exists(odb, &head));
	git_odb_free(odb);
	if (there && git_repository_is_shallow(h->repo) != 1 &&
	    git_revparse_single(&obj, h->repo, rev ? rev : "HEAD") == 0 &&
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0)
		git_oid_tostr(tip, sizeof(tip), git_object_id(commit));
	git_object_free(obj);
	git_object_free(commit);
	/* the walk with lines counted (build) has a file of its own; one
	 * without (audit) reads it too when its own does not serve */
	const char *no = getenv("CASELOAD_NO_CACHE"), *show = getenv("CASELOAD_CACHE_STATS");
	unsigned char build[64];
	/* without an id of this build no cache is used (cache.h) */
	const char *gitdir = (no && *no) || !cache_build_id(build, sizeof(build))
	                             ? NULL
	                             : git_repository_path(h->repo);
	char *own = gitdir ? cache_path(gitdir, flags & HIST_LINES ? HIST_CACHE_NAME : HIST_CACHE_NAME ".nolines")
	                   : NULL;
	char *other = gitdir && !(flags & HIST_LINES) ? cache_path(gitdir, HIST_CACHE_NAME) : NULL;
	const char *how = "walked";
	size_t before = 0;
	int strip = 0;
	for (int i = 0; i < 2 && tip[0] && !*hit; i++) {
		const char *data;
		size_t len;
		const char *path = i ? other : own;
		if (!path || map_file(path, &data, &len) != 0)
			continue;
		struct arena a = {0};
		int r = restore(h, &a, tip, flags, data, len);
		if (r < 0) {
			arena_free(&a);
			empty(h);
			unmap_file(data, len);
			continue;
		}
		/* its strings are read in place: the file stays mapped until
		 * hist_free (replaced by a later run, it stays what it was) */
		h->cache_map = data;
		h->cache_maplen = len;
		arena_adopt(&h->arena, &a);
		before = h->ncommits;
		/* lines counted that this walk does not count go (they would be
		 * -1 in a walk); an extension counts none for its new commits */
		strip = (h->flags & ~flags & HIST_LINES) != 0;
		if (r == 0) {
			*hit = 1;
			how = "read";
		} else if ((r = hist_extend(h, tip, flags | one)) == 0) {
			*hit = 2;
			how = "extended";
		} else {
			empty(h); /* what it held stays in the arena until hist_free */
		}
	}
	int rc = 0;
	if (!*hit)
		rc = hist_walk(h, rev, flags | one);
	if (rc == 0 && *hit && strip)
		no_lines(h);
	if (rc == 0 && *hit != 1 && !h->unborn && h->tip[0] && own) {
		struct buf data = {0};
		hist_serialize(h, &data);
		cache_write(own, data.s, data.len); /* a read-only .git goes without */
		buf_free(&data);
	}
	if (show && *show && rc == 0)
		fprintf(stderr, "caseload: history cache: %s (%zu commits, %zu new)\n", how, h->ncommits,
		        *hit == 2 ? h->ncommits - before
		        : *hit    ? 0
		                  : h->ncommits);
	free(own);
	free(other);
	return rc;
}

/* ---- what a pure function made of a blob, by blob id ---- */

#define MEMO_NAME "blobs"
#define MEMO_MAGIC "caseload blobs 1"
/* a file larger than this keeps only what the last run asked for */
#define MEMO_CAP (64u << 20)

/* An entry: the blob, which function (with its limit) and what it gave. */
struct memo_ent {
	unsigned char id[HIST_OID_LEN];
	uint32_t fn;
	int32_t value;
};

struct blob_memo {
	struct memo_ent *v; /* sorted by fn, then id */
	size_t n;
	unsigned char *seen; /* by entry: asked for in this run */
	char *path;          /* NULL: nothing is kept */
	unsigned char build[32];
	size_t buildlen;
};

struct memo_head {
	char magic[16];
	unsigned char build[32];
	uint64_t buildlen, n, sum;
};

static int
memo_cmp(const void *pa, const void *pb)
{
	const struct memo_ent *a = pa, *b = pb;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return memcmp(a->id, b->id, HIST_OID_LEN);
}

/* memo_tag_range: the entries of m with tag fn, m->v[*lo..*hi). */
static void
memo_tag_range(const struct blob_memo *m, uint32_t fn, size_t *lo, size_t *hi)
{
	size_t a = 0, b = m->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (m->v[mid].fn < fn)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = m->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (m->v[mid].fn <= fn)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

static uint64_t
id_head(const unsigned char *id)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | id[i];
	return v;
}

/* memo_lookup: the entry of blob id among v[lo..hi) (one tag's, sorted by
 * id), or NULL. Blob ids are hashes, spread evenly: a guess from where id
 * falls between the ends finds it in a few probes (a bisection took 17 at
 * 100,000 entries, each a cache miss); after a few guesses it bisects. */
static const struct memo_ent *
memo_lookup(const struct memo_ent *v, size_t lo, size_t hi, const unsigned char *id)
{
	uint64_t key = id_head(id);
	for (int guess = 0; lo < hi; guess++) {
		size_t mid = lo + (hi - lo) / 2;
		if (guess < 4) {
			uint64_t a = id_head(v[lo].id), b = id_head(v[hi - 1].id);
			if (key < a || key > b)
				return NULL;
			if (b > a)
				mid = lo + (size_t)((double)(key - a) / (double)(b - a) *
				                    (double)(hi - 1 - lo));
			if (mid >= hi)
				mid = hi - 1;
		}
		int c = memcmp(id, v[mid].id, HIST_OID_LEN);
		if (c == 0)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* memo_open: h's memo, read once; an unreadable or foreign file is none. */
static struct blob_memo *
memo_open(struct history *h)
{
	if (h->memo)
		return h->memo;
	struct blob_memo *m = xcalloc(1, sizeof(*m));
	h->memo = m;
	h->memo_free = hist_memo_free;
	const char *no = getenv("CASELOAD_NO_CACHE");
	m->buildlen = cache_build_id(m->build, sizeof(m->build));
	if ((no && *no) || !m->buildlen || !h->repo)
		return m;
	m->path = cache_path(git_repository_path(h->repo), MEMO_NAME);
	struct buf b = {0};
	struct memo_head hd;
	if (cache_read(m->path, &b) == 0 && b.len >= sizeof(hd)) {
		memcpy(&hd, b.s, sizeof(hd));
		size_t body = b.len - sizeof(hd);
		if (memcmp(hd.magic, MEMO_MAGIC, sizeof(hd.magic)) == 0 &&
		    hd.buildlen == m->buildlen && memcmp(hd.build, m->build, m->buildlen) == 0 &&
		    body % sizeof(struct memo_ent) == 0 && hd.n == body / sizeof(struct memo_ent) &&
		    hd.sum == hash64(b.s + sizeof(hd), body, 1)) {
			m->n = (size_t)hd.n;
			m->v = xmalloc((m->n ? m->n : 1) * sizeof(*m->v));
			memcpy(m->v, b.s + sizeof(hd), body);
			/* sorted as written, or not used at all */
			for (size_t i = 1; i < m->n; i++)
				if (memo_cmp(&m->v[i - 1], &m->v[i]) >= 0) {
					m->n = 0;
					break;
				}
		}
	}
	buf_free(&b);
	m->seen = xcalloc(m->n ? m->n : 1, 1);
	return m;
}

/* memo_save: the kept entries and the new ones (sorted, each once, none of
 * them kept before), written in one file; m then holds them all. */
static void
memo_save(struct blob_memo *m, const struct memo_ent *add, size_t nadd)
{
	size_t bytes = (m->n + nadd) * sizeof(*m->v);
	int trim = bytes > MEMO_CAP;
	struct memo_ent *v = xmalloc((m->n + nadd ? m->n + nadd : 1) * sizeof(*v));
	unsigned char *seen = xcalloc(m->n + nadd ? m->n + nadd : 1, 1);
	size_t i = 0, j = 0, k = 0;
	while (i < m->n || j < nadd) {
		if (j == nadd || (i < m->n && memo_cmp(&m->v[i], &add[j]) < 0)) {
			if (!trim || m->seen[i]) {
				seen[k] = m->seen[i];
				v[k++] = m->v[i];
			}
			i++;
		} else {
			seen[k] = 1;
			v[k++] = add[j++];
		}
	}
	free(m->v);
	free(m->seen);
	m->v = v;
	m->seen = seen;
	m->n = k;
	if (!m->path)
		return;
	struct memo_head hd;
	memset(&hd, 0, sizeof(hd));
	memcpy(hd.magic, MEMO_MAGIC, sizeof(hd.magic));
	memcpy(hd.build, m->build, m->buildlen);
	hd.buildlen = m->buildlen;
	hd.n = k;
	hd.sum = hash64(v, k * sizeof(*v), 1);
	struct buf b = {0};
	buf_grow(&b, sizeof(hd) + k * sizeof(*v));
	buf_add(&b, (const char *)&hd, sizeof(hd));
	buf_add(&b, (const char *)v, k * sizeof(*v));
	cache_write(m->path, b.s, b.len); /* a read-only .git goes without */
	buf_free(&b);
}

int
hist_blob_memo(struct history *h, const char *name, const unsigned char (*ids)[HIST_OID_LEN], size_t n,
               size_t limit, int (*fn)(const char *text, size_t len, void *arg), void *arg, int *out)
{
	struct blob_memo *m = memo_open(h);
	uint32_t tag = (uint32_t)hash64(name, strlen(name), (unsigned long long)limit);
	unsigned char(*miss)[HIST_OID_LEN] = NULL;
	size_t *at = NULL, nmiss = 0, cap = 0, capat = 0;
	size_t lo, hi;
	memo_tag_range(m, tag, &lo, &hi);
	for (size_t i = 0; i < n; i++) {
		const struct memo_ent *e = memo_lookup(m->v, lo, hi, ids[i]);
		if (e) {
			out[i] = e->value;
			m->seen[e - m->v] = 1;
			continue;
		}
		VEC_GROW(miss, nmiss, cap);
		VEC_GROW(at, nmiss, capat);
		memcpy(miss[nmiss], ids[i], HIST_OID_LEN);
		at[nmiss++] = i;
	}
	int rc = 0;
	if (nmiss) {
		int *got = xmalloc(nmiss * sizeof(*got));
		rc = hist_blob_map(h, (const unsigned char(*)[HIST_OID_LEN])miss, nmiss, limit, fn,
		                   arg, got);
		if (rc == 0) {
			/* one entry per blob, also when ids named it twice */
			struct memo_ent *add = xmalloc(nmiss * sizeof(*add));
			size_t nadd = 0;
			for (size_t k = 0; k < nmiss; k++) {
				out[at[k]] = got[k];
				memset(&add[nadd], 0, sizeof(*add));
				memcpy(add[nadd].id, miss[k], HIST_OID_LEN);
				add[nadd].fn = tag;
				add[nadd].value = got[k];
				nadd++;
			}
			qsort(add, nadd, sizeof(*add), memo_cmp);
			size_t u = 0;
			for (size_t k = 0; k < nadd; k++)
				if (!u || memo_cmp(&add[u - 1], &add[k]) != 0)
					add[u++] = add[k];
			memo_save(m, add, u);
			free(add);
		}
		free(got);
	}
	free(miss);
	free(at);
	return rc;
}

void
hist_memo_free(struct history *h)
{
	struct blob_memo *m = h->memo;
	if (!m)
		return;
	free(m->v);
	free(m->seen);
	free(m->path);
	free(m);
	h->memo = NULL;
}

/* ---- the history on a thread of its own (build) ---- */

static void
job_read(struct hist_job *j)
{
	j->rc = hist_load_cached(&j->h, j->root, j->at, j->flags, &j->hit);
	if (j->rc != 0)
		return;
	/* the rest waits for hist_job_go: the status stats every file as the
	 * loader does, on the same cores, and what comes after it may need the
	 * records */
	pthread_mutex_lock(&j->lock);
	while (!j->go)
		pthread_cond_wait(&j->cond, &j->lock);
	pthread_mutex_unlock(&j->lock);
	/* with --at the records are those of the revision: nothing is uncommitted */
	if (!j->at && !j->h.unborn) {
		j->h.known = j->known;
		j->h.listing = j->listing;
		j->h.known_arg = j->known_arg;
		j->rc = hist_uncommitted(&j->h, &j->wt, &j->nwt);
	}
	if (j->rc == 0 && j->then)
		j->then_rc = j->then(j, j->then_arg);
}

static void *
job_main(void *arg)
{
	job_read(arg);
	return NULL;
}

void
hist_job_start(struct hist_job *j, const char *root, const char *at, unsigned flags)
{
	memset(j, 0, sizeof(*j));
	j->root = xstrdup(root);
	j->at = at;
	j->flags = flags;
	j->rc = -1;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	/* libgit2 was started once by the command's setup (cmd.c); this
	 * thread works on a repository object of its own */
	j->started = pthread_create(&j->th, NULL, job_main, j) == 0;
}

void
hist_job_go(struct hist_job *j, int (*then)(struct hist_job *j, void *arg), void *arg)
{
	pthread_mutex_lock(&j->lock);
	if (!j->go) {
		j->go = 1;
		j->then = then;
		j->then_arg = arg;
	}
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

int
hist_job_wait(struct hist_job *j)
{
	if (!j->joined) {
		hist_job_go(j, NULL, NULL);
		if (j->started)
			pthread_join(j->th, NULL);
		else
			job_read(j);
		j->joined = 1;
	}
	return j->rc;
}

void
hist_job_free(struct hist_job *j)
{
	if (!j->root)
		return;
	hist_job_wait(j);
	hist_wt_free(j->wt, j->nwt);
	hist_free(&j->h);
	free(j->root);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	memset(j, 0, sizeof(*j));
}
