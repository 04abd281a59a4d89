/* audit.c: the findings SPEC defines (late-note, future-note,
 * edit-after-close, unknown-author, uncommitted), from the loaded records
 * and the history of one walk; the audit command and the site's audit page
 * both collect them here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "ydoc.h"

const char *const finding_kind_names[] = {"edit-after-close", "future-note",    "late-note",
                                          "uncommitted",      "unknown-author", NULL};

int
audit_email_is_worker(const struct config *c, const char *email)
{
	for (size_t i = 0; i < c->nworkers; i++) {
		const struct worker *w = &c->workers[i];
		if (w->email && strcasecmp(w->email, email) == 0)
			return 1;
		for (size_t j = 0; j < w->nemails; j++)
			if (strcasecmp(w->emails[j], email) == 0)
				return 1;
	}
	return 0;
}

/* The state of one audit run. */
struct audit {
	struct findings *f;
	const struct caseload *cl;
	struct history *h;
	char *const *only;
	size_t nonly;
	const char **authors; /* "Name <email>" by commit index, made on demand */
	/* case.yaml blob id -> closed date (DATE_NONE: not closed), so each
	 * version of a case.yaml is parsed once */
	struct closed_slot {
		unsigned char id[HIST_OID_LEN];
		int used, closed;
	} * closed;
	size_t closedcap, nclosed;
};

static int
wanted(const struct audit *a, const char *id)
{
	if (!a->nonly)
		return 1;
	for (size_t i = 0; i < a->nonly; i++)
		if (strcmp(a->only[i], id) == 0)
			return 1;
	return 0;
}

static const char *
author_of(struct audit *a, size_t k)
{
	if (!a->authors[k]) {
		const struct hist_commit *c = &a->h->commits[k];
		char *s = arena_alloc(&a->f->arena, strlen(c->author) + strlen(c->email) + 4);
		sprintf(s, "%s <%s>", c->author, c->email);
		a->authors[k] = s;
	}
	return a->authors[k];
}

static void add(struct audit *a, enum finding_kind kind, const char *case_id, const char *file,
                long commit, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* add: a finding; commit is an index into the history or -1. */
static void
add(struct audit *a, enum finding_kind kind, const char *case_id, const char *file, long commit,
    const char *fmt, ...)
{
	struct findings *f = a->f;
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	VEC_GROW(f->v, f->n, f->cap);
	struct finding *x = &f->v[f->n++];
	x->kind = kind;
	x->case_id = case_id;
	x->file = file;
	x->commit = commit >= 0 ? a->h->commits[commit].id : NULL;
	x->date = commit >= 0 ? a->h->commits[commit].date : DATE_NONE;
	x->author = commit >= 0 ? author_of(a, (size_t)commit) : NULL;
	x->detail = arena_strdup(&f->arena, b.s ? b.s : "");
	buf_free(&b);
}

static const char *
days(int n)
{
	return n == 1 || n == -1 ? "day" : "days";
}

/* note_noun: what a note of kind k records, for the details. */
static const char *
note_noun(enum note_kind k)
{
	static const char *const nouns[] = {"visit",     "phone call", "message",
	                                    "meeting",   "follow-up",  "collateral contact",
	                                    "admin note"};
	return (unsigned)k < sizeof(nouns) / sizeof(nouns[0]) ? nouns[k] : "note";
}

/* late_and_future: each note against the commit that first added it. */
static void
late_and_future(struct audit *a)
{
	const struct caseload *cl = a->cl;
	struct dur late = cl->config.policy.note_late_after;
	char ds[11], lim[8];
	dur_format(late, lim);
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!wanted(a, c->id))
			continue;
		for (size_t j = 0; j < c->nnotes; j++) {
			const struct note *n = &c->notes[j];
			const struct hist_commit *hc = hist_first(a->h, n->file);
			if (n->date == DATE_NONE || !hc)
				continue; /* undated, or not committed (see uncommitted) */
			long k = (long)(hc - a->h->commits);
			date_format(n->date, ds);
			if (n->date > hc->date) {
				int d = n->date - hc->date;
				add(a, FIND_FUTURE_NOTE, c->id, n->file, k,
				    "dated %s, %d %s after the commit that added it", ds, d, days(d));
			} else if (hc->date > date_add(n->date, late)) {
				int d = hc->date - n->date;
				add(a, FIND_LATE_NOTE, c->id, n->file, k,
				    "committed %d %s after the %s of %s (allowed: %s)", d, days(d),
				    note_noun(n->kind), ds, lim);
			}
		}
	}
}

/* parse_yaml: parses text (a blob) as YAML, ignoring its problems. Returns
 * the root mapping or NULL; free doc with ydoc_free either way. */
static const struct ynode *
parse_yaml(const char *text, size_t len, struct ydoc *doc)
{
	struct diags d = {0};
	memset(doc, 0, sizeof(*doc));
	long start = ydoc_text_check("", text, len, &d);
	int r = start < 0 ? -1 : ydoc_parse("", text + start, len - (size_t)start, 0, &d, doc);
	diag_free(&d);
	return r == 0 && doc->root && doc->root->type == YN_MAP ? doc->root : NULL;
}

/* closed_on: the closed date of the case.yaml blob id, or DATE_NONE when it
 * does not say the case is closed. Returns 0, or -1 when the blob is missing. */
static int
closed_on(struct audit *a, const unsigned char id[HIST_OID_LEN], int *out)
{
	if ((a->nclosed + 1) * 2 > a->closedcap) {
		struct closed_slot *old = a->closed;
		size_t oldcap = a->closedcap;
		a->closedcap = oldcap ? oldcap * 2 : 256;
		a->closed = xcalloc(a->closedcap, sizeof(*a->closed));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used) {
				size_t s;
				memcpy(&s, old[i].id, sizeof(s));
				for (s &= a->closedcap - 1; a->closed[s].used;
				     s = (s + 1) & (a->closedcap - 1))
					;
				a->closed[s] = old[i];
			}
		free(old);
	}
	size_t s;
	memcpy(&s, id, sizeof(s));
	for (s &= a->closedcap - 1; a->closed[s].used; s = (s + 1) & (a->closedcap - 1))
		if (memcmp(a->closed[s].id, id, HIST_OID_LEN) == 0) {
			*out = a->closed[s].closed;
			return 0;
		}
	char *data;
	size_t len;
	int closed = DATE_NONE;
	if (hist_blob(a->h, id, YDOC_MAX_SIZE, &data, &len) != 0) {
		if (len == 0)
			return -1; /* missing, not too large */
	} else {
		struct ydoc doc;
		const struct ynode *root = parse_yaml(data, len, &doc);
		const struct ynode *st = ynode_get(root, "status"), *cd = ynode_get(root, "closed");
		int d;
		if (st && st->type == YN_SCALAR && strcmp(st->str, "closed") == 0 && cd &&
		    cd->type == YN_SCALAR && date_parse(cd->str, &d) == 0)
			closed = d;
		ydoc_free(&doc);
		free(data);
	}
	memcpy(a->closed[s].id, id, HIST_OID_LEN);
	a->closed[s].used = 1;
	a->closed[s].closed = closed;
	a->nclosed++;
	*out = closed;
	return 0;
}

/* is_followup: 1 when the note blob's front matter says kind: followup.
 * Returns 0 or 1, or -1 when the blob is missing. */
static int
is_followup(struct audit *a, const unsigned char id[HIST_OID_LEN])
{
	char *data;
	size_t len;
	if (hist_blob(a->h, id, YDOC_MAX_SIZE, &data, &len) != 0)
		return len == 0 ? -1 : 0;
	const char *t = data;
	size_t n = len;
	if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		t += 3, n -= 3;
	struct yfront fm;
	int r = 0;
	if (ydoc_front_matter(t, n, &fm) == YFM_OK) {
		struct ydoc doc;
		const struct ynode *root = parse_yaml(t + fm.ystart, fm.yend - fm.ystart, &doc);
		const struct ynode *k = ynode_get(root, "kind");
		r = k && k->type == YN_SCALAR && strcmp(k->str, "followup") == 0;
		ydoc_free(&doc);
	}
	free(data);
	return r;
}

/* is_note_path: cases/<id>/notes/<name>.md, directly in notes/. */
static int
is_note_path(const char *path, const char *id)
{
	size_t il = strlen(id), pl = strlen(path);
	if (strncmp(path, "cases/", 6) != 0 || strncmp(path + 6, id, il) != 0 ||
	    strncmp(path + 6 + il, "/notes/", 7) != 0)
		return 0;
	const char *name = path + 13 + il;
	return !strchr(name, '/') && pl > 3 && strcmp(path + pl - 3, ".md") == 0;
}

/* edits_after_close: commits to a case whose parent had it closed for longer
 * than the grace, other than the addition of follow-up notes. */
static int
edits_after_close(struct audit *a)
{
	const struct history *h = a->h;
	struct dur grace = a->cl->config.policy.edit_after_close;
	char lim[8], cs[11];
	dur_format(grace, lim);
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			const struct hist_commit *cm = &h->commits[e->commit];
			int closed;
			if (!e->has_parent_case_yaml)
				continue;
			if (closed_on(a, e->parent_case_yaml, &closed))
				return -1;
			if (closed == DATE_NONE || cm->date <= date_add(closed, grace))
				continue;
			date_format(closed, cs);
			int d = cm->date - closed;
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change == HIST_ADDED && is_note_path(fl->path, hc->id)) {
					int r = is_followup(a, fl->new_id);
					if (r < 0)
						return -1;
					if (r)
						continue;
				}
				const char *verb = hist_change_names[fl->change];
				if (fl->change == HIST_RENAMED)
					add(a, FIND_EDIT_AFTER_CLOSE, hc->id, fl->path, (long)e->commit,
					    "renamed from %s %d %s after the case was closed on %s (allowed: %s)",
					    fl->old_path, d, days(d), cs, lim);
				else
					add(a, FIND_EDIT_AFTER_CLOSE, hc->id, fl->path, (long)e->commit,
					    "%s %d %s after the case was closed on %s (allowed: %s)",
					    fl->change == HIST_TYPECHANGE ? "changed type" : verb,
					    d, days(d), cs, lim);
			}
		}
	}
	return 0;
}

/* unknown_authors: one finding per commit whose author is no worker. With
 * cases named, only commits that changed one of them, and the case is the
 * first of those. */
static void
unknown_authors(struct audit *a)
{
	const struct history *h = a->h;
	const char **first = NULL;
	if (!a->cl->config.loaded)
		return; /* without caseload.yaml there are no workers to compare with */
	if (a->nonly) {
		first = xcalloc(h->ncommits ? h->ncommits : 1, sizeof(*first));
		for (size_t i = 0; i < h->ncases; i++) {
			const struct hist_case *hc = &h->cases[i];
			if (!wanted(a, hc->id))
				continue;
			for (size_t j = 0; j < hc->nentries; j++) {
				size_t k = hc->entries[j].commit;
				if (!first[k] || strcmp(hc->id, first[k]) < 0)
					first[k] = hc->id;
			}
		}
	}
	for (size_t k = 0; k < h->ncommits; k++) {
		const struct hist_commit *c = &h->commits[k];
		const char *case_id = first ? first[k] : c->first_case;
		if (first && !case_id)
			continue;
		if (audit_email_is_worker(&a->cl->config, c->email))
			continue;
		add(a, FIND_UNKNOWN_AUTHOR, case_id, NULL, (long)k,
		    "%s is not the email of any worker in caseload.yaml", c->email);
	}
	free(first);
}

/* uncommitted: each file of a case folder that differs from HEAD. */
static void
uncommitted(struct audit *a, const struct hist_wt *wt, size_t nwt)
{
	static const char *const what[] = {
		[HIST_WT_UNTRACKED] = "untracked: never committed",
		[HIST_WT_STAGED_NEW] = "added to the index but never committed",
		[HIST_WT_MODIFIED] = "changed since the last commit",
		[HIST_WT_DELETED] = "deleted but not committed",
		[HIST_WT_TYPECHANGE] = "changed type since the last commit",
	};
	for (size_t i = 0; i < nwt; i++) {
		const char *p = wt[i].path;
		if (strncmp(p, "cases/", 6) != 0)
			continue;
		const char *slash = strchr(p + 6, '/');
		if (!slash || slash == p + 6)
			continue; /* a file directly in cases/ belongs to no case */
		char *id = arena_strndup(&a->f->arena, p + 6, (size_t)(slash - p - 6));
		if (!wanted(a, id))
			continue;
		add(a, FIND_UNCOMMITTED, id, arena_strdup(&a->f->arena, p), -1, "%s", what[wt[i].state]);
	}
}

static int
null_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	return strcmp(a, b);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;
	if (a->date != b->date) {
		if (a->date == DATE_NONE || b->date == DATE_NONE)
			return a->date == DATE_NONE ? 1 : -1;
		return a->date < b->date ? -1 : 1;
	}
	if ((c = null_cmp(a->case_id, b->case_id)) || (c = null_cmp(a->file, b->file)))
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return null_cmp(a->commit, b->commit);
}

int
audit_collect(struct findings *f, const struct caseload *cl, struct history *h,
              const struct hist_wt *wt, size_t nwt, char *const *only, size_t nonly)
{
	struct audit a = {f, cl, h, only, nonly, NULL, NULL, 0, 0};
	memset(f, 0, sizeof(*f));
	a.authors = xcalloc(h->ncommits ? h->ncommits : 1, sizeof(*a.authors));
	late_and_future(&a);
	int rc = edits_after_close(&a);
	if (rc == 0) {
		unknown_authors(&a);
		uncommitted(&a, wt, nwt);
		if (f->n)
			qsort(f->v, f->n, sizeof(*f->v), finding_cmp);
	}
	free(a.authors);
	free(a.closed);
	return rc ? -1 : 0;
}

void
findings_free(struct findings *f)
{
	free(f->v);
	arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}
