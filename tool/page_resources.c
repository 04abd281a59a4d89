/* page_resources.c: resources.html, the directory of resources and the open
 * cases referred to each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "page.h"
#include "referrals.h"

/* referral_rows: per resource, the referrals made, by status, and the
 * median days from sent to an answer (whole days for an odd count, one
 * decimal for an even one). */
static void
referral_rows(struct site *s, struct tv *m)
{
	const struct caseload *cl = s->cl;
	struct referral_tally *t = referrals_by_resource(cl);
	struct tv *heads = tv_set_list(m, "referral_statuses");
	for (size_t k = 0; referral_status_names[k]; k++)
		tv_push_str(heads, lab_enum(s, "referral_", referral_status_names[k]));
	struct tv *rows = tv_set_list(m, "referral_rows");
	struct buf b = {0};
	for (size_t i = 0; i < cl->nresources; i++) {
		const struct resource *r = &cl->resources[i];
		struct tv *x = tv_push_map(rows);
		buf_reset(&b);
		pg_resource_anchor(&b, s, r);
		tv_set_str(x, "anchor", b.s);
		tv_set_str(x, "name", r->name ? r->name : r->id);
		tv_set_int(x, "n", (long)t[i].n);
		struct tv *cs = tv_set_list(x, "counts");
		for (size_t k = 0; referral_status_names[k]; k++) {
			struct tv *c = tv_push_map(cs); /* its label too: a card on a phone */
			tv_set_str(c, "label", lab_enum(s, "referral_", referral_status_names[k]));
			tv_set_int(c, "n", (long)t[i].by_status[k]);
		}
		buf_reset(&b);
		if (t[i].nanswered == 0)
			buf_puts(&b, "\xe2\x80\x94");
		else /* an odd count's median is whole days */
			pg_put_tenths(&b, t[i].median_tenths, t[i].nanswered % 2);
		tv_set_str(x, "median", b.s);
		tv_set_int(x, "nanswered", (long)t[i].nanswered);
	}
	buf_free(&b);
	free(t);
}

int
page_resources(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "resources.html", lab(s, "resource_directory"), "resources");
	tv_set_bool(m, "has_resources", cl->nresources > 0);
	if (cl->nresources)
		referral_rows(s, m);
	struct tv *list = tv_set_list(m, "resources");
	struct buf t = {0};
	for (size_t i = 0; i < cl->nresources; i++) {
		const struct resource *r = &cl->resources[i];
		struct tv *x = tv_push_map(list);
		buf_reset(&t);
		pg_resource_anchor(&t, s, r);
		tv_set_str(x, "anchor", t.s);
		tv_set_str(x, "name", r->name ? r->name : r->id);
		tv_set_bool(x, "has_services", r->nservices > 0);
		struct tv *l = tv_set_list(x, "services");
		for (size_t k = 0; k < r->nservices; k++)
			tv_push_str(l, r->services[k]);
		tv_set_bool(x, "has_domains", r->ndomains > 0);
		l = tv_set_list(x, "domains");
		for (size_t k = 0; k < r->ndomains; k++)
			tv_push_str(l, pg_domain_label(s, r->domains[k]));
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
		pg_set_markdown(x, "notes", r->notes, r->file ? r->file : "resources/x.yaml", "", NULL, 2);
		tv_set_bool(x, "has_cases", s->nresource_cases[i] > 0);
		struct tv *cs = tv_set_list(x, "cases");
		for (size_t k = 0; k < s->nresource_cases[i]; k++) {
			const struct case_record *c = &cl->cases[s->resource_cases[i][k]];
			struct tv *y = tv_push_map(cs);
			pg_set_case_href(y, "href", "", c->id);
			tv_set_str(y, "id", c->id);
			tv_set_str(y, "client", pg_client_of(c));
		}
	}
	buf_free(&t);
	return site_render(s, b, "resources", m, "resources.html");
}
