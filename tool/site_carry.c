/* site_carry.c: pages carried over from the previous site (site_carry.h).
 *
 * The manifest, <cache folder>/site/<hash of the output folder's path>: a
 * header (magic, format, the program's build id, the fingerprints of what
 * every case page and every other page depends on, the site folder's
 * device and inode, a checksum), then per case in id order: its id, its
 * fingerprint, and the files its page put in the site with their inode,
 * size and modification time; then the same for the due list ("/due"),
 * the problems ("/problems") and each worker's page ("/w/<worker id>"),
 * which no case id can be.
 * Anything that does not hold together makes every page rendered. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "site_carry.h"
#include "site_index.h"
#include "write.h"

#define MAGIC "caseload site\n"
#define FORMAT 2
/* inputs changed this close to the start of the build are not trusted */
#define RACY_NS 2000000000LL
/* the templates folder is small; a huge one is not fingerprinted */
#define MAX_TEMPLATE_FILES 4096

struct fp {
	uint64_t a, b; /* {0, 0}: none (not kept, never matches) */
};

struct old_case {
	const char *id; /* in the manifest (not NUL-terminated: idlen) */
	size_t idlen;
	struct fp fp;
	const unsigned char *files; /* nfiles records */
	uint32_t nfiles;
};

struct carry {
	struct fp p;                  /* what every page depends on */
	struct fp g;                  /* what every case page depends on (p, the history) */
	struct fp old_p, old_g;       /* the previous manifest's */
	struct fp due;                /* the due list and its calendar */
	struct fp problems;           /* problems.html */
	struct fp cases;              /* cases/index.html, the list of cases */
	struct fp *diags;             /* by place in diag_order: diag_hs's (problems.html's
	                               * and its case page's fingerprints hash each) */
	struct fp *rows;              /* by case: case_row_hs's (the list of cases'
	                               * and its worker's pages hash each) */
	struct fp *wk;                /* by worker: their page and calendar */
	struct fp *ffp;               /* by case: its files and problems (carry_prepare) */
	struct fp *items;             /* by due item: item_hs's (the due list's and its
	                               * worker's pages hash each) */
	struct fp *fp;                /* by case */
	unsigned char *done;          /* by case: carried over */
	const struct old_case **from; /* by case: the previous manifest's entry it
	                               * was carried from (its files' records stand) */
	int due_done;                 /* the due list: carried over */
	int problems_done;            /* problems.html: carried over */
	int cases_done;               /* the list of cases: carried over */
	size_t wk_done;               /* the workers' pages carried over */
	char *path;                   /* the manifest */
	struct buf old;               /* the previous manifest, when it is this site's */
	struct old_case *oc;          /* its cases, by id */
	size_t noc;
	uint64_t old_dev; /* the previous site's device (read_old) */
	struct buf next;  /* the new manifest, once collected */
	long long start_ns;
	unsigned char build[32];
	size_t buildlen;
};

struct hs {
	uint64_t a, b;
	int racy; /* an input too new to be told from a change to come */
};

static void
hs_add(struct hs *h, const void *p, size_t n)
{
	h->a = hash64(p, n, h->a);
	h->b = hash64(p, n, h->b ^ 0x5BD1E9955BD1E995u);
}

static void
hs_str(struct hs *h, const char *s)
{
	if (!s)
		hs_add(h, "\xFF", 1);
	else
		hs_add(h, s, strlen(s) + 1);
}

static void
hs_int(struct hs *h, long long v)
{
	hs_add(h, &v, sizeof(v));
}

/* hs_ident: file rel of the records, whose identity source_ops.ident
 * gave as id (its result r). */
static void
hs_ident(struct hs *h, const char *rel, int r, const struct src_ident *id, long long start)
{
	hs_str(h, rel);
	if (r == SRC_ENOENT) {
		hs_add(h, "-", 1);
		return;
	}
	if (r != SRC_OK) {
		h->racy = 1; /* a link: what it leads to is not known here */
		return;
	}
	hs_add(h, id->id, id->len);
	if (!id->blob && id->changed_ns >= start - RACY_NS)
		h->racy = 1;
}

/* hs_file: the identity of file rel of the records (not its bytes). */
static void
hs_file(struct hs *h, struct site *s, const char *rel, long long start)
{
	struct src_ident id;
	int r = s->src->ops->ident ? s->src->ops->ident(s->src->self, rel, &id) : SRC_EIO;
	hs_ident(h, rel, r, &id, start);
}

/* A folder of a case as the loader listed it (src_listing_known), when it
 * did: its files' identities are read from there, not looked up by path
 * one by one (0.06 s at 10,000 cases). */
struct dir_view {
	const char *rel; /* "cases/<id>/notes" */
	size_t rlen;
	const struct src_dirent *v;
	size_t n;
	int ok;
};

static void
view_dir(struct site *s, const char *rel, struct dir_view *dv)
{
	dv->rel = rel;
	dv->rlen = strlen(rel);
	dv->ok = src_listing_known(s->src, rel, &dv->v, &dv->n);
}

/* hs_file_in: hs_file of rel, from dv's listing when rel is a file in it. */
static void
hs_file_in(struct hs *h, struct site *s, const struct dir_view *dv, const char *rel, long long start)
{
	if (dv->ok && strncmp(rel, dv->rel, dv->rlen) == 0 && rel[dv->rlen] == '/' &&
	    !strchr(rel + dv->rlen + 1, '/')) {
		const char *name = rel + dv->rlen + 1;
		for (size_t i = 0; i < dv->n; i++)
			if (strcmp(dv->v[i].name, name) == 0) {
				struct src_ident id;
				int r;
				if (src_dirent_ident(&dv->v[i], &id, &r)) {
					hs_ident(h, rel, r, &id, start);
					return;
				}
				break;
			}
	}
	hs_file(h, s, rel, start);
}

/* hs_tree: the identities of the files under dir (a templates folder). */
static void
hs_tree(struct hs *h, int dfd, const char *name, int depth, size_t *count, long long start)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		h->racy = 1;
		return;
	}
	/* in name order, so that the listing's order does not matter */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			VEC_GROW(names, n, cap);
			names[n++] = xstrdup(de->d_name);
		}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (++*count > MAX_TEMPLATE_FILES || fstatat(dirfd(d), names[i], &st, 0) != 0)
			h->racy = 1;
		else if (S_ISDIR(st.st_mode)) {
			hs_str(h, names[i]);
			if (depth < 8)
				hs_tree(h, dirfd(d), names[i], depth + 1, count, start);
			hs_str(h, "..");
		} else {
			long long v[4] = {(long long)st.st_ino, (long long)st.st_size,
			                  (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
			                  (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec};
			hs_str(h, names[i]);
			hs_add(h, v, sizeof(v));
			if (v[2] >= start - RACY_NS || v[3] >= start - RACY_NS)
				h->racy = 1;
		}
		free(names[i]);
	}
	free(names);
	closedir(d);
}

static struct fp
hs_done(const struct hs *h)
{
	if (h->racy || (h->a == 0 && h->b == 0))
		return (struct fp){0, 0};
	return (struct fp){h->a, h->b};
}

/* global: what every page depends on besides the records in cases/. */
static struct fp
global(struct site *s, const struct carry *k)
{
	struct hs h = {1, 2, 0};
	hs_add(&h, k->build, k->buildlen);
	hs_str(&h, s->tdir);
	size_t count = 0;
	hs_tree(&h, AT_FDCWD, s->tdir, 0, &count, k->start_ns);
	hs_int(&h, s->o->redact);
	hs_str(&h, s->lang);
	hs_int(&h, s->cl->as_of);
	/* the files outside cases/: caseload.yaml, resources/, and any other */
	static const char *const dirs[] = {"", "resources", NULL};
	for (size_t d = 0; dirs[d]; d++) {
		struct src_ent *ents;
		size_t n;
		int r = src_list(s->src, dirs[d], &ents, &n);
		hs_int(&h, r);
		for (size_t i = 0; r == SRC_OK && i < n; i++) {
			char *rel = d ? xasprintf("%s/%s", dirs[d], ents[i].name) : xstrdup(ents[i].name);
			if (ents[i].type == SRC_FILE)
				hs_file(&h, s, rel, k->start_ns);
			else if (ents[i].type != SRC_DIR)
				h.racy = 1;
			free(rel);
		}
		if (r == SRC_OK)
			src_ents_free(ents, n);
	}
	return hs_done(&h);
}

/* global_cases: what every case page depends on besides its case: the
 * above, and the history. */
static struct fp
global_cases(struct site *s, const struct carry *k)
{
	struct hs h = {1, 2, 0};
	if (k->p.a == 0 && k->p.b == 0)
		return k->p;
	hs_add(&h, &k->p, sizeof(k->p));
	hs_int(&h, s->have_history);
	hs_str(&h, s->history_why);
	hs_str(&h, s->sh ? s->sh->at : NULL);
	if (s->hist) {
		hs_str(&h, s->hist->prefix);
		hs_int(&h, s->hist->flags);
		hs_add(&h, s->hist->mailmap_key ? s->hist->mailmap_key : "", s->hist->mailmap_key_len);
	}
	return hs_done(&h);
}

/* finding_hash: each case's findings, hashed in their order. */
static void
hs_findings(const struct site *s, struct hs *per)
{
	for (size_t k = 0; k < s->findings.n; k++) {
		const struct finding *f = &s->findings.v[k];
		const char *id = f->case_id;
		char buf[80];
		if (!id && f->file && strncmp(f->file, "cases/", 6) == 0) {
			size_t n = strcspn(f->file + 6, "/");
			if (n < sizeof(buf)) {
				memcpy(buf, f->file + 6, n);
				buf[n] = '\0';
				id = buf;
			}
		}
		const struct case_record *c = id ? cl_case(s->cl, id) : NULL;
		if (!c)
			continue;
		struct hs *h = &per[c - s->cl->cases];
		hs_int(h, f->kind);
		hs_str(h, f->case_id);
		hs_str(h, f->file);
		hs_str(h, f->commit);
		hs_int(h, f->date);
		hs_str(h, f->author);
		hs_str(h, f->detail);
	}
}

/* diag_hs: a problem, as the case pages and problems.html show it. */
static void
diag_hs(struct hs *h, const struct diag *d)
{
	hs_str(h, d->file);
	hs_int(h, d->line);
	hs_int(h, d->col);
	hs_int(h, d->sev);
	hs_str(h, d->code);
	hs_str(h, d->message);
	hs_str(h, d->hint);
}

/* files_fp: what case i's page shows that is not the history: the case's
 * files and its problems. */
static struct fp
files_fp(struct site *s, const struct carry *k, size_t i)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct case_index *ci = &s->ci[i];
	struct hs h = {9, 10, 0};
	hs_str(&h, c->id);
	char top[96], notes[112], assessments[112], p[128];
	snprintf(top, sizeof(top), "cases/%s", c->id);
	snprintf(notes, sizeof(notes), "%s/notes", top);
	snprintf(assessments, sizeof(assessments), "%s/assessments", top);
	struct dir_view dt, dn, da;
	view_dir(s, top, &dt);
	view_dir(s, notes, &dn);
	view_dir(s, assessments, &da);
	snprintf(p, sizeof(p), "%s/case.yaml", top);
	hs_file_in(&h, s, &dt, p, k->start_ns);
	snprintf(p, sizeof(p), "%s/plan.yaml", top);
	hs_file_in(&h, s, &dt, p, k->start_ns);
	for (size_t j = 0; j < c->nassessments; j++)
		hs_file_in(&h, s, &da, c->assessments[j].file, k->start_ns);
	for (size_t j = 0; j < c->nnotes; j++)
		hs_file_in(&h, s, &dn, c->notes[j].file, k->start_ns);
	for (size_t j = 0; j < c->nattachments; j++)
		hs_file(&h, s, c->attachments[j].path, k->start_ns);
	if (ci->diag_hi > ci->diag_lo)
		hs_add(&h, k->diags + ci->diag_lo, (ci->diag_hi - ci->diag_lo) * sizeof(*k->diags));
	return hs_done(&h);
}

/* case_fp: the fingerprint of case i's page, starting from its findings. */
static struct fp
case_fp(struct site *s, const struct carry *k, size_t i, struct hs h)
{
	const struct case_index *ci = &s->ci[i];
	if (k->ffp[i].a == 0 && k->ffp[i].b == 0)
		return k->ffp[i];
	hs_add(&h, &k->g, sizeof(k->g));
	hs_add(&h, &k->ffp[i], sizeof(k->ffp[i]));
	const struct hist_case *hc = ci->hist;
	for (size_t j = 0; hc && s->hist && j < hc->nentries; j++) {
		const struct hist_entry *e = &hc->entries[j];
		const struct hist_commit *cm = &s->hist->commits[e->commit];
		hs_str(&h, cm->id);
		hs_str(&h, cm->author);
		hs_str(&h, cm->email);
		hs_int(&h, cm->date);
		hs_str(&h, cm->subject);
		for (size_t f = 0; f < e->nfiles; f++) {
			hs_str(&h, e->files[f].path);
			hs_str(&h, e->files[f].old_path);
			hs_int(&h, e->files[f].change);
			hs_int(&h, e->files[f].added);
			hs_int(&h, e->files[f].removed);
		}
	}
	for (size_t j = ci->wt_lo; s->sh && j < ci->wt_hi; j++) {
		hs_str(&h, s->sh->wt[j].path);
		hs_int(&h, s->sh->wt[j].state);
	}
	return hs_done(&h);
}

/* ---- the due list, the workers' pages and the list of cases ----
 * What they show of the records is the due list (site_index_due) and a few
 * fields of each case: hashed here as they are, so a change to a file that
 * changes neither (the body of a note) leaves them carried over. Keep
 * item_hs in step with pg_push_item and out_ics_events, and case_row_hs
 * with pg_push_case_row, page_workers and page_cases; caseload.yaml (workers,
 * programs, the organization, its policy), the labels, the templates and
 * the as-of are in k->p. */

/* item_hs: item k of the due list, as the pages and calendars show it. */
static void
item_hs(struct hs *h, const struct site *s, size_t k)
{
	const struct site_item *it = &s->items[k];
	const struct due_item *d = &s->due.v[k];
	const struct case_record *c = it->c;
	hs_str(h, it->kind);
	hs_str(h, it->ref);
	hs_int(h, it->due);
	hs_int(h, it->days);
	hs_int(h, it->status);
	hs_str(h, it->what);
	hs_str(h, d->title);
	hs_str(h, c->id);
	hs_str(h, c->client_name);
	hs_str(h, c->worker);
	hs_str(h, c->program);
}

/* case_row_hs: case i, as a worker's page lists it. */
static void
case_row_hs(struct hs *h, const struct site *s, size_t i)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct case_index *ci = &s->ci[i];
	hs_str(h, c->id);
	hs_str(h, c->client_name);
	hs_str(h, c->program);
	hs_str(h, c->worker);
	hs_int(h, c->loaded);
	hs_int(h, c->status);
	hs_int(h, c->risk);
	hs_int(h, c->opened);
	hs_int(h, c->closed);
	hs_int(h, ci->next_due);
	hs_int(h, (long long)ci->noverdue);
}

/* item_fps: item_hs of every due item, kept for due_fp and worker_fp. */
static struct fp *
item_fps(const struct site *s)
{
	struct fp *v = xmalloc((s->nitems ? s->nitems : 1) * sizeof(*v));
	for (size_t j = 0; j < s->nitems; j++) {
		struct hs h = {13, 14, 0};
		item_hs(&h, s, j);
		v[j] = (struct fp){h.a, h.b};
	}
	return v;
}

/* diag_fps: diag_hs of every problem in diag_order, kept for problems_fp
 * and files_fp. */
static struct fp *
diag_fps(const struct site *s)
{
	size_t n = s->cl->diags.n;
	struct fp *v = xmalloc((n ? n : 1) * sizeof(*v));
	for (size_t j = 0; j < n; j++) {
		struct hs h = {19, 20, 0};
		diag_hs(&h, &s->cl->diags.v[s->diag_order[j]]);
		v[j] = (struct fp){h.a, h.b};
	}
	return v;
}

/* row_fps: case_row_hs of every case, kept for cases_fp and worker_fp. */
static struct fp *
row_fps(const struct site *s)
{
	size_t n = s->cl->ncases;
	struct fp *v = xmalloc((n ? n : 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		struct hs h = {17, 18, 0};
		case_row_hs(&h, s, i);
		v[i] = (struct fp){h.a, h.b};
	}
	return v;
}

/* cases_fp: cases/index.html, a row for every case (page_cases). */
static struct fp
cases_fp(const struct site *s, const struct carry *k)
{
	struct hs h = {15, 16, 0};
	hs_add(&h, &k->p, sizeof(k->p));
	hs_int(&h, (long long)s->cl->ncases);
	hs_add(&h, k->rows, s->cl->ncases * sizeof(*k->rows));
	return hs_done(&h);
}

/* due_fp: due.html and due.ics. */
static struct fp
due_fp(const struct site *s, const struct carry *k)
{
	struct hs h = {5, 6, 0};
	hs_add(&h, &k->p, sizeof(k->p));
	hs_int(&h, s->have_due);
	hs_int(&h, s->window_end);
	hs_int(&h, (long long)s->nitems);
	hs_add(&h, k->items, s->nitems * sizeof(*k->items));
	return hs_done(&h);
}

/* problems_fp: problems.html, every problem check reports, each linked to
 * its case's page when the case is there (pg_problem_list). */
static struct fp
problems_fp(const struct site *s, const struct carry *k)
{
	struct hs h = {11, 12, 0};
	hs_add(&h, &k->p, sizeof(k->p));
	const struct diags *ds = &s->cl->diags;
	hs_int(&h, (long long)ds->n);
	hs_add(&h, k->diags, ds->n * sizeof(*k->diags));
	/* which cases there are */
	hs_int(&h, (long long)s->cl->ncases);
	for (size_t i = 0; i < s->cl->ncases; i++)
		hs_str(&h, s->cl->cases[i].id);
	return hs_done(&h);
}

/* worker_fp: workers/<id>.html and workers/<id>.ics of worker w; none
 * for an id that is unusable or not the worker's alone (one page). */
static struct fp
worker_fp(const struct site *s, const struct carry *k, size_t w)
{
	const struct config *cf = &s->cl->config;
	const char *id = cf->workers[w].id;
	if (!id_valid(id))
		return (struct fp){0, 0};
	for (size_t v = 0; v < cf->nworkers; v++)
		if (v != w && cf->workers[v].id && strcmp(cf->workers[v].id, id) == 0)
			return (struct fp){0, 0};
	struct hs h = {7, 8, 0};
	hs_add(&h, &k->p, sizeof(k->p));
	hs_int(&h, s->have_due);
	hs_int(&h, s->window_end);
	hs_int(&h, (long long)w);
	hs_str(&h, id);
	for (size_t j = 0; j < s->nworker_cases[w]; j++)
		hs_add(&h, &k->rows[s->worker_cases[w][j]], sizeof(*k->rows));
	/* their items in due order, as the page and the calendar list them */
	size_t n;
	size_t *sel = site_worker_items(s, w, &n);
	hs_int(&h, (long long)n);
	for (size_t j = 0; j < n; j++)
		hs_add(&h, &k->items[sel[j]], sizeof(*k->items));
	free(sel);
	return hs_done(&h);
}

/* ---- the manifest ---- */

struct header {
	char magic[16];
	uint32_t format, pad;
	unsigned char build[32];
	uint64_t buildlen, pa, pb, ga, gb, dev, ino, nentries, size, sum;
};

static int
old_cmp(const void *pa, const void *pb)
{
	const struct old_case *a = pa, *b = pb;
	size_t n = a->idlen < b->idlen ? a->idlen : b->idlen;
	int c = memcmp(a->id, b->id, n);
	return c ? c : (a->idlen > b->idlen) - (a->idlen < b->idlen);
}

/* read_old: the previous manifest, when it is the one of the site at
 * olddirfd and of the same program. */
static void
read_old(struct site *s, struct carry *k)
{
	struct header h;
	struct stat st;
	if (s->olddirfd < 0 || fstat(s->olddirfd, &st) != 0 || cache_read(k->path, &k->old) != 0 ||
	    k->old.len < sizeof(h))
		goto bad;
	memcpy(&h, k->old.s, sizeof(h));
	if (memcmp(h.magic, MAGIC, sizeof(MAGIC)) != 0 || h.format != FORMAT || h.buildlen != k->buildlen ||
	    memcmp(h.build, k->build, k->buildlen) != 0 || h.dev != (uint64_t)st.st_dev ||
	    h.ino != (uint64_t)st.st_ino || h.size != k->old.len - sizeof(h) ||
	    h.sum != hash64(k->old.s + sizeof(h), k->old.len - sizeof(h), 1) || h.nentries > h.size / 22)
		goto bad;
	k->old_p = (struct fp){h.pa, h.pb};
	k->old_g = (struct fp){h.ga, h.gb};
	k->old_dev = (uint64_t)st.st_dev;
	const unsigned char *p = (const unsigned char *)k->old.s + sizeof(h);
	const unsigned char *end = (const unsigned char *)k->old.s + k->old.len;
	k->oc = xcalloc(h.nentries ? (size_t)h.nentries : 1, sizeof(*k->oc));
	for (size_t i = 0; i < h.nentries; i++) {
		struct old_case *o = &k->oc[k->noc];
		uint16_t idlen;
		if (end - p < 2)
			goto bad;
		memcpy(&idlen, p, 2);
		p += 2;
		if ((size_t)(end - p) < (size_t)idlen + 16 + 4)
			goto bad;
		o->id = (const char *)p;
		o->idlen = idlen;
		p += idlen;
		memcpy(&o->fp, p, 16);
		p += 16;
		memcpy(&o->nfiles, p, 4);
		p += 4;
		o->files = p;
		for (uint32_t f = 0; f < o->nfiles; f++) {
			uint16_t plen;
			if (end - p < 2)
				goto bad;
			memcpy(&plen, p, 2);
			if ((size_t)(end - p) < 2 + (size_t)plen + 24)
				goto bad;
			p += 2 + plen + 24;
		}
		k->noc++;
	}
	if (p != end)
		goto bad;
	qsort(k->oc, k->noc, sizeof(*k->oc), old_cmp);
	return;
bad:
	free(k->oc);
	k->oc = NULL;
	k->noc = 0;
}

/* manifest_path: the manifest of the site at out, or NULL when nothing
 * is kept (no cache folder, no build id, a source without identities). */
static char *
manifest_path(const struct site *s, const char *out)
{
	unsigned char build[32];
	char *dir = cache_dir(s->o->root);
	if (!dir || !cache_build_id(build, sizeof(build)) || !s->src->ops->ident) {
		free(dir);
		return NULL;
	}
	/* the same name whether the folder is there yet or not */
	char *real = realpath(out, NULL);
	if (!real) {
		const char *slash = strrchr(out, '/');
		char *parent = slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
		char *rp = realpath(parent[0] ? parent : "/", NULL);
		if (rp)
			real = xasprintf("%s/%s", strcmp(rp, "/") == 0 ? "" : rp, slash ? slash + 1 : out);
		free(rp);
		free(parent);
	}
	const char *name = real ? real : out;
	char hex[17];
	unsigned long long hv = hash64(name, strlen(name), 5);
	for (int j = 15; j >= 0; j--, hv >>= 4)
		hex[j] = "0123456789abcdef"[hv & 15];
	hex[16] = '\0';
	char *p = xasprintf("%s/site/%s", dir, hex);
	free(dir);
	free(real);
	return p;
}

char *
carry_spare(const struct site *s, const char *out)
{
	char *m = manifest_path(s, out);
	char *p = m ? xasprintf("%s.spare", m) : NULL;
	free(m);
	return p;
}

static int
fp_same(struct fp a, struct fp b)
{
	return a.a == b.a && a.b == b.b && (a.a || a.b);
}

void
carry_begin(struct site *s, const char *out)
{
	struct carry *k = xcalloc(1, sizeof(*k));
	s->carry = k;
	size_t n = s->cl->ncases, nw = s->cl->config.nworkers;
	k->fp = xcalloc(n ? n : 1, sizeof(*k->fp));
	k->ffp = xcalloc(n ? n : 1, sizeof(*k->ffp));
	k->done = xcalloc(n ? n : 1, 1);
	k->from = xcalloc(n ? n : 1, sizeof(*k->from));
	k->wk = xcalloc(nw ? nw : 1, sizeof(*k->wk));
	k->buildlen = cache_build_id(k->build, sizeof(k->build));
	if (!(k->path = manifest_path(s, out)))
		return; /* no cache: every page is rendered, nothing is kept */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	k->start_ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	k->p = global(s, k);
	if (k->p.a || k->p.b) {
		k->items = item_fps(s);
		k->rows = row_fps(s);
		k->diags = diag_fps(s);
		k->due = due_fp(s, k);
		k->cases = cases_fp(s, k);
		k->problems = problems_fp(s, k);
		for (size_t w = 0; w < nw; w++)
			k->wk[w] = worker_fp(s, k, w);
	}
	read_old(s, k);
}

/* Each case's fingerprint is its own: they are taken on two threads, every
 * other case each (a case's files' identities, looked up in the loader's
 * memo, were 0.06 s at 10,000 cases on one thread; its history, 0.03 s). */
struct fp_job {
	struct site *s;
	struct hs *per; /* NULL: the files' half (files_fp), else case_fp's */
	size_t from, step;
};

static void *
fp_job(void *arg)
{
	struct fp_job *j = arg;
	struct carry *k = j->s->carry;
	for (size_t i = j->from; i < j->s->cl->ncases; i += j->step)
		if (!j->per)
			k->ffp[i] = files_fp(j->s, k, i);
		else
			k->fp[i] = k->g.a || k->g.b ? case_fp(j->s, k, i, j->per[i]) : (struct fp){0, 0};
	return NULL;
}

static void
fp_all(struct site *s, struct hs *per)
{
	struct fp_job j[2];
	size_t n = s->cl->ncases >= 256 && src_threads_ok(s->src) ? 2 : 1;
	for (size_t t = 0; t < n; t++)
		j[t] = (struct fp_job){s, per, t, n};
	run_on_threads(j, sizeof(*j), n, fp_job);
}

void
carry_prepare(struct site *s)
{
	struct carry *k = s->carry;
	if (!k || !k->path || (k->p.a == 0 && k->p.b == 0))
		return;
	fp_all(s, NULL);
}

void
carry_plan(struct site *s)
{
	struct carry *k = s->carry;
	if (!k || !k->path)
		return;
	size_t n = s->cl->ncases;
	k->g = global_cases(s, k);
	struct hs *per = xcalloc(n ? n : 1, sizeof(*per));
	for (size_t i = 0; i < n; i++)
		per[i] = (struct hs){3, 4, 0};
	hs_findings(s, per);
	fp_all(s, per);
	free(per);
}

/* link_file: links path from the previous site when it is the file the
 * manifest names (rec: inode, size, time). In a reused spare the file may
 * be there already, the same one (linked by the build before). */
static int
link_file(struct site *s, const char *path, const unsigned char *rec)
{
	uint64_t v[3];
	struct stat st;
	memcpy(v, rec, sizeof(v));
	/* in a reused spare, the file linked there by the build before: the
	 * record's file (its inode on the previous site's device, its size and
	 * time), linked there and in the previous site alone. One stat, where
	 * the previous site's file and the spare's took one each. */
	if (s->reused && fstatat(s->dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0644 && (uint64_t)st.st_dev == s->carry->old_dev &&
	    (uint64_t)st.st_ino == v[0] && (uint64_t)st.st_size == v[1] &&
	    (uint64_t)(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec) == v[2] && st.st_nlink == 2)
		return 0;
	if (fstatat(s->olddirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 07777) != 0644 || (uint64_t)st.st_ino != v[0] || (uint64_t)st.st_size != v[1] ||
	    (uint64_t)(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec) != v[2])
		return -1;
	if (s->reused) {
		struct stat here;
		if (fstatat(s->dirfd, path, &here, AT_SYMLINK_NOFOLLOW) == 0) {
			if (here.st_ino == st.st_ino && here.st_dev == st.st_dev)
				return st.st_nlink == 2 ? 0 : -1;
			unlinkat(s->dirfd, path, 0);
		}
	}
	/* linked nowhere else: not a file someone linked in */
	if (st.st_nlink != 1)
		return -1;
	if (linkat(s->olddirfd, path, s->dirfd, path, 0) == 0)
		return 0;
	const char *slash = strrchr(path, '/');
	if (errno != ENOENT || !slash)
		return -1;
	char *d = xstrndup(path, (size_t)(slash - path));
	int r = mkdir_p(s->dirfd, d, 0755, NULL);
	free(d);
	return r == 0 ? linkat(s->olddirfd, path, s->dirfd, path, 0) : -1;
}

/* carry_files: every file the previous manifest names for id (a case, or
 * a page of the others) linked from the previous site when its fingerprint
 * there is fp; 1 when they all were (each recorded as written, and *from
 * set to the entry), else 0 with none linked. */
static int
carry_files(struct site *s, const char *id, struct fp fp, const struct old_case **from)
{
	struct carry *k = s->carry;
	struct old_case key = {id, strlen(id), {0, 0}, NULL, 0};
	struct old_case *o = bsearch(&key, k->oc, k->noc, sizeof(*k->oc), old_cmp);
	if (!o || !fp_same(o->fp, fp))
		return 0;
	const unsigned char *p = o->files;
	uint32_t f;
	char path[4200];
	/* cases/<id>/ is there: site_build made it */
	for (f = 0; f < o->nfiles; f++) {
		uint16_t plen;
		memcpy(&plen, p, 2);
		if (plen >= sizeof(path))
			break;
		memcpy(path, p + 2, plen);
		path[plen] = '\0';
		if (link_file(s, path, p + 2 + plen) != 0)
			break;
		p += 2 + plen + 24;
	}
	if (f == o->nfiles) {
		p = o->files;
		for (f = 0; f < o->nfiles; f++) {
			uint16_t plen;
			memcpy(&plen, p, 2);
			memcpy(path, p + 2, plen);
			path[plen] = '\0';
			site_mark_written(s, path);
			p += 2 + plen + 24;
		}
		if (from)
			*from = o;
		return 1;
	}
	/* not all of it: undo the links (never write through one into the
	 * previous site) and render; in a reused spare this unlinks files that
	 * were the same already, which rendering writes again */
	p = o->files;
	for (uint32_t g = 0; g < f; g++) {
		uint16_t plen;
		memcpy(&plen, p, 2);
		memcpy(path, p + 2, plen);
		path[plen] = '\0';
		unlinkat(s->dirfd, path, 0);
		p += 2 + plen + 24;
	}
	return 0;
}

int
carry_case(struct site *s, size_t i)
{
	struct carry *k = s->carry;
	if (!k || !k->noc || !fp_same(k->g, k->old_g) ||
	    !carry_files(s, s->cl->cases[i].id, k->fp[i], &k->from[i]))
		return 0;
	k->done[i] = 1;
	return 1;
}

/* carry_page: the files of page id (not a case's) carried over when its
 * fingerprint is fp there; *done set when they were. */
static int
carry_page(struct site *s, const char *id, struct fp fp, int *done)
{
	struct carry *k = s->carry;
	if (!k || !k->noc || !fp_same(k->p, k->old_p) || !carry_files(s, id, fp, NULL))
		return 0;
	*done = 1;
	return 1;
}

int
carry_due(struct site *s)
{
	return s->carry && carry_page(s, "/due", s->carry->due, &s->carry->due_done);
}

int
carry_cases(struct site *s)
{
	return s->carry && carry_page(s, "/cases", s->carry->cases, &s->carry->cases_done);
}

int
carry_problems(struct site *s)
{
	return s->carry && carry_page(s, "/problems", s->carry->problems, &s->carry->problems_done);
}

int
carry_worker(struct site *s, size_t w)
{
	const char *id = s->cl->config.workers[w].id;
	int done = 0;
	char key[80];
	if (!s->carry || !id_valid(id))
		return 0;
	snprintf(key, sizeof(key), "/w/%s", id);
	if (!carry_page(s, key, s->carry->wk[w], &done))
		return 0;
	s->carry->wk_done++;
	return 1;
}

/* put_file: path's record (as it is in the new site) into b; -1 when it is
 * not there as a plain file. */
static int
put_file(struct site *s, struct buf *b, const char *path)
{
	struct stat st;
	size_t plen = strlen(path);
	if (plen > 4096 || fstatat(s->dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return -1;
	uint16_t l = (uint16_t)plen;
	uint64_t v[3] = {(uint64_t)st.st_ino, (uint64_t)st.st_size,
	                 (uint64_t)(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec)};
	buf_add(b, (const char *)&l, 2);
	buf_add(b, path, plen);
	buf_add(b, (const char *)v, sizeof(v));
	return 0;
}

/* put_entry: an entry of the manifest: id, fp (none when a file of it is
 * not in the site) and the files f holds (nfiles of them). */
static void
put_entry(struct buf *b, const char *id, struct fp fp, uint32_t nfiles, const struct buf *f)
{
	uint16_t idlen = (uint16_t)strlen(id);
	buf_add(b, (const char *)&idlen, 2);
	buf_add(b, id, idlen);
	buf_add(b, (const char *)&fp, 16);
	buf_add(b, (const char *)&nfiles, 4);
	buf_add(b, f->s ? f->s : "", f->len);
}

/* put_page: the entry of a page besides the case pages: id, its
 * fingerprint and its files (the page; its calendar, unless NULL). */
static void
put_page(struct site *s, struct buf *b, struct buf *f, const char *id, struct fp fp,
         const char *html, const char *ics)
{
	uint32_t nfiles = 0, want = ics ? 2 : 1;
	buf_reset(f);
	if (put_file(s, f, html) == 0 && ++nfiles && ics && put_file(s, f, ics) == 0)
		nfiles++;
	if (nfiles < want)
		fp = (struct fp){0, 0};
	put_entry(b, id, fp, nfiles, f);
}

void
carry_collect(struct site *s)
{
	struct carry *k = s->carry;
	if (!k || !k->path)
		return;
	struct header h;
	struct stat st;
	if (fstat(s->dirfd, &st) != 0)
		return;
	memset(&h, 0, sizeof(h));
	struct buf *b = &k->next;
	buf_add(b, (const char *)&h, sizeof(h));
	struct buf f = {0}, path = {0};
	for (size_t i = 0; i < s->cl->ncases; i++) {
		const struct case_record *c = &s->cl->cases[i];
		struct fp fp = k->fp[i];
		uint32_t nfiles = 0;
		/* carried over: the same files (link_file checked each against
		 * its record), so the same records, without a stat of each */
		const struct old_case *o = k->from[i];
		if (k->done[i] && o) {
			const unsigned char *p = o->files;
			for (uint32_t f = 0; f < o->nfiles; f++) {
				uint16_t plen;
				memcpy(&plen, p, 2);
				p += 2 + plen + 24;
			}
			buf_reset(&f);
			buf_add(&f, (const char *)o->files, (size_t)(p - o->files));
			put_entry(b, c->id, fp, o->nfiles, &f);
			continue;
		}
		buf_reset(&f);
		buf_reset(&path);
		buf_printf(&path, "cases/%s/index.html", c->id);
		if (put_file(s, &f, path.s) == 0)
			nfiles++;
		else
			fp = (struct fp){0, 0};
		for (size_t j = 0; !s->o->redact && j < c->nattachments; j++) {
			buf_reset(&path);
			buf_printf(&path, "cases/%s/files/%s", c->id, c->attachments[j].name);
			if (put_file(s, &f, path.s) == 0)
				nfiles++;
			else
				fp = (struct fp){0, 0};
		}
		put_entry(b, c->id, fp, nfiles, &f);
	}
	size_t n = s->cl->ncases;
	put_page(s, b, &f, "/due", k->due, "due.html", "due.ics");
	put_page(s, b, &f, "/problems", k->problems, "problems.html", NULL);
	put_page(s, b, &f, "/cases", k->cases, "cases/index.html", NULL);
	n += 3;
	for (size_t w = 0; w < s->cl->config.nworkers; w++) {
		const char *id = s->cl->config.workers[w].id;
		if (!id_valid(id))
			continue;
		char key[80], html[96], ics[96];
		snprintf(key, sizeof(key), "/w/%s", id);
		snprintf(html, sizeof(html), "workers/%s.html", id);
		snprintf(ics, sizeof(ics), "workers/%s.ics", id);
		put_page(s, b, &f, key, k->wk[w], html, ics);
		n++;
	}
	buf_free(&f);
	buf_free(&path);
	memcpy(h.magic, MAGIC, sizeof(MAGIC));
	h.format = FORMAT;
	memcpy(h.build, k->build, k->buildlen);
	h.buildlen = k->buildlen;
	h.pa = k->p.a;
	h.pb = k->p.b;
	h.ga = k->g.a;
	h.gb = k->g.b;
	h.dev = (uint64_t)st.st_dev;
	h.ino = (uint64_t)st.st_ino;
	h.nentries = n;
	h.size = b->len - sizeof(h);
	h.sum = hash64(b->s + sizeof(h), b->len - sizeof(h), 1);
	memcpy(b->s, &h, sizeof(h));
}

void
carry_commit(struct site *s)
{
	struct carry *k = s->carry;
	/* a cache that cannot be written is no error: the next build renders */
	if (k && k->path && k->next.len)
		cache_write(k->path, k->next.s, k->next.len);
	const char *show = getenv("CASELOAD_CACHE_STATS");
	if (k && show && *show) {
		size_t n = 0;
		for (size_t i = 0; i < s->cl->ncases; i++)
			n += k->done[i];
		fprintf(stderr,
		        "caseload: site: %zu of %zu case pages carried over, %zu of %zu workers' pages, "
		        "the problems %s, the due list %s, the list of cases %s\n",
		        n, s->cl->ncases, k->wk_done, s->cl->config.nworkers,
		        k->problems_done ? "carried over" : "rendered",
		        k->due_done ? "carried over" : "rendered",
		        k->cases_done ? "carried over" : "rendered");
	}
}

void
carry_free(struct site *s)
{
	struct carry *k = s->carry;
	if (!k)
		return;
	free(k->fp);
	free(k->ffp);
	free(k->items);
	free(k->rows);
	free(k->diags);
	free(k->wk);
	free(k->done);
	free(k->from);
	free(k->path);
	free(k->oc);
	buf_free(&k->old);
	buf_free(&k->next);
	free(k);
	s->carry = NULL;
}

/* ---- the spare ---- */

/* the spares kept for other output folders besides the one just kept */
#define OTHER_SPARES 2

void
carry_spares_trim(const char *spare)
{
	const char *slash = spare ? strrchr(spare, '/') : NULL;
	if (!slash)
		return;
	char *dir = xstrndup(spare, (size_t)(slash - spare));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	free(dir);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct old {
		char *name;
		long long t;
	} *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct stat st;
		if (len < 7 || strcmp(de->d_name + len - 6, ".spare") != 0 ||
		    strcmp(de->d_name, slash + 1) == 0 ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		VEC_GROW(v, n, cap);
		v[n].name = xstrdup(de->d_name);
		v[n++].t = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
	/* the newest OTHER_SPARES stay; the rest go, oldest first */
	for (size_t kept = 0; kept < OTHER_SPARES && n;) {
		size_t newest = 0;
		for (size_t i = 1; i < n; i++)
			if (v[i].t > v[newest].t)
				newest = i;
		free(v[newest].name);
		v[newest] = v[--n];
		kept++;
	}
	for (size_t i = 0; i < n; i++) {
		rmtree_at(fd, v[i].name);
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

/* What prune keeps of a path: */
enum { DROP, KEEP, LOOK_INTO };

/* prune: removes what the folder rel (relative to dirfd) holds that
 * keep(path relative to dirfd, arg) says to drop; folders it says to look
 * into are pruned in turn. The names are read first: removing while
 * reading a folder may skip entries. */
static void
prune(int dirfd, const char *rel, int (*keep)(const char *path, void *arg), void *arg, int depth)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	/* read with getdents64: fdopendir and readdir added three calls for
	 * each of the 10,000 case folders of a reused spare */
	char **names = NULL;
	unsigned char *look = NULL;
	size_t n = 0, cap = 0, lcap = 0;
	struct buf p = {0};
	union {
		char c[8192];
		long long align;
	} raw;
	ssize_t got;
	while ((got = getdents64(fd, raw.c, sizeof(raw.c))) > 0)
		for (ssize_t off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(raw.c + off);
			off += de->d_reclen;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			buf_reset(&p);
			buf_printf(&p, "%s/%s", rel, de->d_name);
			int k = keep(p.s, arg);
			if (k == KEEP || (k == LOOK_INTO && depth > 32))
				continue;
			int dir = de->d_type == DT_DIR;
			if (k == LOOK_INTO && de->d_type == DT_UNKNOWN) {
				struct stat st;
				dir = fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				      S_ISDIR(st.st_mode);
			}
			VEC_GROW(names, n, cap);
			VEC_GROW(look, n, lcap);
			/* a file where a folder of the site belongs goes */
			look[n] = k == LOOK_INTO && dir;
			names[n++] = xstrdup(de->d_name);
		}
	for (size_t i = 0; i < n; i++) {
		if (look[i]) {
			buf_reset(&p);
			buf_printf(&p, "%s/%s", rel, names[i]);
			prune(dirfd, p.s, keep, arg, depth + 1);
		} else {
			rmtree_at(fd, names[i]);
		}
		free(names[i]);
	}
	buf_free(&p);
	free(names);
	free(look);
	close(fd);
}

/* The files of case c in the site: its page and its attachments' copies. */
struct case_files {
	const struct case_record *c;
	int redact;
	size_t dirlen; /* of "cases/<id>/" */
};

static int
keep_case_file(const char *path, void *arg)
{
	const struct case_files *cf = arg;
	const char *p = path + cf->dirlen;
	if (strcmp(p, "index.html") == 0)
		return KEEP;
	if (cf->redact || strncmp(p, "files/", 6) != 0)
		return strcmp(p, "files") == 0 && !cf->redact && cf->c->nattachments ? LOOK_INTO : DROP;
	p += 6;
	size_t len = strlen(p);
	int in = 0;
	for (size_t k = 0; k < cf->c->nattachments; k++) {
		const char *a = cf->c->attachments[k].name;
		if (strcmp(a, p) == 0)
			return KEEP;
		if (strncmp(a, p, len) == 0 && a[len] == '/')
			in = 1;
	}
	return in ? LOOK_INTO : DROP;
}

void
carry_tidy_case(struct site *s, size_t i)
{
	if (!s->reused || s->failed)
		return;
	const struct case_record *c = &s->cl->cases[i];
	char dir[4200];
	int n = snprintf(dir, sizeof(dir), "cases/%s", c->id);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return;
	struct case_files cf = {c, s->o->redact, (size_t)n + 1};
	prune(s->dirfd, dir, keep_case_file, &cf, 0);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* keep_written: what site_write wrote outside the case folders (sorted),
 * and the folders that lead to it; cases/ itself is pruned on its own. */
static int
keep_written(const char *path, void *arg)
{
	const struct site *s = arg;
	const char *p = strncmp(path, "./", 2) == 0 ? path + 2 : path;
	if (strcmp(p, "cases") == 0)
		return KEEP;
	size_t lo = 0, hi = s->nwritten, len = strlen(p);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->written[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nwritten && strcmp(s->written[lo], p) == 0)
		return KEEP;
	/* the first path after p that starts with it */
	for (size_t k = lo; k < s->nwritten && strncmp(s->written[k], p, len) == 0; k++)
		if (s->written[k][len] == '/')
			return LOOK_INTO;
	return DROP;
}

static int
keep_case_dir(const char *path, void *arg)
{
	const struct site *s = arg;
	return cl_case(s->cl, path + strlen("cases/")) ? KEEP : keep_written(path, arg);
}

void
carry_prune(struct site *s)
{
	if (!s->reused || s->failed)
		return;
	if (s->nwritten > 1)
		qsort(s->written, s->nwritten, sizeof(*s->written), str_cmp);
	prune(s->dirfd, ".", keep_written, s, 0);
	prune(s->dirfd, "cases", keep_case_dir, s, 0);
}
