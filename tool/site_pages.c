/* site_pages.c: one function per page of the site, each building the
 * page's context from the records (and the indexes site.c made) and
 * handing it to its template. Every value from the records goes in with
 * tv_set_str, so the template escapes it; only Markdown rendered by
 * markdown.c and charts from svg.c go in raw. Links are relative to the
 * page, so the site works from file:// and any static host. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "markdown.h"
#include "out.h"
#include "site.h"

/* ---- small helpers ---- */

static void
set_date(struct tv *m, const char *key, int d)
{
	char s[11];
	tv_set_str(m, key, d == DATE_NONE ? NULL : site_date(d, s));
}

/* set_href: key = the URL of site path to as seen from folder from. */
static void
set_href(struct tv *m, const char *key, const char *from, const char *to)
{
	struct buf b = {0};
	md_relative(&b, from, to);
	tv_set_str(m, key, b.s);
	buf_free(&b);
}

static void
set_case_href(struct tv *m, const char *key, const char *from, const char *id)
{
	struct buf b = {0};
	site_case_href(&b, from, id);
	tv_set_str(m, key, b.s);
	buf_free(&b);
}

/* set_worker: worker = the worker's name (or id), worker_href = their page
 * from folder from (null for an unknown or unusable id). */
static void
set_worker(const struct site *s, struct tv *m, const char *from, const char *id)
{
	const struct worker *w = id ? cl_worker(s->cl, id) : NULL;
	tv_set_str(m, "worker", w && w->name ? w->name : id);
	if (w && id_valid(w->id)) {
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", w->id);
		set_href(m, "worker_href", from, path);
	} else {
		tv_set_str(m, "worker_href", NULL);
	}
}

static const char *
program_name(const struct site *s, const char *id)
{
	const struct program *p = id ? cl_program(s->cl, id) : NULL;
	return p && p->name ? p->name : id;
}

static const char *
domain_label(const struct site *s, const char *id)
{
	const struct domain *d = id ? cl_domain(s->cl, id) : NULL;
	return d && d->label ? d->label : id;
}

/* resource_anchor: the id of a resource's section on resources.html. */
static void
resource_anchor(struct buf *b, const struct site *s, const struct resource *r)
{
	if (id_valid(r->id))
		buf_printf(b, "r-%s", r->id);
	else
		buf_printf(b, "r.%zu", (size_t)(r - s->cl->resources));
}

/* goal_anchor: the id of a goal's article on the case page. */
static void
goal_anchor(struct buf *b, const struct plan *pl, size_t g)
{
	const char *id = pl->goals[g].id;
	if (id && id_valid(id))
		buf_printf(b, "goal-%s", id);
	else
		buf_printf(b, "goal.%zu", g + 1);
}

/* set_goal_anchor: anchor = the anchor of goal id of pl (ix its index), or
 * null when pl has no such goal. */
static void
set_goal_anchor(struct tv *m, const struct plan *pl, const struct goal_index *ix, const char *id)
{
	long g = goal_index_find(ix, id);
	if (g < 0) {
		tv_set_str(m, "anchor", NULL);
		return;
	}
	struct buf b = {0};
	goal_anchor(&b, pl, (size_t)g);
	tv_set_str(m, "anchor", b.s);
	buf_free(&b);
}

static int
has_share(const struct case_record *c, const char *res)
{
	for (size_t i = 0; i < c->nshare; i++)
		if (strcmp(c->share_with[i], res) == 0)
			return 1;
	return 0;
}

/* change_text: "+2", "0", "−1" (a real minus sign) in tenths when tenths. */
static void
put_change(struct buf *b, long v, int tenths)
{
	const char *sign = v > 0 ? "+" : v < 0 ? "\xe2\x88\x92" : "";
	unsigned long a = (unsigned long)(v < 0 ? -v : v);
	if (tenths)
		buf_printf(b, "%s%lu.%lu", sign, a / 10, a % 10);
	else
		buf_printf(b, "%s%lu", sign, a);
}

static const char *
change_class(long v)
{
	return v > 0 ? "up" : v < 0 ? "down" : "same";
}

static const char *
client_of(const struct case_record *c)
{
	return c->client_name ? c->client_name : c->id;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* ---- due items ---- */

/* days_text: "3 days ago", "today", "in 1 day". */
static void
put_days(const struct site *s, struct buf *b, int days)
{
	if (days == 0)
		buf_puts(b, lab(s, "today"));
	else if (days == -1)
		buf_puts(b, lab(s, "day_ago"));
	else if (days == 1)
		buf_puts(b, lab(s, "in_day"));
	else if (days < 0)
		lab_put(s, b, "days_ago", -(long)days, NULL);
	else
		lab_put(s, b, "in_days", days, NULL);
}

/* push_item: a row of the items partial for item k, seen from folder from. */
static void
push_item(const struct site *s, struct tv *list, size_t k, const char *from)
{
	const struct site_item *it = &s->items[k];
	static const char *const st[] = {"overdue", "due", "upcoming"};
	struct tv *m = tv_push_map(list);
	struct buf b = {0};
	set_date(m, "due", it->due);
	tv_set_int(m, "days", it->days);
	put_days(s, &b, it->days);
	tv_set_str(m, "days_text", b.s);
	buf_free(&b);
	tv_set_str(m, "status", st[it->status]);
	tv_set_str(m, "case_id", it->c->id);
	set_case_href(m, "case_href", from, it->c->id);
	tv_set_str(m, "client", client_of(it->c));
	set_worker(s, m, from, it->c->worker);
	tv_set_str(m, "what", it->what);
}

/* ---- case rows ---- */

static void
push_case_row(const struct site *s, struct tv *list, size_t i, const char *from)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct case_index *ci = &s->ci[i];
	struct tv *m = tv_push_map(list);
	set_case_href(m, "href", from, c->id);
	tv_set_str(m, "id", c->id);
	tv_set_str(m, "client", client_of(c));
	tv_set_str(m, "program", program_name(s, c->program));
	set_worker(s, m, from, c->worker);
	tv_set_str(m, "status", case_status_names[c->status]);
	tv_set_str(m, "status_label", lab_enum(s, "status_", case_status_names[c->status]));
	tv_set_str(m, "risk", risk_names[c->risk]);
	tv_set_str(m, "risk_label", lab_enum(s, "risk_", risk_names[c->risk]));
	tv_set_int(m, "risk_rank", (long)c->risk);
	set_date(m, "opened", c->opened);
	set_date(m, "next_due", ci->next_due);
	tv_set_int(m, "noverdue", (long)ci->noverdue);
}

/* ---- problems ---- */

/* problem_list: a map {caption, list} of the problems order[lo..hi), or
 * NULL when there are none. link: link each to its case's page. */
static struct tv *
problem_list(const struct site *s, size_t lo, size_t hi, const char *from, int link,
             const char *caption)
{
	if (lo >= hi)
		return NULL;
	struct tv *m = tv_map();
	tv_set_str(m, "caption", caption);
	struct tv *list = tv_set_list(m, "list");
	struct buf b = {0};
	for (size_t k = lo; k < hi; k++) {
		const struct diag *d = &s->cl->diags.v[s->diag_order[k]];
		struct tv *p = tv_push_map(list);
		buf_reset(&b);
		if (d->line > 0)
			buf_printf(&b, "%s:%d:%d", d->file, d->line, d->col);
		else
			buf_puts(&b, d->file);
		tv_set_str(p, "where", b.s);
		const char *sev = d->sev == SEV_ERROR ? "error" : "warning";
		tv_set_str(p, "sev", sev);
		tv_set_str(p, "sev_label", lab_enum(s, "sev_", sev));
		tv_set_str(p, "code", d->code);
		tv_set_str(p, "message", d->message);
		tv_set_str(p, "hint", d->hint);
		const struct case_record *c = NULL;
		if (link && strncmp(d->file, "cases/", 6) == 0) {
			char id[80];
			size_t n = strcspn(d->file + 6, "/");
			if (n < sizeof(id)) {
				memcpy(id, d->file + 6, n);
				id[n] = '\0';
				c = cl_case(s->cl, id);
			}
		}
		if (c) {
			buf_reset(&b);
			site_case_href(&b, from, c->id);
			buf_puts(&b, "#problems");
			tv_set_str(p, "case_href", b.s);
		} else {
			tv_set_str(p, "case_href", NULL);
		}
	}
	buf_free(&b);
	return m;
}

/* ---- the case page ---- */

struct resolver {
	const struct case_record *c;
	struct buf path;
};

/* resolve_attachment: the site path of an attachment of the case. */
static const char *
resolve_attachment(void *arg, const char *repo_path)
{
	struct resolver *r = arg;
	for (size_t i = 0; i < r->c->nattachments; i++)
		if (strcmp(r->c->attachments[i].path, repo_path) == 0) {
			buf_reset(&r->path);
			buf_printf(&r->path, "cases/%s/files/%s", r->c->id, r->c->attachments[i].name);
			return r->path.s;
		}
	return NULL;
}

/* set_markdown: key = text rendered from Markdown found in file (its folder
 * resolves relative paths), for a page in folder page_dir. */
static void
set_markdown(struct tv *m, const char *key, const char *text, const char *file,
             const char *page_dir, struct resolver *res, int heading_offset)
{
	if (!text || !*text) {
		tv_set_str(m, key, NULL);
		return;
	}
	char dir[512];
	const char *slash = strrchr(file, '/');
	size_t n = slash ? (size_t)(slash - file) : 0;
	if (n >= sizeof(dir))
		n = 0;
	memcpy(dir, file, n);
	dir[n] = '\0';
	struct md_opts o = {dir, page_dir, res ? resolve_attachment : NULL, res, heading_offset};
	struct buf b = {0};
	if (md_render(&b, text, strlen(text), &o) == 0)
		tv_set_rawn(m, key, b.s ? b.s : "", b.len);
	else
		tv_set_str(m, key, text);
	buf_free(&b);
}

static void
case_client(const struct site *s, const struct case_record *c, struct tv *m, const char *from)
{
	tv_set_str(m, "pronouns", c->pronouns);
	set_date(m, "born", c->born);
	tv_set_str(m, "language", c->client_language);
	tv_set_str(m, "phone", c->phone);
	tv_set_str(m, "email", c->email);
	tv_set_str(m, "address", c->address);
	set_date(m, "opened", c->opened);
	set_date(m, "closed", c->closed);
	tv_set_str(m, "exit_reason", c->exit_reason);
	tv_set_str(m, "exit_destination", c->exit_destination);
	tv_set_str(m, "model", c->model ? lab_enum(s, "model_", c->model) : NULL);
	set_date(m, "consent_signed", c->consent_signed);
	tv_set_bool(m, "has_share", c->nshare > 0);
	struct tv *sh = tv_set_list(m, "share");
	struct buf b = {0};
	for (size_t i = 0; i < c->nshare; i++) {
		const struct resource *r = cl_resource(s->cl, c->share_with[i]);
		struct tv *x = tv_push_map(sh);
		tv_set_str(x, "name", r && r->name ? r->name : c->share_with[i]);
		if (r) {
			buf_reset(&b);
			md_relative(&b, from, "resources.html");
			buf_putc(&b, '#');
			resource_anchor(&b, s, r);
			tv_set_str(x, "href", b.s);
		} else {
			tv_set_str(x, "href", NULL);
		}
	}
	buf_free(&b);
	tv_set_bool(m, "has_tags", c->ntags > 0);
	struct tv *tags = tv_set_list(m, "tags");
	for (size_t i = 0; i < c->ntags; i++)
		tv_push_str(tags, c->tags[i]);
}

static void
case_plan(const struct site *s, const struct case_record *c, struct tv *m, const char *from,
          const struct goal_index *ix)
{
	const struct plan *pl = &c->plan;
	tv_set_bool(m, "plan_broken", pl->present && !pl->loaded);
	set_date(m, "reviewed", pl->reviewed);
	tv_set_bool(m, "has_goals", pl->ngoals > 0);
	struct tv *goals = tv_set_list(m, "goals");
	size_t *order = xmalloc((pl->ngoals ? pl->ngoals : 1) * sizeof(*order));
	goal_order(pl, ix, order);
	struct buf b = {0};
	for (size_t k = 0; k < pl->ngoals; k++) {
		size_t gi = order[k];
		const struct goal *g = &pl->goals[gi];
		struct tv *x = tv_push_map(goals);
		buf_reset(&b);
		goal_anchor(&b, pl, gi);
		tv_set_str(x, "anchor", b.s);
		tv_set_str(x, "id", g->id);
		tv_set_str(x, "statement", g->statement ? g->statement : g->id);
		tv_set_str(x, "domain", g->domain ? domain_label(s, g->domain) : NULL);
		tv_set_str(x, "term", lab(s, g->term_long ? "term_long" : "term_short"));
		tv_set_str(x, "measure", g->measure);
		set_date(x, "target", g->target);
		tv_set_bool(x, "target_overdue", g->status == GOAL_ACTIVE && g->target != DATE_NONE &&
		                                     g->target < s->cl->as_of && c->status == CASE_OPEN);
		tv_set_str(x, "status", goal_status_names[g->status]);
		tv_set_str(x, "status_label", lab_enum(s, "goal_", goal_status_names[g->status]));
		set_date(x, "achieved", g->achieved);
		tv_set_bool(x, "has_after", g->nafter > 0);
		struct tv *after = tv_set_list(x, "after");
		for (size_t a = 0; a < g->nafter; a++) {
			struct tv *y = tv_push_map(after);
			tv_set_str(y, "id", g->after[a]);
			set_goal_anchor(y, pl, ix, g->after[a]);
		}
		tv_set_bool(x, "has_steps", g->nsteps > 0);
		struct tv *steps = tv_set_list(x, "steps");
		for (size_t t = 0; t < g->nsteps; t++) {
			const struct step *st = &g->steps[t];
			struct tv *y = tv_push_map(steps);
			tv_set_int(y, "n", (long)t + 1);
			tv_set_str(y, "action", st->action);
			const struct resource *r = st->who ? cl_resource(s->cl, st->who) : NULL;
			if (r) {
				buf_reset(&b);
				md_relative(&b, from, "resources.html");
				buf_putc(&b, '#');
				resource_anchor(&b, s, r);
				tv_set_str(y, "who_href", b.s);
				tv_set_str(y, "who", r->name ? r->name : r->id);
			} else {
				tv_set_str(y, "who_href", NULL);
				if (st->who && (strcmp(st->who, "client") == 0 || strcmp(st->who, "worker") == 0))
					tv_set_str(y, "who", lab_enum(s, "who_", st->who));
				else
					tv_set_str(y, "who", st->who);
			}
			set_date(y, "due", st->due);
			tv_set_bool(y, "overdue", st->status == STEP_TODO && g->status == GOAL_ACTIVE &&
			                              c->status == CASE_OPEN && st->due != DATE_NONE &&
			                              st->due < s->cl->as_of);
			tv_set_str(y, "status", step_status_names[st->status]);
			tv_set_str(y, "status_label", lab_enum(s, "step_", step_status_names[st->status]));
			set_date(y, "done", st->done);
			tv_set_str(y, "result", st->result);
		}
	}
	buf_free(&b);
	free(order);
}

static void
case_assessments(const struct site *s, const struct case_record *c, struct tv *m,
                 const char *from, struct resolver *res)
{
	const struct config *cf = &s->cl->config;
	size_t na = c->nassessments, nd = cf->ndomains;
	tv_set_bool(m, "has_assessments", na > 0);
	if (na == 0)
		return;
	int *days = xmalloc(na * sizeof(int));
	char (*labels)[11] = xmalloc(na * sizeof(*labels));
	const char **xl = xmalloc(na * sizeof(char *));
	int *vals = xmalloc((nd ? nd : 1) * na * sizeof(int));
	unsigned char *has = xcalloc((nd ? nd : 1) * na, 1);
	struct svg_series *ser = xmalloc((nd ? nd : 1) * sizeof(*ser));
	for (size_t a = 0; a < na; a++) {
		const struct assessment *as = &c->assessments[a];
		days[a] = as->date == DATE_NONE ? 0 : as->date;
		site_date(as->date, labels[a]);
		xl[a] = labels[a];
		for (size_t k = 0; k < as->nscores; k++)
			for (size_t d = 0; d < nd; d++)
				if (as->scores[k].domain && strcmp(as->scores[k].domain, cf->domains[d].id) == 0) {
					vals[d * na + a] = as->scores[k].value;
					has[d * na + a] = 1;
				}
	}
	for (size_t d = 0; d < nd; d++)
		ser[d] = (struct svg_series){cf->domains[d].label, vals + d * na, has + d * na};
	struct buf b = {0};
	svg_line_chart(&b, "scores", lab(s, "scores_over_time"), cf->scale_min, cf->scale_max, na,
	               days, xl, ser, nd, &s->words);
	tv_set_rawn(m, "chart", b.s, b.len);
	set_date(m, "first_date", c->assessments[0].date);
	set_date(m, "last_date", c->assessments[na - 1].date);
	struct tv *rows = tv_set_list(m, "score_rows");
	for (size_t d = 0; d < nd; d++) {
		size_t first = na, last = na;
		for (size_t a = 0; a < na; a++)
			if (has[d * na + a]) {
				if (first == na)
					first = a;
				last = a;
			}
		struct tv *r = tv_push_map(rows);
		tv_set_str(r, "domain", cf->domains[d].label);
		if (first == na) {
			tv_set_str(r, "first", "");
			tv_set_str(r, "latest", "");
			tv_set_str(r, "change", "");
			tv_set_str(r, "change_class", "none");
			continue;
		}
		tv_set_int(r, "first", vals[d * na + first]);
		tv_set_int(r, "latest", vals[d * na + last]);
		long ch = (long)vals[d * na + last] - vals[d * na + first];
		buf_reset(&b);
		put_change(&b, ch, 0);
		tv_set_str(r, "change", b.s);
		tv_set_str(r, "change_class", change_class(ch));
	}
	/* the assessments themselves, newest first */
	struct tv *list = tv_set_list(m, "assessments");
	for (size_t a = na; a-- > 0;) {
		const struct assessment *as = &c->assessments[a];
		struct tv *x = tv_push_map(list);
		buf_reset(&b);
		buf_printf(&b, "assessment-%zu", a + 1);
		tv_set_str(x, "anchor", b.s);
		set_date(x, "date", as->date);
		tv_set_str(x, "kind", lab_enum(s, "assess_", assess_kind_names[as->kind]));
		const struct worker *w = as->by ? cl_worker(s->cl, as->by) : NULL;
		tv_set_str(x, "by", w && w->name ? w->name : as->by);
		tv_set_bool(x, "has_strengths", as->nstrengths > 0);
		struct tv *l = tv_set_list(x, "strengths");
		for (size_t k = 0; k < as->nstrengths; k++)
			tv_push_str(l, as->strengths[k]);
		tv_set_bool(x, "has_needs", as->nneeds > 0);
		l = tv_set_list(x, "needs");
		for (size_t k = 0; k < as->nneeds; k++)
			tv_push_str(l, as->needs[k]);
		set_markdown(x, "summary", as->summary, as->file, from, res, 3);
	}
	buf_free(&b);
	free(days);
	free(labels);
	free(xl);
	free(vals);
	free(has);
	free(ser);
}

static void
case_notes(const struct site *s, const struct case_record *c, struct tv *m, const char *from,
           struct resolver *res, const struct goal_index *ix)
{
	tv_set_bool(m, "has_notes", c->nnotes > 0);
	struct tv *list = tv_set_list(m, "notes");
	struct buf b = {0};
	for (size_t k = c->nnotes; k-- > 0;) {
		const struct note *n = &c->notes[k];
		struct tv *x = tv_push_map(list);
		buf_reset(&b);
		buf_printf(&b, "note-%zu", k + 1);
		tv_set_str(x, "anchor", b.s);
		set_date(x, "date", n->date);
		tv_set_str(x, "kind", lab_enum(s, "note_", note_kind_names[n->kind]));
		const struct worker *w = n->by ? cl_worker(s->cl, n->by) : NULL;
		tv_set_str(x, "by", w && w->name ? w->name : n->by);
		if (n->minutes >= 0) {
			buf_reset(&b);
			tv_set_str(x, "minutes", lab_put(s, &b, "minutes", n->minutes, NULL));
		} else {
			tv_set_str(x, "minutes", NULL);
		}
		/* late or dated ahead: the audit's own findings, not a rule of ours */
		const struct finding *f = n->file ? site_note_finding(s, n->file) : NULL;
		tv_set_bool(x, "late", f && f->kind == FIND_LATE_NOTE);
		tv_set_bool(x, "ahead", f && f->kind == FIND_FUTURE_NOTE);
		if (f && n->date != DATE_NONE && f->date != DATE_NONE) {
			buf_reset(&b);
			int d = f->kind == FIND_LATE_NOTE ? f->date - n->date : n->date - f->date;
			lab_put(s, &b, f->kind == FIND_LATE_NOTE ? "late_note_title" : "ahead_note_title",
			        d, NULL);
			tv_set_str(x, "late_title", b.s);
		} else {
			tv_set_str(x, "late_title", NULL);
		}
		tv_set_bool(x, "has_goals", n->ngoals > 0);
		struct tv *gl = tv_set_list(x, "goals");
		for (size_t g = 0; g < n->ngoals; g++) {
			struct tv *y = tv_push_map(gl);
			tv_set_str(y, "id", n->goals[g]);
			set_goal_anchor(y, &c->plan, ix, n->goals[g]);
		}
		set_markdown(x, "body", n->body, n->file, from, res, 3);
		tv_set_bool(x, "redacted_body", s->o->redact);
	}
	buf_free(&b);
}

static void
case_referrals(const struct site *s, const struct case_record *c, struct tv *m,
               const char *from)
{
	struct tv *list = tv_set_list(m, "referrals");
	struct buf b = {0};
	size_t n = 0;
	for (size_t g = 0; g < c->plan.ngoals; g++) {
		const struct goal *gl = &c->plan.goals[g];
		for (size_t t = 0; t < gl->nsteps; t++) {
			const struct step *st = &gl->steps[t];
			const struct resource *r = st->who ? cl_resource(s->cl, st->who) : NULL;
			if (!r)
				continue;
			struct tv *x = tv_push_map(list);
			n++;
			tv_set_str(x, "resource", r->name ? r->name : r->id);
			buf_reset(&b);
			md_relative(&b, from, "resources.html");
			buf_putc(&b, '#');
			resource_anchor(&b, s, r);
			tv_set_str(x, "href", b.s);
			tv_set_str(x, "action", st->action);
			tv_set_str(x, "goal", gl->id);
			buf_reset(&b);
			goal_anchor(&b, &c->plan, g);
			tv_set_str(x, "goal_anchor", b.s);
			set_date(x, "due", st->due);
			tv_set_str(x, "status", step_status_names[st->status]);
			tv_set_str(x, "status_label", lab_enum(s, "step_", step_status_names[st->status]));
			tv_set_bool(x, "consent", has_share(c, r->id));
		}
	}
	tv_set_bool(m, "has_referrals", n > 0);
	buf_free(&b);
}

static void
put_size(struct buf *b, unsigned long long n)
{
	if (n < 1024)
		buf_printf(b, "%llu B", n);
	else if (n < 1024 * 1024)
		buf_printf(b, "%llu KB", (n + 1023) / 1024);
	else
		buf_printf(b, "%llu.%llu MB", n / (1024 * 1024), n % (1024 * 1024) * 10 / (1024 * 1024));
}

static void
case_attachments(const struct case_record *c, struct tv *m)
{
	tv_set_bool(m, "has_attachments", c->nattachments > 0);
	struct tv *list = tv_set_list(m, "attachments");
	struct buf b = {0};
	for (size_t i = 0; i < c->nattachments; i++) {
		const struct attachment *a = &c->attachments[i];
		struct tv *x = tv_push_map(list);
		tv_set_str(x, "name", a->name);
		buf_reset(&b);
		buf_puts(&b, "files/");
		md_path_url(&b, a->name);
		tv_set_str(x, "href", b.s);
		buf_reset(&b);
		put_size(&b, a->size);
		tv_set_str(x, "size", b.s);
	}
	buf_free(&b);
}

/* is_record: 1 when path (relative to the caseload folder) is one of case
 * id's records (case.yaml, plan.yaml, an assessment, a note) rather than an
 * attachment. */
static int
is_record(const char *id, const char *path)
{
	size_t n = strlen(id);
	if (strncmp(path, "cases/", 6) != 0 || strncmp(path + 6, id, n) != 0 || path[6 + n] != '/')
		return 0;
	const char *rel = path + 7 + n;
	size_t l = strlen(rel);
	if (strcmp(rel, "case.yaml") == 0 || strcmp(rel, "plan.yaml") == 0)
		return 1;
	if (strncmp(rel, "assessments/", 12) == 0 && !strchr(rel + 12, '/') && l > 17 &&
	    strcmp(rel + l - 5, ".yaml") == 0)
		return 1;
	return strncmp(rel, "notes/", 6) == 0 && !strchr(rel + 6, '/') && l > 9 &&
	       strcmp(rel + l - 3, ".md") == 0;
}

/* put_case_path: path as seen from case id's folder when it is inside it;
 * with --redact an attachment's name is left out. */
static void
put_case_path(const struct site *s, struct buf *b, const char *id, const char *path)
{
	size_t n = strlen(id);
	if (s->o->redact && !is_record(id, path)) {
		buf_puts(b, lab(s, "attachment_redacted"));
		return;
	}
	if (strncmp(path, "cases/", 6) == 0 && strncmp(path + 6, id, n) == 0 && path[6 + n] == '/')
		buf_puts(b, path + 7 + n);
	else
		buf_puts(b, path);
}

/* case_history: the commits that changed the case, newest first, each with
 * the files it changed and their lines added and removed; the commit that
 * first added a late note (by the audit's rule) marks it. */
static void
case_history(const struct site *s, size_t i, struct tv *m)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct hist_case *hc = s->ci[i].hist;
	tv_set_bool(m, "have_history", s->have_history);
	tv_set_str(m, "history_why", s->history_why);
	tv_set_bool(m, "has_commits", hc && hc->nentries > 0);
	if (s->have_history && s->sh->at) {
		struct buf a = {0};
		tv_set_str(m, "history_at", lab_put(s, &a, "history_at", 0, s->sh->at));
		buf_free(&a);
	}
	const struct case_index *ci = &s->ci[i];
	if (s->have_history && ci->wt_hi > ci->wt_lo) {
		static const char *const states[] = {
			[HIST_WT_UNTRACKED] = "wt_untracked", [HIST_WT_STAGED_NEW] = "wt_staged_new",
			[HIST_WT_MODIFIED] = "wt_modified",   [HIST_WT_DELETED] = "wt_deleted",
			[HIST_WT_TYPECHANGE] = "wt_typechange",
		};
		struct tv *ul = tv_set_list(tv_set_map(m, "uncommitted"), "list");
		struct buf p = {0};
		for (size_t k = ci->wt_lo; k < ci->wt_hi; k++) {
			const struct hist_wt *w = &s->sh->wt[k];
			struct tv *y = tv_push_map(ul);
			buf_reset(&p);
			put_case_path(s, &p, c->id, w->path);
			tv_set_str(y, "path", p.s);
			tv_set_str(y, "state", lab(s, states[w->state]));
		}
		buf_free(&p);
	}
	if (!hc)
		return;
	struct tv *list = tv_set_list(m, "commits");
	struct buf b = {0};
	char d[11];
	for (size_t k = 0; k < hc->nentries; k++) {
		const struct hist_entry *e = &hc->entries[k];
		const struct hist_commit *cm = &s->hist->commits[e->commit];
		struct tv *x = tv_push_map(list);
		tv_set_str(x, "date", site_date(cm->date, d));
		tv_set_str(x, "author", cm->author);
		tv_set_str(x, "id", cm->id);
		tv_set_strn(x, "short", cm->id, 10);
		/* a subject may name the client: not in a redacted copy */
		tv_set_str(x, "subject", s->o->redact ? NULL : cm->subject);
		struct tv *fl = tv_set_list(x, "files");
		for (size_t j = 0; j < e->nfiles; j++) {
			const struct hist_file *f = &e->files[j];
			struct tv *y = tv_push_map(fl);
			buf_reset(&b);
			put_case_path(s, &b, c->id, f->path);
			tv_set_str(y, "path", b.s);
			if (f->change == HIST_RENAMED && f->old_path) {
				buf_reset(&b);
				put_case_path(s, &b, c->id, f->old_path);
				tv_set_str(y, "from", b.s);
			} else {
				tv_set_str(y, "from", NULL);
			}
			tv_set_str(y, "change", hist_change_names[f->change]);
			tv_set_str(y, "change_label", lab_enum(s, "change_", hist_change_names[f->change]));
			tv_set_bool(y, "counted", f->added >= 0 && f->removed >= 0);
			tv_set_int(y, "added", f->added);
			tv_set_int(y, "removed", f->removed);
			const struct finding *nf = site_note_finding(s, f->path);
			int mark = nf && strcmp(nf->commit, cm->id) == 0;
			tv_set_bool(y, "late", mark && nf->kind == FIND_LATE_NOTE);
			tv_set_bool(y, "ahead", mark && nf->kind == FIND_FUTURE_NOTE);
		}
	}
	buf_free(&b);
}

int
page_case(struct site *s, size_t i, struct buf *b)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct case_index *ci = &s->ci[i];
	char from[96], path[128];
	snprintf(from, sizeof(from), "cases/%s", c->id);
	snprintf(path, sizeof(path), "cases/%s/index.html", c->id);
	mkdirat(s->dirfd, from, 0755); /* saves site_write a failed open */
	struct buf t = {0};
	buf_printf(&t, "%s · %s", c->id, client_of(c));
	struct tv *m = site_ctx(s, path, t.s, "cases");
	buf_free(&t);
	tv_set_str(m, "id", c->id);
	tv_set_bool(m, "loaded", c->loaded);
	tv_set_str(m, "client", client_of(c));
	tv_set_str(m, "status", case_status_names[c->status]);
	tv_set_str(m, "status_label", lab_enum(s, "status_", case_status_names[c->status]));
	tv_set_str(m, "risk", risk_names[c->risk]);
	tv_set_str(m, "risk_label", lab_enum(s, "risk_", risk_names[c->risk]));
	tv_set_str(m, "program", program_name(s, c->program));
	set_worker(s, m, from, c->worker);

	tv_set_bool(m, "has_items", ci->ndue > 0);
	tv_set_bool(m, "hide_worker", 1);
	tv_set_str(m, "caption", lab(s, "overdue_and_due"));
	struct tv *items = tv_set_list(m, "items");
	for (size_t k = 0; k < ci->nitems; k++)
		if (s->items[ci->items[k]].status <= 1)
			push_item(s, items, ci->items[k], from);
	tv_set_int(m, "noverdue", (long)ci->noverdue);
	if (ci->noverdue) {
		struct buf o = {0};
		buf_printf(&o, "%zu %s", ci->noverdue, lab(s, "overdue_mark"));
		tv_set_str(m, "noverdue_text", o.s);
		buf_free(&o);
	}

	struct resolver res = {c, {0}};
	struct goal_index ix;
	goal_index_make(&ix, &c->plan);
	case_client(s, c, m, from);
	case_plan(s, c, m, from, &ix);
	case_assessments(s, c, m, from, &res);
	case_notes(s, c, m, from, &res, &ix);
	goal_index_free(&ix);
	case_referrals(s, c, m, from);
	case_attachments(c, m);
	buf_free(&res.path);
	tv_set(m, "problems",
	       problem_list(s, ci->diag_lo, ci->diag_hi, from, 0, lab(s, "case_problems")));
	case_history(s, i, m);
	return site_render(s, b, "case", m, path);
}

int
copy_attachments(struct site *s, struct buf *b)
{
	(void)b;
	if (s->o->redact)
		return 0;
	for (size_t i = 0; i < s->cl->ncases; i++) {
		const struct case_record *c = &s->cl->cases[i];
		for (size_t k = 0; k < c->nattachments; k++) {
			const struct attachment *a = &c->attachments[k];
			char *data = NULL;
			size_t len = 0;
			if (src_read(s->src, a->path, 0, &data, &len) != SRC_OK) {
				site_fail(s, "cannot read the attachment %s", a->path);
				free(data);
				return -1;
			}
			char *to = xasprintf("cases/%s/files/%s", c->id, a->name);
			int rc = site_write(s, to, data, len);
			free(to);
			free(data);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- the dashboard ---- */

static size_t
count_open(const struct caseload *cl)
{
	size_t n = 0;
	for (size_t i = 0; i < cl->ncases; i++)
		n += cl->cases[i].loaded && cl->cases[i].status == CASE_OPEN;
	return n;
}

static size_t
count_items(const struct site *s, int status)
{
	size_t n = 0;
	for (size_t k = 0; k < s->nitems; k++)
		n += s->items[k].status == status;
	return n;
}

static void
set_due_within(const struct site *s, struct tv *m)
{
	struct buf b = {0};
	long days = (long)(s->window_end - s->cl->as_of);
	tv_set_str(m, "due_within", lab_put(s, &b, "due_within", days, NULL));
	buf_free(&b);
}

/* open_of_worker: the number of open cases of worker w. */
static size_t
open_of_worker(const struct site *s, size_t w)
{
	size_t n = 0;
	for (size_t k = 0; k < s->nworker_cases[w]; k++) {
		const struct case_record *c = &s->cl->cases[s->worker_cases[w][k]];
		n += c->loaded && c->status == CASE_OPEN;
	}
	return n;
}

#define DASHBOARD_ITEMS 25

int
page_dashboard(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "index.html", lab(s, "dashboard"), "dashboard");
	size_t nopen = count_open(cl), nover = count_items(s, 0), ndue = count_items(s, 1);
	size_t errors, warnings;
	diag_count(&cl->diags, &errors, &warnings);
	tv_set_int(m, "n_open", (long)nopen);
	tv_set_int(m, "n_overdue", (long)nover);
	tv_set_int(m, "n_due", (long)ndue);
	tv_set_int(m, "n_problems", (long)(errors + warnings));
	set_due_within(s, m);
	struct buf t = {0};
	char x[32];
	snprintf(x, sizeof(x), "%zu", warnings);
	tv_set_str(m, "problems_text", lab_put(s, &t, "problems_count", (long)errors, x));

	/* overdue and due, the first few */
	tv_set_bool(m, "has_items", nover + ndue > 0);
	tv_set_str(m, "caption", lab(s, "overdue_and_due"));
	tv_set_bool(m, "hide_worker", 0);
	struct tv *items = tv_set_list(m, "items");
	size_t shown = 0;
	for (size_t k = 0; k < s->nitems && shown < DASHBOARD_ITEMS; k++)
		if (s->items[k].status <= 1) {
			push_item(s, items, k, "");
			shown++;
		}
	if (nover + ndue > shown) {
		buf_reset(&t);
		tv_set_str(m, "more", lab_put(s, &t, "more_items", (long)(nover + ndue - shown), NULL));
	}

	/* caseload per worker: a chart, and a table by program */
	size_t nw = cl->config.nworkers, np = cl->config.nprograms;
	struct svg_bar *bars = xmalloc((nw ? nw : 1) * sizeof(*bars));
	struct tv *programs = tv_set_list(m, "programs");
	for (size_t p = 0; p < np; p++) {
		struct tv *x = tv_push_map(programs);
		tv_set_str(x, "name", cl->config.programs[p].name ? cl->config.programs[p].name
		                                                 : cl->config.programs[p].id);
	}
	size_t *ptot = xcalloc(np ? np : 1, sizeof(size_t));
	size_t *cnt = xcalloc(np ? np : 1, sizeof(size_t));
	struct tv *rows = tv_set_list(m, "rows");
	for (size_t w = 0; w < nw; w++) {
		const struct worker *wk = &cl->config.workers[w];
		memset(cnt, 0, (np ? np : 1) * sizeof(size_t));
		size_t tot = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			const struct case_record *c = &cl->cases[s->worker_cases[w][k]];
			if (!c->loaded || c->status != CASE_OPEN)
				continue;
			tot++;
			for (size_t p = 0; p < np; p++)
				if (c->program && strcmp(c->program, cl->config.programs[p].id) == 0) {
					cnt[p]++;
					ptot[p]++;
				}
		}
		bars[w] = (struct svg_bar){wk->name ? wk->name : wk->id, (double)tot, NULL};
		struct tv *r = tv_push_map(rows);
		tv_set_str(r, "name", wk->name ? wk->name : wk->id);
		if (id_valid(wk->id)) {
			char path[96];
			snprintf(path, sizeof(path), "workers/%s.html", wk->id);
			tv_set_str(r, "href", path);
		} else {
			tv_set_str(r, "href", NULL);
		}
		struct tv *cs = tv_set_list(r, "counts");
		for (size_t p = 0; p < np; p++)
			tv_push_int(cs, (long)cnt[p]);
		tv_set_int(r, "total", (long)tot);
	}
	struct tv *pt = tv_set_list(m, "program_totals");
	for (size_t p = 0; p < np; p++)
		tv_push_int(pt, (long)ptot[p]);
	buf_reset(&t);
	svg_bar_chart(&t, "caseload", lab(s, "open_cases_chart"), bars, nw, &s->words);
	tv_set_rawn(m, "chart", t.s, t.len);
	free(bars);
	free(ptot);
	free(cnt);
	buf_free(&t);
	return site_render(s, b, "dashboard", m, "index.html");
}

/* ---- all cases ---- */

int
page_cases(struct site *s, struct buf *b)
{
	struct tv *m = site_ctx(s, "cases/index.html", lab(s, "all_cases"), "cases");
	tv_set_bool(m, "has_cases", s->cl->ncases > 0);
	tv_set_str(m, "caption", lab(s, "all_cases"));
	tv_set_bool(m, "hide_worker", 0);
	struct tv *list = tv_set_list(m, "cases");
	for (size_t i = 0; i < s->cl->ncases; i++)
		push_case_row(s, list, i, "cases");
	return site_render(s, b, "cases", m, "cases/index.html");
}

/* ---- workers ---- */

/* write_ics: the calendar of the items sel[0..n) of the due list (all when
 * sel is NULL), named calname, at path in the site. 0 or -1 (recorded). */
static int
write_ics(struct site *s, const char *path, const size_t *sel, size_t n, const char *calname)
{
	struct due_list l = s->due;
	struct due_item *v = NULL;
	if (sel) {
		v = xmalloc((n ? n : 1) * sizeof(*v));
		for (size_t k = 0; k < n; k++)
			v[k] = s->due.v[sel[k]];
		l.v = v;
		l.n = n;
	}
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f) {
		free(v);
		site_fail(s, "cannot write %s: out of memory", path);
		return -1;
	}
	out_due_ics(f, &l, calname);
	int rc = fclose(f) == 0 ? site_write(s, path, data, len) : -1;
	if (rc < 0)
		site_fail(s, "cannot write %s", path);
	free(data);
	free(v);
	return rc;
}

/* worker_ics: the worker's calendar: every item of their cases, ahead too. */
static int
worker_ics(struct site *s, size_t w)
{
	const struct worker *wk = &s->cl->config.workers[w];
	size_t n = 0;
	for (size_t k = 0; k < s->nworker_cases[w]; k++)
		n += s->ci[s->worker_cases[w][k]].nitems;
	size_t *sel = xmalloc((n ? n : 1) * sizeof(size_t));
	n = 0;
	for (size_t k = 0; k < s->nworker_cases[w]; k++) {
		const struct case_index *ci = &s->ci[s->worker_cases[w][k]];
		for (size_t j = 0; j < ci->nitems; j++)
			sel[n++] = ci->items[j];
	}
	/* item indexes are in due order: sorting them sorts the events */
	qsort(sel, n, sizeof(size_t), size_cmp);
	char path[96];
	snprintf(path, sizeof(path), "workers/%s.ics", wk->id);
	struct buf name = {0};
	buf_printf(&name, "%s \xe2\x80\x94 %s", s->cl->config.organization ? s->cl->config.organization : "",
	           wk->name ? wk->name : wk->id);
	int rc = write_ics(s, path, sel, n, name.s);
	buf_free(&name);
	free(sel);
	return rc;
}

int
page_workers(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "workers.html", lab(s, "workers"), "workers");
	set_due_within(s, m);
	struct tv *list = tv_set_list(m, "workers");
	for (size_t w = 0; w < cl->config.nworkers; w++) {
		const struct worker *wk = &cl->config.workers[w];
		if (!id_valid(wk->id))
			continue;
		size_t nover = 0, ndue = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			const struct case_index *ci = &s->ci[s->worker_cases[w][k]];
			for (size_t j = 0; j < ci->nitems; j++) {
				nover += s->items[ci->items[j]].status == 0;
				ndue += s->items[ci->items[j]].status == 1;
			}
		}
		struct tv *x = tv_push_map(list);
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", wk->id);
		tv_set_str(x, "href", path);
		tv_set_str(x, "id", wk->id);
		tv_set_str(x, "name", wk->name ? wk->name : wk->id);
		tv_set_str(x, "role", lab_enum(s, "role_", role_names[wk->role]));
		tv_set_int(x, "nopen", (long)open_of_worker(s, w));
		tv_set_int(x, "noverdue", (long)nover);
		tv_set_int(x, "ndue", (long)ndue);
		if (s->have_due) {
			snprintf(path, sizeof(path), "workers/%s.ics", wk->id);
			tv_set_str(x, "ics", path);
		} else {
			tv_set_str(x, "ics", NULL);
		}
	}
	if (site_render(s, b, "workers", m, "workers.html") < 0)
		return -1;

	for (size_t w = 0; w < cl->config.nworkers; w++) {
		const struct worker *wk = &cl->config.workers[w];
		if (!id_valid(wk->id))
			continue;
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", wk->id);
		m = site_ctx(s, path, wk->name ? wk->name : wk->id, "workers");
		tv_set_str(m, "id", wk->id);
		tv_set_str(m, "name", wk->name ? wk->name : wk->id);
		tv_set_str(m, "role", lab_enum(s, "role_", role_names[wk->role]));
		tv_set_str(m, "email", wk->email);
		tv_set_int(m, "nopen", (long)open_of_worker(s, w));
		if (s->have_due) {
			char ics[96];
			snprintf(ics, sizeof(ics), "%s.ics", wk->id);
			tv_set_str(m, "ics", ics);
		} else {
			tv_set_str(m, "ics", NULL);
		}
		tv_set_bool(m, "hide_worker", 1);
		/* their items, in due order: merge the cases' lists by index */
		size_t nsel = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++)
			nsel += s->ci[s->worker_cases[w][k]].nitems;
		size_t *sel = xmalloc((nsel ? nsel : 1) * sizeof(size_t));
		nsel = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			const struct case_index *ci = &s->ci[s->worker_cases[w][k]];
			for (size_t j = 0; j < ci->nitems; j++)
				if (s->items[ci->items[j]].status <= 1)
					sel[nsel++] = ci->items[j];
		}
		/* item indexes are in due order: sorting them sorts the rows */
		qsort(sel, nsel, sizeof(size_t), size_cmp);
		tv_set_bool(m, "has_items", nsel > 0);
		tv_set_str(tv_set_map(m, "items_box"), "caption", lab(s, "overdue_and_due"));
		struct tv *items = tv_set_list(m, "items");
		for (size_t k = 0; k < nsel; k++)
			push_item(s, items, sel[k], "workers");
		free(sel);
		tv_set_str(m, "caption", lab(s, "their_cases"));
		struct tv *cases = tv_set_list(m, "cases");
		struct tv *closed = NULL, *clist = NULL;
		size_t nopen = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			size_t i = s->worker_cases[w][k];
			const struct case_record *c = &cl->cases[i];
			if (c->status == CASE_CLOSED) {
				if (!closed) {
					closed = tv_set_map(m, "closed");
					clist = tv_set_list(closed, "list");
				}
				struct tv *x = tv_push_map(clist);
				set_case_href(x, "href", "workers", c->id);
				tv_set_str(x, "id", c->id);
				tv_set_str(x, "client", client_of(c));
				set_date(x, "closed", c->closed);
				continue;
			}
			push_case_row(s, cases, i, "workers");
			nopen++;
		}
		tv_set_bool(m, "has_cases", nopen > 0);
		if (site_render(s, b, "worker", m, path) < 0 || worker_ics(s, w) < 0)
			return -1;
	}
	return 0;
}

/* ---- the due list ---- */

/* due_ics: the calendar of every item, ahead too. */
static int
due_ics(struct site *s)
{
	return write_ics(s, "due.ics", NULL, 0, s->cl->config.organization);
}

int
page_due(struct site *s, struct buf *b)
{
	struct tv *m = site_ctx(s, "due.html", lab(s, "due_list"), "due");
	set_due_within(s, m);
	tv_set_bool(m, "have_due", s->have_due);
	struct buf t = {0};
	char d[11];
	tv_set_str(m, "intro", lab_put(s, &t, "due_intro", 0, site_date(s->window_end, d)));
	buf_free(&t);
	tv_set_bool(m, "hide_worker", 0);
	for (int st = 0; st <= 1; st++) {
		if (!count_items(s, st))
			continue;
		struct tv *g = tv_set_map(m, st == 0 ? "overdue" : "due");
		struct buf cap = {0};
		if (st == 0)
			buf_puts(&cap, lab(s, "overdue"));
		else
			lab_put(s, &cap, "due_within", (long)(s->window_end - s->cl->as_of), NULL);
		tv_set_str(g, "caption", cap.s);
		buf_free(&cap);
		struct tv *items = tv_set_list(g, "items");
		for (size_t k = 0; k < s->nitems; k++)
			if (s->items[k].status == st)
				push_item(s, items, k, "");
	}
	if (site_render(s, b, "due", m, "due.html") < 0)
		return -1;
	return due_ics(s);
}

/* ---- resources ---- */

int
page_resources(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "resources.html", lab(s, "resource_directory"), "resources");
	tv_set_bool(m, "has_resources", cl->nresources > 0);
	struct tv *list = tv_set_list(m, "resources");
	struct buf t = {0};
	for (size_t i = 0; i < cl->nresources; i++) {
		const struct resource *r = &cl->resources[i];
		struct tv *x = tv_push_map(list);
		buf_reset(&t);
		resource_anchor(&t, s, r);
		tv_set_str(x, "anchor", t.s);
		tv_set_str(x, "name", r->name ? r->name : r->id);
		tv_set_bool(x, "has_services", r->nservices > 0);
		struct tv *l = tv_set_list(x, "services");
		for (size_t k = 0; k < r->nservices; k++)
			tv_push_str(l, r->services[k]);
		tv_set_bool(x, "has_domains", r->ndomains > 0);
		l = tv_set_list(x, "domains");
		for (size_t k = 0; k < r->ndomains; k++)
			tv_push_str(l, domain_label(s, r->domains[k]));
		tv_set_bool(x, "has_languages", r->nlanguages > 0);
		l = tv_set_list(x, "languages");
		for (size_t k = 0; k < r->nlanguages; k++)
			tv_push_str(l, r->languages[k]);
		tv_set_str(x, "phone", r->phone);
		tv_set_str(x, "email", r->email);
		tv_set_str(x, "address", r->address);
		tv_set_str(x, "hours", r->hours);
		tv_set_str(x, "eligibility", r->eligibility);
		tv_set_str(x, "url", r->url);
		tv_set_str(x, "url_href", md_url_is_http(r->url) ? r->url : NULL);
		set_markdown(x, "notes", r->notes, r->file ? r->file : "resources/x.yaml", "", NULL, 2);
		tv_set_bool(x, "has_cases", s->nresource_cases[i] > 0);
		struct tv *cs = tv_set_list(x, "cases");
		for (size_t k = 0; k < s->nresource_cases[i]; k++) {
			const struct case_record *c = &cl->cases[s->resource_cases[i][k]];
			struct tv *y = tv_push_map(cs);
			set_case_href(y, "href", "", c->id);
			tv_set_str(y, "id", c->id);
			tv_set_str(y, "client", client_of(c));
		}
	}
	buf_free(&t);
	return site_render(s, b, "resources", m, "resources.html");
}

/* ---- outcomes ---- */

struct tally {
	const char *name;
	size_t n;
};

static void
tally_add(struct tally **v, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0) {
			(*v)[i].n++;
			return;
		}
	VEC_GROW(*v, *n, *cap);
	(*v)[(*n)++] = (struct tally){name, 1};
}

static int
tally_cmp(const void *pa, const void *pb)
{
	const struct tally *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* put_tenths: v/10 with one decimal, v >= 0 or not. */
static void
put_tenths(struct buf *b, long v)
{
	if (v < 0) {
		buf_puts(b, "\xe2\x88\x92");
		v = -v;
	}
	buf_printf(b, "%ld.%ld", v / 10, v % 10);
}

/* tenths: num/den in tenths, rounded half away from zero. */
static long
tenths(long num, long den)
{
	long t = num * 20 / den;
	return t >= 0 ? (t + 1) / 2 : (t - 1) / 2;
}

static void
goal_row(struct tv *x, const char *name, const size_t cnt[3])
{
	size_t set = cnt[0] + cnt[1] + cnt[2];
	tv_set_str(x, "name", name);
	tv_set_int(x, "set", (long)set);
	tv_set_int(x, "achieved", (long)cnt[GOAL_ACHIEVED]);
	tv_set_int(x, "active", (long)cnt[GOAL_ACTIVE]);
	tv_set_int(x, "dropped", (long)cnt[GOAL_DROPPED]);
	if (set)
		tv_set_fmt(x, "share", "%zu%%", (cnt[GOAL_ACHIEVED] * 100 + set / 2) / set);
	else
		tv_set_str(x, "share", "\xe2\x80\x94");
}

static void
time_row(const struct site *s, struct tv *list, const char *label, int *v, size_t n)
{
	struct tv *x = tv_push_map(list);
	tv_set_str(x, "name", label);
	tv_set_int(x, "n", (long)n);
	if (!n) {
		tv_set_str(x, "median", "\xe2\x80\x94");
		tv_set_str(x, "mean", "\xe2\x80\x94");
		return;
	}
	(void)s;
	qsort(v, n, sizeof(int), int_cmp);
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	struct buf b = {0};
	if (n % 2)
		buf_printf(&b, "%d", v[n / 2]);
	else
		put_tenths(&b, tenths((long)v[n / 2 - 1] + v[n / 2], 2));
	tv_set_str(x, "median", b.s);
	buf_reset(&b);
	put_tenths(&b, tenths(sum, (long)n));
	tv_set_str(x, "mean", b.s);
	buf_free(&b);
}

/* time_plan: days from opening to the first plan: to the commit that first
 * added the case's plan.yaml, which only the history knows. */
static void
time_plan(const struct site *s, struct tv *rows, struct tv *m)
{
	const struct caseload *cl = s->cl;
	int *v = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	size_t n = 0;
	char path[96];
	for (size_t i = 0; s->have_history && i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded || c->opened == DATE_NONE)
			continue;
		snprintf(path, sizeof(path), "cases/%s/plan.yaml", c->id);
		const struct hist_commit *hc = hist_first(s->hist, path);
		if (hc && hc->date >= c->opened)
			v[n++] = hc->date - c->opened;
	}
	time_row(s, rows, lab(s, "days_to_plan"), v, n);
	free(v);
	if (!s->have_history) {
		struct buf b = {0};
		buf_printf(&b, "%s: %s", lab(s, "days_to_plan"), s->history_why);
		tv_set_str(m, "time_note", b.s);
		buf_free(&b);
	}
}

int
page_outcomes(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains;
	struct tv *m = site_ctx(s, "outcomes.html", lab(s, "outcomes"), "outcomes");

	/* goals by domain; the last row for goals without a known domain */
	size_t (*gc)[3] = xcalloc(nd + 1, sizeof(*gc));
	size_t tot[3] = {0, 0, 0};
	/* score change by domain: sums of first, latest and count */
	long *first = xcalloc(nd ? nd : 1, sizeof(long)), *last = xcalloc(nd ? nd : 1, sizeof(long));
	size_t *cnt = xcalloc(nd ? nd : 1, sizeof(size_t));
	struct tally *reasons = NULL, *dests = NULL;
	size_t nr = 0, rcap = 0, nds = 0, dcap = 0;
	int *to_assess = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	size_t nta = 0;
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++) {
			const struct goal *gl = &c->plan.goals[g];
			size_t d = nd;
			for (size_t k = 0; gl->domain && k < nd; k++)
				if (strcmp(gl->domain, cf->domains[k].id) == 0)
					d = k;
			gc[d][gl->status]++;
			tot[gl->status]++;
		}
		for (size_t d = 0; d < nd && c->nassessments >= 2; d++) {
			int fv = 0, lv = 0;
			size_t fa = SIZE_MAX, la = SIZE_MAX;
			for (size_t a = 0; a < c->nassessments; a++)
				for (size_t k = 0; k < c->assessments[a].nscores; k++) {
					const struct score *sc = &c->assessments[a].scores[k];
					if (!sc->domain || strcmp(sc->domain, cf->domains[d].id) != 0)
						continue;
					if (fa == SIZE_MAX) {
						fa = a;
						fv = sc->value;
					}
					la = a;
					lv = sc->value;
				}
			if (fa != SIZE_MAX && la != fa) {
				first[d] += fv;
				last[d] += lv;
				cnt[d]++;
			}
		}
		if (c->status == CASE_CLOSED) {
			tally_add(&reasons, &nr, &rcap,
			          c->exit_reason ? c->exit_reason : lab(s, "not_recorded"));
			tally_add(&dests, &nds, &dcap,
			          c->exit_destination ? c->exit_destination : lab(s, "not_recorded"));
		}
		if (c->opened != DATE_NONE && c->nassessments && c->assessments[0].date != DATE_NONE &&
		    c->assessments[0].date >= c->opened)
			to_assess[nta++] = c->assessments[0].date - c->opened;
	}

	struct tv *rows = tv_set_list(m, "goal_rows");
	for (size_t d = 0; d <= nd; d++) {
		if (d == nd && gc[d][0] + gc[d][1] + gc[d][2] == 0)
			continue;
		goal_row(tv_push_map(rows), d < nd ? cf->domains[d].label : lab(s, "no_domain"), gc[d]);
	}
	goal_row(tv_set_map(m, "goal_total"), lab(s, "total"), tot);

	struct svg_bar *bars = xmalloc((nd ? nd : 1) * sizeof(*bars));
	char (*vt)[16] = xmalloc((nd ? nd : 1) * sizeof(*vt));
	size_t nb = 0;
	rows = tv_set_list(m, "score_rows");
	struct buf t = {0};
	for (size_t d = 0; d < nd; d++) {
		struct tv *x = tv_push_map(rows);
		tv_set_str(x, "name", cf->domains[d].label);
		tv_set_int(x, "n", (long)cnt[d]);
		if (!cnt[d]) {
			tv_set_str(x, "first", "\xe2\x80\x94");
			tv_set_str(x, "latest", "\xe2\x80\x94");
			tv_set_str(x, "change", "\xe2\x80\x94");
			tv_set_str(x, "change_class", "none");
			continue;
		}
		long f = tenths(first[d], (long)cnt[d]), l = tenths(last[d], (long)cnt[d]);
		long ch = tenths(last[d] - first[d], (long)cnt[d]);
		buf_reset(&t);
		put_tenths(&t, f);
		tv_set_str(x, "first", t.s);
		buf_reset(&t);
		put_tenths(&t, l);
		tv_set_str(x, "latest", t.s);
		buf_reset(&t);
		put_change(&t, ch, 1);
		tv_set_str(x, "change", t.s);
		tv_set_str(x, "change_class", change_class(ch));
		snprintf(vt[nb], sizeof(vt[nb]), "%s", t.s);
		bars[nb] = (struct svg_bar){cf->domains[d].label, (double)ch / 10.0, vt[nb]};
		nb++;
	}
	buf_reset(&t);
	svg_bar_chart(&t, "change", lab(s, "score_change_chart"), bars, nb, &s->words);
	tv_set_rawn(m, "chart", t.s, t.len);

	struct tv *ex = tv_set_list(m, "exit_tables");
	tv_set_bool(m, "has_exits", nr > 0);
	for (int k = 0; k < 2 && nr; k++) {
		struct tally *v = k == 0 ? reasons : dests;
		size_t n = k == 0 ? nr : nds;
		qsort(v, n, sizeof(*v), tally_cmp);
		struct tv *x = tv_push_map(ex);
		tv_set_str(x, "caption", lab(s, k == 0 ? "exits_by_reason" : "exits_by_destination"));
		tv_set_str(x, "head", lab(s, k == 0 ? "exit_reason" : "exit_destination"));
		struct tv *rl = tv_set_list(x, "rows");
		for (size_t i = 0; i < n; i++) {
			struct tv *y = tv_push_map(rl);
			tv_set_str(y, "name", v[i].name);
			tv_set_int(y, "n", (long)v[i].n);
		}
	}

	rows = tv_set_list(m, "time_rows");
	time_row(s, rows, lab(s, "days_to_assessment"), to_assess, nta);
	time_plan(s, rows, m);
	buf_free(&t);
	free(gc);
	free(first);
	free(last);
	free(cnt);
	free(reasons);
	free(dests);
	free(to_assess);
	free(bars);
	free(vt);
	return site_render(s, b, "outcomes", m, "outcomes.html");
}

/* ---- audit ---- */

int
page_audit(struct site *s, struct buf *b)
{
	struct tv *m = site_ctx(s, "audit.html", lab(s, "audit"), "audit");
	tv_set_bool(m, "have_history", s->have_history);
	/* outside git there is nothing to audit; a history that could not be
	 * read says why */
	int norepo = !s->sh || s->sh->h.norepo;
	tv_set_str(m, "history_why", norepo ? lab(s, "audit_none") : s->history_why);
	const struct findings *fs = &s->findings;
	tv_set_bool(m, "has_findings", s->have_history && fs->n > 0);
	struct buf t = {0};
	tv_set_str(m, "findings_caption", lab_put(s, &t, "findings_count", (long)fs->n, NULL));
	struct tv *list = tv_set_list(m, "findings");
	char d[11];
	for (size_t k = 0; s->have_history && k < fs->n; k++) {
		const struct finding *f = &fs->v[k];
		struct tv *x = tv_push_map(list);
		tv_set_str(x, "date", f->date == DATE_NONE ? NULL : site_date(f->date, d));
		tv_set_str(x, "kind", finding_kind_names[f->kind]);
		tv_set_str(x, "kind_label", lab_enum(s, "audit_", finding_kind_names[f->kind]));
		tv_set_str(x, "case", f->case_id);
		if (f->case_id && cl_case(s->cl, f->case_id))
			set_case_href(x, "case_href", "", f->case_id);
		else
			tv_set_str(x, "case_href", NULL);
		/* with --redact an attachment's name is left out, also from the
		 * detail of a rename, which names the old path */
		int hide = s->o->redact && f->file && f->case_id && !is_record(f->case_id, f->file);
		if (hide) {
			buf_reset(&t);
			buf_printf(&t, "cases/%s/", f->case_id);
			buf_puts(&t, lab(s, "attachment_redacted"));
			tv_set_str(x, "file", t.s);
		} else {
			tv_set_str(x, "file", f->file);
		}
		tv_set_str(x, "author", f->author);
		tv_set_str(x, "commit", f->commit);
		if (f->commit)
			tv_set_strn(x, "short", f->commit, 10);
		else
			tv_set_str(x, "short", NULL);
		tv_set_str(x, "detail", hide ? NULL : f->detail);
	}
	buf_free(&t);
	return site_render(s, b, "audit", m, "audit.html");
}

/* ---- problems ---- */

int
page_problems(struct site *s, struct buf *b)
{
	struct tv *m = site_ctx(s, "problems.html", lab(s, "problems"), "problems");
	size_t errors, warnings;
	diag_count(&s->cl->diags, &errors, &warnings);
	struct buf t = {0};
	char x[32];
	snprintf(x, sizeof(x), "%zu", warnings);
	tv_set_str(m, "summary", lab_put(s, &t, "problems_count", (long)errors, x));
	buf_free(&t);
	tv_set(m, "problems",
	       problem_list(s, 0, s->cl->diags.n, "", 1, lab(s, "problems_in_records")));
	return site_render(s, b, "problems", m, "problems.html");
}
