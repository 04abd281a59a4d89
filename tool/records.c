/* records.c: turns each file's YAML tree into the model of records.h,
 * reporting every problem of the file's own shape (keys, types, required
 * fields, enums, ids, dates as values) at the line of the key or value.
 * Nothing here looks at another file or at as-of: the rules between
 * records are check.c's, which reads the positions kept here. A new key is
 * read here (and its problems of shape reported); a new rule about it goes
 * to check.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse_cache.h"
#include "records.h"
#include "ydoc.h"

const char *const role_names[] = {"caseworker", "supervisor", NULL};
const char *const risk_names[] = {"low", "medium", "high", NULL};
const char *const case_status_names[] = {"open", "closed", NULL};
const char *const goal_status_names[] = {"active", "achieved", "dropped", NULL};
const char *const step_status_names[] = {"todo", "done", "dropped", NULL};
const char *const assess_kind_names[] = {"intake", "reassessment", "exit", NULL};
const char *const note_kind_names[] = {"visit",      "phone", "message",  "meeting", "followup",
                                       "collateral", "admin", "feedback", NULL};
const char *const model_names[] = {
	"broker", "clinical", "rehabilitation", "strengths", "full-support", "integrated", NULL};
const char *const language_names[] = {"en", "fr", "fa", "id", NULL};
const char *const metric_names[] = {"exits_permanent", "goals_achieved", "first_assessment_on_time",
                                    "followups_reached", NULL};
const char *const dest_category_names[] = {"permanent", "temporary", "institutional",
                                           "other",     "unknown",   NULL};
const char *const referral_status_names[] = {"sent",     "accepted",  "waitlisted",
                                             "declined", "completed", NULL};

int
note_is_contact(enum note_kind k)
{
	return k == NOTE_VISIT || k == NOTE_PHONE || k == NOTE_MESSAGE || k == NOTE_MEETING ||
	       k == NOTE_FOLLOWUP;
}

int
worker_left(const struct worker *w, int as_of)
{
	return w->has_left && w->left <= as_of;
}

int
flag_open(const struct flag *f, int as_of)
{
	return f->lifted == DATE_NONE || f->lifted > as_of;
}

int
policy_cover_below(const struct config *c)
{
	if (c->policy.has_cover_below)
		return c->policy.cover_below;
	int s = c->scale_min + c->scale_max;
	return s >= 0 ? s / 2 : -((-s + 1) / 2); /* rounded down */
}

struct dur
policy_answer_within(const struct config *c, const struct resource *r)
{
	if (r && r->has_answer_within)
		return r->answer_within;
	if (c->policy.has_referral_answer_within)
		return c->policy.referral_answer_within;
	return (struct dur){14, 'd'};
}

int
consent_end(const struct config *cf, const struct case_record *c)
{
	if (!c->consent_given)
		return DATE_NONE;
	if (c->consent_expires != DATE_NONE)
		return c->consent_expires;
	if (c->consent_signed != DATE_NONE && cf->policy.has_consent_valid)
		return date_add(c->consent_signed, cf->policy.consent_valid);
	return DATE_NONE;
}

/* The loading context of one file. */
struct ld {
	struct caseload *cl;
	const char *file;
	struct arena *a;
};

static void
join_names(struct buf *b, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		if (i)
			buf_puts(b, ", ");
		buf_puts(b, names[i]);
	}
}

/* check_keys: reports each key of map that is not in known. */
static void
check_keys(struct ld *ld, const struct ynode *map, const char *const *known)
{
	if (!map || map->type != YN_MAP)
		return;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];
		size_t j;
		for (j = 0; known[j]; j++)
			if (known[j][0] == k->str[0] && strcmp(known[j], k->str) == 0)
				break;
		if (known[j])
			continue;
		const char *near = nearest(k->str, known);
		if (near) {
			diag_add(&ld->cl->diags, ld->file, k->line, k->col, "unknown-key", NULL,
			         "unknown key '%s'; did you mean '%s'?", k->str, near);
		} else {
			struct buf b = {0};
			buf_puts(&b, "known keys here: ");
			join_names(&b, known);
			diag_add(&ld->cl->diags, ld->file, k->line, k->col, "unknown-key", b.s,
			         "unknown key '%s'", k->str);
			buf_free(&b);
		}
	}
}

/* missing: reports a required key absent from map, at the map's first key. */
static void
missing(struct ld *ld, const struct ynode *map, const char *what, const char *key)
{
	int line = map ? map->line : 0, col = map ? map->col : 0;
	if (map && map->type == YN_MAP && map->n) {
		line = map->kids[0]->line;
		col = map->kids[0]->col;
	}
	/* the day a case was closed, a step done, a goal achieved: say how */
	const char *hint = strcmp(key, "closed") == 0 ? "add closed: YYYY-MM-DD, the day it was closed"
	                   : strcmp(key, "done") == 0 ? "add done: YYYY-MM-DD, the day it was done"
	                   : strcmp(key, "achieved") == 0 ? "add achieved: YYYY-MM-DD, the day it was met"
	                                                  : NULL;
	diag_add(&ld->cl->diags, ld->file, line, col, "missing-field", hint, "%s has no '%s'", what, key);
}

/* node_pos: where n is written ({0, 0} for NULL), for check.c. */
static struct pos
node_pos(const struct ynode *n)
{
	return n ? (struct pos){n->line, n->col} : (struct pos){0, 0};
}

static const char *
type_name(const struct ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a list" : "a string";
}

/* plain_word: s can stand unquoted inside a flow mapping ({reason: s}). */
static int
plain_word(const char *s)
{
	if (!*s || strlen(s) > 40 || strchr("-?!&*|>'\"%@`", *s))
		return 0;
	return strpbrk(s, ",:{}[]#") == NULL;
}

/* bad_type: key's value n is not of the type want. When a single word was
 * written where a mapping is needed (the natural guesses exit: completed,
 * client: Ann Lee, consent: yes), the hint shows the mapping to write. */
static void
bad_type(struct ld *ld, const struct ynode *n, const char *key, const char *want)
{
	struct buf hint = {0};
	if (n->type == YN_SCALAR && strcmp(want, "a mapping") == 0) {
		const char *v = plain_word(n->str) ? n->str : NULL;
		if (strcmp(key, "exit") == 0)
			buf_printf(&hint,
			           "write exit: {reason: %s, destination: permanent-housing}, the reason "
			           "in your words and where the client went",
			           v ? v : "completed");
		else if (strcmp(key, "client") == 0)
			buf_printf(&hint, "write client: {name: %s}", v ? v : "Ann Lee");
		else if (strcmp(key, "consent") == 0)
			buf_puts(&hint, "write consent: {signed: YYYY-MM-DD}, the day the client signed");
	}
	diag_add(&ld->cl->diags, ld->file, n->line, n->col, "bad-type", hint.len ? hint.s : NULL,
	         "'%s' must be %s, not %s", key, want, type_name(n));
	buf_free(&hint);
}

/* get_map: the mapping under key, or NULL (reported when not a mapping). */
static const struct ynode *
get_map(struct ld *ld, const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	if (v && v->type != YN_MAP) {
		bad_type(ld, v, key, "a mapping");
		return NULL;
	}
	return v;
}

/* get_seq: the sequence under key, or NULL (reported when not a sequence). */
static const struct ynode *
get_seq(struct ld *ld, const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	if (v && v->type != YN_SEQ) {
		bad_type(ld, v, key, "a list");
		return NULL;
	}
	return v;
}

/* get_str: the string under key (copied into the arena), or NULL. */
static char *
get_str(struct ld *ld, const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	if (!v)
		return NULL;
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "a string");
		return NULL;
	}
	return arena_strndup(ld->a, v->str, v->len);
}

static char *
req_str(struct ld *ld, const struct ynode *map, const char *what, const char *key)
{
	char *s = get_str(ld, map, key);
	if (!s && !ynode_get(map, key))
		missing(ld, map, what, key);
	return s;
}

static int
is_int(const struct ynode *v)
{
	const char *s = v->str;
	if (v->type != YN_SCALAR || !v->plain)
		return 0;
	if (*s == '-')
		s++;
	if (!*s || strlen(s) > 9)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* get_int: 1 and *out when key holds an integer; 0 when absent or bad. */
static int
node_int(struct ld *ld, const struct ynode *v, const char *key, int *out)
{
	if (!is_int(v)) {
		if (v->type == YN_SCALAR)
			diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-type", NULL,
			         "'%s' must be a whole number, not '%s'", key, v->str);
		else
			bad_type(ld, v, key, "a whole number");
		return 0;
	}
	*out = atoi(v->str);
	return 1;
}

static int
get_int(struct ld *ld, const struct ynode *map, const char *key, int *out)
{
	const struct ynode *v = ynode_get(map, key);
	return v ? node_int(ld, v, key, out) : 0;
}

/* node_date: the date in v, or DATE_NONE after reporting it. */
static int
node_date(struct ld *ld, const struct ynode *v, const char *key)
{
	int d;
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "a date (YYYY-MM-DD)");
		return DATE_NONE;
	}
	int r = date_parse(v->str, &d);
	if (r != 0) {
		/* done: yes, achieved: true: the natural guess; the key takes the day */
		static const char *const said[] = {"yes", "no",   "true",  "false", "y",
		                                   "n",   "on",   "off",   "done",  "Yes",
		                                   "No",  "True", "False", "Done",  NULL};
		struct buf hint = {0};
		for (size_t i = 0; said[i]; i++)
			if (strcmp(v->str, said[i]) == 0)
				buf_printf(&hint, "%s takes the day it happened, not %s", key, v->str);
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-date",
		         hint.len ? hint.s : NULL, "'%s' %s", v->str, date_problem(r));
		buf_free(&hint);
		return DATE_NONE;
	}
	return d;
}

static int
get_date(struct ld *ld, const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	return v ? node_date(ld, v, key) : DATE_NONE;
}

static int
req_date(struct ld *ld, const struct ynode *map, const char *what, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	if (!v) {
		missing(ld, map, what, key);
		return DATE_NONE;
	}
	return node_date(ld, v, key);
}

/* get_enum: the index of key's value in names, or def (reported when unknown). */
static int
get_enum(struct ld *ld, const struct ynode *map, const char *key, const char *const *names, int def)
{
	const struct ynode *v = ynode_get(map, key);
	if (!v)
		return def;
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "a string");
		return def;
	}
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], v->str) == 0)
			return i;
	struct buf b = {0};
	const char *near = nearest(v->str, names);
	if (near)
		buf_printf(&b, "did you mean '%s'? ", near);
	buf_puts(&b, "one of: ");
	join_names(&b, names);
	diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value", b.s,
	         "'%s' is not a valid %s", v->str, key);
	buf_free(&b);
	return def;
}

static void
check_id(struct ld *ld, const struct ynode *v, const char *what)
{
	if (!id_valid(v->str))
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-id",
		         "ids use letters, digits, '-' and '_', start with a letter or digit, "
		         "and have at most 64 characters",
		         "'%s' is not a valid %s id", v->str, what);
}

/* get_list: the strings of the list under key; positions into *pos if asked. */
static char **
get_list(struct ld *ld, const struct ynode *map, const char *key, size_t *n, struct pos **pos)
{
	const struct ynode *v = get_seq(ld, map, key);
	*n = 0;
	if (pos)
		*pos = NULL;
	if (!v)
		return NULL;
	char **out = arena_alloc(ld->a, (v->n ? v->n : 1) * sizeof(*out));
	if (pos)
		*pos = arena_alloc(ld->a, (v->n ? v->n : 1) * sizeof(**pos));
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *it = v->kids[i];
		if (it->type != YN_SCALAR || ynode_is_null(it)) {
			if (it->type != YN_SCALAR)
				bad_type(ld, it, key, "a list of strings");
			continue;
		}
		if (pos)
			(*pos)[*n] = (struct pos){it->line, it->col};
		out[(*n)++] = arena_strndup(ld->a, it->str, it->len);
	}
	return out;
}

static int
get_dur(struct ld *ld, const struct ynode *v, const char *key, struct dur *out)
{
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "a duration such as 90d");
		return 0;
	}
	if (dur_parse(v->str, out, 0) != 0) {
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value",
		         "a duration is a number from 1 to 9999 and d, w, m or y, such as 90d or 6m",
		         "'%s' is not a duration", v->str);
		return 0;
	}
	return 1;
}

/* top_map: the document's root as a mapping, or NULL after reporting it. */
static const struct ynode *
top_map(struct ld *ld, const struct ydoc *doc)
{
	if (!doc->root) {
		diag_add(&ld->cl->diags, ld->file, 0, 0, "missing-field", NULL, "the file is empty");
		return NULL;
	}
	if (doc->root->type != YN_MAP) {
		diag_add(&ld->cl->diags, ld->file, doc->root->line, doc->root->col, "bad-type",
		         NULL, "the file must hold a mapping of keys, not %s", type_name(doc->root));
		return NULL;
	}
	return doc->root;
}

/* load_record: reads file rel (a note or YAML, precord kind) through the
 * parse cache: its size and encoding checked, a note split, the YAML
 * parsed. Returns 0, or -1 after reporting when the text could not be read
 * (*pr is then empty). Free pr with precord_free. */
static int
load_record(struct caseload *cl, struct source *src, const char *rel, int kind, struct precord *pr)
{
	src_record(src, rel, kind, cl->bodies, &cl->diags, pr);
	if (pr->r == SRC_ETOOBIG) {
		diag_add(&cl->diags, rel, 0, 0, "too-large", "split the file or move bulky text out",
		         "the file is %zu bytes; the limit is 1 MiB", pr->len);
		return -1;
	}
	if (pr->r != SRC_OK) {
		diag_add(&cl->diags, rel, 0, 0, "io", NULL, "cannot read: %s", src->err);
		return -1;
	}
	if (!pr->text) {
		precord_free(pr);
		return -1;
	}
	return 0;
}

/* load_yaml: reads and parses file rel into doc. Returns 0, or -1 when the file
 * failed to load (reported). */
static int
load_yaml(struct caseload *cl, struct source *src, const char *rel, struct ydoc *doc)
{
	struct precord pr;
	memset(doc, 0, sizeof(*doc));
	if (load_record(cl, src, rel, PREC_YAML, &pr) != 0)
		return -1;
	int r = pr.parsed ? 0 : -1;
	*doc = pr.doc;
	memset(&pr.doc, 0, sizeof(pr.doc));
	precord_free(&pr);
	return r;
}

/* ---- records looked up by id ----
 * Workers, domains and resources are looked up by id for every record:
 * their indexes sorted by id (then place), and bisected. Each struct has
 * its id first. */
_Static_assert(offsetof(struct worker, id) == 0, "a worker's id comes first");
_Static_assert(offsetof(struct domain, id) == 0, "a domain's id comes first");
_Static_assert(offsetof(struct resource, id) == 0, "a resource's id comes first");

struct id_array {
	const char *base; /* the records */
	size_t stride;    /* the size of one */
};

static const char *
id_at(const struct id_array *v, size_t i)
{
	return *(char *const *)(v->base + i * v->stride);
}

static int
id_order_cmp(const void *pa, const void *pb, void *arg)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = strcmp(id_at(arg, a), id_at(arg, b));
	return c ? c : (a > b) - (a < b);
}

/* id_order: the indexes of v[0..n) (records of stride bytes, id first)
 * sorted by id, then place, in arena a. */
static size_t *
id_order(struct arena *a, const void *v, size_t n, size_t stride)
{
	struct id_array arr = {v, stride};
	size_t *ord = arena_alloc(a, (n ? n : 1) * sizeof(*ord));
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof(*ord), id_order_cmp, &arr);
	return ord;
}

/* id_find: the index of the first of v[0..n) with id, by bisection of
 * order (id_order's), or in order when it is NULL; -1 when none has it. */
static long
id_find(const void *v, size_t n, size_t stride, const size_t *order, const char *id)
{
	struct id_array arr = {v, stride};
	if (!order) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(id_at(&arr, i), id) == 0)
				return (long)i;
		return -1;
	}
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(id_at(&arr, order[mid]), id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(id_at(&arr, order[lo]), id) == 0 ? (long)order[lo] : -1;
}

/* ---- caseload.yaml ---- */

static void
load_instrument(struct ld *ld, const struct ynode *root)
{
	static const char *const keys[] = {"name", "scale", "domains", NULL};
	struct config *c = &ld->cl->config;
	const struct ynode *ins = get_map(ld, root, "instrument");
	c->scale_min = 1;
	c->scale_max = 5;
	if (!ins) {
		if (!ynode_get(root, "instrument"))
			missing(ld, root, "caseload.yaml", "instrument");
		return;
	}
	check_keys(ld, ins, keys);
	c->instrument_name = req_str(ld, ins, "the instrument", "name");
	const struct ynode *sc = get_seq(ld, ins, "scale");
	if (!sc && !ynode_get(ins, "scale"))
		missing(ld, ins, "the instrument", "scale");
	if (sc) {
		int lo, hi;
		if (sc->n != 2) {
			diag_add(&ld->cl->diags, ld->file, sc->line, sc->col, "bad-value", NULL,
			         "'scale' must be two whole numbers [min, max]");
		} else if (node_int(ld, sc->kids[0], "scale", &lo) &&
		           node_int(ld, sc->kids[1], "scale", &hi)) {
			if (lo >= hi)
				diag_add(&ld->cl->diags, ld->file, sc->line, sc->col, "bad-value", NULL,
				         "the scale's minimum %d is not below its maximum %d", lo, hi);
			else {
				c->scale_min = lo;
				c->scale_max = hi;
			}
		}
	}
	const struct ynode *dm = get_map(ld, ins, "domains");
	if (!dm) {
		if (!ynode_get(ins, "domains"))
			missing(ld, ins, "the instrument", "domains");
		return;
	}
	c->domains = arena_alloc(ld->a, (dm->n ? dm->n : 1) * sizeof(*c->domains));
	for (size_t i = 0; i < dm->n; i++) {
		const struct ynode *k = dm->kids[2 * i], *v = dm->kids[2 * i + 1];
		check_id(ld, k, "domain");
		struct domain *d = &c->domains[c->ndomains++];
		d->id = arena_strdup(ld->a, k->str);
		d->label = d->id;
		if (v->type != YN_SCALAR)
			bad_type(ld, v, k->str, "a label");
		else if (!ynode_is_null(v))
			d->label = arena_strdup(ld->a, v->str);
	}
	if (c->ndomains == 0)
		diag_add(&ld->cl->diags, ld->file, dm->line, dm->col, "missing-field", NULL,
		         "the instrument has no domains");
	/* their indexes sorted by id, for cl_domain, and each domain's first
	 * with its id (an instrument may list 100,000 domains: no comparing
	 * each with each) */
	size_t n = c->ndomains, *ord = id_order(ld->a, c->domains, n, sizeof(*c->domains));
	for (size_t i = 0, j; i < n; i = j)
		for (j = i; j < n && strcmp(c->domains[ord[j]].id, c->domains[ord[i]].id) == 0; j++)
			c->domains[ord[j]].first = (int)ord[i];
	c->domain_order = ord;
}

static void
load_workers(struct ld *ld, const struct ynode *root)
{
	static const char *const keys[] = {"name", "email", "emails", "role", "left", NULL};
	struct config *c = &ld->cl->config;
	const struct ynode *wm = get_map(ld, root, "workers");
	if (!wm) {
		if (!ynode_get(root, "workers"))
			missing(ld, root, "caseload.yaml", "workers");
		return;
	}
	if (wm->n == 0)
		diag_add(&ld->cl->diags, ld->file, wm->line, wm->col, "missing-field", NULL,
		         "'workers' needs at least one worker");
	c->workers = arena_alloc(ld->a, (wm->n ? wm->n : 1) * sizeof(*c->workers));
	for (size_t i = 0; i < wm->n; i++) {
		const struct ynode *k = wm->kids[2 * i], *v = wm->kids[2 * i + 1];
		check_id(ld, k, "worker");
		struct worker *w = &c->workers[c->nworkers++];
		memset(w, 0, sizeof(*w));
		w->id = arena_strdup(ld->a, k->str);
		w->name = w->id;
		if (ynode_is_null(v))
			continue;
		if (v->type != YN_MAP) {
			bad_type(ld, v, k->str, "a mapping");
			continue;
		}
		check_keys(ld, v, keys);
		char *name = get_str(ld, v, "name");
		if (name)
			w->name = name;
		w->email = get_str(ld, v, "email");
		w->emails = get_list(ld, v, "emails", &w->nemails, NULL);
		w->role = (enum role)get_enum(ld, v, "role", role_names, ROLE_CASEWORKER);
		w->left = get_date(ld, v, "left");
		w->has_left = w->left != DATE_NONE;
	}
	/* cl_worker looks ids up for every record: by bisection */
	c->worker_order = id_order(ld->a, c->workers, c->nworkers, sizeof(*c->workers));
}

/* load_reassess: reassess_every as one duration or by risk (all three). */
static void
load_reassess(struct ld *ld, const struct ynode *pm, struct program *p)
{
	const struct ynode *v = ynode_get(pm, "reassess_every");
	if (!v)
		return;
	if (v->type == YN_SCALAR) {
		if (get_dur(ld, v, "reassess_every", &p->reassess[0])) {
			p->reassess[1] = p->reassess[2] = p->reassess[0];
			p->has_reassess = 1;
		}
		return;
	}
	if (v->type != YN_MAP) {
		bad_type(ld, v, "reassess_every", "a duration or a mapping by risk");
		return;
	}
	check_keys(ld, v, risk_names);
	int ok = 1;
	for (int r = 0; r < 3; r++) {
		const struct ynode *x = ynode_get(v, risk_names[r]);
		if (!x) {
			missing(ld, v, "'reassess_every' by risk", risk_names[r]);
			ok = 0;
		} else if (!get_dur(ld, x, risk_names[r], &p->reassess[r]))
			ok = 0;
	}
	p->has_reassess = ok;
}

/* percent: the percentage in v ("70%", "70" or "62.5%", from 0 to 100) in
 * tenths into *out: 1, or 0 after reporting it. */
static int
percent(struct ld *ld, const struct ynode *v, const char *key, int *out)
{
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "a percentage such as 70%");
		return 0;
	}
	const char *s = v->str;
	int whole = 0, tenth = 0, digits = 0;
	for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
		whole = whole * 10 + (*s - '0');
	if (digits && *s == '.' && s[1] >= '0' && s[1] <= '9') {
		tenth = s[1] - '0';
		s += 2;
	}
	if (*s == '%')
		s++;
	if (!digits || *s || whole * 10 + tenth > 1000) {
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value",
		         "a percentage is a number from 0 to 100, such as 70% (one decimal at most)",
		         "'%s' is not a percentage from 0 to 100", v->str);
		return 0;
	}
	*out = whole * 10 + tenth;
	return 1;
}

/* load_targets: a program's targets, metric -> percentage (SPEC §7). */
static void
load_targets(struct ld *ld, const struct ynode *pm, struct program *p)
{
	const struct ynode *tm = get_map(ld, pm, "targets");
	if (!tm)
		return;
	check_keys(ld, tm, metric_names);
	for (int m = 0; m < METRIC_N; m++) {
		const struct ynode *x = ynode_get(tm, metric_names[m]);
		if (x && !ynode_is_null(x) && percent(ld, x, metric_names[m], &p->target[m]))
			p->has_target[m] = 1;
	}
}

static void
load_programs(struct ld *ld, const struct ynode *root)
{
	static const char *const keys[] = {"name",      "reassess_every",    "contact_every",
	                                   "followups", "followup_outcomes", "targets",
	                                   NULL};
	struct config *c = &ld->cl->config;
	const struct ynode *pm = get_map(ld, root, "programs");
	if (!pm) {
		if (!ynode_get(root, "programs"))
			missing(ld, root, "caseload.yaml", "programs");
		return;
	}
	if (pm->n == 0)
		diag_add(&ld->cl->diags, ld->file, pm->line, pm->col, "missing-field", NULL,
		         "'programs' needs at least one program");
	c->programs = arena_alloc(ld->a, (pm->n ? pm->n : 1) * sizeof(*c->programs));
	for (size_t i = 0; i < pm->n; i++) {
		const struct ynode *k = pm->kids[2 * i], *v = pm->kids[2 * i + 1];
		check_id(ld, k, "program");
		struct program *p = &c->programs[c->nprograms++];
		memset(p, 0, sizeof(*p));
		p->id = arena_strdup(ld->a, k->str);
		p->name = p->id;
		if (ynode_is_null(v))
			continue;
		if (v->type != YN_MAP) {
			bad_type(ld, v, k->str, "a mapping");
			continue;
		}
		check_keys(ld, v, keys);
		char *name = get_str(ld, v, "name");
		if (name)
			p->name = name;
		load_reassess(ld, v, p);
		const struct ynode *ce = ynode_get(v, "contact_every");
		if (ce)
			p->has_contact = get_dur(ld, ce, "contact_every", &p->contact_every);
		const struct ynode *fu = get_seq(ld, v, "followups");
		if (fu) {
			p->followups = arena_alloc(ld->a, (fu->n ? fu->n : 1) * sizeof(*p->followups));
			for (size_t j = 0; j < fu->n; j++)
				if (get_dur(ld, fu->kids[j], "followups", &p->followups[p->nfollowups]))
					p->nfollowups++;
		}
		if (ynode_get(v, "followup_outcomes") && get_seq(ld, v, "followup_outcomes")) {
			p->followup_outcomes = get_list(ld, v, "followup_outcomes",
			                                &p->nfollowup_outcomes, NULL);
			p->has_followup_outcomes = 1;
		}
		load_targets(ld, v, p);
	}
}

/* load_policy_practice: the policy's keys of SPEC §6. cover_below is a
 * whole number within the instrument's scale (read before it). */
static void
load_policy_practice(struct ld *ld, const struct ynode *pm)
{
	struct config *c = &ld->cl->config;
	struct policy *p = &c->policy;
	const struct ynode *v = ynode_get(pm, "cover_below");
	int n;
	if (v && !ynode_is_null(v) && node_int(ld, v, "cover_below", &n)) {
		if (n < c->scale_min || n > c->scale_max)
			diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value",
			         "a score below it needs a goal in its domain",
			         "'cover_below' must be within the scale, %d to %d, not %d",
			         c->scale_min, c->scale_max, n);
		else {
			p->cover_below = n;
			p->has_cover_below = 1;
		}
	}
	v = ynode_get(pm, "consent_valid");
	if (v)
		p->has_consent_valid = get_dur(ld, v, "consent_valid", &p->consent_valid);
	v = ynode_get(pm, "referral_answer_within");
	if (v)
		p->has_referral_answer_within = get_dur(ld, v, "referral_answer_within",
		                                        &p->referral_answer_within);
}

/* get_bool: key's value, true or false (as YAML writes them: true, True,
 * TRUE, false, ...), into *out; 0 when absent or reported. */
static int
get_bool(struct ld *ld, const struct ynode *map, const char *key, int *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", NULL};
	static const char *const no[] = {"false", "False", "FALSE", NULL};
	const struct ynode *v = ynode_get(map, key);
	if (!v)
		return 0;
	if (v->type != YN_SCALAR) {
		bad_type(ld, v, key, "true or false");
		return 0;
	}
	for (size_t i = 0; yes[i]; i++)
		if (v->plain && (strcmp(v->str, yes[i]) == 0 || strcmp(v->str, no[i]) == 0)) {
			*out = strcmp(v->str, yes[i]) == 0;
			return 1;
		}
	diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value", "write true or false",
	         "'%s' is not true or false", v->str);
	return 0;
}

static void
load_policy(struct ld *ld, const struct ynode *root)
{
	static const char *const keys[] = {"first_assessment_within",
	                                   "plan_within",
	                                   "plan_review_every",
	                                   "due_window",
	                                   "note_late_after",
	                                   "edit_after_close",
	                                   "amend_within",
	                                   "escalate_after",
	                                   "digest_from",
	                                   "names_in_feeds",
	                                   "cover_below",
	                                   "consent_valid",
	                                   "referral_answer_within",
	                                   NULL};
	struct policy *p = &ld->cl->config.policy;
	struct dur *slots[] = {&p->first_assessment_within,
	                       &p->plan_within,
	                       &p->plan_review_every,
	                       &p->due_window,
	                       &p->note_late_after,
	                       &p->edit_after_close,
	                       &p->amend_within,
	                       &p->escalate_after};
	const struct ynode *pm = get_map(ld, root, "policy");
	if (!pm)
		return;
	check_keys(ld, pm, keys);
	for (size_t i = 0; i < sizeof(slots) / sizeof(*slots); i++) {
		const struct ynode *v = ynode_get(pm, keys[i]);
		struct dur d;
		if (v && get_dur(ld, v, keys[i], &d))
			*slots[i] = d;
	}
	char *from = get_str(ld, pm, "digest_from");
	if (from)
		p->digest_from = from;
	get_bool(ld, pm, "names_in_feeds", &p->names_in_feeds);
	load_policy_practice(ld, pm);
}

/* load_destinations: destination -> category (SPEC §7 "Destinations"). */
static void
load_destinations(struct ld *ld, const struct ynode *root)
{
	static const char *const cats[] = {"permanent", "temporary", "institutional", "other", NULL};
	struct config *c = &ld->cl->config;
	const struct ynode *dm = get_map(ld, root, "destinations");
	if (!dm)
		return;
	c->has_destinations = 1;
	c->destinations = arena_alloc(ld->a, (dm->n ? dm->n : 1) * sizeof(*c->destinations));
	for (size_t i = 0; i < dm->n; i++) {
		const struct ynode *k = dm->kids[2 * i], *v = dm->kids[2 * i + 1];
		struct destination *d = &c->destinations[c->ndestinations++];
		d->name = arena_strdup(ld->a, k->str);
		/* the map lists the destination even when its category is wrong */
		d->category = DEST_OTHER;
		if (v->type != YN_SCALAR) {
			bad_type(ld, v, k->str, "a category");
			continue;
		}
		int k2;
		for (k2 = 0; cats[k2] && strcmp(cats[k2], v->str) != 0; k2++)
			;
		if (cats[k2]) {
			d->category = (enum dest_category)k2;
			continue;
		}
		struct buf b = {0};
		const char *near = nearest(v->str, cats);
		if (near)
			buf_printf(&b, "did you mean '%s'? ", near);
		buf_puts(&b, "one of: ");
		join_names(&b, cats);
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value", b.s,
		         "'%s' is not a destination category", v->str);
		buf_free(&b);
	}
}

static void
load_config(struct caseload *cl, struct source *src)
{
	static const char *const keys[] = {"organization", "language", "instrument",   "workers",
	                                   "programs",     "policy",   "destinations", NULL};
	struct config *c = &cl->config;
	struct ydoc doc;
	struct ld ld = {cl, "caseload.yaml", &cl->arena};
	c->language = "en";
	c->policy = (struct policy){.first_assessment_within = {14, 'd'},
	                            .plan_within = {30, 'd'},
	                            .plan_review_every = {90, 'd'},
	                            .due_window = {14, 'd'},
	                            .note_late_after = {3, 'd'},
	                            .edit_after_close = {7, 'd'},
	                            .amend_within = {1, 'd'},
	                            .escalate_after = {14, 'd'},
	                            .digest_from = "caseload@localhost"};
	c->scale_min = 1;
	c->scale_max = 5;
	if (load_yaml(cl, src, "caseload.yaml", &doc) != 0)
		return;
	const struct ynode *root = top_map(&ld, &doc);
	if (root) {
		check_keys(&ld, root, keys);
		c->organization = req_str(&ld, root, "caseload.yaml", "organization");
		c->language = (char *)language_names[get_enum(&ld, root, "language", language_names, 0)];
		load_instrument(&ld, root);
		load_workers(&ld, root);
		load_programs(&ld, root);
		load_policy(&ld, root);
		load_destinations(&ld, root);
		c->loaded = 1;
	}
	ydoc_free(&doc);
}

/* ---- resources ---- */

static void
load_resource(struct caseload *cl, struct source *src, const char *name, struct resource *r)
{
	static const char *const keys[] = {
		"name",        "services",  "domains", "phone", "email",         "address", "hours",
		"eligibility", "languages", "url",     "notes", "answer_within", NULL};
	char *file = xasprintf("resources/%s", name);
	struct ydoc doc;
	struct ld ld = {cl, NULL, &cl->arena};
	memset(r, 0, sizeof(*r));
	r->file = arena_strdup(&cl->arena, file);
	r->id = arena_strndup(&cl->arena, name, strlen(name) - 5);
	ld.file = r->file;
	free(file);
	if (!id_valid(r->id))
		diag_add(&cl->diags, r->file, 0, 0, "bad-id",
		         "rename the file: ids use letters, digits, '-' and '_', start with a letter "
		         "or digit, and have at most 64 characters",
		         "'%s' is not a valid resource id", r->id);
	if (load_yaml(cl, src, r->file, &doc) != 0) {
		r->name = NULL; /* marks a failed file */
		return;
	}
	const struct ynode *root = top_map(&ld, &doc);
	if (root) {
		check_keys(&ld, root, keys);
		r->name = req_str(&ld, root, "the resource", "name");
		r->services = get_list(&ld, root, "services", &r->nservices, NULL);
		r->domains = get_list(&ld, root, "domains", &r->ndomains, &r->domain_pos);
		r->languages = get_list(&ld, root, "languages", &r->nlanguages, NULL);
		r->phone = get_str(&ld, root, "phone");
		r->email = get_str(&ld, root, "email");
		r->address = get_str(&ld, root, "address");
		r->hours = get_str(&ld, root, "hours");
		r->eligibility = get_str(&ld, root, "eligibility");
		r->url = get_str(&ld, root, "url");
		r->notes = get_str(&ld, root, "notes");
		const struct ynode *aw = ynode_get(root, "answer_within");
		if (aw)
			r->has_answer_within = get_dur(&ld, aw, "answer_within", &r->answer_within);
	}
	if (!r->name)
		r->name = r->id;
	ydoc_free(&doc);
}

static void
load_resources(struct caseload *cl, struct source *src)
{
	struct src_ent *ents;
	size_t n;
	if (src_list(src, "resources", &ents, &n) != SRC_OK)
		return;
	cl->resources = arena_alloc(&cl->arena, (n ? n : 1) * sizeof(*cl->resources));
	cl->failed_resources = arena_alloc(&cl->arena, (n ? n : 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ents[i].name);
		if (len <= 5 || strcmp(ents[i].name + len - 5, ".yaml") != 0)
			continue;
		if (ents[i].type == SRC_BADLINK) {
			char *f = xasprintf("resources/%s", ents[i].name);
			diag_add(&cl->diags, f, 0, 0, "symlink", "replace the link with the file itself",
			         "a symlink that leads out of the caseload or in a loop; not followed");
			free(f);
			continue;
		}
		if (ents[i].type != SRC_FILE) {
			char *f = xasprintf("resources/%s", ents[i].name);
			diag_add(&cl->diags, f, 0, 0, "io", "a record must be a regular file",
			         "not a regular file; not read");
			free(f);
			continue;
		}
		struct resource r;
		load_resource(cl, src, ents[i].name, &r);
		if (r.name)
			cl->resources[cl->nresources++] = r;
		else
			cl->failed_resources[cl->nfailed_resources++] = r.id;
	}
	src_ents_free(ents, n);
	/* cl_resource looks ids up for every plan step: by bisection */
	cl->resource_order = id_order(&cl->arena, cl->resources, cl->nresources, sizeof(*cl->resources));
}

/* ---- cases ---- */

/* load_flags: case.yaml's flags, each {date, by, text} and optional
 * review and lifted. Whether `by` is a worker is check.c's. */
static void
load_flags(struct ld *ld, const struct ynode *root, struct case_record *c)
{
	static const char *const keys[] = {"date", "by", "text", "review", "lifted", NULL};
	const struct ynode *fs = get_seq(ld, root, "flags");
	if (!fs)
		return;
	c->flags = arena_alloc(ld->a, (fs->n ? fs->n : 1) * sizeof(*c->flags));
	for (size_t i = 0; i < fs->n; i++) {
		const struct ynode *fm = fs->kids[i];
		if (fm->type != YN_MAP) {
			bad_type(ld, fm, "flags", "a list of mappings");
			continue;
		}
		struct flag *f = &c->flags[c->nflags++];
		memset(f, 0, sizeof(*f));
		f->pos = node_pos(fm);
		check_keys(ld, fm, keys);
		f->date = req_date(ld, fm, "the flag", "date");
		f->date_pos = node_pos(ynode_get(fm, "date"));
		f->by = req_str(ld, fm, "the flag", "by");
		f->by_pos = node_pos(ynode_get(fm, "by"));
		f->text = req_str(ld, fm, "the flag", "text");
		f->review = get_date(ld, fm, "review");
		f->lifted = get_date(ld, fm, "lifted");
	}
}

/* load_case_practice: case.yaml's keys of SPEC §6: the intensity that
 * overrides the program's, and the flags. */
static void
load_case_practice(struct ld *ld, const struct ynode *root, struct case_record *c)
{
	const struct ynode *v = ynode_get(root, "contact_every");
	if (v)
		c->has_contact_every = get_dur(ld, v, "contact_every", &c->contact_every);
	v = ynode_get(root, "reassess_every");
	if (v)
		/* one duration, whatever the risk: a mapping by risk is the program's */
		c->has_reassess_every = get_dur(ld, v, "reassess_every", &c->reassess_every);
	load_flags(ld, root, c);
}

static void
load_case_yaml(struct caseload *cl, struct source *src, struct case_record *c)
{
	static const char *const keys[] = {"client",         "program", "worker", "opened",
	                                   "status",         "closed",  "exit",   "risk",
	                                   "model",          "consent", "tags",   "contact_every",
	                                   "reassess_every", "flags",   NULL};
	static const char *const client_keys[] = {"name",  "born",  "pronouns", "language",
	                                          "phone", "email", "address",  NULL};
	static const char *const exit_keys[] = {"reason", "destination", NULL};
	static const char *const consent_keys[] = {"signed", "expires", "share_with", NULL};
	char *file = xasprintf("cases/%s/case.yaml", c->id);
	struct ld ld = {cl, file, &cl->arena};
	struct ydoc doc;

	if (load_yaml(cl, src, file, &doc) != 0) {
		free(file);
		return;
	}
	const struct ynode *root = top_map(&ld, &doc);
	if (!root) {
		ydoc_free(&doc);
		free(file);
		return;
	}
	check_keys(&ld, root, keys);
	const struct ynode *cm = get_map(&ld, root, "client");
	if (!cm) {
		if (!ynode_get(root, "client"))
			missing(&ld, root, "the case", "client");
	} else {
		check_keys(&ld, cm, client_keys);
		c->client_name = req_str(&ld, cm, "the client", "name");
		c->born = get_date(&ld, cm, "born");
		c->pronouns = get_str(&ld, cm, "pronouns");
		c->client_language = get_str(&ld, cm, "language");
		c->phone = get_str(&ld, cm, "phone");
		c->email = get_str(&ld, cm, "email");
		c->address = get_str(&ld, cm, "address");
	}
	const struct ynode *v;
	c->program = req_str(&ld, root, "the case", "program");
	if (c->program)
		c->program_pos = node_pos(ynode_get(root, "program"));
	c->worker = req_str(&ld, root, "the case", "worker");
	if (c->worker)
		c->worker_pos = node_pos(ynode_get(root, "worker"));
	c->opened = req_date(&ld, root, "the case", "opened");
	if (!ynode_get(root, "status"))
		missing(&ld, root, "the case", "status");
	c->status = (enum case_status)get_enum(&ld, root, "status", case_status_names, CASE_OPEN);
	c->closed = get_date(&ld, root, "closed");
	v = ynode_get(root, "closed");
	if (c->status == CASE_CLOSED && !v && ynode_get(root, "status"))
		missing(&ld, root, "a closed case", "closed");
	if (v)
		c->closed_pos = node_pos(v);
	/* a date against opened or as-of is check.c's */
	if (v && c->closed != DATE_NONE && c->status != CASE_CLOSED)
		diag_add(&cl->diags, file, v->line, v->col, "bad-value",
		         "set 'status: closed' or remove 'closed'",
		         "'closed' is given but the status is not closed");
	const struct ynode *em = get_map(&ld, root, "exit");
	if (em) {
		check_keys(&ld, em, exit_keys);
		c->exit_reason = get_str(&ld, em, "reason");
		c->exit_destination = get_str(&ld, em, "destination");
		if (c->exit_destination)
			c->destination_pos = node_pos(ynode_get(em, "destination"));
	}
	c->risk = (enum risk)get_enum(&ld, root, "risk", risk_names, RISK_MEDIUM);
	int model = get_enum(&ld, root, "model", model_names, -1);
	c->model = model >= 0 ? (char *)model_names[model] : NULL;
	const struct ynode *co = get_map(&ld, root, "consent");
	if (ynode_get_key(root, "consent")) {
		/* no-consent points at the key, also when its value is empty */
		c->consent_given = 1;
		c->consent_pos = node_pos(ynode_get_key(root, "consent"));
	}
	if (co) {
		check_keys(&ld, co, consent_keys);
		c->consent_signed = get_date(&ld, co, "signed");
		c->signed_given = ynode_get(co, "signed") != NULL;
		c->consent_expires = get_date(&ld, co, "expires");
		c->share_with = get_list(&ld, co, "share_with", &c->nshare, &c->share_pos);
	}
	c->tags = get_list(&ld, root, "tags", &c->ntags, NULL);
	load_case_practice(&ld, root, c);
	c->loaded = 1;
	ydoc_free(&doc);
	free(file);
}

/* load_referral: a step's referral (its own shape; whether the step's who
 * is a resource is check.c's), or NULL when there is none or it is not a
 * mapping. */
static struct referral *
load_referral(struct ld *ld, const struct ynode *sm)
{
	static const char *const keys[] = {"sent", "status", "answered", "reason", NULL};
	const struct ynode *rm = get_map(ld, sm, "referral");
	if (!rm)
		return NULL;
	struct referral *r = arena_alloc(ld->a, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->pos = node_pos(rm);
	check_keys(ld, rm, keys);
	r->sent = req_date(ld, rm, "the referral", "sent");
	r->sent_pos = node_pos(ynode_get(rm, "sent"));
	r->status = (enum referral_status)get_enum(ld, rm, "status", referral_status_names, REFERRAL_SENT);
	r->answered = get_date(ld, rm, "answered");
	r->answered_pos = node_pos(ynode_get(rm, "answered"));
	r->reason = get_str(ld, rm, "reason");
	if (r->status != REFERRAL_SENT && !ynode_get(rm, "answered")) {
		char what[48];
		snprintf(what, sizeof(what), "a referral that is %s", referral_status_names[r->status]);
		missing(ld, rm, what, "answered");
	}
	if (r->status == REFERRAL_DECLINED && !ynode_get(rm, "reason"))
		missing(ld, rm, "a declined referral", "reason");
	return r;
}

static void
load_steps(struct ld *ld, const struct ynode *gm, struct goal *g)
{
	static const char *const keys[] = {"action", "who",    "due",      "status",
	                                   "done",   "result", "referral", NULL};
	const struct ynode *sq = get_seq(ld, gm, "steps");
	if (!sq)
		return;
	g->steps = arena_alloc(ld->a, (sq->n ? sq->n : 1) * sizeof(*g->steps));
	for (size_t i = 0; i < sq->n; i++) {
		const struct ynode *sm = sq->kids[i];
		if (sm->type != YN_MAP) {
			bad_type(ld, sm, "steps", "a list of mappings");
			continue;
		}
		struct step *s = &g->steps[g->nsteps++];
		memset(s, 0, sizeof(*s));
		s->pos = (struct pos){sm->line, sm->col};
		check_keys(ld, sm, keys);
		s->action = req_str(ld, sm, "the step", "action");
		s->who = req_str(ld, sm, "the step", "who");
		const struct ynode *w = ynode_get(sm, "who");
		if (w)
			s->who_pos = (struct pos){w->line, w->col};
		s->due = req_date(ld, sm, "the step", "due");
		s->status = (enum step_status)get_enum(ld, sm, "status", step_status_names, STEP_TODO);
		s->done = get_date(ld, sm, "done");
		const struct ynode *dv = ynode_get(sm, "done");
		if (dv)
			s->done_pos = node_pos(dv);
		if (dv && s->done != DATE_NONE) {
			if (s->status != STEP_DONE)
				diag_add(&ld->cl->diags, ld->file, dv->line, dv->col, "bad-value",
				         "set 'status: done' or remove 'done'",
				         "'done' is given but the step's status is not done");
		} else if (!dv && s->status == STEP_DONE)
			missing(ld, sm, "a done step", "done");
		s->result = get_str(ld, sm, "result");
		s->referral = load_referral(ld, sm);
	}
}

static void
load_plan(struct caseload *cl, struct source *src, struct case_record *c)
{
	static const char *const keys[] = {"reviewed", "goals", NULL};
	static const char *const goal_keys[] = {"id",      "statement", "domain", "term",
	                                        "measure", "target",    "status", "achieved",
	                                        "after",   "steps",     NULL};
	static const char *const term_names[] = {"short", "long", NULL};
	char *file = xasprintf("cases/%s/plan.yaml", c->id);
	struct ld ld = {cl, file, &cl->arena};
	struct ydoc doc;
	struct plan *p = &c->plan;

	p->present = 1;
	p->reviewed = DATE_NONE;
	if (load_yaml(cl, src, file, &doc) != 0) {
		free(file);
		return;
	}
	const struct ynode *root = top_map(&ld, &doc);
	if (!root) {
		p->loaded = doc.root == NULL; /* an empty plan is a plan without goals */
		ydoc_free(&doc);
		free(file);
		return;
	}
	p->loaded = 1;
	check_keys(&ld, root, keys);
	p->reviewed = get_date(&ld, root, "reviewed");
	const struct ynode *gs = get_seq(&ld, root, "goals");
	if (gs) {
		p->goals = arena_alloc(&cl->arena, (gs->n ? gs->n : 1) * sizeof(*p->goals));
		for (size_t i = 0; i < gs->n; i++) {
			const struct ynode *gm = gs->kids[i];
			if (gm->type != YN_MAP) {
				bad_type(&ld, gm, "goals", "a list of mappings");
				continue;
			}
			struct goal *g = &p->goals[p->ngoals++];
			memset(g, 0, sizeof(*g));
			g->pos = (struct pos){gm->line, gm->col};
			check_keys(&ld, gm, goal_keys);
			const struct ynode *idn = ynode_get(gm, "id");
			g->id = req_str(&ld, gm, "the goal", "id");
			if (g->id && idn) {
				check_id(&ld, idn, "goal");
				g->id_pos = node_pos(idn);
			}
			g->statement = req_str(&ld, gm, "the goal", "statement");
			g->domain = get_str(&ld, gm, "domain");
			if (g->domain)
				g->domain_pos = node_pos(ynode_get(gm, "domain"));
			g->term_long = get_enum(&ld, gm, "term", term_names, 0);
			g->status = (enum goal_status)get_enum(&ld, gm, "status", goal_status_names,
			                                       GOAL_ACTIVE);
			g->measure = get_str(&ld, gm, "measure");
			g->target = get_date(&ld, gm, "target");
			const struct ynode *tn = ynode_get(gm, "target");
			if (tn)
				g->target_pos = (struct pos){tn->line, tn->col};
			const char *gid = g->id ? g->id : "?";
			int first_line = gm->n ? gm->kids[0]->line : gm->line;
			int first_col = gm->n ? gm->kids[0]->col : gm->col;
			if (g->status != GOAL_DROPPED && !ynode_get(gm, "measure"))
				diag_add(&cl->diags, file, first_line, first_col, "not-smart",
				         "say how you will know it is met, e.g. 'a signed lease'",
				         "goal '%s' has no measure", gid);
			if (g->status != GOAL_DROPPED && !tn)
				diag_add(&cl->diags, file, first_line, first_col, "not-smart",
				         "add 'target: YYYY-MM-DD'", "goal '%s' has no target date", gid);
			g->achieved = get_date(&ld, gm, "achieved");
			const struct ynode *an = ynode_get(gm, "achieved");
			if (an)
				g->achieved_pos = node_pos(an);
			if (an && g->achieved != DATE_NONE) {
				if (g->status != GOAL_ACHIEVED)
					diag_add(&cl->diags, file, an->line, an->col, "bad-value",
					         "set 'status: achieved' or remove 'achieved'",
					         "'achieved' is given but the goal's status is not achieved");
			} else if (!an && g->status == GOAL_ACHIEVED)
				missing(&ld, gm, "an achieved goal", "achieved");
			g->after = get_list(&ld, gm, "after", &g->nafter, &g->after_pos);
			load_steps(&ld, gm, g);
		}
	}
	ydoc_free(&doc);
	free(file);
}

static void
load_assessment(struct caseload *cl, struct source *src, struct case_record *c, const char *name)
{
	static const char *const keys[] = {"date",      "by",    "kind",    "scores",
	                                   "strengths", "needs", "summary", NULL};
	char *file = xasprintf("cases/%s/assessments/%s", c->id, name);
	struct ld ld = {cl, NULL, &cl->arena};
	struct ydoc doc;
	ld.file = arena_strdup(&cl->arena, file);
	free(file);
	if (load_yaml(cl, src, ld.file, &doc) != 0)
		return;
	const struct ynode *root = top_map(&ld, &doc);
	if (!root) {
		ydoc_free(&doc);
		return;
	}
	struct assessment *a = &c->assessments[c->nassessments++];
	memset(a, 0, sizeof(*a));
	a->file = (char *)ld.file;
	check_keys(&ld, root, keys);
	a->date = req_date(&ld, root, "the assessment", "date");
	a->date_pos = node_pos(ynode_get(root, "date"));
	a->by = req_str(&ld, root, "the assessment", "by");
	a->by_pos = node_pos(ynode_get(root, "by"));
	a->kind_given = ynode_get(root, "kind") != NULL;
	a->kind = (enum assess_kind)get_enum(&ld, root, "kind", assess_kind_names, ASSESS_REASSESSMENT);
	const struct ynode *sm = get_map(&ld, root, "scores");
	if (!sm && !ynode_get(root, "scores"))
		missing(&ld, root, "the assessment", "scores");
	if (sm) {
		/* every score as written: whether its domain is the instrument's and
		 * its value on the scale is check.c's to say */
		a->has_scores = 1;
		/* a missing domain is told at the first key (SPEC §4), which is
		 * not the '{' of a flow mapping */
		a->scores_pos = node_pos(sm->n ? sm->kids[0] : sm);
		a->scores = arena_alloc(&cl->arena, (sm->n ? sm->n : 1) * sizeof(*a->scores));
		for (size_t i = 0; i < sm->n; i++) {
			const struct ynode *k = sm->kids[2 * i], *v = sm->kids[2 * i + 1];
			struct score *sc = &a->scores[a->nscores++];
			memset(sc, 0, sizeof(*sc));
			sc->domain = arena_strdup(&cl->arena, k->str);
			const struct domain *dm = cl_domain(cl, sc->domain);
			sc->dom = dm ? (int)(dm - cl->config.domains) : -1;
			sc->pos = node_pos(k);
			sc->value_pos = node_pos(v);
			sc->null = ynode_is_null(v);
			sc->has_value = !sc->null && node_int(&ld, v, k->str, &sc->value);
		}
	}
	a->strengths = get_list(&ld, root, "strengths", &a->nstrengths, NULL);
	a->needs = get_list(&ld, root, "needs", &a->nneeds, NULL);
	a->summary = get_str(&ld, root, "summary");
	ydoc_free(&doc);
}

/* split_front_matter: 0 when the note has front matter (ydoc_front_matter
 * said fm), or -1 after reporting why there is none. */
static int
split_front_matter(struct caseload *cl, const char *file, int fm)
{
	switch (fm) {
	case YFM_OK: return 0;
	case YFM_NONE:
		diag_add(&cl->diags, file, 1, 1, "yaml-syntax",
		         "begin the note with a line '---', then date, by and kind, then '---'",
		         "the note has no front matter");
		break;
	case YFM_FIRST_LINE:
		diag_add(&cl->diags, file, 1, 1, "yaml-syntax", NULL, "the first line must be '---' alone");
		break;
	default:
		diag_add(&cl->diags, file, 1, 1, "yaml-syntax",
		         "end the front matter with a line '---'", "the front matter is not closed");
	}
	return -1;
}

/* kind_named: 1 when s names a kind of note. */
static int
kind_named(const char *s)
{
	for (size_t i = 0; note_kind_names[i]; i++)
		if (strcmp(note_kind_names[i], s) == 0)
			return 1;
	return 0;
}

/* load_followup: a follow-up's reached and outcome (when followup is set)
 * and a feedback's rating (when feedback is set); whether outcome is one
 * of the program's is check.c's. */
static void
load_followup(struct ld *ld, const struct ynode *root, struct note *n, int followup, int feedback)
{
	n->reached = 1;
	n->rating = -1;
	const struct ynode *v = followup ? ynode_get(root, "reached") : NULL;
	if (v && v->type != YN_SCALAR)
		bad_type(ld, v, "reached", "yes or no");
	else if (v && !ynode_is_null(v)) {
		if (strcmp(v->str, "yes") == 0 || strcmp(v->str, "no") == 0)
			n->reached = strcmp(v->str, "yes") == 0;
		else
			diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value",
			         "write 'reached: no' for an attempt that did not reach the client",
			         "'reached' is yes or no, not '%s'", v->str);
	}
	if (followup) {
		n->outcome = get_str(ld, root, "outcome");
		if (n->outcome)
			n->outcome_pos = node_pos(ynode_get(root, "outcome"));
	}
	v = feedback ? ynode_get(root, "rating") : NULL;
	if (v && !ynode_is_null(v) && node_int(ld, v, "rating", &n->rating) &&
	    (n->rating < 1 || n->rating > 5)) {
		diag_add(&ld->cl->diags, ld->file, v->line, v->col, "bad-value", NULL,
		         "a rating is a whole number from 1 to 5, not %d", n->rating);
		n->rating = -1;
	}
}

static void
load_note(struct caseload *cl, struct source *src, struct case_record *c, const char *name)
{
	static const char *const base_keys[] = {"date",    "by",     "kind", "goals",
	                                        "minutes", "amends", NULL};
	/* reached and outcome belong to follow-ups, rating to feedback
	 * (DECISIONS 1); a kind that is no kind allows them all */
	static const char *const followup_keys[] = {
		"date", "by", "kind", "goals", "minutes", "reached", "outcome", "amends", NULL};
	static const char *const feedback_keys[] = {"date",    "by",     "kind",   "goals",
	                                            "minutes", "rating", "amends", NULL};
	static const char *const any_keys[] = {"date",    "by",      "kind",   "goals",  "minutes",
	                                       "reached", "outcome", "rating", "amends", NULL};
	char *f = xasprintf("cases/%s/notes/%s", c->id, name);
	struct ld ld = {cl, arena_strdup(&cl->arena, f), &cl->arena};
	struct ydoc doc;
	struct precord pr;
	free(f);
	if (load_record(cl, src, ld.file, PREC_NOTE, &pr) != 0)
		return;
	if (split_front_matter(cl, ld.file, pr.fm) != 0 || !pr.parsed) {
		precord_free(&pr);
		return;
	}
	doc = pr.doc;
	memset(&pr.doc, 0, sizeof(pr.doc));
	const struct ynode *root = top_map(&ld, &doc);
	if (!root) {
		ydoc_free(&doc);
		precord_free(&pr);
		return;
	}
	struct note *n = &c->notes[c->nnotes++];
	memset(n, 0, sizeof(*n));
	n->file = (char *)ld.file;
	n->date = req_date(&ld, root, "the note", "date");
	n->date_pos = node_pos(ynode_get(root, "date"));
	n->by = req_str(&ld, root, "the note", "by");
	n->by_pos = node_pos(ynode_get(root, "by"));
	if (!ynode_get(root, "kind"))
		missing(&ld, root, "the note", "kind");
	n->kind = (enum note_kind)get_enum(&ld, root, "kind", note_kind_names, NOTE_ADMIN);
	const struct ynode *kv = ynode_get(root, "kind");
	int kind_known = kv && kv->type == YN_SCALAR && kind_named(kv->str);
	check_keys(&ld, root,
	           !kind_known                ? (kv ? any_keys : base_keys)
	           : n->kind == NOTE_FOLLOWUP ? followup_keys
	           : n->kind == NOTE_FEEDBACK ? feedback_keys
	                                      : base_keys);
	load_followup(&ld, root, n, !kind_known || n->kind == NOTE_FOLLOWUP,
	              !kind_known || n->kind == NOTE_FEEDBACK);
	if (kv && kv->type == YN_SCALAR && strcmp(kv->str, note_kind_names[n->kind]) == 0)
		n->kind_pos = node_pos(kv);
	n->goals = get_list(&ld, root, "goals", &n->ngoals, &n->goal_pos);
	n->minutes = -1;
	if (get_int(&ld, root, "minutes", &n->minutes) && n->minutes < 0) {
		const struct ynode *v = ynode_get(root, "minutes");
		diag_add(&cl->diags, ld.file, v->line, v->col, "bad-value", NULL,
		         "minutes cannot be negative");
		n->minutes = -1;
	}
	n->amends = get_str(&ld, root, "amends");
	n->amends_pos = node_pos(ynode_get(root, "amends"));
	/* the body only for commands that show it (cl->bodies); whether it is
	 * blank for all (from the parse cache too) */
	n->body = pr.body ? arena_strndup(&cl->arena, pr.body, pr.body_len) : NULL;
	n->body_line = pr.front.body_line;
	n->body_blank = pr.body_blank;
	if (n->body_blank)
		diag_add(&cl->diags, ld.file, n->body_line - 1, 1, "empty-note",
		         "write what happened, or remove the note",
		         "the note has nothing after its front matter");
	ydoc_free(&doc);
	precord_free(&pr);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a > b && strcmp(s + a - b, suf) == 0;
}

static void
add_attachment(struct caseload *cl, struct source *src, struct case_record *c, const char *name,
               uint64_t size, size_t *cap)
{
	VEC_GROW(c->attachments, c->nattachments, *cap);
	struct attachment *at = &c->attachments[c->nattachments++];
	char *p = xasprintf("cases/%s/%s", c->id, name);
	/* a file gone since its folder was listed is listed with size 0 */
	if (size == SRC_SIZE_UNKNOWN && src_size(src, p, &size) != SRC_OK)
		size = 0;
	at->path = arena_strdup(&cl->arena, p);
	at->name = at->path + strlen("cases/") + strlen(c->id) + 1;
	at->size = size;
	free(p);
}

static void
bad_link(struct caseload *cl, const char *dir, const char *name)
{
	char *f = xasprintf("%s/%s", dir, name);
	diag_add(&cl->diags, f, 0, 0, "symlink", "replace the link with the file itself",
	         "a symlink that leads out of the caseload or in a loop; not followed");
	free(f);
}

/* The most folders walk_attachments lists in one case: links between folders
 * (each followed once, loops refused by the source) could still fan out. */
#define WALK_MAX_FOLDERS 1024

/* A folder as src_list gave it. load_case lists the case folder and its
 * assessments/ and notes/ once, reads the records in them and hands the same
 * listings to walk_attachments: a second listing of each would stat every
 * file again, which at 10,000 cases is a good part of what `check` costs. */
struct listing {
	int listed;           /* 0: not listed (yet) */
	int r;                /* src_list's result */
	struct src_ent *ents; /* NULL unless r is SRC_OK; free with src_ents_free */
	size_t n;
};

struct case_dirs {
	struct listing top, assessments, notes;
};

static void
list_once(struct source *src, const char *dir, struct listing *l)
{
	l->listed = 1;
	l->r = src_list(src, dir, &l->ents, &l->n);
	if (l->r != SRC_OK) {
		l->ents = NULL;
		l->n = 0;
	}
}

/* walk_attachments: every regular file below rel (a folder of the case) that is
 * not a record, bounded in depth and in folders (*folders counts them) so
 * that folders linked into each other cannot hang it. The folders that cd
 * has listed already are not listed again. */
static void
walk_attachments(struct caseload *cl, struct source *src, struct case_record *c, const char *sub,
                 size_t *cap, int depth, size_t *folders, const struct case_dirs *cd)
{
	const struct listing *l = NULL;
	struct listing own = {0, 0, NULL, 0};
	if (depth == 0)
		l = &cd->top;
	else if (depth == 1 && strcmp(sub, "assessments") == 0 && cd->assessments.listed)
		l = &cd->assessments;
	else if (depth == 1 && strcmp(sub, "notes") == 0 && cd->notes.listed)
		l = &cd->notes;
	char *dir = sub[0] ? xasprintf("cases/%s/%s", c->id, sub) : xasprintf("cases/%s", c->id);
	if (++*folders == WALK_MAX_FOLDERS + 1) {
		char *top = xasprintf("cases/%s", c->id);
		diag_add(&cl->diags, top, 0, 0, "symlink", "replace links to folders with the folders",
		         "more than %d folders below the case (folders linked into each other?); "
		         "the rest are not listed",
		         WALK_MAX_FOLDERS);
		free(top);
	}
	int r = SRC_ENOENT;
	if (depth <= 32 && *folders <= WALK_MAX_FOLDERS) {
		if (!l) {
			list_once(src, dir, &own);
			l = &own;
		}
		r = l->r;
	}
	if (r != SRC_OK) {
		/* a folder that cannot be read is reported, never skipped silently */
		if (r == SRC_EIO)
			diag_add(&cl->diags, dir, 0, 0, "io", NULL, "cannot read: %s", src->err);
		free(dir);
		return;
	}
	const struct src_ent *ents = l->ents;
	for (size_t i = 0; i < l->n; i++) {
		const char *nm = ents[i].name;
		char *rel = sub[0] ? xasprintf("%s/%s", sub, nm) : xstrdup(nm);
		int record = (depth == 0 &&
		              (strcmp(nm, "case.yaml") == 0 || strcmp(nm, "plan.yaml") == 0)) ||
		             (depth == 1 && strncmp(sub, "assessments", 12) == 0 &&
		              has_suffix(nm, ".yaml")) ||
		             (depth == 1 && strncmp(sub, "notes", 6) == 0 && has_suffix(nm, ".md"));
		if (record && (ents[i].type == SRC_OTHER || (ents[i].type == SRC_DIR && depth == 0))) {
			/* a FIFO, device or folder by a record's name: not read */
			char *f = xasprintf("%s/%s", dir, nm);
			diag_add(&cl->diags, f, 0, 0, "io", "a record must be a regular file",
			         "not a regular file; not read");
			free(f);
		}
		if (ents[i].type == SRC_BADLINK)
			bad_link(cl, dir, nm);
		else if (ents[i].type == SRC_DIR) {
			/* notes/ and assessments/ too: other files in them are attachments */
			walk_attachments(cl, src, c, rel, cap, depth + 1, folders, cd);
		} else if (ents[i].type == SRC_FILE && !record)
			add_attachment(cl, src, c, rel, ents[i].size, cap);
		free(rel);
	}
	src_ents_free(own.ents, own.n);
	free(dir);
}

static int
assess_cmp(const void *pa, const void *pb)
{
	const struct assessment *a = pa, *b = pb;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->file, b->file);
}

static int
note_cmp(const void *pa, const void *pb)
{
	const struct note *a = pa, *b = pb;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->file, b->file);
}

/* stem_with: name with its extension (after the last '.', not a leading
 * one) replaced by ext: "2026-01-15-visit.txt" -> "2026-01-15-visit.md".
 * The caller frees it. */
static char *
stem_with(const char *name, const char *ext)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	return xasprintf("%.*s%s", (int)n, name, ext);
}

/* check_names: files in the wrong place (SPEC §8), from the listings of
 * the case folder and of its notes/ and assessments/: a file or folder
 * whose name is within two edits of a record's (it is read as an
 * attachment), a note not ending .md, an assessment not ending .yaml.
 * `file-name` warnings of the whole file. */
static void
check_names(struct caseload *cl, const struct case_record *c, const struct case_dirs *cd)
{
	static const char *const right[] = {"notes", "assessments", "case.yaml", "plan.yaml"};
	for (size_t i = 0; i < cd->top.n; i++) {
		const struct src_ent *e = &cd->top.ents[i];
		if (e->type != SRC_FILE && e->type != SRC_DIR)
			continue;
		const char *near = nearest_within(e->name, right, 4, 2);
		if (!near || strcmp(near, e->name) == 0)
			continue;
		char *f = xasprintf("cases/%s/%s", c->id, e->name);
		char *hint = xasprintf("did you mean '%s'? rename it with git mv", near);
		diag_add(&cl->diags, f, 0, 0, "file-name", hint, "'%s' is read as %s, not as %s",
		         e->name, e->type == SRC_DIR ? "a folder of attachments" : "an attachment",
		         near[0] == 'n'   ? "the notes"
		         : near[0] == 'a' ? "the assessments"
		         : near[0] == 'c' ? "the case"
		                          : "the plan");
		free(hint);
		free(f);
	}
	const struct {
		const struct listing *l;
		const char *dir, *ext, *what, *whose;
	} sub[] = {{&cd->notes, "notes", ".md", "a note", "a note's"},
	           {&cd->assessments, "assessments", ".yaml", "an assessment", "an assessment's"}};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < sub[k].l->n; i++) {
			const struct src_ent *e = &sub[k].l->ents[i];
			if (e->type != SRC_FILE || has_suffix(e->name, sub[k].ext))
				continue;
			char *f = xasprintf("cases/%s/%s/%s", c->id, sub[k].dir, e->name);
			char *to = stem_with(e->name, sub[k].ext);
			char *hint = xasprintf("rename it '%s' with git mv", to);
			diag_add(&cl->diags, f, 0, 0, "file-name", hint,
			         "'%s' is read as an attachment, not as %s: %s name ends in %s",
			         e->name, sub[k].what, sub[k].whose, sub[k].ext);
			free(hint);
			free(to);
			free(f);
		}
}

static void
load_case(struct caseload *cl, struct source *src, struct case_record *c)
{
	struct case_dirs cd;
	size_t cap = 0;
	char *dir = xasprintf("cases/%s", c->id);
	memset(&cd, 0, sizeof(cd));
	list_once(src, dir, &cd.top);
	/* has_case: 1 a file, 0 absent, -1 there but unreadable or not a file
	 * (walk_attachments reports that) */
	int has_case = -1, has_plan = 0;
	if (cd.top.r == SRC_OK) {
		has_case = 0;
		for (size_t i = 0; i < cd.top.n; i++) {
			const struct src_ent *e = &cd.top.ents[i];
			if (strcmp(e->name, "case.yaml") == 0)
				has_case = e->type == SRC_FILE ? 1 : -1;
			else if (strcmp(e->name, "plan.yaml") == 0)
				has_plan = e->type == SRC_FILE;
			else if (e->type == SRC_DIR && (strcmp(e->name, "assessments") == 0 ||
			                                strcmp(e->name, "notes") == 0)) {
				/* a link out of the caseload is SRC_BADLINK: never listed */
				char *sub = xasprintf("%s/%s", dir, e->name);
				list_once(src, sub, e->name[0] == 'n' ? &cd.notes : &cd.assessments);
				free(sub);
			}
		}
	}
	c->opened = c->closed = c->born = c->consent_signed = c->consent_expires = DATE_NONE;
	c->risk = RISK_MEDIUM;
	c->plan.reviewed = DATE_NONE;
	if (has_case == 1)
		load_case_yaml(cl, src, c);
	else if (has_case == 0) {
		char *f = xasprintf("%s/case.yaml", dir);
		diag_add(&cl->diags, f, 0, 0, "missing-field",
		         "every case folder needs a case.yaml", "the case has no case.yaml");
		free(f);
	}
	if (has_plan)
		load_plan(cl, src, c);

	const struct listing *l = &cd.assessments;
	c->assessments = arena_alloc(&cl->arena, (l->n ? l->n : 1) * sizeof(*c->assessments));
	for (size_t i = 0; i < l->n; i++)
		if (l->ents[i].type == SRC_FILE && has_suffix(l->ents[i].name, ".yaml"))
			load_assessment(cl, src, c, l->ents[i].name);
	qsort(c->assessments, c->nassessments, sizeof(*c->assessments), assess_cmp);
	for (size_t i = 0; i < c->nassessments; i++)
		if (!c->assessments[i].kind_given)
			c->assessments[i].kind = i == 0 ? ASSESS_INTAKE : ASSESS_REASSESSMENT;

	l = &cd.notes;
	c->notes = arena_alloc(&cl->arena, (l->n ? l->n : 1) * sizeof(*c->notes));
	c->failed_notes = arena_alloc(&cl->arena, (l->n ? l->n : 1) * sizeof(*c->failed_notes));
	for (size_t i = 0; i < l->n; i++)
		if (l->ents[i].type == SRC_FILE && has_suffix(l->ents[i].name, ".md")) {
			size_t before = c->nnotes;
			load_note(cl, src, c, l->ents[i].name);
			/* an addendum may name it: not an unknown note (SPEC §4) */
			if (c->nnotes == before)
				c->failed_notes[c->nfailed_notes++] = arena_strdup(&cl->arena,
				                                                   l->ents[i].name);
		}
	qsort(c->notes, c->nnotes, sizeof(*c->notes), note_cmp);

	check_names(cl, c, &cd);
	size_t folders = 0;
	walk_attachments(cl, src, c, "", &cap, 0, &folders, &cd);
	src_ents_free(cd.top.ents, cd.top.n);
	src_ents_free(cd.assessments.ents, cd.assessments.n);
	src_ents_free(cd.notes.ents, cd.notes.n);
	free(dir);
}

/* ---- reviews.yaml ---- */

/* load_review: one entry of reviews.yaml; r->bad when its shape is wrong. */
static void
load_review(struct ld *ld, const struct ynode *m, struct review *r)
{
	static const char *const keys[] = {"finding", "by", "date", "note", NULL};
	size_t before = ld->cl->diags.n;
	memset(r, 0, sizeof(*r));
	r->date = DATE_NONE;
	r->line = m->line;
	if (m->type != YN_MAP) {
		diag_add(&ld->cl->diags, ld->file, m->line, m->col, "bad-type",
		         "each review is a mapping: finding, by, date, note",
		         "a review must be a mapping, not %s", type_name(m));
		r->bad = 1;
		return;
	}
	check_keys(ld, m, keys);
	const struct ynode *f = ynode_get(m, "finding");
	if (f)
		r->line = f->line;
	r->finding = req_str(ld, m, "the review", "finding");
	r->by = req_str(ld, m, "the review", "by");
	r->by_pos = node_pos(ynode_get(m, "by"));
	r->date = req_date(ld, m, "the review", "date");
	r->date_pos = node_pos(ynode_get(m, "date"));
	r->note = req_str(ld, m, "the review", "note");
	r->bad = ld->cl->diags.n != before;
}

/* load_reviews: reviews.yaml, when there is one (SPEC §5): a list of
 * reviews. One that fails to load, or is not a list, is reported and
 * treated as absent (REVIEWS_FAILED). */
static void
load_reviews(struct caseload *cl, struct source *src)
{
	static const char rel[] = "reviews.yaml";
	struct ld ld = {cl, rel, &cl->arena};
	char *buf = NULL;
	size_t len = 0;
	int r = src_read(src, rel, YDOC_MAX_SIZE, &buf, &len);
	if (r == SRC_ENOENT)
		return;
	cl->reviews_state = REVIEWS_FAILED;
	if (r == SRC_ETOOBIG) {
		diag_add(&cl->diags, rel, 0, 0, "too-large", "split the file or move bulky text out",
		         "the file is %zu bytes; the limit is 1 MiB", len);
		return;
	}
	if (r != SRC_OK) {
		diag_add(&cl->diags, rel, 0, 0, "io", NULL, "cannot read: %s", src->err);
		return;
	}
	struct ydoc doc;
	long start = ydoc_text_check(rel, buf, len, &cl->diags);
	if (start < 0 || ydoc_parse(rel, buf + start, len - (size_t)start, 0, &cl->diags, &doc) != 0) {
		free(buf);
		return;
	}
	free(buf);
	const struct ynode *root = doc.root;
	if (root && root->type != YN_SEQ) {
		diag_add(&cl->diags, rel, root->line, root->col, "bad-type",
		         "reviews.yaml is a list: each entry begins with '- finding:'",
		         "reviews.yaml must hold a list of reviews, not %s", type_name(root));
		ydoc_free(&doc);
		return;
	}
	cl->reviews_state = REVIEWS_LOADED;
	if (root && root->n) {
		cl->reviews = arena_alloc(&cl->arena, root->n * sizeof(*cl->reviews));
		for (size_t i = 0; i < root->n; i++)
			load_review(&ld, root->kids[i], &cl->reviews[cl->nreviews++]);
	}
	ydoc_free(&doc);
}

/* ---- the case folders, on several threads ---- */

/* Each case is loaded on its own into a caseload of the thread's (the
 * shared one's config and resources read, its own arena and problems);
 * the problems are then put back in the order of the cases, so that the
 * result does not depend on which thread took which case. */
struct case_jobs {
	struct caseload *cl;
	void (*each_case)(struct caseload *cl, struct case_record *c);
	struct source *src;
	struct case_record *cases;
	size_t n;
	struct diags *diags; /* each case's problems */
	size_t next;         /* the next case to take (atomic) */
};

struct case_thread {
	struct case_jobs *jobs;
	struct caseload own;
	struct source src; /* the shared source, with an err of this thread's */
};

static void *
case_thread_main(void *arg)
{
	struct case_thread *t = arg;
	struct case_jobs *j = t->jobs;
	src_thread_err(t->src.err);
	for (;;) {
		size_t i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
		if (i >= j->n)
			break;
		t->own.diags = (struct diags){0};
		load_case(&t->own, &t->src, &j->cases[i]);
		if (j->each_case)
			j->each_case(&t->own, &j->cases[i]);
		j->diags[i] = t->own.diags;
	}
	src_thread_err(NULL);
	return NULL;
}

/* load_threads: how many threads load the cases: one per processor, up to
 * 4, one per 32 cases at most; 1 for a source read on one thread. */
static size_t
load_threads(const struct source *src, size_t ncases)
{
	enum { MAX_LOAD_THREADS = 4 };
	if (!src_threads_ok(src))
		return 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus < 1 ? 1 : cpus > MAX_LOAD_THREADS ? MAX_LOAD_THREADS : (size_t)cpus;
	if (n > ncases / 32 + 1)
		n = ncases / 32 + 1;
	return n;
}

/* load_cases: load_case (then each_case, if set) for cases[0..n), in
 * parallel where the source allows it; their problems appended to
 * cl->diags in the order of cases. */
static void
load_cases(struct caseload *cl, struct source *src, struct case_record *cases, size_t n,
           void (*each_case)(struct caseload *cl, struct case_record *c))
{
	size_t nt = load_threads(src, n);
	if (nt <= 1) {
		for (size_t i = 0; i < n; i++) {
			load_case(cl, src, &cases[i]);
			if (each_case)
				each_case(cl, &cases[i]);
		}
		return;
	}
	struct case_jobs j = {cl, each_case, src, cases, n, xcalloc(n, sizeof(struct diags)), 0};
	struct case_thread *t = xcalloc(nt, sizeof(*t));
	for (size_t k = 0; k < nt; k++) {
		t[k].jobs = &j;
		t[k].own = *cl;
		t[k].own.arena = (struct arena){0};
		t[k].own.diags = (struct diags){0};
		t[k].src = *src;
		t[k].src.err[0] = '\0';
	}
	/* a thread that could not start leaves its cases to the others */
	run_on_threads(t, sizeof(*t), nt, case_thread_main);
	for (size_t k = 0; k < nt; k++)
		arena_adopt(&cl->arena, &t[k].own.arena);
	free(t);
	for (size_t i = 0; i < n; i++) {
		diag_move(&cl->diags, &j.diags[i]);
		diag_free(&j.diags[i]);
	}
	free(j.diags);
}

int
caseload_load(struct caseload *cl, struct source *src, int as_of, char *const *only, size_t nonly)
{
	struct load_opts o = {as_of, only, nonly, 1, NULL};
	return caseload_load_with(cl, src, &o);
}

int
caseload_load_with(struct caseload *cl, struct source *src, const struct load_opts *o)
{
	struct src_ent *ents = NULL;
	size_t n = 0;
	char *const *only = o->only;
	size_t nonly = o->nonly;
	memset(cl, 0, sizeof(*cl));
	cl->as_of = o->as_of;
	cl->bodies = o->bodies;
	load_config(cl, src);
	load_resources(cl, src);
	load_reviews(cl, src);
	int r = src_list(src, "cases", &ents, &n);
	if (r == SRC_EIO) {
		diag_add(&cl->diags, "cases", 0, 0, "io", NULL, "cannot read: %s", src->err);
		n = 0;
	}
	for (size_t i = 0; i < nonly; i++) {
		size_t j;
		for (j = 0; j < n; j++)
			if (ents[j].type == SRC_DIR && strcmp(ents[j].name, only[i]) == 0)
				break;
		if (j == n) {
			snprintf(src->err, sizeof(src->err), "no case '%s' in cases/", only[i]);
			src_ents_free(ents, n);
			return -1;
		}
	}
	cl->cases = arena_alloc(&cl->arena, (n ? n : 1) * sizeof(*cl->cases));
	for (size_t i = 0; i < n; i++) {
		const char *nm = ents[i].name;
		if (ents[i].type == SRC_BADLINK) {
			bad_link(cl, "cases", nm);
			continue;
		}
		if (ents[i].type != SRC_DIR)
			continue;
		if (nonly) {
			size_t j;
			for (j = 0; j < nonly && strcmp(only[j], nm) != 0; j++)
				;
			if (j == nonly)
				continue;
		}
		if (!id_valid(nm)) {
			char *f = xasprintf("cases/%s", nm);
			diag_add(&cl->diags, f, 0, 0, "bad-id",
			         "rename the folder: ids use letters, digits, '-' and '_', start with a "
			         "letter or digit, and have at most 64 characters",
			         "'%s' is not a valid case id", nm);
			free(f);
			continue;
		}
		struct case_record *c = &cl->cases[cl->ncases++];
		memset(c, 0, sizeof(*c));
		c->id = arena_strdup(&cl->arena, nm);
	}
	src_ents_free(ents, n);
	load_cases(cl, src, cl->cases, cl->ncases, o->each_case);
	return 0;
}

void
caseload_free(struct caseload *cl)
{
	for (size_t i = 0; i < cl->ncases; i++)
		free(cl->cases[i].attachments);
	diag_free(&cl->diags);
	arena_free(&cl->arena);
	memset(cl, 0, sizeof(*cl));
}

const struct worker *
cl_worker(const struct caseload *cl, const char *id)
{
	const struct config *c = &cl->config;
	long i = id_find(c->workers, c->nworkers, sizeof(*c->workers), c->worker_order, id);
	return i < 0 ? NULL : &c->workers[i];
}

const struct program *
cl_program(const struct caseload *cl, const char *id)
{
	for (size_t i = 0; i < cl->config.nprograms; i++)
		if (strcmp(cl->config.programs[i].id, id) == 0)
			return &cl->config.programs[i];
	return NULL;
}

const struct resource *
cl_resource(const struct caseload *cl, const char *id)
{
	long i = id_find(cl->resources, cl->nresources, sizeof(*cl->resources), cl->resource_order, id);
	return i < 0 ? NULL : &cl->resources[i];
}

const struct domain *
cl_domain(const struct caseload *cl, const char *id)
{
	const struct config *c = &cl->config;
	long i = id_find(c->domains, c->ndomains, sizeof(*c->domains), c->domain_order, id);
	return i < 0 ? NULL : &c->domains[i];
}

enum dest_category
cl_dest_category(const struct caseload *cl, const char *dest)
{
	for (size_t i = 0; dest && i < cl->config.ndestinations; i++)
		if (strcmp(cl->config.destinations[i].name, dest) == 0)
			return cl->config.destinations[i].category;
	return DEST_UNKNOWN;
}

/* case_key: an id against a case, for bsearch */
static int
case_key(const void *key, const void *c)
{
	return strcmp(key, ((const struct case_record *)c)->id);
}

const struct case_record *
cl_case(const struct caseload *cl, const char *id)
{
	return cl->ncases ? bsearch(id, cl->cases, cl->ncases, sizeof(*cl->cases), case_key) : NULL;
}

int
plan_text_has_goals(const char *data, size_t len)
{
	struct diags d = {0};
	struct ydoc doc = {0};
	int has = 0;
	long start = len > YDOC_MAX_SIZE ? -1 : ydoc_text_check("plan.yaml", data, len, &d);
	if (start >= 0 && ydoc_parse("plan.yaml", data + start, len - (size_t)start, 0, &d, &doc) == 0 &&
	    doc.root && doc.root->type == YN_MAP) {
		/* load_plan's count: the mappings of a goals list */
		const struct ynode *gs = ynode_get(doc.root, "goals");
		for (size_t i = 0; gs && gs->type == YN_SEQ && i < gs->n && !has; i++)
			has = gs->kids[i]->type == YN_MAP;
	}
	ydoc_free(&doc);
	diag_free(&d);
	return has;
}
