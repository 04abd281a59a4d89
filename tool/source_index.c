/* source_index.c: the records as they are staged: git's index as a source
 * (check --staged, the pre-commit hook), and which cases the staged changes
 * touch.
 *
 * The index file is read here rather than through libgit2, which takes a
 * quarter of a second to load 100,000 entries and has no use for the index's
 * cache of trees: that cache (the TREE extension) holds the tree id of every
 * folder no `git add` has touched since the last commit or `git status`, so
 * comparing it with HEAD's trees finds the touched cases without looking at
 * the others. Each file is read from the object store by its blob id (and
 * the parse cache knows most of them by that id already). An index this
 * file does not know (a split or sparse index, an unknown required
 * extension) is read through libgit2, without the tree cache: then every
 * case counts as touched. GIT_INDEX_FILE is honoured, as `git commit` sets
 * it for hooks. */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "util.h"
#include "write.h"

#define OID_LEN 20

struct ient {
	const char *path; /* relative to the caseload folder (in data or arena) */
	unsigned mode;
	unsigned char oid[OID_LEN];
};

/* A folder of the index's tree cache. */
struct itree {
	const char *name; /* in the index data */
	int count;        /* entries below it; -1: touched since the tree was written */
	unsigned char oid[OID_LEN];
	struct itree *kids;
	size_t nkids;
};

struct isrc {
	git_repository *repo;
	git_odb *odb;
	char *err;
	int *broken;
	struct ient *v; /* the caseload folder's entries, sorted by path */
	size_t n;
	struct itree *tree; /* the tree cache at the caseload folder, or NULL */
	struct itree *top;  /* the whole tree cache (owned) */
	char *prefix;       /* the caseload folder in the work tree: "" or "a/b/" */
	struct buf data;    /* the index file */
	struct arena arena; /* paths of a version 4 index */
};

static const char *
git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown git error";
}

/* ---- reading the index file ---- */

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
itree_free(struct itree *t)
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
	return strcmp(((const struct itree *)pa)->name, ((const struct itree *)pb)->name);
}

/* read_tree: one node of the TREE extension and its kids (preorder). */
static int
read_tree(struct rdx *r, struct itree *t, int depth)
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
static const struct itree *kid(const struct itree *t, const char *name, size_t len);

static struct itree *
tree_at(struct itree *t, const char *path)
{
	while (t && *path) {
		size_t n = strcspn(path, "/");
		t = (struct itree *)kid(t, path, n);
		path += n + (path[n] == '/');
	}
	return t;
}

static int
ient_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct ient *)pa)->path, ((const struct ient *)pb)->path);
}

/* add_entry: keeps an entry of the caseload folder (stage 0); path (NUL-
 * terminated) must outlive x. */
static void
add_entry(struct isrc *x, size_t *cap, const char *path, size_t plen, unsigned mode,
          const unsigned char *oid)
{
	size_t pl = strlen(x->prefix);
	if (plen < pl || memcmp(path, x->prefix, pl) != 0)
		return;
	VEC_GROW(x->v, x->n, *cap);
	struct ient *e = &x->v[x->n++];
	e->path = path + pl;
	e->mode = mode;
	memcpy(e->oid, oid, OID_LEN);
}

/* sort_entries: by path (the index is in that order already). */
static void
sort_entries(struct isrc *x)
{
	for (size_t i = 1; i < x->n; i++)
		if (strcmp(x->v[i - 1].path, x->v[i].path) > 0) {
			qsort(x->v, x->n, sizeof(*x->v), ient_cmp);
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
read_index(struct isrc *x, const char *path)
{
	struct buf *bp = &x->data, b;
	if (read_whole(path, bp) != 0)
		return -1;
	b = *bp;
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
			name = arena_alloc(&x->arena, keep + add + 1);
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
		/* an entry added with --intent-to-add is not committed */
		if (stage == 0 && !(xflags & 0x2000))
			add_entry(x, &cap, name, nlen, mode, oid);
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
			x->top = xcalloc(1, sizeof(*x->top));
			if (read_tree(&e, x->top, 0) != 0) {
				itree_free(x->top);
				free(x->top);
				x->top = NULL;
			}
		} else if (!(sig[0] >= 'A' && sig[0] <= 'Z') || memcmp(sig, "link", 4) == 0 ||
		           memcmp(sig, "sdir", 4) == 0) {
			rc = 1;
		}
		r.p += size;
	}
	if (rc == 0)
		sort_entries(x);
	return rc;
}

/* read_libgit2: the index through libgit2 (no tree cache). */
static int
read_libgit2(struct isrc *x, const char *path)
{
	git_index *ix;
	if (git_index_open(&ix, path) < 0) {
		snprintf(x->err, 256, "cannot read the git index %s: %s", path, git_msg());
		return -1;
	}
	size_t cap = 0;
	for (size_t i = 0; i < git_index_entrycount(ix); i++) {
		const git_index_entry *e = git_index_get_byindex(ix, i);
		if (git_index_entry_stage(e) != 0 || (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			continue;
		add_entry(x, &cap, arena_strdup(&x->arena, e->path), strlen(e->path), e->mode, e->id.id);
	}
	git_index_free(ix);
	sort_entries(x);
	return 0;
}

/* ---- the source ---- */

/* range: the entries under folder rel ("" for all): [*lo, *hi). */
static void
range(const struct isrc *x, const char *rel, size_t *lo, size_t *hi)
{
	size_t n = strlen(rel);
	if (!n) {
		*lo = 0;
		*hi = x->n;
		return;
	}
	/* the first path >= "rel/", then the first that does not start with it */
	size_t a = 0, b = x->n;
	while (a < b) {
		size_t m = (a + b) / 2;
		int c = strncmp(x->v[m].path, rel, n);
		if (c < 0 || (c == 0 && x->v[m].path[n] < '/'))
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < x->n && strncmp(x->v[a].path, rel, n) == 0 && x->v[a].path[n] == '/')
		a++;
	*hi = a;
}

/* dir_end: the first entry from i on (below hi) that does not share the
 * first plen bytes of entry i's path (its folder and a '/'). */
static size_t
dir_end(const struct isrc *x, size_t i, size_t hi, size_t plen)
{
	const char *p = x->v[i].path;
	size_t a = i + 1, b = hi;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (strncmp(x->v[m].path, p, plen + 1) == 0)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

static int
ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct src_ent *)a)->name, ((const struct src_ent *)b)->name);
}

static int
x_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct isrc *x = self;
	size_t lo, hi, skip = rel[0] ? strlen(rel) + 1 : 0, k = 0, cap = 0;
	*out = NULL;
	*n = 0;
	range(x, rel, &lo, &hi);
	if (lo == hi) {
		snprintf(x->err, 256, "%s: no such folder in the index", rel[0] ? rel : ".");
		return SRC_ENOENT;
	}
	struct src_ent *v = NULL;
	for (size_t i = lo; i < hi;) {
		const char *name = x->v[i].path + skip;
		size_t len = strcspn(name, "/");
		int dir = name[len] == '/';
		if (name[0] != '.') {
			VEC_GROW(v, k, cap);
			struct src_ent *e = &v[k++];
			e->name = xstrndup(name, len);
			e->size = 0;
			unsigned m = x->v[i].mode & 0170000;
			e->type = dir            ? SRC_DIR
			          : m == 0100000 ? SRC_FILE
			          : m == 0120000 ? SRC_BADLINK
			                         : SRC_OTHER;
			if (e->type == SRC_FILE)
				e->size = SRC_SIZE_UNKNOWN;
		}
		/* past everything under this name */
		i = dir ? dir_end(x, i, hi, skip + len) : i + 1;
	}
	for (size_t i = 1; i < k; i++)
		if (strcmp(v[i - 1].name, v[i].name) > 0) {
			qsort(v, k, sizeof(*v), ent_cmp);
			break;
		}
	*out = v;
	*n = k;
	return SRC_OK;
}

static const struct ient *
find(const struct isrc *x, const char *rel)
{
	size_t a = 0, b = x->n;
	while (a < b) {
		size_t m = (a + b) / 2;
		int c = strcmp(x->v[m].path, rel);
		if (c == 0)
			return &x->v[m];
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return NULL;
}

static int
damaged(struct isrc *x, const char *rel, const unsigned char *oid)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;
	if (*x->broken)
		return SRC_EIO;
	memcpy(id.id, oid, OID_LEN);
	git_oid_tostr(hex, sizeof(hex), &id);
	snprintf(x->err, 256, "the git object %s (%s) is missing from the repository, or damaged",
	         hex, rel);
	*x->broken = 1;
	return SRC_EIO;
}

static int
x_read(void *self, const char *rel, size_t limit, char **data, size_t *len)
{
	struct isrc *x = self;
	*data = NULL;
	*len = 0;
	const struct ient *e = find(x, rel);
	if (!e) {
		snprintf(x->err, 256, "%s: not in the index", rel);
		return SRC_ENOENT;
	}
	if ((e->mode & 0170000) != 0100000) {
		snprintf(x->err, 256, "%s: %s", rel,
		         (e->mode & 0170000) == 0120000 ? "a symlink; not followed" : "not a regular file");
		return SRC_EIO;
	}
	git_oid id;
	memcpy(id.id, e->oid, OID_LEN);
	if (limit) {
		size_t size;
		git_object_t type;
		if (git_odb_read_header(&size, &type, x->odb, &id) < 0)
			return damaged(x, rel, e->oid);
		if (size > limit) {
			*len = size;
			return SRC_ETOOBIG;
		}
	}
	git_odb_object *obj;
	if (git_odb_read(&obj, x->odb, &id) < 0)
		return damaged(x, rel, e->oid);
	size_t size = git_odb_object_size(obj);
	char *buf = xmalloc(size + 1);
	memcpy(buf, git_odb_object_data(obj), size);
	buf[size] = '\0';
	git_odb_object_free(obj);
	*data = buf;
	*len = size;
	return SRC_OK;
}

static int
x_size(void *self, const char *rel, uint64_t *size)
{
	struct isrc *x = self;
	const struct ient *e = find(x, rel);
	git_oid id;
	size_t sz;
	git_object_t type;
	if (!e) {
		snprintf(x->err, 256, "%s: not in the index", rel);
		return SRC_EIO;
	}
	memcpy(id.id, e->oid, OID_LEN);
	if (git_odb_read_header(&sz, &type, x->odb, &id) < 0)
		return damaged(x, rel, e->oid);
	*size = sz;
	return SRC_OK;
}

static int
x_ident(void *self, const char *rel, struct src_ident *id)
{
	struct isrc *x = self;
	const struct ient *e = find(x, rel);
	if (!e)
		return SRC_ENOENT;
	if ((e->mode & 0170000) != 0100000)
		return SRC_EIO;
	git_oid oid;
	memcpy(oid.id, e->oid, OID_LEN);
	if (!git_odb_exists(x->odb, &oid))
		return SRC_EIO; /* read, to be reported */
	id->blob = 1;
	memcpy(id->id, e->oid, OID_LEN);
	id->len = OID_LEN;
	id->changed_ns = 0;
	return SRC_OK;
}

static void
x_free(void *self)
{
	struct isrc *x = self;
	free(x->v);
	buf_free(&x->data);
	arena_free(&x->arena);
	itree_free(x->top);
	free(x->top);
	free(x->prefix);
	git_odb_free(x->odb);
	git_repository_free(x->repo);
	free(x);
}

static const struct source_ops index_ops = {x_list, x_read, x_free, x_size, x_ident};

/* rel_prefix: root relative to the work tree's top, "" or "a/b/". */
static char *
rel_prefix(git_repository *repo, const char *root)
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

int
source_index_open(struct source *src, const char *root)
{
	memset(src, 0, sizeof(*src));
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	struct isrc *x = xcalloc(1, sizeof(*x));
	x->err = src->err;
	x->broken = &src->broken;
	src->ops = &index_ops;
	src->self = x;
	int r = git_repository_open_ext(&x->repo, root, 0, NULL);
	if (r < 0) {
		snprintf(src->err, sizeof(src->err), "--staged reads git's index, but %s %s", root,
		         r == GIT_ENOTFOUND ? "is not in a git repository" : git_msg());
		goto fail;
	}
	x->prefix = rel_prefix(x->repo, root);
	if (!x->prefix) {
		snprintf(src->err, sizeof(src->err), "%s is not inside the repository's work tree", root);
		goto fail;
	}
	if (git_repository_odb(&x->odb, x->repo) < 0) {
		snprintf(src->err, sizeof(src->err), "cannot read the git objects: %s", git_msg());
		goto fail;
	}
	/* the index git commit uses: GIT_INDEX_FILE when it sets one */
	const char *env = getenv("GIT_INDEX_FILE");
	char *path = env && *env ? xstrdup(env) : xasprintf("%sindex", git_repository_path(x->repo));
	r = read_index(x, path);
	if (r == 1) {
		x->n = 0;
		itree_free(x->top);
		free(x->top);
		x->top = NULL;
		r = read_libgit2(x, path);
	} else if (r < 0) {
		/* no index yet: nothing is staged */
		r = 0;
	}
	free(path);
	if (r < 0)
		goto fail;
	x->tree = x->top ? tree_at(x->top, x->prefix) : NULL;
	if (!find(x, "caseload.yaml")) {
		snprintf(src->err, sizeof(src->err), "the index has no %scaseload.yaml", x->prefix);
		goto fail;
	}
	return SRC_OK;
fail:
	source_close(src);
	return SRC_EIO;
}

/* ---- what the staged changes touch ---- */

/* head_subtree: HEAD's tree of folder path ("" the top, "a/b/" below), or
 * NULL when it has none. The caller frees it. */
static git_tree *
head_subtree(git_repository *repo, const char *path)
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

/* kid: the folder name[0..len) of t (its kids are sorted by name). */
static const struct itree *
kid(const struct itree *t, const char *name, size_t len)
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

/* tree_oid: the id of the tree git would write for the staged folder whose
 * entries are x->v[lo..hi) (skip: the length of its path and the '/'),
 * taken from the tree cache t when t is valid (t may be NULL). As `git
 * write-tree` does, without writing: the tree's bytes, hashed. */
static void
tree_oid(const struct isrc *x, const struct itree *t, size_t lo, size_t hi, size_t skip,
         unsigned char out[OID_LEN])
{
	if (t && t->count >= 0) {
		memcpy(out, t->oid, OID_LEN);
		return;
	}
	struct buf b = {0};
	for (size_t i = lo; i < hi;) {
		const char *name = x->v[i].path + skip;
		size_t len = strcspn(name, "/");
		unsigned char sub[OID_LEN];
		const unsigned char *oid = x->v[i].oid;
		unsigned mode = x->v[i].mode;
		size_t j = i + 1;
		if (name[len] == '/') {
			j = dir_end(x, i, hi, skip + len);
			tree_oid(x, kid(t, name, len), i, j, skip + len + 1, sub);
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
static void
dir_oid(const struct isrc *x, const char *rel, unsigned char out[OID_LEN])
{
	size_t lo, hi;
	range(x, rel, &lo, &hi);
	const struct itree *t = x->tree;
	for (const char *p = rel; *p && t;) {
		size_t n = strcspn(p, "/");
		t = kid(t, p, n);
		p += n + (p[n] == '/');
	}
	tree_oid(x, *rel ? t : x->tree, lo, hi, *rel ? strlen(rel) + 1 : 0, out);
}

int
source_index_touched(struct source *src, char ***ids, size_t *nids, int *all)
{
	struct isrc *x = src->self;
	*ids = NULL;
	*nids = 0;
	*all = 1;
	if (src->ops != &index_ops)
		return -1;
	git_tree *top = head_subtree(x->repo, x->prefix);
	if (!top)
		return 0; /* no commit yet, or no such folder in HEAD: all is new */
	unsigned char oid[OID_LEN];
	if (x->tree && x->tree->count >= 0 && memcmp(x->tree->oid, git_tree_id(top)->id, OID_LEN) == 0) {
		git_tree_free(top); /* nothing staged in the caseload folder */
		*all = 0;
		return 0;
	}
	/* outside cases/: HEAD's entries and the staged ones, one by one */
	int other = 0;
	struct src_ent *ents = NULL;
	size_t n = 0, nstaged = 0;
	if (x_list(x, "", &ents, &n) != SRC_OK)
		other = 1;
	for (size_t i = 0; !other && i < n; i++) {
		if (strcmp(ents[i].name, "cases") == 0)
			continue;
		nstaged++;
		const git_tree_entry *he = git_tree_entry_byname(top, ents[i].name);
		if (!he) {
			other = 1;
			break;
		}
		if (ents[i].type == SRC_DIR)
			dir_oid(x, ents[i].name, oid);
		else {
			const struct ient *e = find(x, ents[i].name);
			memcpy(oid, e ? e->oid : (const unsigned char *)"", e ? OID_LEN : 1);
		}
		other = memcmp(oid, git_tree_entry_id(he)->id, OID_LEN) != 0;
	}
	src_ents_free(ents, n);
	/* dotfiles are not listed; HEAD's other entries must all be staged */
	size_t nhead = 0;
	for (size_t i = 0; i < git_tree_entrycount(top); i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(top, i));
		nhead += name[0] != '.' && strcmp(name, "cases") != 0;
	}
	if (other || nhead != nstaged) {
		git_tree_free(top);
		return 0;
	}
	/* cases/: each case folder whose staged tree is not HEAD's */
	const git_tree_entry *hc = git_tree_entry_byname(top, "cases");
	git_tree *cases = NULL;
	if (hc && git_tree_entry_type(hc) == GIT_OBJECT_TREE)
		git_tree_lookup(&cases, x->repo, git_tree_entry_id(hc));
	size_t lo, hi, cap = 0;
	const struct itree *tc = kid(x->tree, "cases", 5);
	range(x, "cases", &lo, &hi);
	for (size_t i = lo; i < hi;) {
		const char *name = x->v[i].path + 6;
		size_t len = strcspn(name, "/");
		if (name[len] != '/' || name[0] == '.') {
			i++;
			continue;
		}
		size_t j = dir_end(x, i, hi, 6 + len);
		tree_oid(x, kid(tc, name, len), i, j, 6 + len + 1, oid);
		char *id = xstrndup(name, len);
		const git_tree_entry *he = cases ? git_tree_entry_byname(cases, id) : NULL;
		if (he && memcmp(git_tree_entry_id(he)->id, oid, OID_LEN) == 0)
			free(id);
		else {
			VEC_GROW(*ids, *nids, cap);
			(*ids)[(*nids)++] = id;
		}
		i = j;
	}
	*all = 0;
	git_tree_free(cases);
	git_tree_free(top);
	return 0;
}
