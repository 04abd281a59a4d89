/* history_cache.c: the history of a walk kept for the next run, under the
 * repository's git folder (cache.h: <git dir>/caseload/history), and read
 * from there when it is the history of the same commit, folder, flags and
 * .mailmap; and the history read on a thread of its own while a build loads
 * the records. The walk itself is history.c's. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "cache.h"
#include "history.h"

/* The cache file's name under the cache folder. */
#define HIST_CACHE_NAME "history"

/* ---- the cache of a walk ---- */

#define CACHE_MAGIC "caseload history cache 2\n"

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
		buf_add(b, s, strlen(s));
}

void
hist_serialize(const struct history *h, struct buf *out)
{
	buf_add(out, CACHE_MAGIC, sizeof(CACHE_MAGIC) - 1);
	put_u64(out, h->mailmap_key_len);
	buf_add(out, h->mailmap_key, h->mailmap_key_len);
	/* the layout of this build: a cache from another is not read */
	put_u64(out, sizeof(struct hist_commit) * 1000003u + sizeof(struct hist_file) * 101u +
	                     sizeof(struct hist_entry));
	put_str(out, h->tip);
	put_u64(out, h->flags);
	put_str(out, h->prefix);
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
	put_u64(out, h->nfirsts);
	for (size_t i = 0; i < h->nfirsts; i++) {
		put_str(out, h->firsts[i].path);
		put_u64(out, h->firsts[i].commit);
	}
	put_u64(out, h->nreviews);
	for (size_t i = 0; i < h->nreviews; i++) {
		put_u64(out, h->reviews[i].commit);
		buf_add(out, (const char *)h->reviews[i].id, HIST_OID_LEN);
	}
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

static char *
get_str(struct cur *c)
{
	uint64_t n = get_u64(c);
	if (n == UINT64_MAX || c->bad)
		return NULL;
	if (n > (uint64_t)(c->end - c->p) || memchr(c->p, '\0', (size_t)n)) {
		c->bad = 1;
		return NULL;
	}
	char *s = arena_strndup(c->arena, c->p, (size_t)n);
	c->p += n;
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

/* restore: h's tables from the cache, when it is the history of tip with
 * flags under h->prefix and h's .mailmap. Returns 0, or -1 (h's tables then
 * partly filled, in the arena a: the caller empties them). */
static int
restore(struct history *h, struct arena *a, const char *tip, unsigned flags, const char *data, size_t len)
{
	struct cur c = {data, data + len, 0, a};
	size_t ml = sizeof(CACHE_MAGIC) - 1;
	if (len < ml || memcmp(data, CACHE_MAGIC, ml) != 0)
		return -1;
	c.p += ml;
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
	if (!t || strcmp(t, tip) != 0 || get_u64(&c) != flags)
		return -1;
	const char *pre = get_str(&c);
	if (!pre || strcmp(pre, h->prefix) != 0)
		return -1;
	snprintf(h->tip, sizeof(h->tip), "%s", tip);
	h->flags = flags;
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
	size_t nf = c.bad ? 0 : get_n(&c, 16);
	h->firsts = arena_alloc(a, (nf ? nf : 1) * sizeof(*h->firsts));
	for (size_t i = 0; i < nf && !c.bad; i++) {
		h->firsts[i].path = get_str(&c);
		h->firsts[i].commit = (size_t)get_u64(&c);
		if (!h->firsts[i].path || h->firsts[i].commit >= nc ||
		    (i > 0 && strcmp(h->firsts[i - 1].path, h->firsts[i].path) >= 0))
			c.bad = 1;
	}
	h->nfirsts = c.bad ? 0 : nf;
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
	return c.bad ? -1 : 0;
}

int
hist_load_cached(struct history *h, const char *root, const char *rev, unsigned flags, int *hit)
{
	*hit = 0;
	if (hist_open(h, root) != 0)
		return -1;
	git_object *obj = NULL, *commit = NULL;
	char tip[41] = "";
	if (git_repository_is_shallow(h->repo) != 1 &&
	    git_revparse_single(&obj, h->repo, rev ? rev : "HEAD") == 0 &&
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0)
		git_oid_tostr(tip, sizeof(tip), git_object_id(commit));
	git_object_free(obj);
	git_object_free(commit);
	char *path = cache_path(git_repository_path(h->repo), HIST_CACHE_NAME);
	struct buf data = {0};
	if (tip[0] && cache_read(path, &data) == 0) {
		struct arena a = {0};
		if (restore(h, &a, tip, flags, data.s, data.len) == 0) {
			arena_adopt(&h->arena, &a);
			*hit = 1;
		} else {
			/* a cache of another commit, or damaged: walk after all */
			arena_free(&a);
			free(h->commits);
			h->commits = NULL;
			h->cases = NULL;
			h->firsts = NULL;
			h->reviews = NULL;
			h->ncommits = h->ncases = h->nfirsts = h->nreviews = 0;
			h->tip[0] = '\0';
		}
	}
	buf_free(&data);
	int rc = 0;
	if (!*hit) {
		rc = hist_walk(h, rev, flags);
		if (rc == 0 && !h->unborn && h->tip[0]) {
			hist_serialize(h, &data);
			cache_write(path, data.s, data.len); /* a read-only .git goes without */
			buf_free(&data);
		}
	}
	free(path);
	return rc;
}

/* ---- the history on a thread of its own (build) ---- */

static void
job_read(struct hist_job *j)
{
	j->rc = hist_load_cached(&j->h, j->root, j->at, HIST_LINES, &j->hit);
	/* with --at the records are those of the revision: nothing is uncommitted */
	if (j->rc == 0 && !j->at && !j->h.unborn)
		j->rc = hist_uncommitted(&j->h, &j->wt, &j->nwt);
}

static void *
job_main(void *arg)
{
	job_read(arg);
	return NULL;
}

void
hist_job_start(struct hist_job *j, const char *root, const char *at)
{
	memset(j, 0, sizeof(*j));
	j->root = xstrdup(root);
	j->at = at;
	j->rc = -1;
	/* libgit2 was started once by the command's setup (cmd.c); this
	 * thread works on a repository object of its own */
	j->started = pthread_create(&j->th, NULL, job_main, j) == 0;
}

int
hist_job_wait(struct hist_job *j)
{
	if (!j->joined) {
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
	memset(j, 0, sizeof(*j));
}
