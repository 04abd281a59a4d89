/* fuzz_practice.c: the keys of SPEC §6 and §7 through the loader, check and
 * what reads them (due, the report's figures, the outcomes, the referrals'
 * tallies and the digest). The base is harness.c's caseload with every new key
 * given a valid value (consent, flags, contact_every, reassess_every,
 * referrals, answer_within, a worker who left, the policy's cover_below and
 * consent_valid, follow-up notes reached or not with outcomes, a feedback
 * note with a rating, destinations, targets); the input replaces one of its
 * files, picked by the first byte:
 *   0 caseload.yaml                        4 cases/rb-002/notes/2026-04-25-followup.md
 *   1 resources/legal-aid.yaml             5 cases/rb-002/notes/2026-04-10-followup.md
 *   2 cases/rb-001/case.yaml                 (an attempt: reached: no)
 *   3 cases/rb-001/plan.yaml               6 cases/rb-001/notes/2026-05-03-feedback.md
 *                                          7 cases/rb-002/case.yaml (closed, with exit)
 * Bit 3 of the first byte loads only the case of that file (check CASE). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "digest.h"
#include "due.h"
#include "harness.h"
#include "out.h"
#include "outcomes.h"
#include "referrals.h"

#define F(p, s) {p, s, sizeof(s) - 1, SRC_FILE}

static const struct memfile practice[] = {
	F("caseload.yaml",
	  "organization: Riverbend Community Services\n"
	  "language: en\n"
	  "instrument:\n"
	  "  name: Outcomes ladder\n"
	  "  scale: [1, 10]\n"
	  "  domains: {home: Home, money: Money, wellbeing: Wellbeing}\n"
	  "workers:\n"
	  "  noor: {name: Noor Haddad, email: noor@riverbend.example}\n"
	  "  pierre: {name: Pierre Lemaire, email: pierre@riverbend.example, role: supervisor}\n"
	  "  julien: {name: Julien Lavoie, email: julien@riverbend.example, left: 2026-04-30}\n"
	  "programs:\n"
	  "  outreach:\n"
	  "    name: Street Outreach\n"
	  "    reassess_every: {high: 2w, medium: 1m, low: 3m}\n"
	  "    contact_every: 7d\n"
	  "    targets: {goals_achieved: 60%, first_assessment_on_time: 90}\n"
	  "  aftercare:\n"
	  "    name: Aftercare\n"
	  "    reassess_every: 6m\n"
	  "    followups: [1m, 3m]\n"
	  "    followup_outcomes: [housed, unstable, homeless, unknown]\n"
	  "    targets: {exits_permanent: 70%, followups_reached: 80%}\n"
	  "destinations: {permanent-housing: permanent, shelter: temporary, jail: institutional,"
	  " abroad: other}\n"
	  "policy:\n"
	  "  plan_review_every: 60d\n"
	  "  cover_below: 3\n"
	  "  consent_valid: 365d\n"
	  "  referral_answer_within: 14d\n"
	  "  escalate_after: 14d\n"),
	F("resources/legal-aid.yaml",
	  "name: Riverbend Legal Aid\n"
	  "services: [tenancy advice]\n"
	  "domains: [home]\n"
	  "languages: [en, fr]\n"
	  "answer_within: 10d\n"),
	F("cases/rb-001/case.yaml",
	  "client: {name: Yusuf Demir, language: tr}\n"
	  "program: outreach\n"
	  "worker: julien\n"
	  "opened: 2026-03-31\n"
	  "status: open\n"
	  "risk: medium\n"
	  "contact_every: 5d\n"
	  "reassess_every: 30d\n"
	  "consent: {signed: 2026-03-31, expires: 2026-06-01, share_with: [legal-aid]}\n"
	  "flags:\n"
	  "  - {date: 2026-04-02, by: noor, text: \"Threats from ex-partner\", review: 2026-05-20}\n"
	  "  - {date: 2026-04-03, by: julien, text: Eviction notice, review: 2026-04-10,"
	  " lifted: 2026-04-12}\n"),
	F("cases/rb-001/plan.yaml",
	  "reviewed: 2026-04-02\n"
	  "goals:\n"
	  "  - id: tenancy\n"
	  "    statement: Keep the flat\n"
	  "    domain: home\n"
	  "    measure: No eviction notice by the target date\n"
	  "    target: 2026-07-31\n"
	  "    steps:\n"
	  "      - action: Book a tenancy advice appointment\n"
	  "        who: legal-aid\n"
	  "        due: 2026-05-10\n"
	  "        referral: {sent: 2026-04-20}\n"
	  "      - action: Ask about a hardship fund\n"
	  "        who: legal-aid\n"
	  "        due: 2026-04-30\n"
	  "        status: dropped\n"
	  "        referral: {sent: 2026-04-01, status: declined, answered: 2026-04-08,"
	  " reason: Waiting list closed}\n"
	  "      - action: Court support\n"
	  "        who: legal-aid\n"
	  "        due: 2026-06-01\n"
	  "        referral: {sent: 2026-04-02, status: waitlisted, answered: 2026-04-05}\n"
	  "  - id: money\n"
	  "    statement: Pay the arrears\n"
	  "    domain: money\n"
	  "    measure: Arrears at zero\n"
	  "    status: achieved\n"
	  "    achieved: 2026-04-30\n"
	  "    target: 2026-05-01\n"),
	F("cases/rb-001/assessments/2026-03-31.yaml",
	  "date: 2026-03-31\nby: noor\nkind: intake\nscores: {home: 2, money: 3, wellbeing: 4}\n"),
	F("cases/rb-001/assessments/2026-05-01.yaml",
	  "date: 2026-05-01\nby: julien\nkind: reassessment\n"
	  "scores: {home: 4, money: 2, wellbeing: 6}\n"),
	F("cases/rb-001/notes/2026-05-02-visit.md",
	  "---\ndate: 2026-05-02\nby: julien\nkind: visit\ngoals: [tenancy]\nminutes: 45\n---\n"
	  "Talked about the rent arrears letter.\n"),
	F("cases/rb-001/notes/2026-05-03-feedback.md",
	  "---\ndate: 2026-05-03\nby: noor\nkind: feedback\nrating: 4\n---\n"
	  "He says the visits help.\n"),
	F("cases/rb-002/case.yaml",
	  "client: {name: Camille Moreau}\n"
	  "program: aftercare\n"
	  "worker: pierre\n"
	  "opened: 2025-09-01\n"
	  "status: closed\n"
	  "closed: 2026-03-20\n"
	  "consent: {signed: 2025-09-01}\n"
	  "exit: {reason: completed, destination: permanent-housing}\n"),
	F("cases/rb-002/assessments/2025-09-01.yaml",
	  "date: 2025-09-01\nby: pierre\nkind: intake\nscores: {home: 1, money: 2, wellbeing: 3}\n"),
	F("cases/rb-002/assessments/2026-03-20.yaml",
	  "date: 2026-03-20\nby: pierre\nkind: exit\nscores: {home: 7, money: 5, wellbeing: 6}\n"),
	F("cases/rb-002/notes/2026-04-10-followup.md",
	  "---\ndate: 2026-04-10\nby: pierre\nkind: followup\nreached: no\n---\nNo answer.\n"),
	F("cases/rb-002/notes/2026-04-25-followup.md",
	  "---\r\ndate: 2026-04-25\r\nby: pierre\r\nkind: followup\r\nreached: yes\r\n"
	  "outcome: housed\r\n---\r\nDoing well.\r\n"),
	F("cases/rb-002/notes/2026-05-14-followup.md",
	  "---\ndate: 2026-05-14\nby: pierre\nkind: followup\nreached: no\n---\nVoicemail.\n"),
	F("cases/rb-003/case.yaml",
	  "client: {name: Ada Obi}\n"
	  "program: aftercare\n"
	  "worker: noor\n"
	  "opened: 2026-01-05\n"
	  "status: closed\n"
	  "closed: 2026-02-10\n"
	  "exit: {reason: moved, destination: shelter}\n"),
	F("cases/rb-003/notes/2026-05-01-followup.md",
	  "---\ndate: 2026-05-01\nby: noor\nkind: followup\nreached: no\n---\nNo answer.\n"),
	F("cases/rb-003/notes/2026-05-12-followup.md",
	  "---\ndate: 2026-05-12\nby: noor\nkind: followup\nreached: no\n"
	  "outcome: unknown\n---\nNumber out of service.\n"),
	F("cases/rb-003/notes/2026-03-12-feedback.md",
	  "---\ndate: 2026-03-12\nby: noor\nkind: feedback\n---\nNo rating given.\n"),
};
static const size_t npractice = sizeof(practice) / sizeof(practice[0]);

static const char *const slots[] = {
	"caseload.yaml",
	"resources/legal-aid.yaml",
	"cases/rb-001/case.yaml",
	"cases/rb-001/plan.yaml",
	"cases/rb-002/notes/2026-04-25-followup.md",
	"cases/rb-002/notes/2026-04-10-followup.md",
	"cases/rb-001/notes/2026-05-03-feedback.md",
	"cases/rb-002/case.yaml",
};

static volatile size_t sink;
static void
touch(const char *s)
{
	if (s)
		sink += strlen(s);
}

/* inspect: the new keys as the model holds them, and everything that reads
 * them, against the invariants the writers rely on. */
static void
inspect(const struct caseload *cl, void *arg)
{
	(void)arg;
	const struct config *cf = &cl->config;
	for (size_t i = 0; i < cf->nworkers; i++)
		HARNESS_ASSERT(!cf->workers[i].has_left || cf->workers[i].left != DATE_NONE);
	for (size_t i = 0; i < cf->nprograms; i++) {
		const struct program *p = &cf->programs[i];
		for (size_t k = 0; k < p->nfollowup_outcomes; k++)
			touch(p->followup_outcomes[k]);
		for (int m = 0; m < METRIC_N; m++)
			HARNESS_ASSERT(!p->has_target[m] || (p->target[m] >= 0 && p->target[m] <= 1000));
	}
	for (size_t i = 0; i < cf->ndestinations; i++)
		touch(cf->destinations[i].name);
	(void)policy_cover_below(cf);
	for (size_t i = 0; i < cl->nresources; i++) {
		struct dur d = policy_answer_within(cf, &cl->resources[i]);
		HARNESS_ASSERT(d.n >= 0 && d.n <= 9999);
	}
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		touch(c->exit_destination);
		HARNESS_ASSERT(cl_dest_category(cl, c->exit_destination) <= DEST_UNKNOWN);
		(void)consent_end(cf, c);
		for (size_t f = 0; f < c->nflags; f++) {
			touch(c->flags[f].text);
			touch(c->flags[f].by);
			(void)flag_open(&c->flags[f], HARNESS_AS_OF);
		}
		for (size_t g = 0; g < c->plan.ngoals; g++)
			for (size_t s = 0; s < c->plan.goals[g].nsteps; s++) {
				const struct referral *r = c->plan.goals[g].steps[s].referral;
				if (!r)
					continue;
				HARNESS_ASSERT(referral_status_names[r->status] != NULL);
				touch(r->reason);
			}
		for (size_t t = 0; t < c->nnotes; t++) {
			const struct note *nt = &c->notes[t];
			HARNESS_ASSERT(nt->reached == 0 || nt->reached == 1);
			HARNESS_ASSERT(nt->rating == -1 || (nt->rating >= 1 && nt->rating <= 5));
			touch(nt->outcome);
		}
		const struct program *p = c->program ? cl_program(cl, c->program) : NULL;
		if (p && p->nfollowups) {
			struct followup *fu = calloc(p->nfollowups, sizeof(*fu));
			size_t n = due_followups(c, p, fu);
			for (size_t k = 0; k < n; k++)
				HARNESS_ASSERT(fu[k].met < (long)c->nnotes &&
				               (fu[k].met < 0 || c->notes[fu[k].met].reached));
			free(fu);
		}
	}

	struct due_list l;
	due_compute(cl, HARNESS_AS_OF, (struct dur){14, 'd'}, &l);
	for (size_t i = 0; i < l.n; i++) {
		const struct due_item *it = &l.v[i];
		HARNESS_ASSERT(it->title != NULL && due_kind_names[it->kind] != NULL);
		touch(it->title);
		touch(it->ref);
		HARNESS_ASSERT(it->days == it->due - HARNESS_AS_OF);
		HARNESS_ASSERT(it->kind != DUE_FLAG || (it->ref && it->step < it->c->nflags));
		HARNESS_ASSERT(it->kind != DUE_REFERRAL ||
		               (it->goal < it->c->plan.ngoals &&
		                it->step < it->c->plan.goals[it->goal].nsteps &&
		                it->c->plan.goals[it->goal].steps[it->step].referral));
		HARNESS_ASSERT(i == 0 || l.v[i - 1].due <= it->due);
	}
	due_list_free(&l);

	struct report r;
	report_compute(&r, cl, HARNESS_AS_OF - 364, HARNESS_AS_OF, NULL, 0);
	for (size_t i = 0; i <= r.nprograms; i++) {
		const struct report_figures *f = i < r.nprograms ? &r.programs[i].f : &r.total;
		HARNESS_ASSERT(f->goals_achieved <= f->goals_due && f->fa_on_time <= f->fa_cases &&
		               f->fu_reached <= f->fu_due && f->fb_rated <= f->fb_count);
		size_t ex = 0;
		for (int k = 0; k <= DEST_UNKNOWN; k++)
			ex += f->exits[k];
		HARNESS_ASSERT(ex == f->exited);
		for (int m = 0; m < METRIC_N; m++) {
			long t;
			if (report_actual(f, (enum metric)m, &t))
				HARNESS_ASSERT(t >= 0 && t <= 1000);
		}
	}
	report_free(&r);

	struct outcomes o;
	outcomes_compute(&o, cl, NULL, "(none)");
	outcomes_free(&o);

	struct referral_tally *rt = referrals_by_resource(cl);
	for (size_t i = 0; rt && i < cl->nresources; i++) {
		size_t sum = 0;
		for (int k = 0; k < 5; k++)
			sum += rt[i].by_status[k];
		HARNESS_ASSERT(sum == rt[i].n && rt[i].nanswered <= rt[i].n);
	}
	free(rt);
	/* the digest (its flags and attempts), every writer; eml lines end in CRLF */
	struct digest dg;
	digest_compute(&dg, cl, HARNESS_AS_OF, HARNESS_AS_OF - 7, DIGEST_EVERYONE, NULL);
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	HARNESS_ASSERT(f != NULL);
	out_digest_text(f, &dg);
	out_digest_md(f, &dg);
	fclose(f);
	free(text);
	f = open_memstream(&text, &tlen);
	HARNESS_ASSERT(f != NULL);
	out_digest_eml(f, &dg, 0);
	fclose(f);
	for (size_t i = 0; i < tlen; i++)
		HARNESS_ASSERT(text[i] != '\n' || (i > 0 && text[i - 1] == '\r'));
	free(text);
	digest_free(&dg);

	struct unmet u;
	unmet_needs(&u, cl);
	unmet_free(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *path = slots[sel & 7];
	struct memfile *v = malloc((npractice + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < npractice; i++)
		if (strcmp(practice[i].path, path) != 0)
			v[n++] = practice[i];
	v[n++] = (struct memfile){path, (const char *)data + 1, size - 1, SRC_FILE};
	char *one[] = {strncmp(path, "cases/rb-002/", 13) == 0 ? "rb-002" : "rb-001"};
	harness_load(v, n, one, (sel & 8) && (sel & 7) >= 2 ? 1 : 0, inspect, NULL);
	free(v);
	return 0;
}
