/* history.c: one walk over the commits that reach HEAD (or a revision), with
 * libgit2. A commit is compared with its first parent top-down by tree id:
 * the caseload folder's tree, then the entries of cases/ one by one, and only
 * the case folders whose tree changed are diffed. Nothing is walked per file
 * or per case, and no blob is read unless lines are counted. */
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git_index.h"
#include "history.h"
#include "status.h"
#include "write.h"

/* beyond this many files that may have changed, libgit2 looks at all of them */
#define MAX_SUSPECTS 512

const char *const hist_change_names[] = {"added",   "modified",   "deleted",
                                         "renamed", "typechange", NULL};

int
hist_day(long long time, int offset)
{
	long long t = time + (long long)offset * 60;
	long long d = t / 86400;
	if (t % 86400 < 0)
		d--;
	return (int)d;
}

/* ---- a string-keyed hash map of indexes ---- */

struct smap_slot {
	const char *key; /* NULL: empty; the key is owned by the caller */
	size_t val;
};

struct smap {
	struct smap_slot *v;
	size_t cap, n; /* cap a power of two */
};

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* smap_find: the slot of key, or the empty slot where it would go. */
static struct smap_slot *
smap_find(const struct smap *m, const char *key)
{
	size_t i = (size_t)str_hash(key) & (m->cap - 1);
	while (m->v[i].key && strcmp(m->v[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

/* smap_get: the value of key, or SIZE_MAX. */
static size_t
smap_get(const struct smap *m, const char *key)
{
	if (!m->cap)
		return SIZE_MAX;
	struct smap_slot *s = smap_find(m, key);
	return s->key ? s->val : SIZE_MAX;
}

/* smap_put: sets key (which must outlive the map) to val. */
static void
smap_put(struct smap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct smap old = *m;
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = xcalloc(m->cap, sizeof(*m->v));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				smap_put(m, old.v[i].key, old.v[i].val);
		free(old.v);
	}
	struct smap_slot *s = smap_find(m, key);
	if (!s->key) {
		s->key = key;
		m->n++;
	}
	s->val = val;
}

/* ---- the walk ---- */

struct case_b {
	char *id;
	struct hist_entry *v;
	size_t n, cap;
};

/* The oldest event seen so far (the walk goes newest first) that put a file
 * at path: an addition, or a rename from another path. */
struct first_b {
	char *path;
	size_t commit;
	char *from; /* the old path of a rename, else NULL */
};

#define BIG_SLOTS 3

/* A tree object as stored, with the offset where each entry starts. An entry
 * is "<octal mode> <name>\0<20-byte id>". */
struct rtree {
	git_oid id;
	git_odb_object *obj; /* NULL: an empty slot */
	const unsigned char *data;
	size_t len;
	uint32_t *ent;
	size_t n, cap;
	int indexed; /* ent holds every entry's start (rtree_index) */
	unsigned long used;
};

static size_t ent_at(const struct rtree *t, size_t off, int *exact);

struct walk {
	struct history *h;
	git_repository *repo;
	git_odb *odb;
	git_mailmap *mm;
	unsigned flags;
	char *prefix; /* without the trailing slash; "" at the top */
	/* root tree id -> caseload folder tree id, for the last few commits */
	struct {
		git_oid root, folder;
		int has, valid;
	} fc[4];
	int fc_next;
	/* the cases/ trees of the last commits, raw: each is needed twice (as
	 * a commit's and as its child's parent's), libgit2 does not cache trees
	 * this large, and parsing 10,000 entries into git_tree objects for every
	 * commit costs more than comparing the raw bytes */
	struct rtree big[BIG_SLOTS];
	unsigned long clock;
	size_t ccap;
	struct case_b *cases;
	size_t ncases, casecap;
	struct smap case_ix;
	struct first_b *firsts;
	size_t nfirsts, firstcap;
	struct smap first_ix;
	struct hist_file *files; /* scratch for one case's diff */
	size_t filecap;
	struct hist_version *reviews;
	size_t nreviews, reviewcap;
	/* one commit's additions and removals in all its cases, to follow a
	 * file whose case folder was renamed (git's exact rename) */
	struct moved {
		size_t first; /* additions: index in firsts */
		char *path;   /* removals: the old path */
		unsigned char id[HIST_OID_LEN];
	} * madd, *mdel;
	size_t nmadd, maddcap, nmdel, mdelcap;
	/* the files whose lines are counted once the walk is done, on several
	 * threads (count_pending) */
	struct hist_file **pending;
	size_t npending, pendingcap;
	int one_thread; /* HIST_ONE_THREAD: walk_split does not split */
};

/* a hist_file's added and removed while its lines wait to be counted */
#define LINES_PENDING (-2)

/* git_fail: puts the reason for a failed libgit2 call into h->err and
 * returns -1. A shallow clone is named as such, since its missing history is
 * the likeliest reason. */
static int
git_fail(struct walk *w, const char *what)
{
	char why[256];
	/* before another call resets it */
	int odb = git_error_last() && git_error_last()->klass == GIT_ERROR_ODB;
	snprintf(why, sizeof(why), "%s", gix_git_msg());
	if (git_repository_is_shallow(w->repo) == 1)
		snprintf(w->h->err, sizeof(w->h->err),
		         "the repository is a shallow clone, so its history is incomplete "
		         "(%s: %s); run 'git fetch --unshallow' first",
		         what, why);
	else if (odb) /* libgit2 names the id of the object it could not find */
		snprintf(w->h->err, sizeof(w->h->err),
		         "%s: a git object is missing from the git repository, or damaged (%s)",
		         what, why);
	else
		snprintf(w->h->err, sizeof(w->h->err), "%s: %s", what, why);
	return -1;
}

/* missing: an object that could not be read; returns -1. */
static int
missing(struct walk *w, const char *what, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	if (git_repository_is_shallow(w->repo) == 1)
		snprintf(w->h->err, sizeof(w->h->err),
		         "the repository is a shallow clone, so its history is incomplete "
		         "(%s %s is missing); run 'git fetch --unshallow' first",
		         what, hex);
	else
		snprintf(w->h->err, sizeof(w->h->err),
		         "%s %s is missing from the git repository, or damaged", what, hex);
	return -1;
}

/* folder_of: the caseload folder's tree id in the root tree root. Returns 1
 * and *out, 0 when the revision has no such folder, or -1 on an error. */
static int
folder_of(struct walk *w, const git_oid *root, git_oid *out)
{
	if (!w->prefix[0]) {
		git_oid_cpy(out, root);
		return 1;
	}
	for (int i = 0; i < 4; i++)
		if (w->fc[i].valid && git_oid_equal(&w->fc[i].root, root)) {
			git_oid_cpy(out, &w->fc[i].folder);
			return w->fc[i].has;
		}
	git_tree *t;
	git_tree_entry *e;
	if (git_tree_lookup(&t, w->repo, root) < 0)
		return missing(w, "the tree", root);
	int r = git_tree_entry_bypath(&e, t, w->prefix), has = 0;
	git_tree_free(t);
	if (r == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_oid_cpy(out, git_tree_entry_id(e));
			has = 1;
		}
		git_tree_entry_free(e);
	} else if (r != GIT_ENOTFOUND)
		return git_fail(w, "cannot read a tree");
	int k = w->fc_next++ & 3;
	git_oid_cpy(&w->fc[k].root, root);
	if (has)
		git_oid_cpy(&w->fc[k].folder, out);
	w->fc[k].has = has;
	w->fc[k].valid = 1;
	return has;
}

/* rtree_scan: indexes the entries of t from offset p on, after the n
 * already indexed; with base (indexed, sharing its last suf bytes with t),
 * stops at the first entry inside that shared end that starts where one of
 * base's does, and takes the rest from base. Returns 0, or -1 when the
 * object is not a well-formed tree. */
static int
rtree_scan(struct rtree *t, size_t p, const struct rtree *base, size_t suf)
{
	const unsigned char *d = t->data, *end = d + t->len;
	for (const unsigned char *q = d + p; q < end;) {
		size_t off = (size_t)(q - d);
		if (base && off >= t->len - suf) {
			int exact;
			size_t bo = off - t->len + base->len, e = ent_at(base, bo, &exact);
			if (exact) {
				/* the bytes from here on are base's from bo on */
				size_t more = base->n - e;
				if (t->n + more > t->cap) {
					t->cap = t->n + more;
					t->ent = xreallocarray(t->ent, t->cap, sizeof(*t->ent));
				}
				for (size_t k = e; k < base->n; k++)
					t->ent[t->n++] = (uint32_t)(base->ent[k] - bo + off);
				return 0;
			}
		}
		const unsigned char *nul = memchr(q, '\0', (size_t)(end - q));
		if (!nul || end - nul < 1 + HIST_OID_LEN || !memchr(q, ' ', (size_t)(nul - q)))
			return -1;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 1024;
			t->ent = xreallocarray(t->ent, t->cap, sizeof(*t->ent));
		}
		t->ent[t->n++] = (uint32_t)off;
		q = nul + 1 + HIST_OID_LEN;
	}
	return 0;
}

/* shared_ends: how many bytes a and b (trees) share at their start (*pre)
 * and, after that, at their end (*suf). Compared in blocks of 4 KiB first:
 * a commit changes a few bytes of a tree of 400 KiB. */
static void
shared_ends(const struct rtree *a, const struct rtree *b, size_t *pre, size_t *suf)
{
	size_t min = a->len < b->len ? a->len : b->len, p = 0, s = 0;
	for (size_t step = 4096; step >= 1; step /= 64)
		while (p + step <= min && memcmp(a->data + p, b->data + p, step) == 0)
			p += step;
	for (size_t step = 4096; step >= 1; step /= 64)
		while (s + step <= min - p &&
		       memcmp(a->data + a->len - s - step, b->data + b->len - s - step, step) == 0)
			s += step;
	*pre = p;
	*suf = s;
}

/* rtree_index: finds where each entry of t starts, from base (another
 * version of the same tree, indexed, sharing pre bytes at the start and
 * suf at the end with t; or NULL): the entries before the first byte that
 * differs start where base's do, and those inside the shared end follow
 * base's. Only what lies between is read, which for a commit that changed
 * one case of 10,000 is one or two entries. Returns 0, or -1 when the
 * object is not a well-formed tree. */
static int
rtree_index(struct rtree *t, const struct rtree *base, size_t pre, size_t suf)
{
	t->n = 0;
	if (!base || !base->indexed || base == t)
		return rtree_scan(t, 0, NULL, 0) < 0 ? -1 : (t->indexed = 1, 0);
	/* base's entries that start at or before the first differing byte
	 * start there in t too; the last of them is read again, as it may
	 * hold that byte */
	int exact;
	size_t m = ent_at(base, pre, &exact) + (size_t)exact;
	size_t from = m ? base->ent[m - 1] : 0;
	if (m > 1) {
		if (m - 1 > t->cap) {
			t->cap = m - 1;
			t->ent = xreallocarray(t->ent, t->cap, sizeof(*t->ent));
		}
		memcpy(t->ent, base->ent, (m - 1) * sizeof(*t->ent));
		t->n = m - 1;
	}
	if (rtree_scan(t, from, base, suf) < 0)
		return -1;
	t->indexed = 1;
	return 0;
}

/* big_tree: the raw tree id, kept in the walk's small cache (do not free).
 * Returns 0, or -1 on an error. */
static int
big_tree(struct walk *w, const git_oid *id, struct rtree **out)
{
	int old = 0;
	for (int i = 0; i < BIG_SLOTS; i++) {
		if (w->big[i].obj && git_oid_equal(&w->big[i].id, id)) {
			w->big[i].used = ++w->clock;
			*out = &w->big[i];
			return 0;
		}
		if (w->big[i].used < w->big[old].used)
			old = i;
	}
	struct rtree *t = &w->big[old];
	git_odb_object_free(t->obj);
	t->obj = NULL;
	git_odb_object *o;
	if (git_odb_read(&o, w->odb, id) < 0)
		return missing(w, "the tree", id);
	t->obj = o;
	t->data = git_odb_object_data(o);
	t->len = git_odb_object_size(o);
	git_oid_cpy(&t->id, id);
	t->used = ++w->clock;
	t->indexed = 0; /* diff_cases indexes it, from the tree it is compared with */
	if (git_odb_object_type(o) != GIT_OBJECT_TREE || t->len > UINT32_MAX) {
		git_odb_object_free(o);
		t->obj = NULL;
		return missing(w, "the tree", id);
	}
	*out = t;
	return 0;
}

/* An entry of a raw tree. */
struct rent {
	const char *name;
	size_t len;
	int dir;
	const unsigned char *id;
};

static struct rent
rtree_ent(const struct rtree *t, size_t i)
{
	const unsigned char *p = t->data + t->ent[i];
	const unsigned char *sp = memchr(p, ' ', t->len - t->ent[i]);
	struct rent e;
	e.dir = sp - p == 5 && memcmp(p, "40000", 5) == 0;
	e.name = (const char *)sp + 1;
	e.len = strlen(e.name);
	e.id = (const unsigned char *)e.name + e.len + 1;
	return e;
}

/* rent_order: compares entries the way git sorts them (a folder's name as
 * if it ended in '/'). */
static int
rent_order(const struct rent *a, const struct rent *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	if (c)
		return c;
	unsigned char x = a->len > n ? (unsigned char)a->name[n] : a->dir ? '/' : 0;
	unsigned char y = b->len > n ? (unsigned char)b->name[n] : b->dir ? '/' : 0;
	return x < y ? -1 : x > y;
}

/* ent_at: the index of the entry of t starting at offset off, or the index
 * of the first one after it (with *exact 0). */
static size_t
ent_at(const struct rtree *t, size_t off, int *exact)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ent[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*exact = lo < t->n && t->ent[lo] == off;
	return lo;
}

/* subtree_id: the id of the folder name in t, or NULL. */
static const git_oid *
subtree_id(const git_tree *t, const char *name)
{
	const git_tree_entry *e = t ? git_tree_entry_byname(t, name) : NULL;
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE ? git_tree_entry_id(e) : NULL;
}

static int
is_text_name(const char *path)
{
	static const char *const exts[] = {".yaml", ".yml", ".md",   ".markdown",
	                                   ".txt",  ".csv", ".json", NULL};
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return 0;
	for (size_t i = 0; exts[i]; i++)
		if (strcmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

/* lines_in: the lines of a blob's text, or -1 when it is binary. */
static int
lines_in(const char *s, size_t n)
{
	size_t k = 0;
	if (memchr(s, '\0', n < 8000 ? n : 8000))
		return -1;
	for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))); p++)
		k++;
	if (n && s[n - 1] != '\n')
		k++;
	return (int)k;
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_file *)a)->path, ((const struct hist_file *)b)->path);
}

/* note_first: records that commit put a file at path (from: renamed from
 * there); returns its index in w->firsts. */
static size_t
note_first(struct walk *w, char *path, size_t commit, char *from)
{
	size_t i = smap_get(&w->first_ix, path);
	if (i == SIZE_MAX) {
		VEC_GROW(w->firsts, w->nfirsts, w->firstcap);
		i = w->nfirsts++;
		w->firsts[i].path = path;
		smap_put(&w->first_ix, path, i);
	}
	/* walking newest first: each later event is an older one */
	w->firsts[i].commit = commit;
	w->firsts[i].from = from;
	return i;
}

static int
moved_cmp(const void *a, const void *b)
{
	return memcmp(((const struct moved *)a)->id, ((const struct moved *)b)->id, HIST_OID_LEN);
}

/* follow_moves: a file one case folder lost and another gained, with the
 * same content, in the same commit, was moved (a case folder renamed): it
 * keeps the first commit of its old path, as a rename does. */
static void
follow_moves(struct walk *w)
{
	if (w->nmadd && w->nmdel) {
		qsort(w->mdel, w->nmdel, sizeof(*w->mdel), moved_cmp);
		for (size_t i = 0; i < w->nmadd; i++) {
			const struct moved *m = bsearch(&w->madd[i], w->mdel, w->nmdel,
			                                sizeof(*w->mdel), moved_cmp);
			if (m)
				w->firsts[w->madd[i].first].from = m->path;
		}
	}
	w->nmadd = w->nmdel = 0;
}

static void
oid_raw(unsigned char out[HIST_OID_LEN], const git_oid *id)
{
	if (git_oid_is_zero(id))
		memset(out, 0, HIST_OID_LEN);
	else
		memcpy(out, id->id, HIST_OID_LEN);
}

/* diff_case: what commit k did to case id, between its old and new folder
 * trees (either may be NULL). Returns 0 or -1. */
static int
diff_case(struct walk *w, size_t k, const char *id, const git_oid *oldid, const git_oid *newid)
{
	struct history *h = w->h;
	git_tree *ot = NULL, *nt = NULL;
	git_diff *diff = NULL;
	int rc = 0;
	if (oldid && git_tree_lookup(&ot, w->repo, oldid) < 0)
		return missing(w, "the tree", oldid);
	if (newid && git_tree_lookup(&nt, w->repo, newid) < 0) {
		git_tree_free(ot);
		return missing(w, "the tree", newid);
	}
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_INCLUDE_TYPECHANGE;
	if (git_diff_tree_to_tree(&diff, w->repo, ot, nt, &o) < 0) {
		rc = git_fail(w, "cannot compare two trees");
		goto out;
	}
	size_t nd = git_diff_num_deltas(diff), nadd = 0, ndel = 0;
	for (size_t i = 0; i < nd; i++) {
		git_delta_t st = git_diff_get_delta(diff, i)->status;
		nadd += st == GIT_DELTA_ADDED;
		ndel += st == GIT_DELTA_DELETED;
	}
	if (nadd && ndel) {
		/* a note renamed with its content unchanged keeps its first commit */
		git_diff_find_options fo;
		git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
		fo.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_EXACT_MATCH_ONLY;
		if (git_diff_find_similar(diff, &fo) < 0) {
			rc = git_fail(w, "cannot find renames");
			goto out;
		}
		nd = git_diff_num_deltas(diff);
	}
	if (nd == 0)
		goto out;
	if (nd > w->filecap) {
		w->filecap = nd;
		w->files = xreallocarray(w->files, nd, sizeof(*w->files));
	}
	size_t nf = 0;
	for (size_t i = 0; i < nd; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct hist_file *f = &w->files[nf];
		const char *np = d->new_file.path, *op = d->old_file.path;
		memset(f, 0, sizeof(*f));
		f->added = f->removed = -1;
		switch (d->status) {
		case GIT_DELTA_ADDED: f->change = HIST_ADDED; break;
		case GIT_DELTA_DELETED:
			f->change = HIST_DELETED;
			np = op;
			break;
		case GIT_DELTA_MODIFIED: f->change = HIST_MODIFIED; break;
		case GIT_DELTA_RENAMED: f->change = HIST_RENAMED; break;
		case GIT_DELTA_TYPECHANGE: f->change = HIST_TYPECHANGE; break;
		default: continue;
		}
		size_t idl = strlen(id);
		char *p = arena_alloc(&h->arena, 8 + idl + strlen(np)); /* "cases/" id "/" np NUL */
		sprintf(p, "cases/%s/%s", id, np);
		f->path = p;
		if (f->change == HIST_RENAMED) {
			f->old_path = arena_alloc(&h->arena, 8 + idl + strlen(op));
			sprintf(f->old_path, "cases/%s/%s", id, op);
		}
		oid_raw(f->old_id, &d->old_file.id);
		oid_raw(f->new_id, &d->new_file.id);
		if (f->change == HIST_ADDED) {
			VEC_GROW(w->madd, w->nmadd, w->maddcap);
			struct moved *m = &w->madd[w->nmadd++];
			m->first = note_first(w, f->path, k, NULL);
			m->path = NULL;
			memcpy(m->id, f->new_id, HIST_OID_LEN);
		} else if (f->change == HIST_DELETED) {
			VEC_GROW(w->mdel, w->nmdel, w->mdelcap);
			struct moved *m = &w->mdel[w->nmdel++];
			m->first = 0;
			m->path = f->path;
			memcpy(m->id, f->old_id, HIST_OID_LEN);
		} else if (f->change == HIST_RENAMED)
			note_first(w, f->path, k, f->old_path);
		/* lines are counted after the walk (count_pending) */
		if ((w->flags & HIST_LINES) && is_text_name(f->path)) {
			if (f->change != HIST_ADDED && f->change != HIST_DELETED &&
			    git_oid_equal(&d->old_file.id, &d->new_file.id))
				f->added = f->removed = 0;
			else if (f->change != HIST_TYPECHANGE)
				f->added = f->removed = LINES_PENDING;
		}
		nf++;
	}
	if (nf == 0)
		goto out;
	qsort(w->files, nf, sizeof(*w->files), file_cmp);

	size_t ci = smap_get(&w->case_ix, id);
	if (ci == SIZE_MAX) {
		VEC_GROW(w->cases, w->ncases, w->casecap);
		ci = w->ncases++;
		memset(&w->cases[ci], 0, sizeof(w->cases[ci]));
		w->cases[ci].id = arena_strdup(&h->arena, id);
		smap_put(&w->case_ix, w->cases[ci].id, ci);
	}
	struct case_b *cb = &w->cases[ci];
	VEC_GROW(cb->v, cb->n, cb->cap);
	struct hist_entry *e = &cb->v[cb->n++];
	memset(e, 0, sizeof(*e));
	e->commit = k;
	e->nfiles = nf;
	e->files = arena_alloc(&h->arena, nf * sizeof(*e->files));
	memcpy(e->files, w->files, nf * sizeof(*e->files));
	for (size_t i = 0; i < nf; i++)
		if (e->files[i].added == LINES_PENDING) {
			VEC_GROW(w->pending, w->npending, w->pendingcap);
			w->pending[w->npending++] = &e->files[i];
		}
	const git_tree_entry *cy = ot ? git_tree_entry_byname(ot, "case.yaml") : NULL;
	if (cy && git_tree_entry_type(cy) == GIT_OBJECT_BLOB) {
		oid_raw(e->parent_case_yaml, git_tree_entry_id(cy));
		e->has_parent_case_yaml = 1;
	}
	struct hist_commit *c = &h->commits[k];
	c->ncases++;
	if (!c->first_case || strcmp(cb->id, c->first_case) < 0)
		c->first_case = cb->id;
out:
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(nt);
	return rc;
}

/* diff_cases: compares the entries of two cases/ trees (either may be
 * NULL) in one pass, as both are sorted, and diffs each case folder that
 * differs. The bytes the two trees share at their start and at their end
 * hold the same entries, so only the part between is compared. */
static int
diff_cases(struct walk *w, size_t k, const git_oid *oldid, const git_oid *newid)
{
	struct rtree *ot = NULL, *nt = NULL;
	if (oldid && big_tree(w, oldid, &ot))
		return -1;
	if (newid && big_tree(w, newid, &nt))
		return -1;
	size_t i = 0, j = 0, pre = 0, suf = 0;
	if (ot && nt)
		shared_ends(ot, nt, &pre, &suf);
	/* the walk goes from the newest commit back: the new tree is the one
	 * compared last time, indexed, and the old one is indexed from it */
	struct rtree *first = nt && nt->indexed ? nt : ot, *second = first == nt ? ot : nt;
	if (first && !first->indexed && rtree_index(first, NULL, 0, 0) < 0)
		return missing(w, "the tree", &first->id);
	if (second && !second->indexed && rtree_index(second, first, pre, suf) < 0)
		return missing(w, "the tree", &second->id);
	size_t on = ot ? ot->n : 0, nn = nt ? nt->n : 0;
	if (ot && nt) {
		/* the entry holding the first differing byte starts at the same
		 * offset in both */
		int exact;
		i = ent_at(ot, pre, &exact);
		if (!exact && i > 0)
			i--;
		j = ent_at(nt, ot->n ? ot->ent[i < ot->n ? i : ot->n - 1] : 0, &exact);
		if (i >= ot->n || !exact)
			i = j = 0; /* cannot happen for well-formed trees; compare all */
		/* from the first entry inside the shared end that starts at the
		 * same place in both trees, the rest is the same */
		size_t shift_from = ot->len - suf;
		for (size_t e = ent_at(ot, shift_from, &exact); e < ot->n; e++) {
			size_t jn = ent_at(nt, ot->ent[e] + nt->len - ot->len, &exact);
			if (exact) {
				on = e;
				nn = jn;
				break;
			}
		}
	}
	while (i < on || j < nn) {
		struct rent a = {0}, b = {0};
		int has_a = i < on, has_b = j < nn, c;
		if (has_a)
			a = rtree_ent(ot, i);
		if (has_b)
			b = rtree_ent(nt, j);
		c = !has_a ? 1 : !has_b ? -1 : rent_order(&a, &b);
		if (c == 0) {
			i++, j++;
			if (memcmp(a.id, b.id, HIST_OID_LEN) == 0)
				continue;
		} else if (c < 0) {
			i++, has_b = 0;
		} else {
			j++, has_a = 0;
		}
		git_oid ao, bo;
		int ad = has_a && a.dir, bd = has_b && b.dir;
		if (!ad && !bd)
			continue; /* a file directly in cases/: no case */
		if (ad)
			git_oid_fromraw(&ao, a.id);
		if (bd)
			git_oid_fromraw(&bo, b.id);
		const struct rent *nm = has_a ? &a : &b;
		char name[256];
		if (nm->len >= sizeof(name))
			continue; /* not a case id */
		memcpy(name, nm->name, nm->len + 1);
		int r = diff_case(w, k, name, ad ? &ao : NULL, bd ? &bo : NULL);
		if (r)
			return r;
	}
	return 0;
}

/* add_commit: appends commit c to h->commits and returns its index. */
static size_t
add_commit(struct walk *w, git_commit *c)
{
	struct history *h = w->h;
	VEC_GROW(h->commits, h->ncommits, w->ccap);
	struct hist_commit *hc = &h->commits[h->ncommits];
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hc->id, sizeof(hc->id), git_commit_id(c));
	const git_signature *a = git_commit_author(c);
	const char *name = a->name, *email = a->email;
	if (w->mm)
		git_mailmap_resolve(&name, &email, w->mm, a->name, a->email);
	hc->author = arena_strdup(&h->arena, name ? name : "");
	hc->email = arena_strdup(&h->arena, email ? email : "");
	hc->time = (long long)a->when.time;
	hc->offset = a->when.offset;
	hc->date = hist_day(hc->time, hc->offset);
	const char *s = git_commit_summary(c);
	hc->subject = arena_strdup(&h->arena, s ? s : "");
	hc->nparents = git_commit_parentcount(c);
	return h->ncommits++;
}

/* step: compares commit c with its first parent. Returns 0 or -1. */
static int
step(struct walk *w, git_commit *c)
{
	git_oid fnew, fold;
	int hnew = folder_of(w, git_commit_tree_id(c), &fnew), hold = 0;
	if (hnew < 0)
		return -1;
	if (git_commit_parentcount(c) > 0) {
		git_commit *p;
		if (git_commit_parent(&p, c, 0) < 0)
			return missing(w, "the commit", git_commit_parent_id(c, 0));
		hold = folder_of(w, git_commit_tree_id(p), &fold);
		git_commit_free(p);
		if (hold < 0)
			return -1;
	}
	if (hnew == hold && (!hnew || git_oid_equal(&fnew, &fold)))
		return 0; /* the caseload folder did not change */
	size_t k = add_commit(w, c);
	git_tree *ft[2] = {NULL, NULL};
	const git_oid *cases[2] = {NULL, NULL};
	const git_oid *fid[2] = {hold ? &fold : NULL, hnew ? &fnew : NULL};
	for (int i = 0; i < 2; i++) {
		if (fid[i] && git_tree_lookup(&ft[i], w->repo, fid[i]) < 0) {
			git_tree_free(ft[0]);
			return missing(w, "the tree", fid[i]);
		}
		cases[i] = subtree_id(ft[i], "cases");
	}
	/* reviews.yaml beside caseload.yaml: a version when its blob changed */
	const git_oid *rv[2] = {NULL, NULL};
	for (int i = 0; i < 2; i++) {
		const git_tree_entry *e = ft[i] ? git_tree_entry_byname(ft[i], "reviews.yaml") : NULL;
		if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			rv[i] = git_tree_entry_id(e);
	}
	if ((rv[0] || rv[1]) && (!rv[0] || !rv[1] || !git_oid_equal(rv[0], rv[1]))) {
		VEC_GROW(w->reviews, w->nreviews, w->reviewcap);
		struct hist_version *v = &w->reviews[w->nreviews++];
		v->commit = k;
		if (rv[1])
			memcpy(v->id, rv[1]->id, HIST_OID_LEN);
		else
			memset(v->id, 0, HIST_OID_LEN);
	}
	int r = 0;
	if (cases[0] != cases[1] && (!cases[0] || !cases[1] || !git_oid_equal(cases[0], cases[1])))
		r = diff_cases(w, k, cases[0], cases[1]);
	follow_moves(w);
	git_tree_free(ft[0]);
	git_tree_free(ft[1]);
	return r;
}

static int
case_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_case *)a)->id, ((const struct hist_case *)b)->id);
}

/* case_key, first_key: a key (the id, the path) against an element, for
 * bsearch */
static int
case_key(const void *key, const void *e)
{
	return strcmp(key, ((const struct hist_case *)e)->id);
}

static int
first_key(const void *key, const void *e)
{
	return strcmp(key, ((const struct hist_first *)e)->path);
}

static int
raw_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_rawfirst *)a)->path, ((const struct hist_rawfirst *)b)->path);
}

static int
raw_key(const void *key, const void *e)
{
	return strcmp(key, ((const struct hist_rawfirst *)e)->path);
}

void
hist_resolve_firsts(struct history *h, struct arena *a)
{
	h->firsts = arena_alloc(a, (h->nraw ? h->nraw : 1) * sizeof(*h->firsts));
	for (size_t i = 0; i < h->nraw; i++) {
		const struct hist_rawfirst *f = &h->raw[i];
		size_t commit = f->commit;
		/* a rename keeps the first commit of the path it came from; the
		 * bound stops a loop of renames (a to b, later b to a) */
		const char *from = f->from;
		for (int hop = 0; from && hop < 64; hop++) {
			const struct hist_rawfirst *j = bsearch(from, h->raw, h->nraw,
			                                        sizeof(*h->raw), raw_key);
			if (!j || j->commit < commit)
				break;
			commit = j->commit;
			from = j->from;
		}
		h->firsts[i].path = f->path;
		h->firsts[i].commit = commit;
	}
	h->nfirsts = h->nraw;
}

/* finish: moves the walk's tables into h, sorted, renames resolved. */
static void
finish(struct walk *w)
{
	struct history *h = w->h;
	h->cases = arena_alloc(&h->arena, (w->ncases ? w->ncases : 1) * sizeof(*h->cases));
	for (size_t i = 0; i < w->ncases; i++) {
		struct hist_case *c = &h->cases[i];
		c->id = w->cases[i].id;
		c->nentries = w->cases[i].n;
		c->entries = arena_alloc(&h->arena, (c->nentries ? c->nentries : 1) * sizeof(*c->entries));
		memcpy(c->entries, w->cases[i].v, c->nentries * sizeof(*c->entries));
	}
	h->ncases = w->ncases;
	qsort(h->cases, h->ncases, sizeof(*h->cases), case_cmp);
	h->raw = arena_alloc(&h->arena, (w->nfirsts ? w->nfirsts : 1) * sizeof(*h->raw));
	for (size_t i = 0; i < w->nfirsts; i++) {
		h->raw[i].path = w->firsts[i].path;
		h->raw[i].commit = w->firsts[i].commit;
		h->raw[i].from = w->firsts[i].from;
	}
	h->nraw = w->nfirsts;
	qsort(h->raw, h->nraw, sizeof(*h->raw), raw_cmp);
	hist_resolve_firsts(h, &h->arena);
	h->reviews = arena_alloc(&h->arena, (w->nreviews ? w->nreviews : 1) * sizeof(*h->reviews));
	if (w->nreviews)
		memcpy(h->reviews, w->reviews, w->nreviews * sizeof(*h->reviews));
	h->nreviews = w->nreviews;
}

static void
walk_free(struct walk *w)
{
	for (int i = 0; i < BIG_SLOTS; i++) {
		git_odb_object_free(w->big[i].obj);
		free(w->big[i].ent);
	}
	for (size_t i = 0; i < w->ncases; i++)
		free(w->cases[i].v);
	free(w->cases);
	free(w->case_ix.v);
	free(w->firsts);
	free(w->first_ix.v);
	free(w->files);
	free(w->reviews);
	free(w->madd);
	free(w->mdel);
	free(w->pending);
	git_mailmap_free(w->mm);
	git_odb_free(w->odb);
	free(w->prefix);
}

/* open_repo: opens the repository holding root and sets h->prefix. Returns 0 or -1. */
static int
open_repo(struct history *h, const char *root)
{
	int r = git_repository_open_ext((git_repository **)&h->repo, root, 0, NULL);
	if (r == GIT_ENOTFOUND) {
		h->norepo = 1;
		snprintf(h->err, sizeof(h->err), "%s is not in a git repository", root);
		return -1;
	}
	if (r < 0) {
		snprintf(h->err, sizeof(h->err), "cannot open the git repository: %s", gix_git_msg());
		return -1;
	}
	const char *wd = git_repository_workdir((git_repository *)h->repo);
	if (!wd) {
		snprintf(h->err, sizeof(h->err), "the git repository holding %s has no work tree", root);
		return -1;
	}
	char *wreal = realpath(wd, NULL), *rreal = realpath(root, NULL);
	int ok = 0;
	if (wreal && rreal) {
		size_t n = strlen(wreal);
		if (n == 1)
			n = 0;
		if (strncmp(rreal, wreal, n) == 0 && (rreal[n] == '\0' || rreal[n] == '/')) {
			const char *rel = rreal + n + (rreal[n] == '/');
			h->prefix = arena_alloc(&h->arena, strlen(rel) + 2);
			sprintf(h->prefix, "%s%s", rel, rel[0] ? "/" : "");
			ok = 1;
		}
	}
	free(wreal);
	free(rreal);
	if (!ok) {
		snprintf(h->err, sizeof(h->err), "%s is not inside the work tree of its repository", root);
		return -1;
	}
	return 0;
}

/* shallow_err: says that a shallow clone lacks the history before its
 * first commit(s), naming one of them. */
static void
shallow_err(struct history *h)
{
	char *path = xasprintf("%sshallow", git_repository_path(h->repo));
	char line[64] = "";
	struct buf text = {0};
	if (read_file(path, 0, &text) == 0)
		snprintf(line, sizeof(line), "%s", text.s);
	buf_free(&text);
	free(path);
	line[strcspn(line, "\n")] = '\0';
	if (strlen(line) > 12)
		line[12] = '\0';
	snprintf(h->err, sizeof(h->err),
	         "the repository is a shallow clone: the commits before %s%s are missing, so "
	         "the history is incomplete; run 'git fetch --unshallow' first",
	         line[0] ? line : "its first commit", line[0] ? "..." : "");
}

/* mailmap_read: the .mailmap the walk applies, read once: in libgit2's
 * order (the work tree's .mailmap, the blob of mailmap.blob, the file of
 * mailmap.file; a later entry wins) into h->mailmap, and what it depends on
 * besides the commit (those settings and the files' text) into
 * h->mailmap_key, so that a cached history is one of the same .mailmap. */
static void
mailmap_read(struct history *h)
{
	git_repository *repo = h->repo;
	const char *wd = git_repository_workdir(repo);
	struct buf key = {0}, text = {0};
	char *file = NULL, *blob = NULL;
	git_config *cfg = NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		git_buf p = {0};
		const char *v;
		if (git_config_get_path(&p, cfg, "mailmap.file") == 0)
			file = xstrdup(p.ptr);
		git_buf_dispose(&p);
		if (git_config_get_string(&v, cfg, "mailmap.blob") == 0)
			blob = xstrdup(v);
		git_config_free(cfg);
	}
	if (file)
		buf_printf(&key, "file=%s\n", file);
	if (blob)
		buf_printf(&key, "blob=%s\n", blob);
	char *paths[2] = {wd ? xasprintf("%s.mailmap", wd) : NULL,
	                  file && file[0] != '/' && wd ? xasprintf("%s%s", wd, file)
	                  : file                       ? xstrdup(file)
	                                               : NULL};
	for (int i = 0; i < 2; i++) {
		struct buf f = {0};
		buf_printf(&key, "[%d]", i);
		if (paths[i] && read_file(paths[i], 0, &f) == 0) {
			buf_add(&key, f.s, f.len);
			buf_add(&text, f.s, f.len);
			buf_putc(&text, '\n');
		}
		buf_free(&f);
		free(paths[i]);
		if (i == 0 && blob) {
			git_object *obj = NULL;
			if (git_revparse_single(&obj, repo, blob) == 0 &&
			    git_object_type(obj) == GIT_OBJECT_BLOB) {
				const git_blob *b = (const git_blob *)obj;
				buf_add(&text, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
				buf_putc(&text, '\n');
			}
			git_object_free(obj);
		}
	}
	h->mailmap_key = arena_strndup(&h->arena, key.s ? key.s : "", key.len);
	h->mailmap_key_len = key.len;
	h->mailmap = arena_strndup(&h->arena, text.s ? text.s : "", text.len);
	h->mailmap_len = text.len;
	buf_free(&key);
	buf_free(&text);
	free(file);
	free(blob);
}

int
hist_open(struct history *h, const char *root)
{
	memset(h, 0, sizeof(*h));
	/* Like git, trust that an object read has the id it was asked for
	 * instead of hashing it again: for the big cases/ tree of every commit
	 * the hashing costs several times the reading. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	h->prefix = "";
	if (open_repo(h, root))
		return -1;
	mailmap_read(h);
	return 0;
}

int
hist_load(struct history *h, const char *root, const char *rev, unsigned flags)
{
	if (hist_open(h, root) != 0)
		return -1;
	return hist_walk(h, rev, flags);
}

/* ---- blobs read on several threads, each with a repository of its own ---- */

/* blob_missing: -1, with err (256 bytes) saying that blob id is missing. */
static int
blob_missing(char *err, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(err, 256, "the blob %s is missing from the git repository, or damaged", hex);
	return -1;
}

/* One thread's run of in_shares' items. */
struct share {
	const char *gitdir;
	size_t from, to;
	int (*one)(void *arg, git_repository *repo, git_odb *odb, size_t i, char *err);
	void *arg;
	int rc;
	char err[256];
};

static void *
share_main(void *p)
{
	struct share *j = p;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	j->rc = -1;
	if (git_repository_open_bare(&repo, j->gitdir) < 0 || git_repository_odb(&odb, repo) < 0) {
		snprintf(j->err, sizeof(j->err), "cannot open the git repository: %s", gix_git_msg());
		goto out;
	}
	for (size_t i = j->from; i < j->to; i++)
		if (j->one(j->arg, repo, odb, i, j->err) != 0)
			goto out;
	j->rc = 0;
out:
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

/* in_shares: one(arg, ..., i, err) for each item i < n, with a repository
 * opened afresh from repo's folder, on up to 4 threads once there are min
 * items or more. Each thread takes a run of consecutive items: the
 * versions of one file, listed together, stay together (libgit2 keeps the
 * bases of their deltas). one must be safe to call from several threads.
 * Returns 0, or -1 with err (256 bytes) set. */
static int
in_shares(git_repository *repo, size_t n, size_t min,
          int (*one)(void *, git_repository *, git_odb *, size_t, char *), void *arg, char *err)
{
	enum { MAX_THREADS = 4 };
	if (!n)
		return 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (size_t)cpus;
	if (n < min)
		nt = 1; /* not worth a thread */
	struct share jobs[MAX_THREADS];
	for (size_t k = 0; k < nt; k++)
		jobs[k] = (struct share){
			git_repository_path(repo), n * k / nt, n * (k + 1) / nt, one, arg, -1, ""};
	run_on_threads(jobs, sizeof(*jobs), nt, share_main);
	for (size_t k = 0; k < nt; k++)
		if (jobs[k].rc != 0) {
			snprintf(err, 256, "%s", jobs[k].err);
			return -1;
		}
	return 0;
}

/* ---- lines added and removed, counted after the walk ---- */

/* lines_one: the lines added and removed (-1 when binary) of the walk's
 * pending file i (in_shares' one). */
static int
lines_one(void *arg, git_repository *repo, git_odb *odb, size_t i, char *err)
{
	const struct walk *w = arg;
	struct hist_file *f = w->pending[i];
	git_oid oi, ni;
	git_oid_fromraw(&oi, f->old_id);
	git_oid_fromraw(&ni, f->new_id);
	if (f->change == HIST_ADDED || f->change == HIST_DELETED) {
		const git_oid *id = f->change == HIST_ADDED ? &ni : &oi;
		git_odb_object *o;
		if (git_odb_read(&o, odb, id) < 0)
			return blob_missing(err, id);
		int n = lines_in(git_odb_object_data(o), git_odb_object_size(o));
		git_odb_object_free(o);
		f->added = f->change == HIST_ADDED ? n : n < 0 ? -1 : 0;
		f->removed = f->change == HIST_DELETED ? n : n < 0 ? -1 : 0;
		return 0;
	}
	f->added = f->removed = -1;
	git_blob *ob = NULL, *nb = NULL;
	if (git_blob_lookup(&ob, repo, &oi) < 0 || git_blob_lookup(&nb, repo, &ni) < 0) {
		git_blob_free(ob);
		return blob_missing(err, ob ? &ni : &oi);
	}
	/* as the tree diff would: the paths in the repository, for its
	 * attributes */
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_INCLUDE_TYPECHANGE;
	char *op = xasprintf("%s%s", w->h->prefix, f->old_path ? f->old_path : f->path);
	char *np = xasprintf("%s%s", w->h->prefix, f->path);
	git_patch *patch = NULL;
	size_t a, r;
	int rc = 0;
	if (git_patch_from_blobs(&patch, ob, op, nb, np, &o) < 0) {
		snprintf(err, 256, "cannot read a change: %s", gix_git_msg());
		rc = -1;
	} else if (patch && !(git_patch_get_delta(patch)->flags & GIT_DIFF_FLAG_BINARY) &&
	           git_patch_line_stats(NULL, &a, &r, patch) == 0) {
		f->added = (int)a;
		f->removed = (int)r;
	}
	git_patch_free(patch);
	free(op);
	free(np);
	git_blob_free(ob);
	git_blob_free(nb);
	return rc;
}

/* count_pending: the lines of the files the walk left pending, in
 * in_shares (the same counts as on one thread). Returns 0, or -1 with
 * h->err. */
static int
count_pending(struct walk *w)
{
	return in_shares(w->repo, w->npending, 256, lines_one, w, w->h->err);
}

/* A commit of the walk with its committer time and its generation (1 for
 * a root, else one more than its parents' largest). */
struct keyed {
	git_oid id;
	long long time;
	uint32_t gen;
	uint32_t np; /* its parents: parents[par .. par + np) while collected */
	size_t par;
};

/* keyed_cmp: the order of the walk: newest first; of the same second, the
 * later generation first (a child before its parent), then by id. libgit2's
 * time order leaves commits of the same second in an order that depends on
 * where the walk began; this one does not, so a walk of more commits puts
 * those of an older walk in the same order after the new ones. */
static int
keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	if (a->gen != b->gen)
		return a->gen > b->gen ? -1 : 1;
	return git_oid_cmp(&a->id, &b->id);
}

struct pos {
	git_oid id;
	size_t i;
};

static int
pos_cmp(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct pos *)a)->id, &((const struct pos *)b)->id);
}

static int
gen_cmp(const void *a, const void *b)
{
	return memcmp(a, b, HIST_OID_LEN); /* the id comes first */
}

/* generations: the generation of each of the n commits v, whose parents
 * are pv[v[i].par ..]. A parent outside v has the generation the table
 * known (sorted by id) gives it; with known NULL (a walk of everything) it
 * counts as nothing, else a parent that is in neither returns 1. Returns 0
 * or 1. */
static int
generations(struct keyed *v, size_t n, const git_oid *pv, size_t npv, const struct hist_gen *known,
            size_t nknown)
{
	struct pos *ix = xmalloc((n ? n : 1) * sizeof(*ix));
	for (size_t i = 0; i < n; i++) {
		ix[i].id = v[i].id;
		ix[i].i = i;
		v[i].gen = 0;
	}
	qsort(ix, n, sizeof(*ix), pos_cmp);
	/* depth first, without recursion (a history is a chain 50,000 long):
	 * each commit is pushed once, and once more per child that meets it
	 * before it is done */
	size_t *st = xmalloc((n + npv + 1) * sizeof(*st)), sp = 0;
	int rc = 0;
	for (size_t s = 0; s < n && rc == 0; s++) {
		if (v[s].gen)
			continue;
		st[sp++] = s;
		while (sp && rc == 0) {
			size_t t = st[sp - 1];
			if (v[t].gen) {
				sp--;
				continue;
			}
			uint32_t g = 0;
			int ready = 1;
			for (uint32_t k = 0; k < v[t].np; k++) {
				const git_oid *p = &pv[v[t].par + k];
				struct pos key = {.id = *p};
				const struct pos *f = bsearch(&key, ix, n, sizeof(*ix), pos_cmp);
				uint32_t pg = 0;
				if (f && !v[f->i].gen) {
					st[sp++] = f->i;
					ready = 0;
					continue;
				}
				const struct hist_gen *kg = f || !known
				                                    ? NULL
				                                    : bsearch(p->id, known, nknown,
				                                              sizeof(*known), gen_cmp);
				if (f)
					pg = v[f->i].gen;
				else if (kg)
					pg = kg->gen;
				else if (known) {
					rc = 1;
					break;
				}
				if (pg > g)
					g = pg;
			}
			if (rc == 0 && ready) {
				v[t].gen = g + 1;
				sp--;
			}
		}
	}
	free(st);
	free(ix);
	return rc;
}

/* collect: the commits rw gives, in the walk's order (keyed_cmp), into *out;
 * their generations as generations() counts them with known. Returns 0, 1
 * (generations' 1), or -1 (h->err). */
static int
collect(struct walk *w, git_revwalk *rw, struct keyed **out, size_t *n,
        const struct hist_gen *known, size_t nknown)
{
	size_t cap = 0, npv = 0, pcap = 0;
	git_oid oid, *pv = NULL;
	int r;
	*out = NULL;
	*n = 0;
	while ((r = git_revwalk_next(&oid, rw)) == 0) {
		git_commit *c;
		if (git_commit_lookup(&c, w->repo, &oid) < 0) {
			free(pv);
			return missing(w, "the commit", &oid);
		}
		VEC_GROW(*out, *n, cap);
		struct keyed *k = &(*out)[(*n)++];
		memset(k, 0, sizeof(*k));
		k->id = oid;
		k->time = (long long)git_commit_time(c);
		k->np = git_commit_parentcount(c);
		k->par = npv;
		for (uint32_t i = 0; i < k->np; i++) {
			VEC_GROW(pv, npv, pcap);
			pv[npv++] = *git_commit_parent_id(c, i);
		}
		git_commit_free(c);
	}
	if (r != GIT_ITEROVER) {
		free(pv);
		return git_fail(w, "cannot walk the history");
	}
	r = generations(*out, *n, pv, npv, known, nknown);
	free(pv);
	if (r)
		return r;
	qsort(*out, *n, sizeof(**out), keyed_cmp);
	return 0;
}

/* keep_gens: h->gens: the generations of h's table (when given) and of the
 * n commits v, sorted by id, in h's arena. */
static void
keep_gens(struct history *h, const struct hist_gen *old, size_t nold, const struct keyed *v, size_t n)
{
	struct hist_gen *g = arena_alloc(&h->arena, (nold + n ? nold + n : 1) * sizeof(*g));
	if (nold)
		memcpy(g, old, nold * sizeof(*g));
	for (size_t i = 0; i < n; i++) {
		memcpy(g[nold + i].id, v[i].id.id, HIST_OID_LEN);
		g[nold + i].gen = v[i].gen;
	}
	qsort(g, nold + n, sizeof(*g), gen_cmp);
	h->gens = g;
	h->ngens = nold + n;
}

/* step_all: steps each of the n commits v in turn. Returns 0 or -1. */
static int
step_all(struct walk *w, const struct keyed *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		git_commit *c;
		if (git_commit_lookup(&c, w->repo, &v[i].id) < 0)
			return missing(w, "the commit", &v[i].id);
		int rc = step(w, c);
		git_commit_free(c);
		if (rc)
			return rc;
	}
	return 0;
}

/* The older part of a walk, on a thread of its own with a repository of
 * its own. */
struct part {
	struct history h;
	const struct keyed *v;
	size_t n;
	unsigned flags;
	int rc;
};

static int walk_setup(struct walk *w, struct history *h, unsigned flags);
static void append_older(struct walk *w, const struct history *old);

static void *
part_main(void *arg)
{
	struct part *p = arg;
	struct walk w;
	p->rc = walk_setup(&w, &p->h, p->flags);
	if (p->rc == 0)
		p->rc = step_all(&w, p->v, p->n);
	if (p->rc == 0 && count_pending(&w) != 0)
		p->rc = -1;
	if (p->rc == 0)
		finish(&w);
	walk_free(&w);
	return NULL;
}

/* Below this many commits the walk stays on one thread (a thread and a
 * repository opened again cost about a millisecond; the test fixtures'
 * histories are split too). */
#define SPLIT_MIN 8

/* walk_split: steps the n commits v (the walk's order) as step_all does;
 * with many commits and a second core, the older half on a thread of its
 * own, then joined as hist_extend joins a cached walk. Returns 0 or -1. */
static int
walk_split(struct walk *w, const struct keyed *v, size_t n)
{
	struct history *h = w->h;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < SPLIT_MIN || cpus < 2 || w->one_thread)
		return step_all(w, v, n);
	/* the newer commits have the larger trees: the older part is longer */
	size_t m = n * 9 / 20;
	struct part p;
	memset(&p, 0, sizeof(p));
	p.h.prefix = h->prefix;
	p.h.mailmap = h->mailmap;
	p.h.mailmap_len = h->mailmap_len;
	p.v = v + m;
	p.n = n - m;
	p.flags = w->flags;
	p.rc = -1;
	pthread_t th;
	int started = 0;
	if (git_repository_open_bare(&p.h.repo, git_repository_path(h->repo)) == 0)
		started = pthread_create(&th, NULL, part_main, &p) == 0;
	int rc = step_all(w, v, started ? m : n);
	if (started) {
		pthread_join(th, NULL);
		if (rc == 0 && p.rc != 0) {
			snprintf(h->err, sizeof(h->err), "%s", p.h.err);
			rc = -1;
		}
		if (rc == 0)
			append_older(w, &p.h);
	}
	/* the part's strings live on in h's arena */
	arena_adopt(&h->arena, &p.h.arena);
	free(p.h.commits);
	git_repository_free(p.h.repo);
	return rc;
}

/* walk_setup: w, to walk h's repository with flags. Returns 0 or -1 (h->err);
 * walk_free w either way. */
static int
walk_setup(struct walk *w, struct history *h, unsigned flags)
{
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->repo = h->repo;
	w->flags = flags & ~(unsigned)HIST_ONE_THREAD;
	w->one_thread = (flags & HIST_ONE_THREAD) != 0;
	w->prefix = xstrndup(h->prefix, h->prefix[0] ? strlen(h->prefix) - 1 : 0);
	if (git_repository_is_shallow(w->repo) == 1) {
		shallow_err(h);
		return -1;
	}
	if (git_repository_odb(&w->odb, w->repo) < 0)
		return git_fail(w, "cannot read the git objects");
	if (h->mailmap_len && git_mailmap_from_buffer(&w->mm, h->mailmap, h->mailmap_len) < 0)
		w->mm = NULL; /* an unreadable .mailmap maps nobody */
	return 0;
}

int
hist_walk(struct history *h, const char *rev, unsigned flags)
{
	struct walk w;
	git_revwalk *rw = NULL;
	int rc = walk_setup(&w, h, flags), r;
	h->flags = w.flags;
	if (rc)
		goto out;
	if (git_revwalk_new(&rw, w.repo) < 0) {
		rc = git_fail(&w, "cannot walk the history");
		goto out;
	}
	git_revwalk_sorting(rw, GIT_SORT_NONE);
	if (rev) {
		git_object *obj = NULL, *commit = NULL;
		if (git_revparse_single(&obj, w.repo, rev) < 0 ||
		    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
			snprintf(h->err, sizeof(h->err), "'%s' is not a commit, tag or branch here%s", rev,
			         git_repository_is_shallow(w.repo) == 1
			                 ? " (this is a shallow clone: older commits are missing)"
			                 : "");
			git_object_free(obj);
			rc = -1;
			goto out;
		}
		r = git_revwalk_push(rw, git_object_id(commit));
		git_oid_tostr(h->tip, sizeof(h->tip), git_object_id(commit));
		git_object_free(obj);
		git_object_free(commit);
	} else {
		if (git_repository_head_unborn(w.repo) == 1) {
			h->unborn = 1; /* no commits yet: an empty history */
			goto out;
		}
		git_oid head;
		if (git_reference_name_to_id(&head, w.repo, "HEAD") == 0 && !git_odb_exists(w.odb, &head)) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &head);
			snprintf(h->err, sizeof(h->err),
			         "the commit %s that HEAD points to is missing from the git "
			         "repository, or damaged",
			         hex);
			rc = -1;
			goto out;
		}
		r = git_revwalk_push_head(rw);
		if (r == 0 && git_reference_name_to_id(&head, w.repo, "HEAD") == 0)
			git_oid_tostr(h->tip, sizeof(h->tip), &head);
	}
	if (r < 0) {
		rc = git_fail(&w, "cannot start the walk");
		goto out;
	}
	struct keyed *v = NULL;
	size_t n = 0;
	rc = collect(&w, rw, &v, &n, NULL, 0);
	if (rc == 0 && n) {
		h->newest_time = v[0].time;
		h->newest_gen = v[0].gen;
		memcpy(h->newest_id, v[0].id.id, HIST_OID_LEN);
		keep_gens(h, NULL, 0, v, n);
	}
	rc = rc ? rc : walk_split(&w, v, n);
	free(v);
	if (rc)
		goto out;
	if (count_pending(&w) != 0) {
		rc = -1;
		goto out;
	}
	finish(&w);
out:
	git_revwalk_free(rw);
	walk_free(&w);
	return rc ? -1 : 0;
}

void
hist_take_tables(struct history *old, struct history *h)
{
	memset(old, 0, sizeof(*old));
	old->commits = h->commits;
	old->ncommits = h->ncommits;
	old->cases = h->cases;
	old->ncases = h->ncases;
	old->firsts = h->firsts;
	old->nfirsts = h->nfirsts;
	old->raw = h->raw;
	old->nraw = h->nraw;
	old->reviews = h->reviews;
	old->nreviews = h->nreviews;
	old->gens = h->gens;
	old->ngens = h->ngens;
	h->commits = NULL;
	h->cases = NULL;
	h->firsts = NULL;
	h->raw = NULL;
	h->reviews = NULL;
	h->gens = NULL;
	h->ncommits = h->ncases = h->nfirsts = h->nraw = h->nreviews = h->ngens = 0;
}

/* append_older: after the commits w walked, those of old, the history of
 * the commits that come after them in the walk's order (its strings must
 * outlive w's history): what a walk of all of them would have gathered. */
static void
append_older(struct walk *w, const struct history *old)
{
	struct history *h = w->h;
	size_t n = h->ncommits;
	for (size_t i = 0; i < old->ncases; i++) {
		const struct hist_case *oc = &old->cases[i];
		size_t ci = smap_get(&w->case_ix, oc->id);
		if (ci == SIZE_MAX) {
			VEC_GROW(w->cases, w->ncases, w->casecap);
			ci = w->ncases++;
			memset(&w->cases[ci], 0, sizeof(w->cases[ci]));
			w->cases[ci].id = oc->id;
			smap_put(&w->case_ix, oc->id, ci);
		}
		struct case_b *cb = &w->cases[ci];
		for (size_t j = 0; j < oc->nentries; j++) {
			VEC_GROW(cb->v, cb->n, cb->cap);
			cb->v[cb->n] = oc->entries[j];
			cb->v[cb->n++].commit += n;
		}
	}
	for (size_t i = 0; i < old->ncommits; i++) {
		VEC_GROW(h->commits, h->ncommits, w->ccap);
		struct hist_commit *c = &h->commits[h->ncommits++];
		*c = old->commits[i];
		/* first_case points at the case's own id string, as after a walk */
		if (c->first_case) {
			size_t ci = smap_get(&w->case_ix, c->first_case);
			if (ci != SIZE_MAX)
				c->first_case = w->cases[ci].id;
		}
	}
	/* each older event overrides, as in a walk of all */
	for (size_t i = 0; i < old->nraw; i++)
		(void)note_first(w, old->raw[i].path, old->raw[i].commit + n, old->raw[i].from);
	for (size_t i = 0; i < old->nreviews; i++) {
		VEC_GROW(w->reviews, w->nreviews, w->reviewcap);
		w->reviews[w->nreviews] = old->reviews[i];
		w->reviews[w->nreviews++].commit += n;
	}
}

/* new_commits: the commits of t1 that t0 does not reach, into *out in the
 * walk's order, when all of them come before the newest commit of h's walk
 * (so that a walk of t1 gives them first, then h's in h's order). Returns
 * 0; 1 when they do not, or one of them is among the commits h's walk
 * saw (a clock far off can make libgit2 take an old one for new); -1 on
 * failure. */
static int
new_commits(struct walk *w, const git_oid *t1, const git_oid *t0, struct keyed **out, size_t *n)
{
	struct history *h = w->h;
	git_revwalk *rw = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if (git_revwalk_new(&rw, w->repo) < 0)
		return git_fail(w, "cannot walk the history");
	git_revwalk_sorting(rw, GIT_SORT_TIME);
	if (git_revwalk_push(rw, t1) < 0 || git_revwalk_hide(rw, t0) < 0) {
		git_revwalk_free(rw);
		return git_fail(w, "cannot start the walk");
	}
	/* the old parents' generations are the cache's */
	rc = h->ngens ? collect(w, rw, out, n, h->gens, h->ngens) : 1;
	git_revwalk_free(rw);
	if (rc)
		return rc;
	struct keyed newest = {.time = h->newest_time, .gen = h->newest_gen};
	memcpy(newest.id.id, h->newest_id, HIST_OID_LEN);
	if (*n == 0 || keyed_cmp(&(*out)[*n - 1], &newest) >= 0)
		return 1;
	/* h->gens holds every commit h's walk saw, sorted by id */
	for (size_t i = 0; i < *n; i++)
		if (bsearch((*out)[i].id.id, h->gens, h->ngens, sizeof(*h->gens), gen_cmp))
			return 1;
	return 0;
}

int
hist_extend(struct history *h, const char *tip, unsigned flags)
{
	git_oid t1, t0;
	unsigned want = flags & ~(unsigned)HIST_ONE_THREAD;
	if (!h->tip[0] || git_oid_fromstr(&t1, tip) < 0 || git_oid_fromstr(&t0, h->tip) < 0 ||
	    git_oid_equal(&t1, &t0) || (h->flags & want) != want ||
	    git_graph_descendant_of(h->repo, &t1, &t0) != 1)
		return 1;
	struct walk w;
	struct keyed *nv = NULL;
	size_t nn = 0;
	int rc = walk_setup(&w, h, flags);
	if (rc == 0)
		rc = new_commits(&w, &t1, &t0, &nv, &nn);
	if (rc) {
		free(nv);
		walk_free(&w);
		return rc;
	}
	h->flags = want;
	/* the cache's tables, set aside: the new commits come first */
	struct history old;
	hist_take_tables(&old, h);
	rc = walk_split(&w, nv, nn);
	if (rc == 0 && count_pending(&w) != 0)
		rc = -1;
	if (rc == 0) {
		append_older(&w, &old);
		finish(&w);
		snprintf(h->tip, sizeof(h->tip), "%s", tip);
		h->newest_time = nv[0].time;
		h->newest_gen = nv[0].gen;
		memcpy(h->newest_id, nv[0].id.id, HIST_OID_LEN);
		keep_gens(h, old.gens, old.ngens, nv, nn);
	}
	free(old.commits);
	free(nv);
	walk_free(&w);
	return rc ? -1 : 0;
}

void
hist_free(struct history *h)
{
	if (!h->prefix)
		return; /* never loaded */
	if (h->memo_free)
		h->memo_free(h); /* history_cache.c's */
	git_repository_free(h->repo);
	free(h->commits);
	arena_free(&h->arena);
	unmap_file(h->cache_map, h->cache_maplen);
	memset(h, 0, sizeof(*h));
}

const struct hist_case *
hist_case(const struct history *h, const char *id)
{
	return h->ncases ? bsearch(id, h->cases, h->ncases, sizeof(*h->cases), case_key) : NULL;
}

const struct hist_commit *
hist_first(const struct history *h, const char *path)
{
	const struct hist_first *f = h->nfirsts ? bsearch(path, h->firsts, h->nfirsts,
	                                                  sizeof(*h->firsts), first_key)
	                                        : NULL;
	return f ? &h->commits[f->commit] : NULL;
}

int
hist_odb_read(git_odb *odb, const git_oid *id, size_t limit, char **data, size_t *len)
{
	if (limit) {
		size_t size;
		git_object_t type;
		if (git_odb_read_header(&size, &type, odb, id) < 0)
			return -1;
		if (size > limit) {
			*len = size;
			return 1;
		}
	}
	git_odb_object *obj;
	if (git_odb_read(&obj, odb, id) < 0)
		return -1;
	size_t size = git_odb_object_size(obj);
	char *buf = xmalloc(size + 1);
	memcpy(buf, git_odb_object_data(obj), size);
	buf[size] = '\0';
	git_odb_object_free(obj);
	*data = buf;
	*len = size;
	return 0;
}

int
hist_blob(struct history *h, const unsigned char id[HIST_OID_LEN], size_t limit, char **data, size_t *len)
{
	git_oid oid;
	git_odb *odb;
	char hex[GIT_OID_HEXSZ + 1];
	*data = NULL;
	*len = 0;
	git_oid_fromraw(&oid, id);
	git_oid_tostr(hex, sizeof(hex), &oid);
	if (!h->repo || git_repository_odb(&odb, h->repo) < 0) {
		snprintf(h->err, sizeof(h->err), "cannot read the git objects");
		return -1;
	}
	int r = hist_odb_read(odb, &oid, limit, data, len);
	git_odb_free(odb);
	if (r < 0)
		snprintf(h->err, sizeof(h->err), "cannot read the blob %s: %s", hex, gix_git_msg());
	else if (r > 0)
		snprintf(h->err, sizeof(h->err), "the blob %s is larger than %zu bytes", hex, limit);
	return r ? -1 : 0;
}

/* What hist_blob_map maps. */
struct blob_pass {
	const unsigned char (*ids)[HIST_OID_LEN];
	size_t limit;
	int (*fn)(const char *, size_t, void *);
	void *arg;
	int *out;
};

/* blob_one: out[i] of hist_blob_map (in_shares' one). */
static int
blob_one(void *p, git_repository *repo, git_odb *odb, size_t i, char *err)
{
	const struct blob_pass *b = p;
	git_oid oid;
	git_odb_object *o;
	(void)repo;
	git_oid_fromraw(&oid, b->ids[i]);
	if (git_odb_read(&o, odb, &oid) < 0)
		return blob_missing(err, &oid);
	size_t len = git_odb_object_size(o);
	b->out[i] = b->fn(b->limit && len > b->limit ? NULL : git_odb_object_data(o), len, b->arg);
	git_odb_object_free(o);
	return 0;
}

int
hist_blob_map(struct history *h, const unsigned char (*ids)[HIST_OID_LEN], size_t n, size_t limit,
              int (*fn)(const char *text, size_t len, void *arg), void *arg, int *out)
{
	struct blob_pass b = {ids, limit, fn, arg, out};
	return in_shares(h->repo, n, 1000, blob_one, &b, h->err);
}

static int
wt_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_wt *)a)->path, ((const struct hist_wt *)b)->path);
}

/* nothing_staged: hist_nothing_staged, with the index it read in g (the
 * caller frees it with gix_free). */
static int
nothing_staged(struct history *h, struct gix *g)
{
	memset(g, 0, sizeof(*g));
	const char *env = getenv("GIT_INDEX_FILE");
	if (env && *env)
		return 0;
	int same = 0;
	if (gix_read(g, h->repo, h->prefix) == 0 && !g->odd && !g->absent && g->n) {
		git_tree *t = gix_head_tree(h->repo, h->prefix);
		if (t) {
			unsigned char oid[GIX_OID_LEN];
			gix_dir_oid(g, "", oid);
			same = memcmp(oid, git_tree_id(t)->id, GIX_OID_LEN) == 0;
			git_tree_free(t);
		}
	}
	return same;
}

int
hist_nothing_staged(struct history *h)
{
	struct gix g;
	int r = nothing_staged(h, &g);
	gix_free(&g);
	return r;
}

/* ignores_case: core.ignorecase, under which git matches paths as the
 * index does not (status_suspects is then not asked); 1 when unknown. */
static int
ignores_case(git_repository *repo)
{
	git_config *c;
	int v = 0;
	if (git_repository_config_snapshot(&c, repo) != 0)
		return 1;
	if (git_config_get_bool(&v, c, "core.ignorecase") != 0)
		v = 0;
	git_config_free(c);
	return v;
}

/* suspects: with nothing staged, the paths that may differ from the index
 * (status_suspects), prefixed for libgit2; 0 with *out and *n set, or -1
 * when libgit2 is to look at everything. */
static int
suspects(struct history *h, struct gix *g, char ***out, size_t *n)
{
	const char *wd = git_repository_workdir(h->repo);
	if (!wd || ignores_case(h->repo))
		return -1;
	char *dir = xasprintf("%s%s", wd, h->prefix);
	char **v;
	size_t k;
	int r = status_suspects(g, dir, MAX_SUSPECTS, h->known, h->listing, h->known_arg, &v, &k);
	free(dir);
	if (r != 0)
		return -1;
	for (size_t i = 0; i < k; i++) {
		char *p = xasprintf("%s%s", h->prefix, v[i]);
		free(v[i]);
		v[i] = p;
	}
	*out = v;
	*n = k;
	return 0;
}

/* search_path_has: 1 when a folder of libgit2's search path for config
 * level lvl holds file name (its system and per-user attributes). */
static int
search_path_has(int lvl, const char *name)
{
	git_buf b = {0};
	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, lvl, &b) != 0)
		return 1;
	int found = 0;
	for (const char *p = b.ptr; p && *p && !found;) {
		const char *e = strchr(p, GIT_PATH_LIST_SEPARATOR);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len) {
			char *f = xasprintf("%.*s/%s", (int)len, p, name);
			found = access(f, F_OK) == 0;
			free(f);
		}
		p = e ? e + 1 : NULL;
	}
	git_buf_dispose(&b);
	return found;
}

/* no_filters: 1 when git would store every file of the work tree as it is:
 * no gitattributes anywhere (system, per user, core.attributesFile,
 * info/attributes, or a .gitattributes in the index), and core.autocrlf
 * and core.eol unset or false. *filemode: core.filemode. */
static int
no_filters(struct history *h, const struct gix *g, int *filemode)
{
	git_config *c;
	if (git_repository_config_snapshot(&c, h->repo) != 0)
		return 0;
	const char *v;
	int ok = 1, fm = 1;
	if (git_config_get_string(&v, c, "core.autocrlf") == 0 && strcmp(v, "false") != 0)
		ok = 0;
	if (git_config_get_string(&v, c, "core.eol") == 0 ||
	    git_config_get_string(&v, c, "core.attributesfile") == 0)
		ok = 0;
	if (git_config_get_bool(&fm, c, "core.filemode") != 0)
		fm = 1;
	git_config_free(c);
	*filemode = fm;
	if (!ok || search_path_has(GIT_CONFIG_LEVEL_SYSTEM, "gitattributes") ||
	    search_path_has(GIT_CONFIG_LEVEL_XDG, "attributes"))
		return 0;
	char *info = xasprintf("%sinfo/attributes", git_repository_path(h->repo));
	ok = access(info, F_OK) != 0;
	free(info);
	for (size_t i = 0; ok && i < g->n; i++) {
		const char *b = strrchr(g->v[i].path, '/');
		ok = strcmp(b ? b + 1 : g->v[i].path, ".gitattributes") != 0;
	}
	return ok;
}

/* decide_suspects: with nothing staged, what each suspect is, told here
 * when every one is a file the index holds (a regular file, in the work
 * tree one still or gone) and git would store files as they are
 * (no_filters): one whose content hashes to the index's blob is unchanged.
 * libgit2's status would read the whole index again for them, 0.1 s at
 * 10,000 cases after one note changed. 0 with *out and *n set, or -1 when
 * libgit2 is to tell (an untracked path, a link, a folder, filters). */
static int
decide_suspects(struct history *h, const struct gix *g, char **sus, size_t nsus,
                struct hist_wt **out, size_t *n)
{
	const char *wd = git_repository_workdir(h->repo);
	int filemode;
	if (!wd || h->prefix[0] || !no_filters(h, g, &filemode))
		return -1;
	struct hist_wt *v = xcalloc(nsus ? nsus : 1, sizeof(*v));
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; i < nsus && rc == 0; i++) {
		const struct gix_entry *e = gix_find(g, sus[i]);
		const char *b = strrchr(sus[i], '/');
		if (!e || !S_ISREG(e->mode) || strcmp(b ? b + 1 : sus[i], ".gitattributes") == 0) {
			rc = -1;
			break;
		}
		char *path = xasprintf("%s%s", wd, sus[i]);
		struct stat st;
		int state = -1;
		if (lstat(path, &st) != 0)
			state = errno == ENOENT || errno == ENOTDIR ? HIST_WT_DELETED : -2;
		else if (!S_ISREG(st.st_mode))
			state = -2;
		else if (filemode && ((st.st_mode & 0100) != 0) != ((e->mode & 0100) != 0))
			state = HIST_WT_MODIFIED;
		else {
			git_oid id;
			struct buf data = {0};
			if (read_file(path, 0, &data) != 0 ||
			    git_odb_hash(&id, data.s ? data.s : "", data.len, GIT_OBJECT_BLOB) != 0)
				state = -2;
			else if (memcmp(id.id, e->oid, GIX_OID_LEN) != 0)
				state = HIST_WT_MODIFIED;
			buf_free(&data);
		}
		free(path);
		if (state == -2)
			rc = -1;
		else if (state >= 0)
			v[k++] = (struct hist_wt){xstrdup(sus[i]), (enum hist_wt_state)state};
	}
	if (rc != 0) {
		hist_wt_free(v, k);
		return -1;
	}
	qsort(v, k, sizeof(*v), wt_cmp);
	*out = v;
	*n = k;
	return 0;
}

static void
strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
hist_uncommitted(struct history *h, struct hist_wt **out, size_t *n)
{
	git_status_options o;
	git_status_list *sl;
	char *spec = h->prefix;
	size_t plen = strlen(h->prefix);
	*out = NULL;
	*n = 0;
	/* with nothing staged, the work tree against the index says it all,
	 * and the index's stat data says which files to look at */
	struct gix g;
	int none = nothing_staged(h, &g);
	char **sus = NULL;
	size_t nsus = 0;
	int narrow = none && suspects(h, &g, &sus, &nsus) == 0;
	if (narrow && !nsus) {
		gix_free(&g);
		free(sus);
		*out = xcalloc(1, sizeof(**out));
		return 0;
	}
	h->decided = 0;
	if (narrow && decide_suspects(h, &g, sus, nsus, out, n) == 0) {
		h->decided = 1;
		gix_free(&g);
		strs_free(sus, nsus);
		return 0;
	}
	gix_free(&g);
	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = none ? GIT_STATUS_SHOW_WORKDIR_ONLY : GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	          GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	if (narrow) {
		o.pathspec.strings = sus;
		o.pathspec.count = nsus;
	} else if (plen) {
		o.pathspec.strings = &spec;
		o.pathspec.count = 1;
	}
	int r = git_status_list_new(&sl, h->repo, &o);
	strs_free(sus, nsus);
	if (r < 0) {
		snprintf(h->err, sizeof(h->err), "cannot compare the work tree with HEAD: %s",
		         gix_git_msg());
		return -1;
	}
	size_t cnt = git_status_list_entrycount(sl), k = 0;
	struct hist_wt *v = xcalloc(cnt ? cnt : 1, sizeof(*v));
	for (size_t i = 0; i < cnt; i++) {
		const git_status_entry *e = git_status_byindex(sl, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		unsigned s = e->status;
		if (!d || s == GIT_STATUS_CURRENT || (s & GIT_STATUS_IGNORED))
			continue;
		const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (!p || strncmp(p, h->prefix, plen) != 0)
			continue;
		struct hist_wt *x = &v[k++];
		x->path = xstrdup(p + plen);
		if (s & GIT_STATUS_WT_NEW)
			x->state = HIST_WT_UNTRACKED;
		else if (s & GIT_STATUS_INDEX_NEW)
			x->state = HIST_WT_STAGED_NEW;
		else if (s & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED))
			x->state = HIST_WT_DELETED;
		else if (s & (GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_INDEX_TYPECHANGE))
			x->state = HIST_WT_TYPECHANGE;
		else
			x->state = HIST_WT_MODIFIED;
	}
	git_status_list_free(sl);
	qsort(v, k, sizeof(*v), wt_cmp);
	*out = v;
	*n = k;
	return 0;
}

void
hist_wt_free(struct hist_wt *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}
