/* git_index.c: git's index file read without libgit2 (git_index.h): its
 * entries under the caseload folder with their stat data, and its cache of
 * trees (the TREE extension). libgit2 takes a quarter of a second to load
 * 100,000 entries, and has no use for the tree cache, which holds the tree
 * id of every folder no `git add` has touched since git last wrote trees:
 * compared with HEAD's trees it finds what is staged without looking at the
 * rest. An index of a kind this file does not read (a split or sparse
 * index, an unknown required extension) is read through libgit2, without
 * stat data or tree cache. */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git_index.h"
#include "write.h"

#define OID_LEN GIX_OID_LEN

struct rdx {
	const unsigned char *p, *end;
	int bad;
};

static uint32_t
be32(struct rdx *r)
{
	if (r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	uint32_t v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 |
	             r->p[3];
	r->p += 4;
	return v;
}

static void
itree_free(struct gix_tree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nkids; i++)
		itree_free(&t->kids[i]);
	free(t->kids);
}

static int
itree_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct gix_tree *)pa)->name, ((const struct gix_tree *)pb)->name);
}

/* read_tree: one node of the TREE extension and its kids (preorder). */
static int
read_tree(struct rdx *r, struct gix_tree *t, int depth)
{
	memset(t, 0, sizeof(*t));
	const unsigned char *nul = memchr(r->p, '\0', (size_t)(r->end - r->p));
	if (!nul || depth > 256)
		return -1;
	t->name = (const char *)r->p;
	r->p = nul + 1;
	/* "COUNT SUBTREES\n", COUNT -1 when the folder was touched */
	long count = 0, nsub = 0;
	int neg = 0;
	if (r->p < r->end && *r->p == '-') {
		neg = 1;
		r->p++;
	}
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && count < 100000000)
		count = count * 10 + (*r->p++ - '0');
	if (r->p >= r->end || *r->p++ != ' ')
		return -1;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && nsub < 100000000)
		nsub = nsub * 10 + (*r->p++ - '0');
	if (r->p >= r->end || *r->p++ != '\n' || (neg && count != 1))
		return -1;
	if (neg)
		count = -1;
	t->count = count < 0 ? -1 : (int)(count > 0x7FFFFFFF ? 0x7FFFFFFF : count);
	if (count >= 0) {
		if (r->end - r->p < OID_LEN)
			return -1;
		memcpy(t->oid, r->p, OID_LEN);
		r->p += OID_LEN;
	}
	if ((size_t)nsub > (size_t)(r->end - r->p))
		return -1;
	t->kids = xcalloc(nsub ? (size_t)nsub : 1, sizeof(*t->kids));
	for (long i = 0; i < nsub; i++) {
		t->nkids++;
		if (read_tree(r, &t->kids[i], depth + 1) != 0)
			return -1;
	}
	/* git writes them in order; sorted only if not */
	for (size_t i = 1; i < t->nkids; i++)
		if (strcmp(t->kids[i - 1].name, t->kids[i].name) > 0) {
			qsort(t->kids, t->nkids, sizeof(*t->kids), itree_cmp);
			break;
		}
	return 0;
}

/* tree_at: the node of path ("a/b/", "" for the top) in t, or NULL. */

/* gix_kid: the folder name[0..len) of t (its kids are sorted by name). */
const struct gix_tree *
gix_kid(const struct gix_tree *t, const char *name, size_t len)
{
	size_t a = 0, b = t ? t->nkids : 0;
	while (a < b) {
		size_t m = (a + b) / 2;
		const char *k = t->kids[m].name;
		int c = strncmp(k, name, len);
		if (c == 0 && k[len])
			c = 1;
		if (c == 0)
			return &t->kids[m];
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return NULL;
}

static struct gix_tree *
gix_tree_at(struct gix_tree *t, const char *path)
{
	while (t && *path) {
		size_t n = strcspn(path, "/");
		t = (struct gix_tree *)gix_kid(t, path, n);
		path += n + (path[n] == '/');
	}
	return t;
}

static int
ient_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct gix_entry *)pa)->path, ((const struct gix_entry *)pb)->path);
}

/* add_entry: keeps an entry of the caseload folder (stage 0); path (NUL-
 * terminated) must outlive x. */
static struct gix_entry *
add_entry(struct gix *g, size_t *cap, const char *path, size_t plen, unsigned mode, const unsigned char *oid)
{
	size_t pl = strlen(g->prefix);
	if (plen < pl || memcmp(path, g->prefix, pl) != 0)
		return NULL;
	VEC_GROW(g->v, g->n, *cap);
	struct gix_entry *e = &g->v[g->n++];
	memset(e, 0, sizeof(*e));
	e->path = path + pl;
	e->mode = mode;
	memcpy(e->oid, oid, OID_LEN);
	return e;
}

/* sort_entries: by path (the index is in that order already). */
static void
sort_entries(struct gix *g)
{
	for (size_t i = 1; i < g->n; i++)
		if (strcmp(g->v[i - 1].path, g->v[i].path) > 0) {
			qsort(g->v, g->n, sizeof(*g->v), ient_cmp);
			return;
		}
}

/* read_whole: the file at path into b, in one read of its size. */
static int
read_whole(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	buf_grow(b, (size_t)st.st_size);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, b->s + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	b->len = got;
	b->s[got] = '\0';
	return got == (size_t)st.st_size ? 0 : -1;
}

/* read_index: the index file at path into x. 0; 1 when it is of a kind this
 * reader leaves to libgit2; -1 when it cannot be read. */
static int
read_index(struct gix *g, const char *path)
{
	struct buf b = {0};
	/* mapped (10 MB at 10,000 cases, which a read copied); an empty file
	 * cannot be, and is read */
	if (map_file(path, &g->map, &g->maplen) == 0) {
		b.s = (char *)g->map;
		b.len = g->maplen;
	} else if (read_whole(path, &g->data) != 0)
		return -1;
	else
		b = g->data;
	struct rdx r = {(const unsigned char *)b.s, (const unsigned char *)b.s + b.len, 0};
	/* the last 20 bytes are the checksum */
	if (b.len < 12 + OID_LEN || memcmp(b.s, "DIRC", 4) != 0)
		return 1;
	r.end -= OID_LEN;
	r.p += 4;
	uint32_t version = be32(&r), count = be32(&r);
	if (version < 2 || version > 4)
		return 1;
	size_t cap = 0;
	const char *prev = NULL;
	size_t prevlen = 0;
	int rc = 0;
	for (uint32_t i = 0; i < count && rc == 0; i++) {
		const unsigned char *start = r.p;
		if (r.end - r.p < 62) {
			rc = 1;
			break;
		}
		uint32_t mode = (uint32_t)r.p[24] << 24 | (uint32_t)r.p[25] << 16 |
		                (uint32_t)r.p[26] << 8 | r.p[27];
		const unsigned char *oid = r.p + 40;
		const unsigned char *stat = r.p;
		unsigned flags = (unsigned)r.p[60] << 8 | r.p[61];
		r.p += 62;
		unsigned xflags = 0;
		if (flags & 0x4000) { /* extended flags (version 3 and up) */
			if (version < 3 || r.end - r.p < 2) {
				rc = 1;
				break;
			}
			xflags = (unsigned)r.p[0] << 8 | r.p[1];
			r.p += 2;
		}
		char *name;
		size_t nlen;
		if (version == 4) {
			/* the path: how much of the previous one to drop, then the rest */
			uint64_t drop = 0;
			unsigned c;
			if (r.p >= r.end) {
				rc = 1;
				break;
			}
			c = *r.p++;
			drop = c & 127;
			while (c & 128) {
				if (r.p >= r.end || drop > ((uint64_t)1 << 40)) {
					rc = 1;
					break;
				}
				c = *r.p++;
				drop = ((drop + 1) << 7) | (c & 127);
			}
			const unsigned char *nul = memchr(r.p, '\0', (size_t)(r.end - r.p));
			if (rc || !nul || drop > prevlen) {
				rc = 1;
				break;
			}
			size_t keep = prevlen - (size_t)drop, add = (size_t)(nul - r.p);
			name = arena_alloc(&g->arena, keep + add + 1);
			memcpy(name, prev ? prev : "", keep);
			memcpy(name + keep, r.p, add);
			name[keep + add] = '\0';
			nlen = keep + add;
			r.p = nul + 1;
		} else {
			const unsigned char *nul = memchr(r.p, '\0', (size_t)(r.end - r.p));
			if (!nul) {
				rc = 1;
				break;
			}
			nlen = (size_t)(nul - r.p);
			name = (char *)r.p;
			/* padded with 1 to 8 NULs to a multiple of 8 from the entry's start */
			size_t len = (size_t)(nul - start) + 1;
			len = (len + 7) & ~(size_t)7;
			if ((size_t)(r.end - start) < len) {
				rc = 1;
				break;
			}
			r.p = start + len;
		}
		prev = name;
		prevlen = nlen;
		unsigned stage = (flags >> 12) & 3;
		/* an entry added with --intent-to-add is not committed; a
		 * conflict, one of those, one not checked out (skip-worktree) or
		 * one git is told not to look at (assume-unchanged) is for
		 * libgit2's status to word */
		if (stage || (xflags & 0x6000) || (flags & 0x8000))
			g->odd = 1;
		struct gix_entry *e = NULL;
		if (stage == 0 && !(xflags & 0x2000))
			e = add_entry(g, &cap, name, nlen, mode, oid);
		for (int k = 0; e && k < 10; k++)
			e->st[k] = (uint32_t)stat[4 * k] << 24 | (uint32_t)stat[4 * k + 1] << 16 |
			           (uint32_t)stat[4 * k + 2] << 8 | stat[4 * k + 3];
		if ((mode & 0170000) == 0040000)
			rc = 1; /* a sparse index's folder entry */
	}
	/* the extensions: TREE is read; an unknown required one (its first
	 * letter not upper case) is libgit2's to judge */
	while (rc == 0 && r.end - r.p >= 8) {
		const unsigned char *sig = r.p;
		r.p += 4;
		uint32_t size = be32(&r);
		if ((size_t)(r.end - r.p) < size) {
			rc = 1;
			break;
		}
		struct rdx e = {r.p, r.p + size, 0};
		if (memcmp(sig, "TREE", 4) == 0 && size > 0) {
			g->top = xcalloc(1, sizeof(*g->top));
			if (read_tree(&e, g->top, 0) != 0) {
				itree_free(g->top);
				free(g->top);
				g->top = NULL;
			}
		} else if (!(sig[0] >= 'A' && sig[0] <= 'Z') || memcmp(sig, "link", 4) == 0 ||
		           memcmp(sig, "sdir", 4) == 0) {
			rc = 1;
		}
		r.p += size;
	}
	if (rc == 0)
		sort_entries(g);
	return rc;
}

/* read_libgit2: the index through libgit2 (no tree cache). */
static int
read_libgit2(struct gix *g, const char *path)
{
	git_index *ix;
	if (git_index_open(&ix, path) < 0) {
		snprintf(g->err, sizeof(g->err), "cannot read the git index %s: %s", path, gix_git_msg());
		return -1;
	}
	size_t cap = 0;
	for (size_t i = 0; i < git_index_entrycount(ix); i++) {
		const git_index_entry *e = git_index_get_byindex(ix, i);
		if (git_index_entry_stage(e) != 0 || (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			continue;
		add_entry(g, &cap, arena_strdup(&g->arena, e->path), strlen(e->path), e->mode, e->id.id);
	}
	git_index_free(ix);
	sort_entries(g);
	g->odd = 1; /* no stat data */
	return 0;
}

/* range: the entries under folder rel ("" for all): [*lo, *hi). */
void
gix_range(const struct gix *g, const char *rel, size_t *lo, size_t *hi)
{
	size_t n = strlen(rel);
	if (!n) {
		*lo = 0;
		*hi = g->n;
		return;
	}
	/* the first path >= "rel/", then the first that does not start with it */
	size_t a = 0, b = g->n;
	while (a < b) {
		size_t m = (a + b) / 2;
		int c = strncmp(g->v[m].path, rel, n);
		if (c < 0 || (c == 0 && g->v[m].path[n] < '/'))
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < g->n && strncmp(g->v[a].path, rel, n) == 0 && g->v[a].path[n] == '/')
		a++;
	*hi = a;
}

/* dir_end: the first entry from i on (below hi) that does not share the
 * first plen bytes of entry i's path (its folder and a '/'). */
size_t
gix_dir_end(const struct gix *g, size_t i, size_t hi, size_t plen)
{
	const char *p = g->v[i].path;
	size_t a = i + 1, b = hi;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (strncmp(g->v[m].path, p, plen + 1) == 0)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* entry_key: a path against an entry, for bsearch */
static int
entry_key(const void *key, const void *e)
{
	return strcmp(key, ((const struct gix_entry *)e)->path);
}

const struct gix_entry *
gix_find(const struct gix *g, const char *rel)
{
	return g->n ? bsearch(rel, g->v, g->n, sizeof(*g->v), entry_key) : NULL;
}

/* tree_oid: the id of the tree git would write for the staged folder whose
 * entries are g->v[lo..hi) (skip: the length of its path and the '/'),
 * taken from the tree cache t when t is valid (t may be NULL). As `git
 * write-tree` does, without writing: the tree's bytes, hashed. */
void
gix_tree_oid(const struct gix *g, const struct gix_tree *t, size_t lo, size_t hi, size_t skip,
             unsigned char out[OID_LEN])
{
	if (t && t->count >= 0) {
		memcpy(out, t->oid, OID_LEN);
		return;
	}
	struct buf b = {0};
	for (size_t i = lo; i < hi;) {
		const char *name = g->v[i].path + skip;
		size_t len = strcspn(name, "/");
		unsigned char sub[OID_LEN];
		const unsigned char *oid = g->v[i].oid;
		unsigned mode = g->v[i].mode;
		size_t j = i + 1;
		if (name[len] == '/') {
			j = gix_dir_end(g, i, hi, skip + len);
			gix_tree_oid(g, gix_kid(t, name, len), i, j, skip + len + 1, sub);
			oid = sub;
			mode = 040000;
		} else if ((mode & 0170000) == 0100000) {
			mode = (mode & 0111) ? 0100755 : 0100644;
		}
		buf_printf(&b, "%o ", mode);
		buf_add(&b, name, len);
		buf_putc(&b, '\0');
		buf_add(&b, (const char *)oid, OID_LEN);
		i = j;
	}
	git_oid id;
	git_odb_hash(&id, b.s ? b.s : "", b.len, GIT_OBJECT_TREE);
	memcpy(out, id.id, OID_LEN);
	buf_free(&b);
}

/* dir_oid: the staged tree of folder rel of the caseload folder. */
void
gix_dir_oid(const struct gix *g, const char *rel, unsigned char out[OID_LEN])
{
	size_t lo, hi;
	gix_range(g, rel, &lo, &hi);
	const struct gix_tree *t = g->tree;
	for (const char *p = rel; *p && t;) {
		size_t n = strcspn(p, "/");
		t = gix_kid(t, p, n);
		p += n + (p[n] == '/');
	}
	gix_tree_oid(g, *rel ? t : g->tree, lo, hi, *rel ? strlen(rel) + 1 : 0, out);
}

/* head_subtree: HEAD's tree of folder path ("" the top, "a/b/" below), or
 * NULL when it has none. The caller frees it. */
git_tree *
gix_head_tree(git_repository *repo, const char *path)
{
	git_object *o = NULL;
	git_tree *t = NULL;
	if (git_revparse_single(&o, repo, "HEAD^{tree}") < 0)
		return NULL;
	if (!*path)
		return (git_tree *)o;
	char *p = xstrndup(path, strlen(path) - 1);
	git_tree_entry *e = NULL;
	if (git_tree_entry_bypath(&e, (git_tree *)o, p) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_tree_lookup(&t, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_object_free(o);
	free(p);
	return t;
}

/* gix_prefix: root relative to the work tree's top, "" or "a/b/". */
char *
gix_prefix(git_repository *repo, const char *root)
{
	const char *wd = git_repository_workdir(repo);
	if (!wd)
		return NULL;
	char *wreal = realpath(wd, NULL), *rreal = realpath(root, NULL);
	char *out = NULL;
	if (wreal && rreal) {
		size_t n = strlen(wreal);
		if (n == 1)
			n = 0;
		if (strncmp(rreal, wreal, n) == 0 && (rreal[n] == '\0' || rreal[n] == '/'))
			out = rreal[n] ? xasprintf("%s/", rreal + n + 1) : xstrdup("");
	}
	free(wreal);
	free(rreal);
	return out;
}

const char *
gix_git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown git error";
}

int
gix_read(struct gix *g, git_repository *repo, const char *prefix)
{
	memset(g, 0, sizeof(*g));
	g->prefix = xstrdup(prefix);
	/* the index git commit uses: GIT_INDEX_FILE when it sets one */
	const char *env = getenv("GIT_INDEX_FILE");
	char *path = env && *env ? xstrdup(env) : xasprintf("%sindex", git_repository_path(repo));
	struct stat st;
	if (stat(path, &st) == 0)
		g->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	int r = read_index(g, path);
	if (r == 1) {
		g->n = 0;
		itree_free(g->top);
		free(g->top);
		g->top = NULL;
		r = read_libgit2(g, path);
	} else if (r < 0) {
		r = 0; /* no index yet: nothing is staged */
		g->absent = 1;
	}
	free(path);
	g->tree = g->top ? gix_tree_at(g->top, g->prefix) : NULL;
	return r;
}

void
gix_free(struct gix *g)
{
	free(g->v);
	buf_free(&g->data);
	unmap_file(g->map, g->maplen);
	arena_free(&g->arena);
	itree_free(g->top);
	free(g->top);
	free(g->prefix);
	memset(g, 0, sizeof(*g));
}
