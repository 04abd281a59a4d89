/* harness.c: an in-memory source, a valid base caseload, and the checks the fuzz
 * targets run on everything the loader produces (see harness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "harness.h"
#include "out.h"
#include "util.h"

struct mem {
	const struct memfile *f;
	size_t n;
	char *err;
};

#define F(p, s) {p, s, sizeof(s) - 1, SRC_FILE}

const struct memfile memsrc_base[] = {
	F("caseload.yaml",
	  "organization: Riverbend Community Services\n"
	  "language: en\n"
	  "instrument:\n"
	  "  name: Outcomes ladder\n"
	  "  scale: [1, 10]\n"
	  "  domains:\n"
	  "    home: Home\n"
	  "    money: Money\n"
	  "    wellbeing: Wellbeing\n"
	  "workers:\n"
	  "  noor:\n"
	  "    name: Noor Haddad\n"
	  "    email: noor@riverbend.example\n"
	  "  pierre:\n"
	  "    name: Pierre Lemaire\n"
	  "    email: pierre@riverbend.example\n"
	  "    emails: [p.lemaire@example.org]\n"
	  "    role: supervisor\n"
	  "programs:\n"
	  "  outreach:\n"
	  "    name: Street Outreach\n"
	  "    reassess_every: {high: 2w, medium: 1m, low: 3m}\n"
	  "    contact_every: 7d\n"
	  "  aftercare:\n"
	  "    name: Aftercare\n"
	  "    reassess_every: 6m\n"
	  "    followups: [1m, 3m]\n"
	  "policy:\n"
	  "  plan_review_every: 60d\n"),
	F("resources/legal-aid.yaml",
	  "name: Riverbend Legal Aid\n"
	  "services: [tenancy advice]\n"
	  "domains: [home]\n"
	  "phone: 555-0100\n"
	  "languages: [en, fr]\n"
	  "notes: |\n"
	  "  Walk-in on *Tuesdays*.\n"),
	F("cases/rb-001/case.yaml",
	  "client:\n"
	  "  name: Yusuf Demir\n"
	  "  born: 1990-02-03\n"
	  "program: outreach\n"
	  "worker: noor\n"
	  "opened: 2026-03-31\n"
	  "status: open\n"
	  "risk: medium\n"
	  "model: strengths\n"
	  "consent:\n"
	  "  signed: 2026-03-31\n"
	  "  share_with: [legal-aid]\n"
	  "tags: [veteran]\n"),
	F("cases/rb-001/plan.yaml",
	  "reviewed: 2026-04-02\n"
	  "goals:\n"
	  "  - id: tenancy\n"
	  "    statement: Keep the flat\n"
	  "    domain: home\n"
	  "    term: long\n"
	  "    measure: No eviction notice by the target date\n"
	  "    target: 2026-07-31\n"
	  "    after: [advice]\n"
	  "    steps:\n"
	  "      - action: Book a tenancy advice appointment\n"
	  "        who: legal-aid\n"
	  "        due: 2026-05-10\n"
	  "      - action: Pay the arrears\n"
	  "        who: client\n"
	  "        due: 2026-04-20\n"
	  "        status: done\n"
	  "        done: 2026-04-19\n"
	  "        result: Paid in full\n"
	  "  - id: advice\n"
	  "    statement: Understand his tenancy rights\n"
	  "    measure: Advice session attended\n"
	  "    target: 2026-05-31\n"
	  "  - id: id-card\n"
	  "    statement: Get an ID card\n"
	  "    status: achieved\n"
	  "    achieved: 2026-04-30\n"
	  "    measure: Card in hand\n"
	  "    target: 2026-05-01\n"),
	F("cases/rb-001/assessments/2026-03-31.yaml",
	  "date: 2026-03-31\n"
	  "by: noor\n"
	  "kind: intake\n"
	  "scores: {home: 2, money: 3, wellbeing: 4}\n"
	  "strengths: [Motivated]\n"
	  "needs: [Stable income]\n"
	  "summary: |\n"
	  "  First meeting.\n"),
	F("cases/rb-001/notes/2026-05-02-visit.md",
	  "---\n"
	  "date: 2026-05-02\n"
	  "by: noor\n"
	  "kind: visit\n"
	  "goals: [tenancy]\n"
	  "minutes: 45\n"
	  "---\n"
	  "Talked about the **rent arrears** letter.\n"),
	F("cases/rb-001/letter.txt", "Dear Mr Demir,\n"),
	F("cases/rb-001/scans/2026/id.pdf", "%PDF-1.4\n"),
	{"cases/rb-001/outside.txt", "", 0, SRC_BADLINK},
	{"cases/rb-001/fifo", "", 0, SRC_OTHER},
	F("cases/rb-002/case.yaml",
	  "client:\n"
	  "  name: Camille Moreau\n"
	  "program: aftercare\n"
	  "worker: pierre\n"
	  "opened: 2025-09-01\n"
	  "status: closed\n"
	  "closed: 2026-03-20\n"
	  "exit: {reason: completed, destination: permanent-housing}\n"),
	F("cases/rb-002/notes/2026-04-25-followup.md",
	  "---\r\n"
	  "date: 2026-04-25\r\n"
	  "by: pierre\r\n"
	  "kind: followup\r\n"
	  "---\r\n"
	  "Doing well.\r\n"),
	F("cases/rb-002/notes/.hidden.md", "not a note\n"),
};

const size_t memsrc_nbase = sizeof(memsrc_base) / sizeof(memsrc_base[0]);

static int
ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct src_ent *)a)->name, ((const struct src_ent *)b)->name);
}

static int
mem_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct mem *m = self;
	size_t rl = strlen(rel), cnt = 0, cap = 0;
	struct src_ent *v = NULL;
	int isdir = rl == 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		const char *p = m->f[i].path;
		if (strcmp(p, rel) == 0) {
			snprintf(m->err, 256, "%s: not a folder", rel);
			free(v);
			return SRC_ENOENT;
		}
		if (rl && (strncmp(p, rel, rl) != 0 || p[rl] != '/'))
			continue;
		isdir = 1;
		const char *name = rl ? p + rl + 1 : p;
		const char *slash = strchr(name, '/');
		size_t nl = slash ? (size_t)(slash - name) : strlen(name);
		if (name[0] == '.')
			continue;
		size_t j;
		for (j = 0; j < cnt; j++)
			if (strlen(v[j].name) == nl && memcmp(v[j].name, name, nl) == 0)
				break;
		if (j < cnt)
			continue;
		VEC_GROW(v, cnt, cap);
		v[cnt].name = xstrndup(name, nl);
		v[cnt].type = slash ? SRC_DIR : m->f[i].type;
		v[cnt].size = slash ? 0 : m->f[i].len;
		cnt++;
	}
	if (!isdir) {
		snprintf(m->err, 256, "%s: no such folder", rel);
		return SRC_ENOENT;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), ent_cmp);
	*out = v;
	*n = cnt;
	return SRC_OK;
}

static int
mem_read(void *self, const char *rel, size_t limit, char **data, size_t *len)
{
	struct mem *m = self;
	*data = NULL;
	*len = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct memfile *f = &m->f[i];
		if (strcmp(f->path, rel) != 0)
			continue;
		if (f->type != SRC_FILE) {
			snprintf(m->err, 256, "%s: not a regular file", rel);
			return SRC_EIO;
		}
		if (limit && f->len > limit) {
			*len = f->len;
			return SRC_ETOOBIG;
		}
		*data = xstrndup(f->data, f->len);
		*len = f->len;
		return SRC_OK;
	}
	snprintf(m->err, 256, "%s: no such file", rel);
	return SRC_ENOENT;
}

static void
mem_free(void *self)
{
	free(self);
}

static const struct source_ops mem_ops = {mem_list, mem_read, mem_free, NULL, NULL};

void
memsrc_open(struct source *src, const struct memfile *files, size_t n)
{
	struct mem *m = xcalloc(1, sizeof(*m));
	memset(src, 0, sizeof(*src));
	m->f = files;
	m->n = n;
	m->err = src->err;
	src->ops = &mem_ops;
	src->self = m;
}

void
harness_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

struct memfile *
harness_files(const char *path, const char *data, size_t len, size_t *n)
{
	struct memfile *v = xmalloc((memsrc_nbase + 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < memsrc_nbase; i++)
		if (strcmp(memsrc_base[i].path, path) != 0)
			v[k++] = memsrc_base[i];
	v[k++] = (struct memfile){path, data, len, SRC_FILE};
	*n = k;
	return v;
}

/* touch: reads every byte of s, so that a dangling or unterminated string
 * shows up under AddressSanitizer. */
static volatile size_t sink;
static void
touch(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void
touch_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		HARNESS_ASSERT(v[i] != NULL);
		touch(v[i]);
	}
}

static int
code_ok(const char *c)
{
	if (!c || !*c)
		return 0;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '-'))
			return 0;
	return 1;
}

static void
check_model(const struct caseload *cl)
{
	const struct config *c = &cl->config;
	touch(c->organization);
	touch(c->language);
	touch(c->instrument_name);
	HARNESS_ASSERT(c->scale_min < c->scale_max);
	for (size_t i = 0; i < c->ndomains; i++) {
		touch(c->domains[i].id);
		touch(c->domains[i].label);
	}
	for (size_t i = 0; i < c->nworkers; i++) {
		const struct worker *w = &c->workers[i];
		touch(w->id);
		touch(w->name);
		touch(w->email);
		touch_list(w->emails, w->nemails);
		HARNESS_ASSERT(role_names[w->role] != NULL);
	}
	for (size_t i = 0; i < c->nprograms; i++) {
		const struct program *p = &c->programs[i];
		touch(p->id);
		touch(p->name);
		for (size_t k = 0; k < p->nfollowups; k++)
			HARNESS_ASSERT(p->followups[k].n >= 1 && p->followups[k].n <= 9999);
	}
	for (size_t i = 0; i < cl->nresources; i++) {
		const struct resource *r = &cl->resources[i];
		HARNESS_ASSERT(r->id && r->file && r->name);
		touch(r->id);
		touch(r->file);
		touch(r->name);
		touch_list(r->services, r->nservices);
		touch_list(r->domains, r->ndomains);
		touch_list(r->languages, r->nlanguages);
		touch(r->phone);
		touch(r->email);
		touch(r->address);
		touch(r->hours);
		touch(r->eligibility);
		touch(r->url);
		touch(r->notes);
	}
	for (size_t i = 0; i < cl->nfailed_resources; i++)
		touch(cl->failed_resources[i]);
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *k = &cl->cases[i];
		HARNESS_ASSERT(id_valid(k->id));
		HARNESS_ASSERT(i == 0 || strcmp(cl->cases[i - 1].id, k->id) < 0);
		HARNESS_ASSERT(cl_case(cl, k->id) == k);
		touch(k->client_name);
		touch(k->pronouns);
		touch(k->client_language);
		touch(k->phone);
		touch(k->email);
		touch(k->address);
		touch(k->program);
		touch(k->worker);
		touch(k->exit_reason);
		touch(k->exit_destination);
		touch(k->model);
		touch_list(k->share_with, k->nshare);
		touch_list(k->tags, k->ntags);
		HARNESS_ASSERT(risk_names[k->risk] && case_status_names[k->status]);
		const struct plan *p = &k->plan;
		HARNESS_ASSERT(p->ngoals == 0 || p->loaded);
		for (size_t g = 0; g < p->ngoals; g++) {
			const struct goal *gl = &p->goals[g];
			touch(gl->id);
			touch(gl->statement);
			touch(gl->domain);
			touch(gl->measure);
			touch_list(gl->after, gl->nafter);
			for (size_t a = 0; a < gl->nafter; a++)
				HARNESS_ASSERT(gl->after_pos[a].line >= 1);
			HARNESS_ASSERT(goal_status_names[gl->status] != NULL);
			for (size_t s = 0; s < gl->nsteps; s++) {
				const struct step *st = &gl->steps[s];
				touch(st->action);
				touch(st->who);
				touch(st->result);
				HARNESS_ASSERT(step_status_names[st->status] != NULL);
				HARNESS_ASSERT(st->pos.line >= 1);
			}
		}
		for (size_t a = 0; a < k->nassessments; a++) {
			const struct assessment *as = &k->assessments[a];
			HARNESS_ASSERT(as->file != NULL);
			touch(as->file);
			touch(as->by);
			touch(as->summary);
			touch_list(as->strengths, as->nstrengths);
			touch_list(as->needs, as->nneeds);
			for (size_t s = 0; s < as->nscores; s++) {
				touch(as->scores[s].domain);
				/* without caseload.yaml there is no scale to hold them to */
				HARNESS_ASSERT(!c->loaded || (as->scores[s].value >= c->scale_min &&
				                              as->scores[s].value <= c->scale_max));
			}
			HARNESS_ASSERT(a == 0 || k->assessments[a - 1].date <= as->date);
			HARNESS_ASSERT(assess_kind_names[as->kind] != NULL);
		}
		for (size_t t = 0; t < k->nnotes; t++) {
			const struct note *nt = &k->notes[t];
			HARNESS_ASSERT(nt->file && nt->body);
			touch(nt->file);
			touch(nt->by);
			touch(nt->body);
			touch_list(nt->goals, nt->ngoals);
			HARNESS_ASSERT(nt->body_line >= 3);
			HARNESS_ASSERT(nt->minutes >= -1);
			HARNESS_ASSERT(t == 0 || k->notes[t - 1].date <= nt->date);
			HARNESS_ASSERT(note_kind_names[nt->kind] != NULL);
		}
		for (size_t t = 0; t < k->nattachments; t++) {
			const struct attachment *at = &k->attachments[t];
			touch(at->path);
			touch(at->name);
			HARNESS_ASSERT(strncmp(at->path, "cases/", 6) == 0);
		}
	}
}

static void
check_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		HARNESS_ASSERT(g->file && g->file[0] && g->file[0] != '/');
		HARNESS_ASSERT(g->line >= 0 && g->col >= 0);
		HARNESS_ASSERT((g->line == 0) == (g->col == 0));
		HARNESS_ASSERT(code_ok(g->code));
		HARNESS_ASSERT(g->sev == diag_severity(g->code));
		HARNESS_ASSERT(g->message != NULL);
		touch(g->message);
		touch(g->hint);
	}
	for (size_t i = 1; i < d->n; i++) {
		const struct diag *a = &d->v[i - 1], *b = &d->v[i];
		int c = strcmp(a->file, b->file);
		HARNESS_ASSERT(c < 0 || (c == 0 && (a->line < b->line ||
		                                    (a->line == b->line && a->col <= b->col))));
		/* each problem is reported once */
		HARNESS_ASSERT(c != 0 || a->line != b->line || a->col != b->col ||
		               strcmp(a->code, b->code) != 0 || strcmp(a->message, b->message) != 0);
	}
}

/* check_writers: the text output ends with its summary, and the JSON output
 * parses back with one entry per diagnostic. */
static void
check_writers(const struct diags *d)
{
	char *text = NULL, *js = NULL;
	size_t tlen = 0, jlen = 0;
	size_t errors, warnings;
	FILE *f = open_memstream(&text, &tlen);
	HARNESS_ASSERT(f != NULL);
	out_diags_text(f, d);
	fclose(f);
	diag_count(d, &errors, &warnings);
	char *want = xasprintf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
	                       warnings, warnings == 1 ? "" : "s");
	size_t wl = strlen(want);
	HARNESS_ASSERT(tlen >= wl && strcmp(text + tlen - wl, want) == 0);
	free(want);
	free(text);

	f = open_memstream(&js, &jlen);
	HARNESS_ASSERT(f != NULL);
	out_diags_json(f, d, NULL);
	fclose(f);
	json_error_t err;
	json_t *root = json_loadb(js, jlen, 0, &err);
	HARNESS_ASSERT(root != NULL);
	HARNESS_ASSERT(json_array_size(json_object_get(root, "diagnostics")) == d->n);
	HARNESS_ASSERT(json_integer_value(json_object_get(root, "errors")) == (json_int_t)errors);
	json_decref(root);
	free(js);
}

size_t
harness_load(const struct memfile *files, size_t n, char *const *only, size_t nonly,
             void (*inspect)(const struct caseload *cl, void *arg), void *arg)
{
	struct source src;
	struct caseload cl;
	memsrc_open(&src, files, n);
	int r = caseload_load(&cl, &src, HARNESS_AS_OF, only, nonly);
	if (r == 0)
		check_caseload(&cl); /* as every command does (cmd_load) */
	size_t nd = cl.diags.n;
	if (r == 0) {
		check_model(&cl);
		diag_sort(&cl.diags);
		check_diags(&cl.diags);
		check_writers(&cl.diags);
		if (inspect)
			inspect(&cl, arg);
	}
	caseload_free(&cl);
	source_close(&src);
	return nd;
}

void
harness_check_tree(const struct ynode *n, int min_line, int depth)
{
	if (!n)
		return;
	HARNESS_ASSERT(depth <= YDOC_MAX_DEPTH || n->type == YN_SCALAR);
	HARNESS_ASSERT(n->line >= min_line && n->col >= 1);
	switch (n->type) {
	case YN_SCALAR:
		HARNESS_ASSERT(n->str != NULL && n->n == 0);
		HARNESS_ASSERT(memchr(n->str, '\0', n->len + 1) != NULL);
		sink += n->len;
		break;
	case YN_SEQ:
		for (size_t i = 0; i < n->n; i++)
			harness_check_tree(n->kids[i], min_line, depth + 1);
		break;
	case YN_MAP:
		for (size_t i = 0; i < n->n; i++) {
			const struct ynode *k = n->kids[2 * i];
			HARNESS_ASSERT(k->type == YN_SCALAR && k->str != NULL);
			/* keys are unique after loading (checked pairwise up to a bound) */
			for (size_t j = 0; j < i && j < 64; j++)
				HARNESS_ASSERT(strcmp(n->kids[2 * j]->str, k->str) != 0);
			if (n->n <= 256)
				HARNESS_ASSERT(ynode_get_key(n, k->str) == k);
			harness_check_tree(k, min_line, depth + 1);
			harness_check_tree(n->kids[2 * i + 1], min_line, depth + 1);
		}
		break;
	}
}
