/* records.h: the loaded caseload. Every file is read and parsed once into
 * these structs; everything downstream (checks, due, audit, site) reads them
 * and never the files. One struct caseload owns it all; caseload_free frees it.
 *
 * The loader (records.c) reports each file's own shape only: YAML syntax,
 * types, enums, required keys, dates as values, ids, unknown keys, a status
 * without its date. What a problem between files or against as-of needs is
 * kept here (positions, and every score as written), and check.c's
 * check_caseload reports it. So what the loader makes of a file depends on
 * that file alone. */
#ifndef CASELOAD_RECORDS_H
#define CASELOAD_RECORDS_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "source.h"
#include "util.h"

/* A position in a file, for checks that run after loading. */
struct pos {
	int line, col;
};

enum role { ROLE_CASEWORKER, ROLE_SUPERVISOR };
enum risk { RISK_LOW, RISK_MEDIUM, RISK_HIGH };
enum case_status { CASE_OPEN, CASE_CLOSED };
enum goal_status { GOAL_ACTIVE, GOAL_ACHIEVED, GOAL_DROPPED };
enum step_status { STEP_TODO, STEP_DONE, STEP_DROPPED };
enum assess_kind { ASSESS_INTAKE, ASSESS_REASSESSMENT, ASSESS_EXIT };
/* A referral's answer from the resource (SPEC §6). */
enum referral_status {
	REFERRAL_SENT,
	REFERRAL_ACCEPTED,
	REFERRAL_WAITLISTED,
	REFERRAL_DECLINED,
	REFERRAL_COMPLETED
};
enum note_kind {
	NOTE_VISIT,
	NOTE_PHONE,
	NOTE_MESSAGE,
	NOTE_MEETING,
	NOTE_FOLLOWUP,
	NOTE_COLLATERAL,
	NOTE_ADMIN,
	NOTE_FEEDBACK /* the client's own view (SPEC §7); not a client contact */
};

/* The four metrics a program's targets name (SPEC §7). */
enum metric {
	METRIC_EXITS_PERMANENT,
	METRIC_GOALS_ACHIEVED,
	METRIC_FIRST_ASSESSMENT_ON_TIME,
	METRIC_FOLLOWUPS_REACHED,
	METRIC_N
};

/* The category of an exit destination (SPEC §7 "Destinations"). */
enum dest_category { DEST_PERMANENT, DEST_TEMPORARY, DEST_INSTITUTIONAL, DEST_OTHER, DEST_UNKNOWN };

/* Names of the enums, indexed by value, NULL-terminated. */
extern const char *const role_names[];
extern const char *const risk_names[];
extern const char *const case_status_names[];
extern const char *const goal_status_names[];
extern const char *const step_status_names[];
extern const char *const assess_kind_names[];
extern const char *const note_kind_names[];
extern const char *const referral_status_names[];
extern const char *const model_names[];
extern const char *const language_names[];
extern const char *const metric_names[];        /* "exits_permanent", ... */
extern const char *const dest_category_names[]; /* "permanent", ..., "unknown" */

/* note_is_contact: visit, phone, message, meeting and followup are client contacts. */
int note_is_contact(enum note_kind k);

struct domain {
	char *id, *label;
	int first; /* the index of the first domain with this id (a score's dom) */
};

struct worker {
	char *id, *name, *email;
	char **emails;
	size_t nemails;
	enum role role;
	/* left: the day they left, when has_left (a flag, so that a worker
	 * made by memset has not left); worker_left says whether by as-of */
	int has_left, left;
};

/* worker_left: 1 when w has left on or before as_of. */
int worker_left(const struct worker *w, int as_of);

struct program {
	char *id, *name;
	int has_reassess;
	struct dur reassess[3]; /* by enum risk */
	int has_contact;
	struct dur contact_every;
	struct dur *followups;
	size_t nfollowups;
	char **followup_outcomes; /* what a follow-up note's outcome may be; */
	size_t nfollowup_outcomes;
	int has_followup_outcomes; /* 0: any outcome */
	int has_target[METRIC_N];
	int target[METRIC_N]; /* tenths of a percent: 70% is 700 */
};

/* One entry of caseload.yaml's destinations: an exit destination and its category. */
struct destination {
	char *name;
	enum dest_category category;
};

struct policy {
	struct dur first_assessment_within, plan_within, plan_review_every, due_window,
		note_late_after, edit_after_close;
	struct dur amend_within;   /* audit: a note or assessment changed later than this after
	                            * its first commit is amended (SPEC §5) */
	struct dur escalate_after; /* the team digest: overdue by more than this (14d) */
	char *digest_from;         /* the digests' From: (caseload@localhost) */
	int names_in_feeds;        /* calendars and mails name the client (SPEC §8) */
	/* §6, each given only when its has_ flag is set: cover_below's default
	 * is the middle of the scale (policy_cover_below), consent_valid's
	 * never, referral_answer_within's 14d (policy_answer_within) */
	int has_cover_below, cover_below;
	int has_consent_valid;
	struct dur consent_valid;
	int has_referral_answer_within;
	struct dur referral_answer_within;
};

struct config {
	int loaded; /* caseload.yaml loaded; else references go unchecked */
	char *organization;
	char *language; /* en, fr, fa or id */
	char *instrument_name;
	int scale_min, scale_max;
	struct domain *domains;
	size_t ndomains;
	size_t *domain_order; /* indexes of domains, sorted by id, then place
	                       * (cl_domain bisects it); NULL: look in order */
	struct worker *workers;
	size_t nworkers;
	size_t *worker_order; /* indexes of workers, sorted by id, then place */
	struct program *programs;
	size_t nprograms;
	struct policy policy;
	struct destination *destinations; /* as written */
	size_t ndestinations;
	int has_destinations; /* the map is given: every exit destination must be in it */
};

struct resource {
	char *id, *file, *name;
	char **services, **domains, **languages;
	size_t nservices, ndomains, nlanguages;
	struct pos *domain_pos; /* where each of domains is written */
	char *phone, *email, *address, *hours, *eligibility, *url, *notes;
	int has_answer_within; /* else the policy's referral_answer_within */
	struct dur answer_within;
};

/* A step's referral to its resource (SPEC §6). Dates are DATE_NONE when
 * not given. */
struct referral {
	int sent, answered;
	enum referral_status status;
	char *reason;
	struct pos pos; /* the value of `referral:` */
	struct pos sent_pos, answered_pos;
};

struct step {
	char *action, *who;
	int due; /* DATE_NONE when missing */
	enum step_status status;
	int done;
	char *result;
	struct pos pos, who_pos, done_pos;
	struct referral *referral; /* NULL when the step has none */
};

struct goal {
	char *id, *statement, *domain, *measure;
	int term_long;
	int target;
	enum goal_status status;
	int achieved;
	char **after;
	struct pos *after_pos;
	size_t nafter;
	struct step *steps;
	size_t nsteps;
	struct pos pos, target_pos;
	struct pos id_pos, domain_pos, achieved_pos;
};

struct plan {
	int present; /* plan.yaml exists */
	int loaded;  /* and loaded */
	int reviewed;
	struct goal *goals;
	size_t ngoals;
};

/* A score as written under scores:. After check_caseload only those that
 * count are left (a number on the scale, for a domain of the instrument). */
struct score {
	char *domain;
	int dom; /* the first of the config's domains with that id, or -1 (the
	          * loader reads caseload.yaml first): compared where a domain's
	          * scores are looked for, which strcmp made a tenth of a build */
	int value;
	int has_value;  /* 1: value is a whole number; 0: null or not a number */
	int null;       /* the value is empty, ~ or null: the domain counts as unscored */
	struct pos pos; /* the key */
	struct pos value_pos;
};

struct assessment {
	char *file; /* relative to the caseload folder */
	int date;
	char *by;
	enum assess_kind kind;
	int kind_given;
	struct score *scores;
	size_t nscores;
	int has_scores; /* scores: is a mapping */
	struct pos scores_pos, date_pos, by_pos;
	char **strengths, **needs;
	size_t nstrengths, nneeds;
	char *summary;
};

struct note {
	char *file;
	int date;
	char *by;
	enum note_kind kind;
	char **goals;
	size_t ngoals;
	int minutes;    /* -1 when not given */
	char *body;     /* the CommonMark text after the front matter; NULL unless
	                 * the command reads bodies (caseload.bodies) */
	int body_line;  /* the line the body starts on */
	int body_blank; /* the body is empty or only white space */
	struct pos date_pos, by_pos;
	struct pos *goal_pos; /* where each of goals is written */
	char *amends;         /* the file name of the note of the same case it corrects, or NULL */
	struct pos amends_pos;
	int reached;   /* followup: 1 (reached: yes, the default) or 0 */
	char *outcome; /* followup: how the client is doing, or NULL */
	struct pos outcome_pos;
	int rating;          /* feedback: 1 to 5, or -1 when not given */
	struct pos kind_pos; /* where a valid kind is written (line 0: none) */
};

/* A crisis or safety flag of a case (SPEC §6). Dates are DATE_NONE when
 * not given. */
struct flag {
	int date, review, lifted;
	char *by, *text;
	struct pos pos, by_pos, date_pos;
};

/* flag_open: 1 while f has no lifted date on or before as_of. */
int flag_open(const struct flag *f, int as_of);

struct attachment {
	char *path; /* relative to the caseload folder */
	char *name; /* relative to the case folder */
	unsigned long long size;
};

struct case_record {
	char *id;
	int loaded; /* case.yaml loaded */
	char *client_name, *pronouns, *client_language, *phone, *email, *address;
	int born;
	char *program, *worker;
	int opened;
	enum case_status status;
	int closed;
	char *exit_reason, *exit_destination;
	enum risk risk;
	char *model;
	int consent_signed;
	int consent_expires; /* DATE_NONE when not given */
	int consent_given;   /* the file has a consent: key (consent_pos) */
	int signed_given;    /* consent.signed has a value, even one not a date */
	char **share_with;
	size_t nshare;
	char **tags;
	size_t ntags;
	int has_contact_every, has_reassess_every; /* override the program's */
	struct dur contact_every, reassess_every;
	struct flag *flags;
	size_t nflags;
	struct pos program_pos, worker_pos, closed_pos, consent_pos;
	struct pos destination_pos; /* exit.destination's value */
	struct pos *share_pos;      /* where each of share_with is written */
	struct plan plan;
	struct assessment *assessments; /* sorted by date, then file name */
	size_t nassessments;
	struct note *notes; /* sorted by date, then file name */
	size_t nnotes;
	struct attachment *attachments;
	size_t nattachments;
	char **failed_notes; /* file names of notes/ *.md that failed to load */
	size_t nfailed_notes;
};

/* An entry of reviews.yaml: a supervisor's review of an audit finding (SPEC §5). */
struct review {
	char *finding; /* the finding's id, as written; NULL when missing */
	char *by;
	int date; /* DATE_NONE when missing or not a date */
	char *note;
	int line; /* of the `finding` value (of the entry when it has none) */
	struct pos by_pos, date_pos;
	int bad; /* check found something wrong with it: it counts for nothing */
};

/* What became of reviews.yaml. */
enum reviews_state {
	REVIEWS_ABSENT, /* there is none */
	REVIEWS_LOADED, /* loaded (each entry may still be bad) */
	REVIEWS_FAILED  /* it failed to load, or is not a list: treated as absent */
};

struct caseload {
	struct config config;
	struct resource *resources;
	size_t nresources;
	size_t *resource_order;  /* indexes of resources, sorted by id, then place
	                          * (cl_resource bisects it); NULL: look in order */
	char **failed_resources; /* ids of resource files that failed to load */
	size_t nfailed_resources;
	struct case_record *cases; /* sorted by id */
	size_t ncases;
	struct review *reviews; /* reviews.yaml's entries, in file order */
	size_t nreviews;
	enum reviews_state reviews_state;
	struct diags diags;
	int as_of;          /* the day the commands compute from; the
	                     * loader only records it */
	int bodies;         /* note bodies were read (load_opts) */
	struct arena arena; /* owns the strings and arrays above */
};

/* caseload_load: reads caseload.yaml, resources/, reviews.yaml and the case
 * folders named in only[0..nonly) (all when nonly is 0) from src into cl, reporting each
 * file's shape to cl->diags (the rules between files are check.h's). Returns
 * 0, or -1 when the source could not be read at all or a case of only is not
 * there (the reason in src->err). Free with caseload_free. */
int caseload_load(struct caseload *cl, struct source *src, int as_of, char *const *only, size_t nonly);
/* What caseload_load_with reads. */
struct load_opts {
	int as_of;
	char *const *only; /* the cases to load: only[0..nonly), all when nonly is 0 */
	size_t nonly;
	int bodies; /* read note bodies (the site shows them; check and due
	             * do not: struct note's body is then NULL) */
	/* each_case: when set, called for each case right after it loads, on
	 * the thread that loaded it (its records still in that core's cache),
	 * with the caseload of that thread: the shared one's config,
	 * resources and reviews, and the case's own problems, which it may
	 * append to (cmd_load runs check_case here) */
	void (*each_case)(struct caseload *cl, struct case_record *c);
};
/* caseload_load_with: caseload_load with options; caseload_load reads
 * bodies. */
int caseload_load_with(struct caseload *cl, struct source *src, const struct load_opts *o);
void caseload_free(struct caseload *cl);

/* policy_cover_below: a score below this needs a goal in its domain (the
 * policy's, else the middle of the scale rounded down). */
int policy_cover_below(const struct config *c);
/* policy_answer_within: how long resource r (may be NULL) has to answer a
 * referral: its answer_within, else the policy's, else 14d. */
struct dur policy_answer_within(const struct config *c, const struct resource *r);
/* consent_end: the day c's consent ends (consent.expires, else signed +
 * the policy's consent_valid), or DATE_NONE for never. */
int consent_end(const struct config *cf, const struct case_record *c);

/* Look-ups by id; NULL when absent. */
const struct worker *cl_worker(const struct caseload *cl, const char *id);
const struct program *cl_program(const struct caseload *cl, const char *id);
const struct resource *cl_resource(const struct caseload *cl, const char *id);
const struct domain *cl_domain(const struct caseload *cl, const char *id);
const struct case_record *cl_case(const struct caseload *cl, const char *id);
/* cl_dest_category: the category of exit destination dest (NULL: none):
 * DEST_UNKNOWN without the destinations map, without a destination, or
 * for one the map lacks. */
enum dest_category cl_dest_category(const struct caseload *cl, const char *dest);

/* plan_text_has_goals: 1 when data[0..len), read as a plan.yaml is read
 * (size, encoding, YAML), loads and holds at least one goal (a mapping in
 * its goals list), as struct plan's ngoals counts them; else 0. An old
 * plan from the history is judged by the rule of the `plan` due item. */
int plan_text_has_goals(const char *data, size_t len);

#endif
