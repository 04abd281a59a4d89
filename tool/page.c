/* page.c: what several pages show alike (page.h): dates, links and anchors,
 * a due item, a case row, a list of problems, Markdown, a calendar. Every
 * value from the records goes in with tv_set_str, so the template escapes
 * it; only Markdown rendered by markdown.c and charts from svg.c go in raw.
 * Links are relative to the page, so the site works from file:// and any
 * static host. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "out.h"
#include "page.h"
#include "parse_cache.h"

void
pg_set_date(struct tv *m, const char *key, int d)
{
	char s[11];
	tv_set_str(m, key, d == DATE_NONE ? NULL : site_date(d, s));
}

/* pg_set_href: key = the URL of site path to as seen from folder from. */
void
pg_set_href(struct tv *m, const char *key, const char *from, const char *to)
{
	struct buf b = {0};
	md_relative(&b, from, to);
	tv_set_str(m, key, b.s);
	buf_free(&b);
}

void
pg_set_case_href(struct tv *m, const char *key, const char *from, const char *id)
{
	struct buf b = {0};
	site_case_href(&b, from, id);
	tv_set_str(m, key, b.s);
	buf_free(&b);
}

/* pg_set_worker: worker = the worker's name (or id), worker_href = their page
 * from folder from (null for an unknown or unusable id). */
void
pg_set_worker(const struct site *s, struct tv *m, const char *from, const char *id)
{
	const struct worker *w = id ? cl_worker(s->cl, id) : NULL;
	tv_set_str(m, "worker", w && w->name ? w->name : id);
	if (w && id_valid(w->id)) {
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", w->id);
		pg_set_href(m, "worker_href", from, path);
	} else {
		tv_set_str(m, "worker_href", NULL);
	}
}

const char *
pg_program_name(const struct site *s, const char *id)
{
	const struct program *p = id ? cl_program(s->cl, id) : NULL;
	return p && p->name ? p->name : id;
}

const char *
pg_domain_label(const struct site *s, const char *id)
{
	const struct domain *d = id ? cl_domain(s->cl, id) : NULL;
	return d && d->label ? d->label : id;
}

/* pg_resource_anchor: the id of a resource's section on resources.html. */
void
pg_resource_anchor(struct buf *b, const struct site *s, const struct resource *r)
{
	if (id_valid(r->id))
		buf_printf(b, "r-%s", r->id);
	else
		buf_printf(b, "r.%zu", (size_t)(r - s->cl->resources));
}

/* pg_put_change: "+2", "0", "−1" (a real minus sign) in tenths when tenths. */
void
pg_put_change(struct buf *b, long v, int tenths)
{
	const char *sign = v > 0 ? "+" : v < 0 ? "\xe2\x88\x92" : "";
	unsigned long a = (unsigned long)(v < 0 ? -v : v);
	if (tenths)
		buf_printf(b, "%s%lu.%lu", sign, a / 10, a % 10);
	else
		buf_printf(b, "%s%lu", sign, a);
}

void
pg_put_tenths(struct buf *b, long t, int trim)
{
	unsigned long a = (unsigned long)(t < 0 ? -t : t);
	buf_printf(b, "%s%lu", t < 0 ? "\xe2\x88\x92" : "", a / 10);
	if (!trim || a % 10)
		buf_printf(b, ".%lu", a % 10);
}

const char *
pg_change_class(long v)
{
	return v > 0 ? "up" : v < 0 ? "down" : "same";
}

const char *
pg_client_of(const struct case_record *c)
{
	return c->client_name ? c->client_name : c->id;
}

/* pg_put_days: "3 days ago", "today", "in 1 day". */
void
pg_put_days(const struct site *s, struct buf *b, int days)
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

/* pg_push_item: a row of the items partial for item k, seen from folder from. */
void
pg_push_item(const struct site *s, struct tv *list, size_t k, const char *from)
{
	const struct site_item *it = &s->items[k];
	static const char *const st[] = {"overdue", "due", "upcoming"};
	struct tv *m = tv_push_map(list);
	struct buf b = {0};
	pg_set_date(m, "due", it->due);
	tv_set_int(m, "days", it->days);
	pg_put_days(s, &b, it->days);
	tv_set_str(m, "days_text", b.s);
	buf_free(&b);
	tv_set_str(m, "status", st[it->status]);
	tv_set_str(m, "case_id", it->c->id);
	pg_set_case_href(m, "case_href", from, it->c->id);
	tv_set_str(m, "client", pg_client_of(it->c));
	pg_set_worker(s, m, from, it->c->worker);
	tv_set_str(m, "what", it->what);
}

void
pg_push_case_row(const struct site *s, struct tv *list, size_t i, const char *from)
{
	const struct case_record *c = &s->cl->cases[i];
	const struct case_index *ci = &s->ci[i];
	struct tv *m = tv_push_map(list);
	pg_set_case_href(m, "href", from, c->id);
	tv_set_str(m, "id", c->id);
	tv_set_str(m, "client", pg_client_of(c));
	tv_set_str(m, "program", pg_program_name(s, c->program));
	pg_set_worker(s, m, from, c->worker);
	tv_set_str(m, "status", case_status_names[c->status]);
	tv_set_str(m, "status_label", lab_enum(s, "status_", case_status_names[c->status]));
	tv_set_str(m, "risk", risk_names[c->risk]);
	tv_set_str(m, "risk_label", lab_enum(s, "risk_", risk_names[c->risk]));
	tv_set_int(m, "risk_rank", (long)c->risk);
	pg_set_date(m, "opened", c->opened);
	pg_set_date(m, "next_due", ci->next_due);
	tv_set_int(m, "noverdue", (long)ci->noverdue);
}

/* pg_problem_list: a map {caption, list} of the problems order[lo..hi), or
 * NULL when there are none. link: link each to its case's page. */
struct tv *
pg_problem_list(const struct site *s, size_t lo, size_t hi, const char *from, int link, const char *caption)
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

/* pg_set_markdown: key = text rendered from Markdown found in file (its folder
 * resolves relative paths), for a page in folder page_dir. */
void
pg_set_markdown(struct tv *m, const char *key, const char *text, const char *file,
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

/* pg_is_record: 1 when path (relative to the caseload folder) is one of case
 * id's records (case.yaml, plan.yaml, an assessment, a note) rather than an
 * attachment. */
int
pg_is_record(const char *id, const char *path)
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

size_t
pg_count_items(const struct site *s, int status)
{
	size_t n = 0;
	for (size_t k = 0; k < s->nitems; k++)
		n += s->items[k].status == status;
	return n;
}

void
pg_set_due_within(const struct site *s, struct tv *m)
{
	struct buf b = {0};
	long days = (long)(s->window_end - s->cl->as_of);
	tv_set_str(m, "due_within", lab_put(s, &b, "due_within", days, NULL));
	buf_free(&b);
}

/* pg_write_ics: the calendar of the items sel[0..n) of the due list (all when
 * sel is NULL), named calname, at path in the site. 0 or -1 (recorded).
 * Each item's event is written once for all the calendars (they are 40 MB
 * at 10,000 cases), on the first call; one thread at a time. */
int
pg_write_ics(struct site *s, const char *path, const size_t *sel, size_t n, const char *calname)
{
	if (!s->ics_at) {
		s->ics_at = xmalloc((s->due.n + 1) * sizeof(*s->ics_at));
		/* client names only when the organization says so (SPEC §8) */
		out_ics_events(&s->ics, s->ics_at, &s->due, s->cl->config.policy.names_in_feeds);
	}
	const char *ev = s->ics.s ? s->ics.s : "";
	struct buf o = {0};
	out_ics_head(&o, calname);
	if (!sel)
		buf_add(&o, ev, s->ics_at[s->due.n]);
	for (size_t k = 0; sel && k < n; k++)
		buf_add(&o, ev + s->ics_at[sel[k]], s->ics_at[sel[k] + 1] - s->ics_at[sel[k]]);
	out_ics_tail(&o);
	int rc = site_write(s, path, o.s, o.len);
	if (rc < 0)
		site_fail(s, "cannot write %s", path);
	buf_free(&o);
	return rc;
}

char *
pg_note_body(const struct site *s, const struct note *n)
{
	if (n->body)
		return xstrdup(n->body);
	if (s->o->redact || !n->file)
		return NULL;
	if (s->src_lock)
		pthread_mutex_lock(s->src_lock);
	char *body = src_note_body(s->src, n->file);
	if (s->src_lock)
		pthread_mutex_unlock(s->src_lock);
	return body;
}
