/* audit.c: the findings SPEC defines (§2, §4 Audit, §5): late-note,
 * future-note, future-entry, amended, deleted, edit-after-close,
 * unknown-author, uncommitted, each ending with what to do about it; then
 * the reviews of reviews.yaml matched to them. From the loaded records and
 * the history of one walk; the audit command and the site both collect
 * them here. Old blobs are read only where a rule needs them, each once. */
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "diff.h"
#include "ydoc.h"

const char *const finding_kind_names[] = {"amended",      "deleted",        "edit-after-close",
                                          "future-entry", "future-note",    "late-note",
                                          "uncommitted",  "unknown-author", NULL};
const char *const unmatched_reason_names[] = {"no-finding", "author", NULL};

int
audit_email_of(const struct worker *w, const char *email)
{
	if (w->email && strcasecmp(w->email, email) == 0)
		return 1;
	for (size_t j = 0; j < w->nemails; j++)
		if (strcasecmp(w->emails[j], email) == 0)
			return 1;
	return 0;
}

static int
email_cmp(const void *x, const void *y)
{
	return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

void
audit_emails_init(struct audit_emails *e, const struct config *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nworkers; i++)
		n += (c->workers[i].email != NULL) + c->workers[i].nemails;
	e->v = xmalloc((n ? n : 1) * sizeof(*e->v));
	e->n = 0;
	for (size_t i = 0; i < c->nworkers; i++) {
		if (c->workers[i].email)
			e->v[e->n++] = c->workers[i].email;
		for (size_t j = 0; j < c->workers[i].nemails; j++)
			e->v[e->n++] = c->workers[i].emails[j];
	}
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), email_cmp);
}

int
audit_emails_has(const struct audit_emails *e, const char *email)
{
	return e->n && bsearch(&email, e->v, e->n, sizeof(*e->v), email_cmp) != NULL;
}

void
audit_emails_free(struct audit_emails *e)
{
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

/* A dated value that future-entry looks at, in one version of a file. */
struct fact {
	const char *key;   /* the field and where it is: "done\037goal\0372" */
	const char *where; /* for people: "goal housing, step 2", or NULL */
	const char *field; /* "done" */
	int date;
};

/* What the audit learned of one blob, so that each is read and parsed once. */
struct blob_info {
	unsigned char id[HIST_OID_LEN];
	int closed;         /* case.yaml: its closed date, DATE_NONE when not closed */
	int has_closed;     /* closed is known */
	int scan;           /* the latest date written after a key future-entry looks at */
	int has_scan;       /* scan is known */
	struct fact *facts; /* the dated values future-entry looks at */
	size_t nfacts;
	int has_facts;    /* facts are known */
	int seen;         /* a version of reviews.yaml, read */
	int followup;     /* a note: its front matter says kind: followup */
	int has_followup; /* followup is known */
};

/* The state of one audit run. */
struct audit {
	struct findings *f;
	const struct caseload *cl;
	struct history *h;
	char *const *only;
	size_t nonly;
	const char **authors; /* "Name <email>" by commit index, made on demand */
	/* blob id -> index in blobs: open addressing, cap a power of two */
	size_t *slots, nslots;
	struct blob_info *blobs;
	size_t nblobs, blobcap;
	struct arena scratch; /* facts and their keys */
	/* every removal of a file from a case folder, by commit and blob:
	 * made the first time moved_here asks */
	struct removal {
		size_t commit;
		const unsigned char *id;
		const char *case_id;
	} * removals;
	size_t nremovals;
	int has_removals;
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

static struct finding *add(struct audit *a, enum finding_kind kind, const char *case_id, const char *file,
                           long commit, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* add: a finding; commit is an index into the history or -1. Returns it
 * (valid until the next add). */
static struct finding *
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
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->case_id = case_id;
	x->file = file;
	x->commit = commit >= 0 ? a->h->commits[commit].id : NULL;
	x->date = commit >= 0 ? a->h->commits[commit].date : DATE_NONE;
	x->author = commit >= 0 ? author_of(a, (size_t)commit) : NULL;
	x->detail = arena_strdup(&f->arena, b.s ? b.s : "");
	x->first_date = DATE_NONE;
	buf_free(&b);
	return x;
}

static const char *
days(int n)
{
	return n == 1 || n == -1 ? "day" : "days";
}

static const char *
lines(size_t n)
{
	return n == 1 ? "line" : "lines";
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

/* The records a path of a case folder holds. */
enum rec { REC_OTHER, REC_CASE, REC_PLAN, REC_ASSESSMENT, REC_NOTE };

/* rec_of: what path (cases/<id>/...) is: the loader's records are
 * case.yaml, plan.yaml, assessments/ *.yaml and notes/ *.md. */
static enum rec
rec_of(const char *path, const char *id)
{
	size_t il = strlen(id);
	if (strncmp(path, "cases/", 6) != 0 || strncmp(path + 6, id, il) != 0 || path[6 + il] != '/')
		return REC_OTHER;
	const char *rest = path + 7 + il;
	if (strcmp(rest, "case.yaml") == 0)
		return REC_CASE;
	if (strcmp(rest, "plan.yaml") == 0)
		return REC_PLAN;
	const char *name;
	size_t nl;
	if (strncmp(rest, "assessments/", 12) == 0) {
		name = rest + 12;
		nl = strlen(name);
		return !strchr(name, '/') && nl > 5 && strcmp(name + nl - 5, ".yaml") == 0
		               ? REC_ASSESSMENT
		               : REC_OTHER;
	}
	if (strncmp(rest, "notes/", 6) == 0) {
		name = rest + 6;
		nl = strlen(name);
		return !strchr(name, '/') && nl > 3 && strcmp(name + nl - 3, ".md") == 0 ? REC_NOTE
		                                                                         : REC_OTHER;
	}
	return REC_OTHER;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* ---- old blobs, each read once ---- */

static int
is_zero(const unsigned char id[HIST_OID_LEN])
{
	for (int i = 0; i < HIST_OID_LEN; i++)
		if (id[i])
			return 0;
	return 1;
}

/* blob_info: what is known of blob id (made empty the first time). */
static struct blob_info *
blob_info(struct audit *a, const unsigned char id[HIST_OID_LEN])
{
	if ((a->nblobs + 1) * 2 > a->nslots) {
		size_t cap = a->nslots ? a->nslots * 2 : 256;
		free(a->slots);
		a->slots = xmalloc(cap * sizeof(*a->slots));
		memset(a->slots, 0xff, cap * sizeof(*a->slots));
		a->nslots = cap;
		for (size_t i = 0; i < a->nblobs; i++) {
			size_t s;
			memcpy(&s, a->blobs[i].id, sizeof(s));
			for (s &= cap - 1; a->slots[s] != SIZE_MAX; s = (s + 1) & (cap - 1))
				;
			a->slots[s] = i;
		}
	}
	size_t s;
	memcpy(&s, id, sizeof(s));
	for (s &= a->nslots - 1; a->slots[s] != SIZE_MAX; s = (s + 1) & (a->nslots - 1))
		if (memcmp(a->blobs[a->slots[s]].id, id, HIST_OID_LEN) == 0)
			return &a->blobs[a->slots[s]];
	VEC_GROW(a->blobs, a->nblobs, a->blobcap);
	struct blob_info *b = &a->blobs[a->nblobs];
	memset(b, 0, sizeof(*b));
	memcpy(b->id, id, HIST_OID_LEN);
	a->slots[s] = a->nblobs++;
	return b;
}

/* read_blob: the text of blob id (the caller frees *data), or *data NULL
 * when it is larger than a record may be. Returns 0, or -1 when the blob is
 * missing (h->err says which). */
static int
read_blob(struct audit *a, const unsigned char id[HIST_OID_LEN], char **data, size_t *len)
{
	if (hist_blob(a->h, id, YDOC_MAX_SIZE, data, len) != 0) {
		*data = NULL;
		return *len == 0 ? -1 : 0; /* too large: no record, nothing to find in it */
	}
	return 0;
}

/* parse_yaml: parses text (a blob) as YAML, ignoring its problems. Returns
 * the root or NULL; free doc with ydoc_free either way. */
static const struct ynode *
parse_yaml(const char *text, size_t len, struct ydoc *doc)
{
	struct diags d = {0};
	memset(doc, 0, sizeof(*doc));
	long start = ydoc_text_check("", text, len, &d);
	int r = start < 0 ? -1 : ydoc_parse("", text + start, len - (size_t)start, 0, &d, doc);
	diag_free(&d);
	return r == 0 ? doc->root : NULL;
}

static int
scalar_date(const struct ynode *n)
{
	int d;
	if (!n || n->type != YN_SCALAR || n->tagged || date_parse(n->str, &d) != 0)
		return DATE_NONE;
	return d;
}

/* closed_in: the closed date that case.yaml text[0..len) gives, or
 * DATE_NONE when it does not say the case is closed (or is no text).
 * Safe on several threads at once. */
static int
closed_in(const char *text, size_t len, void *arg)
{
	(void)arg;
	if (!text || (!memmem(text, len, "closed", 6) && !memchr(text, '\\', len)))
		return DATE_NONE; /* neither the status nor the date (nor an escape): no parse */
	struct ydoc doc;
	const struct ynode *root = parse_yaml(text, len, &doc);
	const struct ynode *st = ynode_get(root, "status");
	int d = DATE_NONE;
	if (st && st->type == YN_SCALAR && strcmp(st->str, "closed") == 0)
		d = scalar_date(ynode_get(root, "closed"));
	ydoc_free(&doc);
	return d;
}

/* The blobs whose fact one memo is to give (memo_read). */
struct blob_ids {
	unsigned char (*v)[HIST_OID_LEN];
	size_t n, cap;
};

/* want: adds blob id to l, unless its flag *have for the fact says it is
 * known or asked for already; sets it (memo_read gives the value). */
static void
want(struct blob_ids *l, int *have, const unsigned char id[HIST_OID_LEN])
{
	if (*have)
		return;
	*have = 1;
	VEC_GROW(l->v, l->n, l->cap);
	memcpy(l->v[l->n++], id, HIST_OID_LEN);
}

/* memo_read: fn of each blob of l, on a few threads and kept under the git
 * folder as name (hist_blob_memo), into the int at offset field of each
 * blob's blob_info; fallback there for all when a blob is missing (a->h->err
 * says which). Frees l's ids. Returns 0, or -1 when a blob is missing. */
static int
memo_read(struct audit *a, const char *name, struct blob_ids *l,
          int (*fn)(const char *text, size_t len, void *arg), size_t field, int fallback)
{
	int *out = xmalloc((l->n ? l->n : 1) * sizeof(*out));
	int rc = l->n ? hist_blob_memo(a->h, name, (const unsigned char(*)[HIST_OID_LEN])l->v, l->n,
	                               YDOC_MAX_SIZE, fn, NULL, out)
	              : 0;
	for (size_t i = 0; i < l->n; i++)
		*(int *)((char *)blob_info(a, l->v[i]) + field) = rc == 0 ? out[i] : fallback;
	free(out);
	free(l->v);
	return rc == 0 ? 0 : -1;
}

/* read_closed: the closed dates of every case.yaml that edits_after_close
 * compares with, read on a few threads. Returns 0 or -1. */
static int
read_closed(struct audit *a)
{
	const struct history *h = a->h;
	struct blob_ids l = {0};
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			if (e->has_parent_case_yaml)
				want(&l, &blob_info(a, e->parent_case_yaml)->has_closed, e->parent_case_yaml);
		}
	}
	return memo_read(a, "closed", &l, closed_in, offsetof(struct blob_info, closed), DATE_NONE);
}

/* closed_on: the closed date of the case.yaml blob id, or DATE_NONE when it
 * does not say the case is closed. Returns 0, or -1 when the blob is missing. */
static int
closed_on(struct audit *a, const unsigned char id[HIST_OID_LEN], int *out)
{
	struct blob_info *b = blob_info(a, id);
	if (!b->has_closed) {
		char *data;
		size_t len;
		if (read_blob(a, id, &data, &len) != 0)
			return -1;
		b = blob_info(a, id);
		b->closed = closed_in(data, len, NULL);
		b->has_closed = 1;
		free(data);
	}
	*out = b->closed;
	return 0;
}

/* followup_in: 1 when note text[0..len) says kind: followup in its front
 * matter, else 0 (also when it is no text). Safe on several threads. */
static int
followup_in(const char *text, size_t len, void *arg)
{
	(void)arg;
	if (!text || (!memmem(text, len, "followup", 8) && !memchr(text, '\\', len)))
		return 0; /* the word is not there (nor an escape): no parse */
	const char *t = text;
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
	return r;
}

/* ---- future-entry ---- */

/* The fields future-entry looks at (SPEC §5). */
static const char *const fact_keys[] = {"date",   "reviewed", "achieved", "done",
                                        "closed", "answered", NULL};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* scan_dates: the latest date in t[0..n) that may be the value of one of
 * fact_keys, found from the bytes alone: a date with such a key and a colon
 * before it (across spaces, quotes and line breaks), or first on its line.
 * It may find more than a parse would, never less of what a record can
 * hold (a plain or quoted YYYY-MM-DD), so a blob whose scan finds no date
 * later than a commit's need not be parsed for that commit. A backslash (an
 * escape in a quoted string could spell a date) makes it INT_MAX: parse. */
static int
scan_dates(const char *t, size_t n)
{
	int best = DATE_NONE;
	if (memchr(t, '\\', n))
		return INT_MAX;
	for (size_t i = 0; i + 10 <= n; i++) {
		const char *p = t + i;
		if (!(is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
		      p[4] == '-' && is_digit(p[5]) && is_digit(p[6]) && p[7] == '-' &&
		      is_digit(p[8]) && is_digit(p[9])))
			continue;
		char ds[11];
		int d;
		memcpy(ds, p, 10);
		ds[10] = '\0';
		if (date_parse(ds, &d) != 0 || (best != DATE_NONE && d <= best)) {
			i += 9;
			continue;
		}
		size_t j = i;
		while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' || t[j - 1] == '"' || t[j - 1] == '\''))
			j--;
		if (j == 0 || t[j - 1] == '\n' || t[j - 1] == '\r') {
			best = d; /* first on its line: the value of a key above it, perhaps */
		} else if (t[j - 1] == ':') {
			j--;
			while (j > 0 && t[j - 1] && strchr(" \t\r\n\"'", t[j - 1]))
				j--;
			size_t end = j;
			while (j > 0 && ((t[j - 1] >= 'a' && t[j - 1] <= 'z') || t[j - 1] == '_'))
				j--;
			for (size_t k = 0; fact_keys[k]; k++)
				if (strlen(fact_keys[k]) == end - j &&
				    memcmp(t + j, fact_keys[k], end - j) == 0)
					best = d;
		}
		i += 9;
	}
	return best;
}

static void
push_fact(struct audit *a, struct blob_info *b, size_t *cap, const char *field, const char *goal,
          long step, int date)
{
	if (date == DATE_NONE)
		return;
	struct buf k = {0}, w = {0};
	buf_printf(&k, "%s\037%s\037%ld", field, goal ? goal : "", step);
	if (goal && step > 0 && strcmp(field, "answered") == 0)
		buf_printf(&w, "the referral of goal %s, step %ld", goal, step);
	else if (goal && step > 0)
		buf_printf(&w, "goal %s, step %ld", goal, step);
	else if (goal)
		buf_printf(&w, "goal %s", goal);
	if (b->nfacts == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct fact *v = arena_alloc(&a->scratch, nc * sizeof(*v));
		if (b->nfacts)
			memcpy(v, b->facts, b->nfacts * sizeof(*v));
		b->facts = v;
		*cap = nc;
	}
	struct fact *f = &b->facts[b->nfacts++];
	f->key = arena_strndup(&a->scratch, k.s, k.len);
	f->where = w.s ? arena_strndup(&a->scratch, w.s, w.len) : NULL;
	f->field = field;
	f->date = date;
	buf_free(&k);
	buf_free(&w);
}

/* parse_facts: the dated values of the record text (of kind r) into b.
 * Goals are known by id (by position when they have none), steps by their
 * position in their goal, a referral by its step (SPEC §5). */
static void
parse_facts(struct audit *a, struct blob_info *b, enum rec r, const char *text, size_t len)
{
	struct ydoc doc;
	const struct ynode *root = parse_yaml(text, len, &doc);
	size_t cap = 0;
	b->facts = NULL;
	b->nfacts = 0;
	if (root && root->type == YN_MAP) {
		if (r == REC_ASSESSMENT)
			push_fact(a, b, &cap, "date", NULL, 0, scalar_date(ynode_get(root, "date")));
		else if (r == REC_CASE)
			push_fact(a, b, &cap, "closed", NULL, 0, scalar_date(ynode_get(root, "closed")));
		else if (r == REC_PLAN) {
			push_fact(a, b, &cap, "reviewed", NULL, 0,
			          scalar_date(ynode_get(root, "reviewed")));
			const struct ynode *gs = ynode_get(root, "goals");
			for (size_t i = 0; gs && gs->type == YN_SEQ && i < gs->n; i++) {
				const struct ynode *g = gs->kids[i];
				if (g->type != YN_MAP)
					continue;
				const struct ynode *id = ynode_get(g, "id");
				char pos[32];
				snprintf(pos, sizeof(pos), "#%zu", i + 1);
				const char *gid = id && id->type == YN_SCALAR ? id->str : pos;
				push_fact(a, b, &cap, "achieved", gid, 0,
				          scalar_date(ynode_get(g, "achieved")));
				const struct ynode *ss = ynode_get(g, "steps");
				for (size_t j = 0; ss && ss->type == YN_SEQ && j < ss->n; j++) {
					const struct ynode *st = ss->kids[j];
					if (st->type != YN_MAP)
						continue;
					push_fact(a, b, &cap, "done", gid, (long)j + 1,
					          scalar_date(ynode_get(st, "done")));
					const struct ynode *rf = ynode_get(st, "referral");
					if (rf && rf->type == YN_MAP)
						push_fact(a, b, &cap, "answered", gid, (long)j + 1,
						          scalar_date(ynode_get(rf, "answered")));
				}
			}
		}
	}
	ydoc_free(&doc);
	b->has_facts = 1;
}

static int
scan_blob(const char *text, size_t len, void *arg)
{
	(void)arg;
	return text ? scan_dates(text, len) : DATE_NONE;
}

/* scan_changed: scans, on a few threads, every blob that future_entries
 * will look at, so that only the few with a date later than their commit's
 * are read again, and parsed. Returns 0 or -1. */
static int
scan_changed(struct audit *a)
{
	const struct history *h = a->h;
	struct blob_ids l = {0};
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++)
			for (size_t k = 0; k < hc->entries[j].nfiles; k++) {
				const struct hist_file *fl = &hc->entries[j].files[k];
				enum rec r = rec_of(fl->path, hc->id);
				if ((fl->change != HIST_ADDED && fl->change != HIST_MODIFIED &&
				     fl->change != HIST_RENAMED) ||
				    (r != REC_CASE && r != REC_PLAN && r != REC_ASSESSMENT))
					continue;
				want(&l, &blob_info(a, fl->new_id)->has_scan, fl->new_id);
			}
	}
	return memo_read(a, "dates", &l, scan_blob, offsetof(struct blob_info, scan), INT_MAX);
}

/* facts_of: b's facts when some may be later than day (all of them with
 * day DATE_NONE); *none set when the scan shows there are none later.
 * Returns 0, or -1 when the blob is missing. */
static int
facts_of(struct audit *a, const unsigned char id[HIST_OID_LEN], enum rec r, int day,
         struct blob_info **out, int *none)
{
	struct blob_info *b = blob_info(a, id);
	*none = 0;
	if (day != DATE_NONE && b->has_scan && b->scan <= day && b->scan != INT_MAX) {
		*none = 1;
		*out = b;
		return 0;
	}
	if (!b->has_facts) {
		char *data;
		size_t len;
		if (read_blob(a, id, &data, &len) != 0)
			return -1;
		b = blob_info(a, id);
		if (!data) {
			b->has_scan = b->has_facts = 1;
			b->scan = DATE_NONE;
		} else {
			if (!b->has_scan) {
				b->scan = scan_dates(data, len);
				b->has_scan = 1;
			}
			if (day == DATE_NONE || b->scan == INT_MAX ||
			    (b->scan != DATE_NONE && b->scan > day))
				parse_facts(a, b, r, data, len);
			free(data);
		}
		if (day != DATE_NONE && (b->scan == DATE_NONE || b->scan <= day)) {
			*none = 1;
			*out = b;
			return 0;
		}
	}
	*out = b;
	return 0;
}

static int
has_fact(const struct blob_info *b, const struct fact *x)
{
	for (size_t i = 0; b && i < b->nfacts; i++)
		if (b->facts[i].date == x->date && strcmp(b->facts[i].key, x->key) == 0)
			return 1;
	return 0;
}

static int
removal_cmp(const void *pa, const void *pb)
{
	const struct removal *a = pa, *b = pb;
	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	return memcmp(a->id, b->id, HIST_OID_LEN);
}

/* moved_here: 1 when commit k, which added blob id to case case_id, removed
 * the same blob from another case folder: a file moved with its folder (a
 * rename with its content unchanged), not a new one. */
static int
moved_here(struct audit *a, size_t k, const unsigned char *id, const char *case_id)
{
	const struct history *h = a->h;
	if (!a->has_removals) {
		size_t cap = 0;
		for (size_t i = 0; i < h->ncases; i++)
			for (size_t j = 0; j < h->cases[i].nentries; j++) {
				const struct hist_entry *e = &h->cases[i].entries[j];
				for (size_t f = 0; f < e->nfiles; f++)
					if (e->files[f].change == HIST_DELETED) {
						VEC_GROW(a->removals, a->nremovals, cap);
						a->removals[a->nremovals++] = (struct removal){
							e->commit, e->files[f].old_id, h->cases[i].id};
					}
			}
		if (a->nremovals > 1)
			qsort(a->removals, a->nremovals, sizeof(*a->removals), removal_cmp);
		a->has_removals = 1;
	}
	struct removal key = {k, id, NULL};
	const struct removal *r = a->nremovals ? bsearch(&key, a->removals, a->nremovals,
	                                                 sizeof(*a->removals), removal_cmp)
	                                       : NULL;
	if (!r)
		return 0;
	while (r > a->removals && removal_cmp(r - 1, &key) == 0)
		r--;
	for (; r < a->removals + a->nremovals && removal_cmp(r, &key) == 0; r++)
		if (strcmp(r->case_id, case_id) != 0)
			return 1;
	return 0;
}

/* future_entries: a commit that adds or changes a case.yaml, plan.yaml or
 * assessment holding a fact dated after the commit, unless its first parent
 * had that value there already. */
static int
future_entries(struct audit *a)
{
	const struct history *h = a->h;
	char cd[11], fd[11];
	if (scan_changed(a) != 0)
		return -1;
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			const struct hist_commit *cm = &h->commits[e->commit];
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change != HIST_ADDED && fl->change != HIST_MODIFIED &&
				    fl->change != HIST_RENAMED)
					continue;
				if (memcmp(fl->old_id, fl->new_id, HIST_OID_LEN) == 0)
					continue; /* renamed, content unchanged */
				enum rec r = rec_of(fl->path, hc->id);
				if (r != REC_CASE && r != REC_PLAN && r != REC_ASSESSMENT)
					continue;
				if (fl->change == HIST_ADDED &&
				    moved_here(a, e->commit, fl->new_id, hc->id))
					continue; /* its case folder renamed, content unchanged */
				struct blob_info *nb, *ob = NULL;
				int none;
				if (facts_of(a, fl->new_id, r, cm->date, &nb, &none) != 0)
					return -1;
				if (none)
					continue;
				if (!is_zero(fl->old_id)) {
					if (facts_of(a, fl->old_id, r, DATE_NONE, &ob, &none) != 0)
						return -1;
					nb = blob_info(a, fl->new_id); /* the table may have moved */
				}
				struct buf d = {0};
				int most = 0;
				size_t n = 0;
				for (size_t x = 0; x < nb->nfacts; x++) {
					const struct fact *ft = &nb->facts[x];
					if (ft->date <= cm->date || has_fact(ob, ft))
						continue;
					date_format(ft->date, fd);
					buf_printf(&d, "%s%s %s%s%s%s", n++ ? ", " : "", ft->field,
					           fd, ft->where ? " (" : "",
					           ft->where ? ft->where : "", ft->where ? ")" : "");
					if (ft->date - cm->date > most)
						most = ft->date - cm->date;
				}
				if (n) {
					date_format(cm->date, cd);
					add(a, FIND_FUTURE_ENTRY, hc->id, fl->path, (long)e->commit,
					    "records %s, %s%d %s after the commit of %s; record facts once "
					    "they have happened: correct the date, or explain it in a review",
					    d.s, n > 1 ? "up to " : "", most, days(most), cd);
				}
				buf_free(&d);
			}
		}
	}
	return 0;
}

/* ---- late-note, future-note ---- */

/* late_and_future: each note against the commit that first added it. */
static void
late_and_future(struct audit *a)
{
	const struct caseload *cl = a->cl;
	struct dur late = cl->config.policy.note_late_after;
	char ds[11], lim[32];
	dur_words(late, lim, sizeof lim);
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
				    "dated %s, %d %s after the commit that added it; correct the date if "
				    "it was a typing mistake, else explain it in a review",
				    ds, d, days(d));
			} else if (hc->date > date_add(n->date, late)) {
				int d = hc->date - n->date;
				add(a, FIND_LATE_NOTE, c->id, n->file, k,
				    "committed %d %s after the %s of %s (allowed: %s); write notes on the "
				    "day, and explain this delay in a review",
				    d, days(d), note_noun(n->kind), ds, lim);
			}
		}
	}
}

/* ---- amended, deleted ---- */

/* amendments: a commit that changes a note or an assessment later than its
 * first commit + amend_within. */
static int
amendments(struct audit *a)
{
	const struct history *h = a->h;
	struct dur within = a->cl->config.policy.amend_within;
	char lim[32], fd[11];
	dur_words(within, lim, sizeof lim);
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			const struct hist_commit *cm = &h->commits[e->commit];
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change != HIST_MODIFIED && fl->change != HIST_TYPECHANGE &&
				    fl->change != HIST_RENAMED)
					continue;
				if (memcmp(fl->old_id, fl->new_id, HIST_OID_LEN) == 0)
					continue; /* a rename with the content unchanged is no change */
				enum rec r = rec_of(fl->path, hc->id);
				if (r != REC_NOTE && r != REC_ASSESSMENT)
					continue;
				const struct hist_commit *first = hist_first(h, fl->path);
				if (!first || cm->date <= date_add(first->date, within))
					continue;
				int d = cm->date - first->date;
				date_format(first->date, fd);
				struct buf what = {0};
				if (fl->change == HIST_TYPECHANGE) {
					buf_puts(&what, "changed type");
				} else {
					char *od, *nd;
					size_t ol, nl;
					if (read_blob(a, fl->old_id, &od, &ol) != 0)
						return -1;
					if (read_blob(a, fl->new_id, &nd, &nl) != 0) {
						free(od);
						return -1;
					}
					if (od && nd) {
						struct diff df;
						diff_lines(&df, od, ol, nd, nl);
						buf_printf(&what, "changed (%zu %s removed, %zu added)",
						           df.removed, lines(df.removed), df.added);
						diff_free(&df);
					} else {
						buf_puts(&what, "changed");
					}
					free(od);
					free(nd);
				}
				struct finding *x;
				if (r == REC_NOTE)
					x = add(a, FIND_AMENDED, hc->id, fl->path, (long)e->commit,
					        "%s %d %s after its first commit of %s (allowed: %s); correct a "
					        "note with a new one that says 'amends: %s', and explain this "
					        "change in a review",
					        what.s, d, days(d), fd, lim, base_name(fl->path));
				else
					x = add(a, FIND_AMENDED, hc->id, fl->path, (long)e->commit,
					        "%s %d %s after its first commit of %s (allowed: %s); record a "
					        "new assessment rather than change an old one, and explain this "
					        "change in a review",
					        what.s, d, days(d), fd, lim);
				memcpy(x->old_blob, fl->old_id, HIST_OID_LEN);
				memcpy(x->new_blob, fl->new_id, HIST_OID_LEN);
				x->first_date = first->date;
				buf_free(&what);
			}
		}
	}
	return 0;
}

/* A file a commit removed, to be told from a case folder renamed whole. */
struct gone {
	size_t commit;
	const unsigned char *id;
	const struct hist_case *hc;
	const struct hist_file *fl;
	int moved;
};

static int
gone_cmp(const void *pa, const void *pb)
{
	const struct gone *a = pa, *b = pb;
	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	return memcmp(a->id, b->id, HIST_OID_LEN);
}

/* deletions: a commit that removes a note, an assessment, a case.yaml or a
 * plan.yaml. A file whose content the same commit adds in another case
 * folder moved with its folder (git's exact rename): not a removal. */
static void
deletions(struct audit *a)
{
	const struct history *h = a->h;
	struct gone *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change != HIST_DELETED || rec_of(fl->path, hc->id) == REC_OTHER)
					continue;
				VEC_GROW(v, n, cap);
				v[n++] = (struct gone){e->commit, fl->old_id, hc, fl, 0};
			}
		}
	}
	if (!n)
		return;
	qsort(v, n, sizeof(*v), gone_cmp);
	/* the additions of those commits, in every case */
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change != HIST_ADDED)
					continue;
				struct gone key = {e->commit, fl->new_id, NULL, NULL, 0};
				struct gone *g = bsearch(&key, v, n, sizeof(*v), gone_cmp);
				if (!g)
					continue;
				/* every removal of that content in that commit, from another case */
				while (g > v && gone_cmp(g - 1, &key) == 0)
					g--;
				for (; g < v + n && gone_cmp(g, &key) == 0; g++)
					if (g->hc != hc)
						g->moved = 1;
			}
		}
	}
	char fd[11];
	for (size_t i = 0; i < n; i++) {
		if (v[i].moved)
			continue;
		const char *path = v[i].fl->path;
		const struct hist_commit *first = hist_first(h, path);
		struct buf since = {0};
		if (first) {
			date_format(first->date, fd);
			int d = h->commits[v[i].commit].date - first->date;
			buf_printf(&since, " %d %s after its first commit of %s", d, days(d), fd);
		}
		struct finding *x = add(a, FIND_DELETED, v[i].hc->id, path, (long)v[i].commit,
		                        "removed%s; restore it from the commit before this one if that was a "
		                        "mistake, else explain the removal in a review",
		                        since.s ? since.s : "");
		x->first_date = first ? first->date : DATE_NONE;
		buf_free(&since);
	}
	free(v);
}

/* past_grace: the closed date of entry e's parent when e came later than
 * the grace after it, else DATE_NONE. Returns 0, or -1 when a blob is missing. */
static int
past_grace(struct audit *a, const struct hist_entry *e, int *closed)
{
	struct dur grace = a->cl->config.policy.edit_after_close;
	*closed = DATE_NONE;
	if (!e->has_parent_case_yaml)
		return 0;
	if (closed_on(a, e->parent_case_yaml, closed))
		return -1;
	if (*closed != DATE_NONE && a->h->commits[e->commit].date <= date_add(*closed, grace))
		*closed = DATE_NONE;
	return 0;
}

/* read_followups: whether each note added after a case was closed is a
 * follow-up, kept under the git folder as read_closed's dates are (the
 * audit read them all on every run). Returns 0 or -1. */
static int
read_followups(struct audit *a)
{
	const struct history *h = a->h;
	struct blob_ids l = {0};
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			int closed;
			if (past_grace(a, e, &closed)) {
				free(l.v);
				return -1;
			}
			for (size_t k = 0; closed != DATE_NONE && k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				if (fl->change == HIST_ADDED && rec_of(fl->path, hc->id) == REC_NOTE)
					want(&l, &blob_info(a, fl->new_id)->has_followup, fl->new_id);
			}
		}
	}
	return memo_read(a, "followup", &l, followup_in, offsetof(struct blob_info, followup), 0);
}

/* ---- edit-after-close, unknown-author, uncommitted ---- */

/* edits_after_close: commits to a case whose parent had it closed for longer
 * than the grace, other than the addition of follow-up notes. */
static int
edits_after_close(struct audit *a)
{
	const struct history *h = a->h;
	struct dur grace = a->cl->config.policy.edit_after_close;
	char lim[32], cs[11];
	dur_words(grace, lim, sizeof lim);
	static const char hint[] = "reopen the case (status: open, without closed and exit) if "
				   "work resumed, or explain the correction in a review";
	if (read_closed(a) != 0 || read_followups(a) != 0)
		return -1;
	for (size_t i = 0; i < h->ncases; i++) {
		const struct hist_case *hc = &h->cases[i];
		if (!wanted(a, hc->id))
			continue;
		for (size_t j = 0; j < hc->nentries; j++) {
			const struct hist_entry *e = &hc->entries[j];
			const struct hist_commit *cm = &h->commits[e->commit];
			int closed;
			if (past_grace(a, e, &closed))
				return -1;
			if (closed == DATE_NONE)
				continue;
			date_format(closed, cs);
			int d = cm->date - closed;
			for (size_t k = 0; k < e->nfiles; k++) {
				const struct hist_file *fl = &e->files[k];
				/* read_followups knows every note added here */
				if (fl->change == HIST_ADDED && rec_of(fl->path, hc->id) == REC_NOTE &&
				    blob_info(a, fl->new_id)->followup)
					continue;
				const char *verb = hist_change_names[fl->change];
				if (fl->change == HIST_RENAMED)
					add(a, FIND_EDIT_AFTER_CLOSE, hc->id, fl->path, (long)e->commit,
					    "renamed from %s %d %s after the case was closed on %s (allowed: "
					    "%s); %s",
					    fl->old_path, d, days(d), cs, lim, hint);
				else
					add(a, FIND_EDIT_AFTER_CLOSE, hc->id, fl->path, (long)e->commit,
					    "%s %d %s after the case was closed on %s (allowed: %s); %s",
					    fl->change == HIST_TYPECHANGE ? "changed type" : verb,
					    d, days(d), cs, lim, hint);
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
	const struct config *cf = &a->cl->config;
	const char **first = NULL;
	if (!cf->loaded)
		return; /* without caseload.yaml there are no workers to compare with */
	/* every worker's emails, sorted once: tens of thousands of commits ask */
	struct audit_emails known;
	audit_emails_init(&known, cf);
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
		if (audit_emails_has(&known, c->email))
			continue;
		add(a, FIND_UNKNOWN_AUTHOR, case_id, NULL, (long)k,
		    "%s is not the email of any worker in caseload.yaml; add it to the worker's "
		    "emails there, or map it in .mailmap",
		    c->email);
	}
	audit_emails_free(&known);
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
		add(a, FIND_UNCOMMITTED, id, arena_strdup(&a->f->arena, p), -1,
		    "%s; commit it (this finding cannot be reviewed)", what[wt[i].state]);
	}
}

/* ---- ids and reviews ---- */

/* set_ids: KIND/C/FILE, or KIND/C without a file; none for uncommitted. */
static void
set_ids(struct audit *a)
{
	for (size_t i = 0; i < a->f->n; i++) {
		struct finding *x = &a->f->v[i];
		if (!x->commit)
			continue;
		const char *kind = finding_kind_names[x->kind];
		size_t n = strlen(kind) + 14 + (x->file ? strlen(x->file) + 1 : 0) + 1;
		x->id = arena_alloc(&a->f->arena, n);
		snprintf(x->id, n, "%s/%.12s%s%s", kind, x->commit, x->file ? "/" : "",
		         x->file ? x->file : "");
	}
}

/* A finding id a review names, and the oldest commit whose reviews.yaml
 * holds an entry with it. */
struct held {
	const char *id;
	size_t commit; /* SIZE_MAX: none */
};

static int
held_cmp(const void *a, const void *b)
{
	return strcmp(((const struct held *)a)->id, ((const struct held *)b)->id);
}

/* first_holders: for each of v[0..n) (sorted by id), the oldest version of
 * reviews.yaml in the history with an entry for it: each version is read
 * once, oldest first, until every id has one. Returns 0 or -1. */
static int
first_holders(struct audit *a, struct held *v, size_t n)
{
	const struct history *h = a->h;
	size_t left = n;
	for (size_t i = h->nreviews; i-- > 0 && left;) {
		const struct hist_version *ver = &h->reviews[i];
		if (is_zero(ver->id))
			continue;
		struct blob_info *b = blob_info(a, ver->id);
		if (b->seen)
			continue; /* the same text as an older version: nothing new */
		b->seen = 1;
		char *data;
		size_t len;
		if (read_blob(a, ver->id, &data, &len) != 0)
			return -1;
		if (!data)
			continue;
		struct ydoc doc;
		const struct ynode *root = parse_yaml(data, len, &doc);
		for (size_t k = 0; root && root->type == YN_SEQ && k < root->n; k++) {
			const struct ynode *fd = ynode_get(root->kids[k], "finding");
			if (!fd || fd->type != YN_SCALAR || root->kids[k]->type != YN_MAP)
				continue;
			struct held key = {fd->str, 0};
			struct held *x = bsearch(&key, v, n, sizeof(*v), held_cmp);
			if (x && x->commit == SIZE_MAX) {
				x->commit = ver->commit;
				left--;
			}
		}
		ydoc_free(&doc);
		free(data);
	}
	return 0;
}

static int
finding_id_cmp(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	return strcmp(a->id, b->id);
}

static int
unmatched_cmp(const void *pa, const void *pb)
{
	const struct unmatched *a = pa, *b = pb;
	return a->r != b->r ? (a->r < b->r ? -1 : 1) : 0; /* reviews are in file order */
}

static void
unmatched(struct findings *f, const struct review *r, enum unmatched_reason why)
{
	VEC_GROW(f->unmatched, f->nunmatched, f->unmatchedcap);
	f->unmatched[f->nunmatched++] = (struct unmatched){r, why};
}

/* match_reviews: each review that check found nothing wrong with counts for
 * its finding when the first commit whose reviews.yaml held it was made by
 * its reviewer; the others are listed as unmatched. */
static int
match_reviews(struct audit *a)
{
	const struct caseload *cl = a->cl;
	struct findings *f = a->f;
	if (cl->reviews_state != REVIEWS_LOADED || !cl->nreviews)
		return 0;
	struct finding **ix = xmalloc((f->n ? f->n : 1) * sizeof(*ix));
	size_t nix = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].id)
			ix[nix++] = &f->v[i];
	qsort(ix, nix, sizeof(*ix), finding_id_cmp);
	struct finding **match = xcalloc(cl->nreviews, sizeof(*match));
	struct held *held = xmalloc(cl->nreviews * sizeof(*held));
	size_t nheld = 0;
	for (size_t i = 0; i < cl->nreviews; i++) {
		const struct review *r = &cl->reviews[i];
		if (r->bad || !r->finding)
			continue;
		struct finding key = {0}, *kp = &key;
		key.id = r->finding;
		struct finding **m = nix ? bsearch(&kp, ix, nix, sizeof(*ix), finding_id_cmp) : NULL;
		if (!m) {
			if (!a->nonly)
				unmatched(f, r, UNMATCHED_NO_FINDING);
			continue;
		}
		match[i] = *m;
		held[nheld++] = (struct held){r->finding, SIZE_MAX};
	}
	int rc = 0;
	if (nheld) {
		qsort(held, nheld, sizeof(*held), held_cmp);
		size_t u = 0; /* unique ids */
		for (size_t i = 0; i < nheld; i++)
			if (!u || strcmp(held[u - 1].id, held[i].id) != 0)
				held[u++] = held[i];
		nheld = u;
		rc = first_holders(a, held, nheld);
	}
	for (size_t i = 0; rc == 0 && i < cl->nreviews; i++) {
		const struct review *r = &cl->reviews[i];
		if (!match[i])
			continue;
		struct held key = {r->finding, 0};
		const struct held *hd = bsearch(&key, held, nheld, sizeof(*held), held_cmp);
		const struct worker *w = cl_worker(cl, r->by);
		if (hd && hd->commit != SIZE_MAX && w &&
		    audit_email_of(w, a->h->commits[hd->commit].email)) {
			if (!match[i]->review) {
				match[i]->review = r;
				f->nreviewed++;
			}
		} else {
			unmatched(f, r, UNMATCHED_AUTHOR);
		}
	}
	if (f->nunmatched > 1)
		qsort(f->unmatched, f->nunmatched, sizeof(*f->unmatched), unmatched_cmp);
	free(held);
	free(match);
	free(ix);
	return rc;
}

/* ---- the whole ---- */

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
	struct audit a;
	memset(&a, 0, sizeof(a));
	memset(f, 0, sizeof(*f));
	a.f = f;
	a.cl = cl;
	a.h = h;
	a.only = only;
	a.nonly = nonly;
	a.authors = xcalloc(h->ncommits ? h->ncommits : 1, sizeof(*a.authors));
	late_and_future(&a);
	int rc = edits_after_close(&a);
	if (rc == 0)
		rc = future_entries(&a);
	if (rc == 0)
		rc = amendments(&a);
	if (rc == 0) {
		deletions(&a);
		unknown_authors(&a);
		uncommitted(&a, wt, nwt);
		if (f->n)
			qsort(f->v, f->n, sizeof(*f->v), finding_cmp);
		set_ids(&a);
		rc = match_reviews(&a);
	}
	free(a.authors);
	free(a.removals);
	free(a.slots);
	free(a.blobs);
	arena_free(&a.scratch);
	return rc ? -1 : 0;
}

void
findings_free(struct findings *f)
{
	free(f->v);
	free(f->unmatched);
	arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}
