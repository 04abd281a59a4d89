/* source_git.c: reading the records from a git revision (--at REV) straight
 * out of the object database: no checkout, no temporary files. The caseload
 * folder may lie below the top of the repository; its tree at the revision
 * stands in for the working tree. A symlink in git is never followed. */
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git_index.h"
#include "history.h"
#include "source.h"
#include "util.h"

/* The loader asks for a folder's entries and then for each of its files, one
 * case after another; resolving "cases/<id>/notes/x.md" from the top each
 * time would parse the big cases/ tree (which libgit2 does not cache) on every
 * call. So the last few folders' trees are kept, least recently used first out. */
#define DIR_SLOTS 16

struct dir_slot {
	char *rel; /* the folder, relative to the caseload folder */
	git_tree *tree;
	unsigned long used;
};

struct gsrc {
	git_repository *repo;
	git_odb *odb;
	git_tree *top; /* the caseload folder's tree at the revision */
	char *err;     /* the source's err buffer (256 bytes) */
	int *broken;   /* the source's broken flag */
	struct dir_slot dirs[DIR_SLOTS];
	unsigned long clock;
};

/* ref_target: when rev names a reference (HEAD, a branch, a tag), the id it
 * finally points to into *id. Returns 1, or 0 when rev is no reference. */
static int
ref_target(git_repository *repo, const char *rev, git_oid *id)
{
	git_reference *ref = NULL, *res = NULL;
	int ok = 0;
	if (git_reference_dwim(&ref, repo, rev) == 0 && git_reference_resolve(&res, ref) == 0 &&
	    git_reference_target(res)) {
		git_oid_cpy(id, git_reference_target(res));
		ok = 1;
	}
	git_reference_free(res);
	git_reference_free(ref);
	return ok;
}

/* damaged: an object of the revision cannot be read. The first one is
 * named in err and marks the source broken; reading on is pointless, so
 * every later call fails without touching err. Returns SRC_EIO. */
static int
damaged(struct gsrc *g, const char *rel, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	if (*g->broken)
		return SRC_EIO;
	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(g->err, 256, "the git object %s (%s) is missing from the repository, or damaged",
	         hex, rel);
	*g->broken = 1;
	return SRC_EIO;
}

/* subtree: the tree of folder rel ("" is the caseload folder) into *out; it
 * stays owned by g. Returns SRC_OK, SRC_ENOENT (absent or not a folder) or
 * SRC_EIO. */
static int
subtree(struct gsrc *g, const char *rel, git_tree **out)
{
	*out = NULL;
	if (!rel[0]) {
		*out = g->top;
		return SRC_OK;
	}
	for (int i = 0; i < DIR_SLOTS; i++) {
		struct dir_slot *d = &g->dirs[i];
		if (d->rel && strcmp(d->rel, rel) == 0) {
			d->used = ++g->clock;
			*out = d->tree;
			return SRC_OK;
		}
	}
	/* resolve the parent folder first, then this one's entry in it */
	const char *slash = strrchr(rel, '/');
	char *parent = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
	const char *name = slash ? slash + 1 : rel;
	git_tree *pt;
	int r = subtree(g, parent, &pt);
	free(parent);
	if (r != SRC_OK)
		return r;
	const git_tree_entry *e = git_tree_entry_byname(pt, name);
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return SRC_ENOENT;
	git_tree *t;
	if (git_tree_lookup(&t, g->repo, git_tree_entry_id(e)) < 0)
		return damaged(g, rel, git_tree_entry_id(e));
	struct dir_slot *old = &g->dirs[0];
	for (int i = 1; i < DIR_SLOTS; i++)
		if (g->dirs[i].used < old->used)
			old = &g->dirs[i];
	free(old->rel);
	git_tree_free(old->tree);
	old->rel = xstrdup(rel);
	old->tree = t;
	old->used = ++g->clock;
	*out = t;
	return SRC_OK;
}

static int
g_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct gsrc *g = self;
	git_tree *t;
	*out = NULL;
	*n = 0;
	if (*g->broken)
		return SRC_EIO;
	int r = subtree(g, rel, &t);
	if (r != SRC_OK) {
		if (r == SRC_ENOENT)
			snprintf(g->err, 256, "%s: no such folder", rel[0] ? rel : ".");
		return r;
	}
	size_t cnt = git_tree_entrycount(t), k = 0;
	struct src_ent *v = xcalloc(cnt ? cnt : 1, sizeof(*v));
	for (size_t i = 0; i < cnt; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);
		if (name[0] == '.')
			continue;
		struct src_ent *se = &v[k++];
		se->name = xstrdup(name);
		se->size = 0;
		switch (git_tree_entry_filemode(e)) {
		case GIT_FILEMODE_TREE: se->type = SRC_DIR; break;
		case GIT_FILEMODE_BLOB:
		case GIT_FILEMODE_BLOB_EXECUTABLE: {
			size_t len;
			git_object_t type;
			se->type = SRC_FILE;
			/* the size from the object's header, without inflating the blob */
			if (git_odb_read_header(&len, &type, g->odb, git_tree_entry_id(e)) == 0)
				se->size = len;
			else {
				char *p = rel[0] ? xasprintf("%s/%s", rel, name) : xstrdup(name);
				damaged(g, p, git_tree_entry_id(e));
				free(p);
			}
			break;
		}
		case GIT_FILEMODE_LINK: se->type = SRC_BADLINK; break;
		default: /* a submodule */ se->type = SRC_OTHER;
		}
	}
	src_ents_sort(v, k);
	*out = v;
	*n = k;
	return SRC_OK;
}

/* entry_of: the entry of file rel in its folder's tree (owned by g) into
 * *e: SRC_OK; SRC_ENOENT (*e NULL) when there is none; SRC_EIO when the
 * folder cannot be read. */
static int
entry_of(struct gsrc *g, const char *rel, const git_tree_entry **e)
{
	const char *slash = strrchr(rel, '/');
	char *parent = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
	git_tree *pt;
	int r = subtree(g, parent, &pt);
	free(parent);
	*e = r == SRC_OK ? git_tree_entry_byname(pt, slash ? slash + 1 : rel) : NULL;
	return r == SRC_EIO ? SRC_EIO : *e ? SRC_OK : SRC_ENOENT;
}

static int
g_read(void *self, const char *rel, size_t limit, char **data, size_t *len)
{
	struct gsrc *g = self;
	*data = NULL;
	*len = 0;
	if (*g->broken)
		return SRC_EIO;
	const git_tree_entry *e;
	int r = entry_of(g, rel, &e);
	if (r == SRC_EIO)
		return r;
	if (!e) {
		snprintf(g->err, 256, "%s: no such file at this revision", rel);
		return SRC_ENOENT;
	}
	git_filemode_t mode = git_tree_entry_filemode(e);
	if (mode == GIT_FILEMODE_LINK) {
		snprintf(g->err, 256, "%s: a symlink; not followed", rel);
		return SRC_EIO;
	}
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
		snprintf(g->err, 256, "%s: not a regular file", rel);
		return SRC_EIO;
	}
	git_oid id;
	git_oid_cpy(&id, git_tree_entry_id(e));
	r = hist_odb_read(g->odb, &id, limit, data, len);
	if (r < 0)
		return damaged(g, rel, &id);
	return r ? SRC_ETOOBIG : SRC_OK;
}

static int
g_ident(void *self, const char *rel, struct src_ident *id)
{
	struct gsrc *g = self;
	if (*g->broken)
		return SRC_EIO;
	const git_tree_entry *e;
	if (entry_of(g, rel, &e) != SRC_OK)
		return SRC_ENOENT;
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE)
		return SRC_EIO;
	/* a blob missing from the store is read, to be reported as such */
	if (!git_odb_exists(g->odb, git_tree_entry_id(e)))
		return SRC_EIO;
	id->blob = 1;
	memcpy(id->id, git_tree_entry_id(e)->id, GIT_OID_RAWSZ);
	id->len = GIT_OID_RAWSZ;
	id->changed_ns = 0;
	return SRC_OK;
}

static void
g_free(void *self)
{
	struct gsrc *g = self;
	for (int i = 0; i < DIR_SLOTS; i++) {
		free(g->dirs[i].rel);
		git_tree_free(g->dirs[i].tree);
	}
	git_tree_free(g->top);
	git_odb_free(g->odb);
	git_repository_free(g->repo);
	free(g);
}

/* a git tree lists every blob's size: no size op */
static const struct source_ops git_ops = {g_list, g_read, g_free, NULL, g_ident};

/* fail: closes what was opened and returns SRC_EIO; the message is already in err. */
static int
fail(struct gsrc *g)
{
	g_free(g);
	return SRC_EIO;
}

int
source_git_open(struct source *src, const char *root, const char *rev)
{
	memset(src, 0, sizeof(*src));
	/* like git, trust the object store's ids rather than hash each object again */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	struct gsrc *g = xcalloc(1, sizeof(*g));
	g->err = src->err;
	g->broken = &src->broken;
	int r = git_repository_open_ext(&g->repo, root, 0, NULL);
	if (r == GIT_ENOTFOUND) {
		snprintf(src->err, sizeof(src->err),
		         "--at reads git history, but %s is not in a git repository", root);
		return fail(g);
	}
	if (r < 0) {
		snprintf(src->err, sizeof(src->err), "cannot open the git repository: %s", gix_git_msg());
		return fail(g);
	}
	char *prefix = gix_prefix(g->repo, root);
	if (!prefix) {
		snprintf(src->err, sizeof(src->err), "%s is not inside the repository's work tree", root);
		return fail(g);
	}
	if (prefix[0]) /* "a/b/" as "a/b", the path of its tree */
		prefix[strlen(prefix) - 1] = '\0';
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		snprintf(src->err, sizeof(src->err), "cannot read the git objects: %s", gix_git_msg());
		free(prefix);
		return fail(g);
	}
	git_object *obj = NULL, *tree = NULL;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	/* the reference rev starts from (HEAD in HEAD~2) */
	size_t n = strcspn(rev, "~^:");
	const char *brace = strstr(rev, "@{");
	if (brace && (size_t)(brace - rev) < n)
		n = (size_t)(brace - rev);
	char *base = xstrndup(rev, n);
	int gone = n > 0 && ref_target(g->repo, base, &id) && !git_odb_exists(g->odb, &id);
	if (gone) {
		/* a branch or HEAD whose commit is gone: name the commit (asked
		 * before git_revparse_single, which leaks the reference then) */
		git_oid_tostr(hex, sizeof(hex), &id);
		snprintf(src->err, sizeof(src->err),
		         "--at '%s': the commit %s that '%s' points to is missing from the "
		         "repository, or damaged",
		         rev, hex, base);
	}
	free(base);
	if (gone) {
		free(prefix);
		return fail(g);
	}
	r = git_revparse_single(&obj, g->repo, rev);
	if (r < 0) {
		int odb_err = git_error_last() && git_error_last()->klass == GIT_ERROR_ODB;
		char odb_msg[160];
		snprintf(odb_msg, sizeof(odb_msg), "%s", gix_git_msg());
		const char *why = r == GIT_EAMBIGUOUS ? "is ambiguous"
		                                      : "is not a commit, tag or branch here";
		const char *more = "";
		if (git_repository_head_unborn(g->repo) == 1)
			more = " (the repository has no commits yet)";
		else if (git_repository_is_shallow(g->repo) == 1)
			more = " (this is a shallow clone: older commits are missing)";
		if (!*more && odb_err) {
			/* an ancestor on the way to it is gone (libgit2 names its id) */
			snprintf(src->err, sizeof(src->err),
			         "--at '%s': a git object is missing from the repository, or damaged (%s)",
			         rev, odb_msg);
		} else {
			snprintf(src->err, sizeof(src->err), "--at '%s': the revision %s%s", rev, why, more);
		}
		free(prefix);
		return fail(g);
	}
	git_object *cmt = NULL;
	if (git_object_peel(&cmt, obj, GIT_OBJECT_COMMIT) < 0) {
		snprintf(src->err, sizeof(src->err),
		         "--at '%s' names no commit (a commit, branch or tag is needed: the records "
		         "as they stood at a point in time)",
		         rev);
		git_object_free(obj);
		free(prefix);
		return fail(g);
	}
	const git_signature *au = git_commit_author((git_commit *)cmt);
	git_oid_tostr(src->commit, sizeof(src->commit), git_object_id(cmt));
	src->commit_date = hist_day((long long)au->when.time, au->when.offset);
	git_object_free(cmt);
	r = git_object_peel(&tree, obj, GIT_OBJECT_TREE);
	if (r < 0 && git_object_type(obj) == GIT_OBJECT_COMMIT) {
		git_oid_tostr(hex, sizeof(hex), git_commit_tree_id((git_commit *)obj));
		snprintf(src->err, sizeof(src->err),
		         "--at '%s': the git object %s (its top folder) is missing from the "
		         "repository, or damaged",
		         rev, hex);
		git_object_free(obj);
		free(prefix);
		return fail(g);
	}
	git_object_free(obj);
	if (r < 0) {
		snprintf(src->err, sizeof(src->err), "--at '%s': no tree to read there: %s", rev,
		         gix_git_msg());
		free(prefix);
		return fail(g);
	}
	if (prefix[0]) {
		git_tree_entry *e;
		r = git_tree_entry_bypath(&e, (git_tree *)tree, prefix);
		if (r == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
			r = git_tree_lookup(&g->top, g->repo, git_tree_entry_id(e));
		else if (r == 0)
			r = GIT_ENOTFOUND;
		if (r == 0)
			git_tree_entry_free(e);
		git_object_free(tree);
		if (r < 0) {
			snprintf(src->err, sizeof(src->err),
			         "--at '%s': %s/ is not in that revision", rev, prefix);
			free(prefix);
			return fail(g);
		}
	} else
		g->top = (git_tree *)tree;
	const git_tree_entry *cy = git_tree_entry_byname(g->top, "caseload.yaml");
	if (!cy || git_tree_entry_type(cy) != GIT_OBJECT_BLOB) {
		snprintf(src->err, sizeof(src->err), "--at '%s': that revision has no %s%scaseload.yaml",
		         rev, prefix, prefix[0] ? "/" : "");
		free(prefix);
		return fail(g);
	}
	free(prefix);
	src->ops = &git_ops;
	src->self = g;
	return SRC_OK;
}
