/* page_case.c: a case's page, cases/<id>/index.html: the client, the plan
 * in goal order, scores over time, notes, referrals, attachments, the case's
 * git history and its problems; and the copies of its attachments. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "check.h"
#include "markdown.h"
#include "page.h"

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

static void
case_client(const struct site *s, const struct case_record *c, struct tv *m, const char *from)
{
	tv_set_str(m, "pronouns", c->pronouns);
	pg_set_date(m, "born", c->born);
	tv_set_str(m, "language", c->client_language);
	tv_set_str(m, "phone", c->phone);
	tv_set_str(m, "email", c->email);
	tv_set_str(m, "address", c->address);
	pg_set_date(m, "opened", c->opened);
	pg_set_date(m, "closed", c->closed);
	tv_set_str(m, "exit_reason", c->exit_reason);
	tv_set_str(m, "exit_destination", c->exit_destination);
	tv_set_str(m, "model", c->model ? lab_enum(s, "model_", c->model) : NULL);
	pg_set_date(m, "consent_signed", c->consent_signed);
	int end = consent_end(&s->cl->config, c);
	pg_set_date(m, "consent_ends", end);
	tv_set_bool(m, "consent_ended", end != DATE_NONE && end <= s->cl->as_of);
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
			pg_resource_anchor(&b, s, r);
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
	pg_set_date(m, "reviewed", pl->reviewed);
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
		tv_set_str(x, "domain", g->domain ? pg_domain_label(s, g->domain) : NULL);
		tv_set_str(x, "term", lab(s, g->term_long ? "term_long" : "term_short"));
		tv_set_str(x, "measure", g->measure);
		pg_set_date(x, "target", g->target);
		tv_set_bool(x, "target_overdue",
		            g->status == GOAL_ACTIVE && g->target != DATE_NONE &&
		                    g->target < s->cl->as_of && c->status == CASE_OPEN);
		tv_set_str(x, "status", goal_status_names[g->status]);
		tv_set_str(x, "status_label", lab_enum(s, "goal_", goal_status_names[g->status]));
		pg_set_date(x, "achieved", g->achieved);
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
				pg_resource_anchor(&b, s, r);
				tv_set_str(y, "who_href", b.s);
				tv_set_str(y, "who", r->name ? r->name : r->id);
			} else {
				tv_set_str(y, "who_href", NULL);
				if (st->who &&
				    (strcmp(st->who, "client") == 0 || strcmp(st->who, "worker") == 0))
					tv_set_str(y, "who", lab_enum(s, "who_", st->who));
				else
					tv_set_str(y, "who", st->who);
			}
			pg_set_date(y, "due", st->due);
			tv_set_bool(y, "overdue",
			            st->status == STEP_TODO && g->status == GOAL_ACTIVE &&
			                    c->status == CASE_OPEN && st->due != DATE_NONE &&
			                    st->due < s->cl->as_of);
			tv_set_str(y, "status", step_status_names[st->status]);
			tv_set_str(y, "status_label", lab_enum(s, "step_", step_status_names[st->status]));
			pg_set_date(y, "done", st->done);
			tv_set_str(y, "result", st->result);
		}
	}
	buf_free(&b);
	free(order);
}

static void
case_assessments(const struct site *s, const struct case_record *c, struct tv *m, const char *from,
                 struct resolver *res)
{
	const struct config *cf = &s->cl->config;
	size_t na = c->nassessments, nd = cf->ndomains;
	tv_set_bool(m, "has_assessments", na > 0);
	if (na == 0)
		return;
	int *days = xmalloc(na * sizeof(int));
	char(*labels)[11] = xmalloc(na * sizeof(*labels));
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
				if (as->scores[k].domain &&
				    strcmp(as->scores[k].domain, cf->domains[d].id) == 0) {
					vals[d * na + a] = as->scores[k].value;
					has[d * na + a] = 1;
				}
	}
	for (size_t d = 0; d < nd; d++)
		ser[d] = (struct svg_series){cf->domains[d].label, vals + d * na, has + d * na};
	struct buf b = {0};
	/* one small chart per domain, all on the same scale; one assessment
	 * is no change over time: its scores alone, without charts */
	tv_set_bool(m, "over_time", na > 1);
	if (na > 1) {
		svg_small_multiples(&b, "scores", cf->scale_min, cf->scale_max, na, days, xl, ser,
		                    nd, &s->words);
		tv_set_rawn(m, "charts", b.s, b.len);
	}
	pg_set_date(m, "first_date", c->assessments[0].date);
	pg_set_date(m, "last_date", c->assessments[na - 1].date);
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
		pg_put_change(&b, ch, 0);
		tv_set_str(r, "change", b.s);
		tv_set_str(r, "change_class", pg_change_class(ch));
	}
	/* the assessments themselves, newest first */
	struct tv *list = tv_set_list(m, "assessments");
	for (size_t a = na; a-- > 0;) {
		const struct assessment *as = &c->assessments[a];
		struct tv *x = tv_push_map(list);
		buf_reset(&b);
		buf_printf(&b, "assessment-%zu", a + 1);
		tv_set_str(x, "anchor", b.s);
		pg_set_date(x, "date", as->date);
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
		pg_set_markdown(x, "summary", as->summary, as->file, from, res, 3);
	}
	buf_free(&b);
	free(days);
	free(labels);
	free(xl);
	free(vals);
	free(has);
	free(ser);
}

/* note_changes: the audit's amended findings about note n, each with the
 * text before and what changed (read by site_index.c; none redacted). */
static void
note_changes(const struct site *s, const struct note *n, struct tv *x, struct buf *b)
{
	size_t nf = 0;
	const struct finding *const *fv = n->file ? site_file_findings(s, n->file, &nf) : NULL;
	struct tv *list = tv_set_list(x, "changes");
	int any = 0;
	char d[11];
	for (size_t i = 0; i < nf; i++) {
		const struct finding *f = fv[i];
		if (f->kind != FIND_AMENDED)
			continue;
		any = 1;
		struct tv *y = tv_push_map(list);
		buf_reset(b);
		int days = f->first_date != DATE_NONE ? f->date - f->first_date : 0;
		lab_put(s, b, "amended_title", days, site_date(f->date, d));
		tv_set_str(y, "title", b->s);
		tv_set_str(y, "author", f->author);
		tv_set_str(y, "commit", f->commit);
		tv_set_strn(y, "short", f->commit, 10);
		const struct site_change *c = site_change_of(s, f);
		tv_set_str(y, "before", c ? c->before : NULL);
		tv_set_bool(y, "has_lines", c && c->nlines > 0);
		struct tv *ll = tv_set_list(y, "lines");
		for (size_t k = 0; c && k < c->nlines; k++) {
			static const char *const cls[] = {"same", "del", "add", "gap"};
			const struct site_line *l = &c->lines[k];
			int o = l->op == '-' ? 1 : l->op == '+' ? 2 : l->op == '~' ? 3 : 0;
			struct tv *z = tv_push_map(ll);
			tv_set_bool(z, "del", o == 1);
			tv_set_bool(z, "add", o == 2);
			tv_set_str(z, "op", cls[o]);
			tv_set_str(z, "sign", o == 1 ? "\xe2\x88\x92" : o == 2 ? "+" : " ");
			tv_set_str(z, "text", l->text);
		}
	}
	tv_set_bool(x, "amended", any);
}

/* note_view: what a case page shows of note k: heading, pills, goals,
 * body, and the changes the audit found. */
static void
note_view(const struct site *s, const struct case_record *c, size_t k, struct tv *x,
          const char *from, struct resolver *res, const struct goal_index *ix)
{
	const struct note *n = &c->notes[k];
	struct buf b = {0};
	buf_printf(&b, "note-%zu", k + 1);
	tv_set_str(x, "anchor", b.s);
	pg_set_date(x, "date", n->date);
	tv_set_str(x, "kind", lab_enum(s, "note_", note_kind_names[n->kind]));
	const struct worker *w = n->by ? cl_worker(s->cl, n->by) : NULL;
	tv_set_str(x, "by", w && w->name ? w->name : n->by);
	if (n->minutes >= 0) {
		buf_reset(&b);
		tv_set_str(x, "minutes", lab_put(s, &b, "minutes", n->minutes, NULL));
	} else {
		tv_set_str(x, "minutes", NULL);
	}
	/* a follow-up that did not reach the client, its outcome; feedback's rating */
	tv_set_bool(x, "not_reached", n->kind == NOTE_FOLLOWUP && !n->reached);
	tv_set_str(x, "outcome", n->kind == NOTE_FOLLOWUP ? n->outcome : NULL);
	if (n->kind == NOTE_FEEDBACK && n->rating >= 1) {
		buf_reset(&b);
		tv_set_str(x, "rating", lab_put(s, &b, "rating_of", n->rating, NULL));
	} else {
		tv_set_str(x, "rating", NULL);
	}
	/* late or dated ahead: the audit's own findings, not a rule of ours */
	const struct finding *f = n->file ? site_note_finding(s, n->file) : NULL;
	tv_set_bool(x, "late", f && f->kind == FIND_LATE_NOTE);
	tv_set_bool(x, "ahead", f && f->kind == FIND_FUTURE_NOTE);
	if (f && n->date != DATE_NONE && f->date != DATE_NONE) {
		buf_reset(&b);
		int d = f->kind == FIND_LATE_NOTE ? f->date - n->date : n->date - f->date;
		lab_put(s, &b, f->kind == FIND_LATE_NOTE ? "late_note_title" : "ahead_note_title", d, NULL);
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
	char *body = pg_note_body(s, n);
	pg_set_markdown(x, "body", body, n->file, from, res, 3);
	free(body);
	tv_set_bool(x, "redacted_body", s->o->redact);
	note_changes(s, n, x, &b);
	buf_free(&b);
}

/* amended_by: the index of the note that note k amends (SPEC §5: a file
 * name of the same case), or -1. */
static long
amended_by(const struct case_record *c, size_t k)
{
	const char *want = c->notes[k].amends;
	if (!want)
		return -1;
	for (size_t i = 0; i < c->nnotes; i++) {
		const char *slash = strrchr(c->notes[i].file, '/');
		if (i != k && strcmp(slash ? slash + 1 : c->notes[i].file, want) == 0)
			return (long)i;
	}
	return -1;
}

/* case_notes: the notes, newest first; an addendum (amends:) under the
 * note it corrects (the first of a chain of them), oldest first. */
static void
case_notes(const struct site *s, const struct case_record *c, struct tv *m, const char *from,
           struct resolver *res, const struct goal_index *ix)
{
	tv_set_bool(m, "has_notes", c->nnotes > 0);
	struct tv *list = tv_set_list(m, "notes");
	/* root[k]: the note k is shown under, k itself for a note of its own */
	size_t *root = xmalloc((c->nnotes ? c->nnotes : 1) * sizeof(*root));
	for (size_t k = 0; k < c->nnotes; k++) {
		size_t r = k;
		long t;
		int hop = 0;
		while ((t = amended_by(c, r)) >= 0 && (size_t)t != k && hop++ < 32)
			r = (size_t)t;
		root[k] = t >= 0 ? k : r; /* a loop of addenda: each stands alone */
	}
	for (size_t k = c->nnotes; k-- > 0;) {
		if (root[k] != k)
			continue;
		struct tv *x = tv_push_map(list);
		note_view(s, c, k, x, from, res, ix);
		struct tv *al = tv_set_list(x, "addenda");
		int any = 0;
		for (size_t a = 0; a < c->nnotes; a++)
			if (a != k && root[a] == k) {
				note_view(s, c, a, tv_push_map(al), from, res, ix);
				any = 1;
			}
		tv_set_bool(x, "has_addenda", any);
	}
	free(root);
}

static void
case_referrals(const struct site *s, const struct case_record *c, struct tv *m, const char *from)
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
			pg_resource_anchor(&b, s, r);
			tv_set_str(x, "href", b.s);
			tv_set_str(x, "action", st->action);
			tv_set_str(x, "goal", gl->id);
			buf_reset(&b);
			goal_anchor(&b, &c->plan, g);
			tv_set_str(x, "goal_anchor", b.s);
			pg_set_date(x, "due", st->due);
			tv_set_str(x, "status", step_status_names[st->status]);
			tv_set_str(x, "status_label", lab_enum(s, "step_", step_status_names[st->status]));
			tv_set_bool(x, "consent", has_share(c, r->id));
			const struct referral *rf = st->referral;
			tv_set_bool(x, "has_referral", rf != NULL);
			if (rf) {
				pg_set_date(x, "sent", rf->sent);
				tv_set_str(x, "answer", referral_status_names[rf->status]);
				tv_set_str(x, "answer_label",
				           lab_enum(s, "referral_", referral_status_names[rf->status]));
				pg_set_date(x, "answered", rf->answered);
				tv_set_str(x, "reason", rf->reason);
			}
		}
	}
	tv_set_bool(m, "has_referrals", n > 0);
	buf_free(&b);
}

/* case_flags: every flag of the case, open or lifted, in file order. */
static void
case_flags(const struct site *s, const struct case_record *c, struct tv *m, const char *from)
{
	struct tv *list = tv_set_list(m, "flags");
	size_t nopen = 0;
	for (size_t k = 0; k < c->nflags; k++) {
		const struct flag *f = &c->flags[k];
		int open = flag_open(f, s->cl->as_of);
		struct tv *x = tv_push_map(list);
		tv_set_int(x, "n", (long)k + 1);
		pg_set_date(x, "date", f->date);
		pg_set_worker(s, x, from, f->by);
		tv_set_str(x, "text", f->text);
		pg_set_date(x, "review", f->review);
		tv_set_bool(x, "review_overdue", open && f->review != DATE_NONE && f->review < s->cl->as_of);
		pg_set_date(x, "lifted", f->lifted);
		tv_set_bool(x, "open", open);
		nopen += open;
	}
	tv_set_bool(m, "has_flags", c->nflags > 0);
	tv_set_int(m, "nflags_open", (long)nopen);
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

/* put_case_path: path as seen from case id's folder when it is inside it;
 * with --redact an attachment's name is left out. */
static void
put_case_path(const struct site *s, struct buf *b, const char *id, const char *path)
{
	size_t n = strlen(id);
	if (s->o->redact && !pg_is_record(id, path)) {
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
			[HIST_WT_UNTRACKED] = "wt_untracked",
			[HIST_WT_STAGED_NEW] = "wt_staged_new",
			[HIST_WT_MODIFIED] = "wt_modified",
			[HIST_WT_DELETED] = "wt_deleted",
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
			tv_set_str(y, "change_label",
			           lab_enum(s, "change_", hist_change_names[f->change]));
			tv_set_bool(y, "counted", f->added >= 0 && f->removed >= 0);
			tv_set_int(y, "added", f->added);
			tv_set_int(y, "removed", f->removed);
			const struct finding *nf = site_note_finding(s, f->path);
			int mark = nf && strcmp(nf->commit, cm->id) == 0;
			tv_set_bool(y, "late", mark && nf->kind == FIND_LATE_NOTE);
			tv_set_bool(y, "ahead", mark && nf->kind == FIND_FUTURE_NOTE);
			/* what else the audit found about this file in this commit */
			size_t nff;
			const struct finding *const *ff = site_file_findings(s, f->path, &nff);
			int amended = 0, removed = 0, entry = 0;
			for (size_t q = 0; q < nff; q++) {
				if (!ff[q]->commit || strcmp(ff[q]->commit, cm->id) != 0)
					continue;
				amended |= ff[q]->kind == FIND_AMENDED;
				removed |= ff[q]->kind == FIND_DELETED;
				entry |= ff[q]->kind == FIND_FUTURE_ENTRY;
			}
			tv_set_bool(y, "amended", amended);
			tv_set_bool(y, "removal", removed);
			tv_set_bool(y, "entry_ahead", entry);
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
	/* cases/<id>/ (from) is there: site_build made it */
	snprintf(from, sizeof(from), "cases/%s", c->id);
	snprintf(path, sizeof(path), "cases/%s/index.html", c->id);
	struct buf t = {0};
	buf_printf(&t, "%s · %s", c->id, pg_client_of(c));
	struct tv *m = site_ctx(s, path, t.s, "cases");
	buf_free(&t);
	tv_set_str(m, "id", c->id);
	tv_set_bool(m, "loaded", c->loaded);
	tv_set_str(m, "client", pg_client_of(c));
	tv_set_str(m, "status", case_status_names[c->status]);
	tv_set_str(m, "status_label", lab_enum(s, "status_", case_status_names[c->status]));
	tv_set_str(m, "risk", risk_names[c->risk]);
	tv_set_str(m, "risk_label", lab_enum(s, "risk_", risk_names[c->risk]));
	tv_set_str(m, "program", pg_program_name(s, c->program));
	pg_set_worker(s, m, from, c->worker);

	tv_set_bool(m, "has_items", ci->ndue > 0);
	/* the case's own items: no case, client or worker to repeat */
	tv_set_bool(m, "hide_worker", 1);
	tv_set_bool(m, "hide_case", 1);
	tv_set_str(m, "items_labelledby", "h-items");
	struct tv *items = tv_set_list(m, "items");
	for (size_t k = 0; k < ci->nitems; k++)
		if (s->items[ci->items[k]].status <= 1)
			pg_push_item(s, items, ci->items[k], from);
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
	case_flags(s, c, m, from);
	case_plan(s, c, m, from, &ix);
	case_assessments(s, c, m, from, &res);
	case_notes(s, c, m, from, &res, &ix);
	goal_index_free(&ix);
	case_referrals(s, c, m, from);
	case_attachments(c, m);
	buf_free(&res.path);
	tv_set(m, "problems", pg_problem_list(s, ci->diag_lo, ci->diag_hi, from, 0, NULL));
	tv_set_str(m, "problems_labelledby", "h-problems");
	case_history(s, i, m);
	return site_render(s, b, "case", m, path);
}

int
copy_case_attachments(struct site *s, size_t i)
{
	if (s->o->redact)
		return 0;
	const struct case_record *c = &s->cl->cases[i];
	for (size_t k = 0; k < c->nattachments; k++) {
		const struct attachment *a = &c->attachments[k];
		char *data = NULL;
		size_t len = 0;
		if (s->src_lock)
			pthread_mutex_lock(s->src_lock);
		int r = src_read(s->src, a->path, 0, &data, &len);
		if (s->src_lock)
			pthread_mutex_unlock(s->src_lock);
		if (r != SRC_OK) {
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
	return 0;
}

int
copy_attachments(struct site *s, struct buf *b)
{
	(void)b;
	for (size_t i = 0; i < s->cl->ncases; i++)
		if (copy_case_attachments(s, i) < 0)
			return -1;
	return 0;
}
