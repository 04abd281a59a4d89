/* source_index.c: the records as they are staged: git's index as a source
 * (check --staged, the pre-commit hook), and which cases the staged changes
 * touch. The index is read by git_index.c; each file is read from the
 * object store by its blob id (and the parse cache knows most of them by
 * that id already). */
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git_index.h"
#include "history.h"
#include "source.h"
#include "util.h"

#define OID_LEN GIX_OID_LEN

struct isrc {
	git_repository *repo;
	git_odb *odb;
	char *err;
	int *broken;
	struct gix g;
};

static int
x_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct isrc *x = self;
	size_t lo, hi, skip = rel[0] ? strlen(rel) + 1 : 0, k = 0, cap = 0;
	*out = NULL;
	*n = 0;
	gix_range(&x->g, rel, &lo, &hi);
	if (lo == hi) {
		snprintf(x->err, 256, "%s: no such folder in the index", rel[0] ? rel : ".");
		return SRC_ENOENT;
	}
	struct src_ent *v = NULL;
	for (size_t i = lo; i < hi;) {
		const char *name = x->g.v[i].path + skip;
		size_t len = strcspn(name, "/");
		int dir = name[len] == '/';
		if (name[0] != '.') {
			VEC_GROW(v, k, cap);
			struct src_ent *e = &v[k++];
			e->name = xstrndup(name, len);
			e->size = 0;
			unsigned m = x->g.v[i].mode & 0170000;
			e->type = dir            ? SRC_DIR
			          : m == 0100000 ? SRC_FILE
			          : m == 0120000 ? SRC_BADLINK
			                         : SRC_OTHER;
			if (e->type == SRC_FILE)
				e->size = SRC_SIZE_UNKNOWN;
		}
		/* past everything under this name */
		i = dir ? gix_dir_end(&x->g, i, hi, skip + len) : i + 1;
	}
	for (size_t i = 1; i < k; i++)
		if (strcmp(v[i - 1].name, v[i].name) > 0) {
			src_ents_sort(v, k);
			break;
		}
	*out = v;
	*n = k;
	return SRC_OK;
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
	const struct gix_entry *e = gix_find(&x->g, rel);
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
	int r = hist_odb_read(x->odb, &id, limit, data, len);
	if (r < 0)
		return damaged(x, rel, e->oid);
	return r ? SRC_ETOOBIG : SRC_OK;
}

static int
x_size(void *self, const char *rel, uint64_t *size)
{
	struct isrc *x = self;
	const struct gix_entry *e = gix_find(&x->g, rel);
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
	const struct gix_entry *e = gix_find(&x->g, rel);
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
	gix_free(&x->g);
	git_odb_free(x->odb);
	git_repository_free(x->repo);
	free(x);
}

static const struct source_ops index_ops = {x_list, x_read, x_free, x_size, x_ident};

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
		         r == GIT_ENOTFOUND ? "is not in a git repository" : gix_git_msg());
		goto fail;
	}
	char *prefix = gix_prefix(x->repo, root);
	if (!prefix) {
		snprintf(src->err, sizeof(src->err), "%s is not inside the repository's work tree", root);
		goto fail;
	}
	if (git_repository_odb(&x->odb, x->repo) < 0) {
		free(prefix);
		snprintf(src->err, sizeof(src->err), "cannot read the git objects: %s", gix_git_msg());
		goto fail;
	}
	r = gix_read(&x->g, x->repo, prefix);
	free(prefix);
	if (r < 0) {
		snprintf(src->err, sizeof(src->err), "%s", x->g.err);
		goto fail;
	}
	if (!gix_find(&x->g, "caseload.yaml")) {
		if (x->g.n == 0)
			snprintf(src->err, sizeof(src->err),
			         "nothing of the caseload is staged yet: 'git add' its files "
			         "(git add -A), then commit");
		else
			snprintf(src->err, sizeof(src->err),
			         "%scaseload.yaml is not staged: 'git add' it with the other files",
			         x->g.prefix);
		goto fail;
	}
	return SRC_OK;
fail:
	source_close(src);
	return SRC_EIO;
}

/* ---- what the staged changes touch ---- */

int
source_index_touched(struct source *src, char ***ids, size_t *nids, int *all)
{
	struct isrc *x = src->self;
	*ids = NULL;
	*nids = 0;
	*all = 1;
	if (src->ops != &index_ops)
		return -1;
	git_tree *top = gix_head_tree(x->repo, x->g.prefix);
	if (!top)
		return 0; /* no commit yet, or no such folder in HEAD: all is new */
	unsigned char oid[OID_LEN];
	if (x->g.tree && x->g.tree->count >= 0 &&
	    memcmp(x->g.tree->oid, git_tree_id(top)->id, OID_LEN) == 0) {
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
			gix_dir_oid(&x->g, ents[i].name, oid);
		else {
			const struct gix_entry *e = gix_find(&x->g, ents[i].name);
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
	const struct gix_tree *tc = gix_kid(x->g.tree, "cases", 5);
	gix_range(&x->g, "cases", &lo, &hi);
	for (size_t i = lo; i < hi;) {
		const char *name = x->g.v[i].path + 6;
		size_t len = strcspn(name, "/");
		if (name[len] != '/' || name[0] == '.') {
			i++;
			continue;
		}
		size_t j = gix_dir_end(&x->g, i, hi, 6 + len);
		gix_tree_oid(&x->g, gix_kid(tc, name, len), i, j, 6 + len + 1, oid);
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
