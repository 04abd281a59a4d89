/* skeleton.c: the texts that `init` and `new` write (skeleton.h): the
 * files of a new caseload, the pre-commit hook, and each record's skeleton
 * with the comments that say how to fill it in. A new key that people
 * should see in a new record goes into its skeleton here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "skeleton.h"
#include "util.h"

#ifndef CASELOAD_DATADIR
#define CASELOAD_DATADIR "/usr/local/share/caseload"
#endif

/* the texts as they will read: */
/* clang-format off */
const char skel_caseload_yaml[] =
    "# yaml-language-server: $schema=.caseload/schemas/caseload.schema.json\n"
    "# caseload.yaml: the settings of this caseload. A '#' starts a comment.\n"
    "# Fill in the blanks, rename the examples, then run 'caseload check'.\n"
    "# Ids (of workers, programs and domains) use letters, digits, '-' and '_'.\n"
    "\n"
    "organization:                     # required: your organization's name, as on the site\n"
    "language: en                      # the site's labels: en, fr, fa (right to left) or id\n"
    "\n"
    "instrument:                       # required: the assessment tool, the same for every assessment\n"
    "  name: Self-Sufficiency Matrix   # its name, as staff know it\n"
    "  scale: [1, 5]                   # the lowest and highest score; higher is better:\n"
    "                                  #   1 in crisis: unsafe, needs help now\n"
    "                                  #   2 vulnerable: at risk without support\n"
    "                                  #   3 stable: getting by with some support\n"
    "                                  #   4 safe: managing on their own\n"
    "                                  #   5 thriving: secure and building for the future\n"
    "  domains:                        # the life domains scored, in order: id: label\n"
    "    housing: Housing              # from homeless (1) to a safe home of their choosing (5)\n"
    "    income: Income                # from no income (1) to enough income, and saving (5)\n"
    "    employment: Employment        # from no work (1) to steady work that pays enough (5)\n"
    "    health: Health                # physical and mental health, substance use\n"
    "    education: Education          # from unable to read and write (1) to the education they seek (5)\n"
    "    social: Social support        # family, friends and community they can count on\n"
    "    legal: Legal                  # from open charges or orders (1) to no legal problems (5)\n"
    "\n"
    "workers:                          # required: everyone who writes records, by id\n"
    "  alex:                           # rename: a short id, such as a first name\n"
    "    name: Alex Example            # rename: the worker's full name\n"
    "    email: alex@example.org       # the email they commit with, so that history knows them\n"
    "    role: supervisor              # caseworker (the default) or supervisor\n"
    "    # left: YYYY-MM-DD            # the day they left: keep them here, their records stay valid\n"
    "                                  # add each colleague the same way\n"
    "\n"
    "programs:                         # required: your programs, by id\n"
    "  general:                        # rename: a short id, such as aftercare\n"
    "    name: Case management         # rename: the program's name, as on the site\n"
    "    reassess_every: 90d           # reassess this often (d, w, m, y); or by risk:\n"
    "                                  #   reassess_every: {high: 30d, medium: 60d, low: 90d}\n"
    "    contact_every: 30d            # optional: the longest gap allowed between client contacts\n"
    "    followups: [30d, 90d]         # optional: follow-ups after a case is closed\n"
    "\n"
    "policy:                           # optional: when things fall due (these are the defaults)\n"
    "  first_assessment_within: 14d    # the first assessment, after a case is opened\n"
    "  plan_within: 30d                # a service plan, after a case is opened\n"
    "  plan_review_every: 90d          # review the plan with the client this often\n"
    "  due_window: 14d                 # how far ahead 'caseload due' looks\n"
    "  note_late_after: 3d             # audit: a note committed later than this after its date is late\n"
    "  edit_after_close: 7d            # audit: how long a closed case may still be edited\n"
    "  # cover_below: 3                # a score below this needs a goal in its domain (default: mid-scale)\n"
    "  # consent_valid: 365d           # consent ends this long after it was signed (default: never)\n"
    "  # referral_answer_within: 14d   # a referral's answer is due this long after it was sent\n"
    "  names_in_feeds: false           # true: calendars and mails name clients (they leave\n"
    "                                  #   your machines: only when that is agreed)\n";

const char skel_readme_md[] =
    "# Case records\n"
    "\n"
    "This folder holds our case records as plain text files, kept in git and\n"
    "read by `caseload`. They hold personal data: keep this folder, its copies\n"
    "and the site made from it on the organization's own machines and servers,\n"
    "never anywhere public.\n"
    "\n"
    "## The first time\n"
    "\n"
    "1. Open `caseload.yaml`. Fill in the organization, rename the example\n"
    "   worker and program, and add your colleagues.\n"
    "2. Run `caseload check` until it says `0 errors`.\n"
    "3. Save it: `git add -A` then `git commit -m \"Start the caseload\"`.\n"
    "\n"
    "## Every day\n"
    "\n"
    "| to | run |\n"
    "|---|---|\n"
    "| open a case | `caseload new case 2026-001 --client \"Name Surname\"` |\n"
    "| write a note | `caseload new note 2026-001` (or `--kind phone`), then write under the second `---` |\n"
    "| assess | `caseload new assessment 2026-001`, then score each domain |\n"
    "| see what is due | `caseload due` |\n"
    "| look for mistakes | `caseload check` |\n"
    "| save your work | `git add -A` then `git commit -m \"what you did\"` |\n"
    "| see the site | `caseload build`, then open `_site/index.html` |\n"
    "\n"
    "`new` prints the file it wrote; open it, fill in the blanks, save. A commit\n"
    "is refused while the records have errors: `caseload check` lists them, with\n"
    "the file and line of each. Warnings do not stop a commit.\n"
    "\n"
    "Editors that understand JSON Schema (Visual Studio Code with the YAML\n"
    "extension, and others) complete keys and flag mistakes as you type, from\n"
    "`.caseload/schemas/`.\n"
    "\n"
    "`man caseload` explains every command, and `man 5 caseload` every file and\n"
    "key: how to finish a step, achieve or drop a goal, close a case with its\n"
    "exit, and correct a note. The files that `new` writes show it in their\n"
    "comments too.\n";

const char skel_gitignore[] =
    "# the site made by 'caseload build': it is made again from the records\n"
    "/_site/\n";

const char skel_editorconfig_rules[] =
    "[*]\n"
    "charset = utf-8\n"
    "end_of_line = lf\n"
    "insert_final_newline = true\n"
    "trim_trailing_whitespace = true\n"
    "\n"
    "[*.{yaml,yml}]\n"
    "indent_style = space\n"
    "indent_size = 2\n"
    "\n"
    "# two spaces at the end of a line are a line break in Markdown\n"
    "[*.md]\n"
    "trim_trailing_whitespace = false\n";

static const char hook_body[] =
    "# Runs 'caseload check --staged': the records as they are staged, not as\n"
    "# they are in the folder, for the cases the commit changes (all of them when\n"
    "# caseload.yaml or resources/ change), and refuses the commit when they have\n"
    "# errors (warnings pass). To commit without the check, once: git commit --no-verify\n"
    "# Each caseload folder of this repository has its check_folder line at the end.\n"
    "\n"
    "caseload=${CASELOAD:-}\n"
    "if [ -z \"$caseload\" ]; then\n"
    "\tcaseload=caseload\n"
    "\tcommand -v caseload >/dev/null 2>&1 || caseload=$fallback\n"
    "fi\n"
    "if ! command -v \"$caseload\" >/dev/null 2>&1; then\n"
    "\techo \"pre-commit: cannot find the caseload program to check the records.\" >&2\n"
    "\techo \"pre-commit: install it, or commit without the check: git commit --no-verify\" >&2\n"
    "\texit 1\n"
    "fi\n"
    "failed=0\n"
    "trap 'exit $failed' EXIT\n"
    "trap 'failed=1; exit 1' HUP INT TERM\n"
    "\n"
    "# check_folder FOLDER: checks what is staged of the caseload in FOLDER\n"
    "# (relative to the top of the work tree, '.' for the top itself).\n"
    "check_folder() {\n"
    "\t[ -f \"$1/caseload.yaml\" ] || return 0\n"
    "\tout=$(\"$caseload\" -C \"$1\" check --staged 2>&1)\n"
    "\trc=$?\n"
    "\tcase $rc in\n"
    "\t0)\n"
    "\t\t[ \"$out\" = \"0 errors, 0 warnings\" ] && return 0\n"
    "\t\tprintf 'caseload check (%s):\\n%s\\nWarnings do not stop the commit.\\n' \"$1\" \"$out\" >&2\n"
    "\t\t;;\n"
    "\t1)\n"
    "\t\tprintf 'caseload check (%s):\\n%s\\n' \"$1\" \"$out\" >&2\n"
    "\t\techo \"pre-commit: the staged records have errors, so the commit is refused.\" >&2\n"
    "\t\techo \"pre-commit: fix them, 'git add' the files, and commit again.\" >&2\n"
    "\t\tfailed=1\n"
    "\t\t;;\n"
    "\t*)\n"
    "\t\tprintf 'caseload check (%s):\\n%s\\n' \"$1\" \"$out\" >&2\n"
    "\t\techo \"pre-commit: could not check the records, so the commit is refused.\" >&2\n"
    "\t\tfailed=1\n"
    "\t\t;;\n"
    "\tesac\n"
    "}\n"
    "\n";
/* clang-format on */

/* sh_quote: appends s in single quotes for sh. */
static void
sh_quote(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *s);
	buf_putc(b, '\'');
}

char *
skel_hook_line(const char *folder)
{
	struct buf b = {0};
	buf_puts(&b, "check_folder ");
	sh_quote(&b, folder);
	buf_putc(&b, '\n');
	return buf_detach(&b);
}

char *
skel_hook(const char *folder, const char *fallback)
{
	struct buf b = {0};
	buf_puts(&b, "#!/bin/sh\n" SKEL_HOOK_MARK ", written by 'caseload init'.\n");
	buf_puts(&b, "fallback=");
	sh_quote(&b, fallback);
	buf_putc(&b, '\n');
	buf_puts(&b, hook_body);
	char *line = skel_hook_line(folder);
	buf_puts(&b, line);
	free(line);
	return buf_detach(&b);
}

/* ---- record skeletons (new) ---- */

/* Comments in a skeleton start at this column, where the line allows. */
#define COMMENT_COL 34

/* line: appends text, then "# comment" (when given) at COMMENT_COL, then a
 * newline. */
static void
line(struct buf *b, const char *text, const char *comment)
{
	buf_puts(b, text);
	if (comment) {
		size_t w = utf8_len(text, strlen(text));
		do
			buf_putc(b, ' ');
		while (++w < COMMENT_COL);
		buf_puts(b, "# ");
		buf_puts(b, comment);
	}
	buf_putc(b, '\n');
}

/* linef: line() with a formatted text. */
static void __attribute__((format(printf, 3, 4)))
linef(struct buf *b, const char *comment, const char *fmt, ...)
{
	struct buf t = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&t, fmt, ap);
	va_end(ap);
	line(b, t.s, comment);
	buf_free(&t);
}

/* schema_line: the yaml-language-server line naming schema (such as
 * "case.schema.json"): relative to a file depth folders below the caseload
 * when the caseload has its own copy (w->local_schemas), else the installed
 * copy. */
static void
schema_line(struct buf *b, const struct skel_where *w, const char *schema, int depth)
{
	buf_puts(b, "# yaml-language-server: $schema=");
	if (w->local_schemas) {
		for (int i = 0; i < depth; i++)
			buf_puts(b, "../");
		buf_printf(b, ".caseload/schemas/%s\n", schema);
	} else
		buf_printf(b, "%s/schemas/%s\n", CASELOAD_DATADIR, schema);
}

void
skel_case(struct buf *b, const struct skel_where *w, const struct caseload *cl, const char *client,
          const char *program, const char *worker, int opened)
{
	char d[11];
	date_format(opened, d);
	struct buf s = {0};
	schema_line(b, w, "case.schema.json", 2);
	line(b, "client:", NULL);
	if (client) {
		buf_puts(&s, "  name: ");
		out_yaml_str(&s, client);
		line(b, s.s, "required: the client's name");
	} else
		line(b, "  name:", "required: fill in the client's name");
	line(b, "  # born: YYYY-MM-DD", "optional, like pronouns, language, phone, email, address");
	linef(b, cl_program(cl, program)->name, "program: %s", program);
	linef(b, cl_worker(cl, worker)->name, "worker: %s", worker);
	linef(b, "the day the case was opened", "opened: %s", d);
	line(b, "status: open", "open or closed");
	line(b, "# To close the case: status: closed, the day and how it ended:", NULL);
	line(b, "# closed: YYYY-MM-DD", "not before opened");
	line(b, "# exit:", "optional: a mapping, not one word");
	line(b, "#   reason: completed", "in your words");
	line(b, "#   destination: permanent-housing", "where the client went");
	line(b, "risk: medium", "low, medium or high: sets how often to reassess");
	line(b, "consent:", NULL);
	line(b, "  signed:", "the day the client signed the consent form");
	line(b, "  # expires: YYYY-MM-DD", "optional: the day the consent ends");
	line(b, "  share_with: []", "resource ids the client agreed to share information with");
	line(b, "tags: []", "optional labels, such as [veteran]");
	line(b, "# contact_every: 14d", "optional: this case's longest gap between contacts");
	line(b, "# reassess_every: 30d", "optional: this case's reassessment interval");
	line(b, "# flags:", "optional: a crisis or a safety concern");
	line(b, "#   - date: YYYY-MM-DD", NULL);
	linef(b, NULL, "#     by: %s", worker);
	line(b, "#     text: What happened, and the safety plan", NULL);
	line(b, "#     review: YYYY-MM-DD", "when to look again; lifted: YYYY-MM-DD ends it");
	buf_free(&s);
}

void
skel_plan(struct buf *p, const struct skel_where *w, const struct caseload *cl, int opened)
{
	const struct config *cf = &cl->config;
	char t1[11], t2[11];
	date_format(date_add(opened, (struct dur){3, 'm'}), t1);
	date_format(date_add(opened, (struct dur){14, 'd'}), t2);
	schema_line(p, w, "plan.schema.json", 2);
	line(p, "# The service plan, agreed with the client. Add goals below: each needs", NULL);
	line(p, "# a measure and a target date. To start, remove the '# ' of the example.", NULL);
	line(p, "# reviewed: YYYY-MM-DD", "the last review of the plan with the client");
	line(p, "goals:", NULL);
	line(p, "  # - id: housing", "a short id, unique in this plan");
	line(p, "  #   statement: Move into a home of her own", "the goal, in the client's words");
	if (cf->ndomains)
		linef(p, "optional: one of the instrument's domains", "  #   domain: %s",
		      cf->domains[0].id);
	line(p, "  #   measure: A signed lease in her name", "how you will know it is met");
	linef(p, "by when", "  #   target: %s", t1);
	line(p, "  #   # Met? add status: achieved and achieved: YYYY-MM-DD (the day).", NULL);
	line(p, "  #   # Given up? status: dropped.", NULL);
	line(p, "  #   steps:", NULL);
	line(p, "  #     - action: Apply for a housing voucher", NULL);
	line(p, "  #       who: client", "client, worker, or a resource id");
	linef(p, NULL, "  #       due: %s", t2);
	line(p, "  #       # Done? add status: done, done: YYYY-MM-DD (the day) and", NULL);
	line(p, "  #       # result: what came of it. Not needed any more? status: dropped.", NULL);
	line(p, "  #       # referral: {sent: YYYY-MM-DD}", "for a resource: then its status and answer");
}

void
skel_note(struct buf *b, const struct skel_where *w, const struct caseload *cl,
          const struct case_record *c, const char *by, enum note_kind kind, int date)
{
	char d[11];
	date_format(date, d);
	struct buf s = {0};
	line(b, "---", NULL);
	schema_line(b, w, "note.schema.json", 3);
	linef(b, NULL, "date: %s", d);
	linef(b, cl_worker(cl, by)->name, "by: %s", by);
	linef(b, "visit, phone, message, meeting, followup, collateral, admin or feedback",
	      "kind: %s", note_kind_names[kind]);
	if (kind == NOTE_FOLLOWUP) {
		line(b, "# reached: no", "optional: an attempt that did not reach the client (default yes)");
		const struct program *p = c->program ? cl_program(cl, c->program) : NULL;
		if (p && p->has_followup_outcomes && p->nfollowup_outcomes) {
			buf_printf(&s, "# outcome: %s", p->followup_outcomes[0]);
			struct buf one = {0};
			buf_puts(&one, "optional: how the client is doing, one of");
			for (size_t i = 0; i < p->nfollowup_outcomes; i++)
				buf_printf(&one, "%s %s", i ? "," : "", p->followup_outcomes[i]);
			line(b, s.s, one.s);
			buf_free(&one);
			buf_reset(&s);
		} else
			line(b, "# outcome: housed", "optional: how the client is doing, in a word or two");
	} else if (kind == NOTE_FEEDBACK)
		line(b, "# rating: 4", "optional: the client's rating, 1 to 5");
	size_t active = 0;
	for (size_t i = 0; i < c->plan.ngoals; i++)
		if (c->plan.goals[i].id && c->plan.goals[i].status == GOAL_ACTIVE)
			buf_printf(&s, "%s%s", active++ ? ", " : "# goals: [", c->plan.goals[i].id);
	if (active) {
		buf_puts(&s, "]");
		line(b, s.s, "optional: the goals this note is about");
	} else
		line(b, "# goals: [housing]", "optional: the plan's goals this note is about");
	line(b, "# minutes: 45", "optional: the time it took");
	line(b, "# amends: 2026-01-15-visit.md", "to correct an earlier note: its file name");
	line(b, "# Write the note below the closing line: what happened, what was", NULL);
	line(b, "# agreed, and what comes next.", NULL);
	line(b, "---", NULL);
	line(b, "", NULL);
	buf_free(&s);
}

void
skel_assessment(struct buf *b, const struct skel_where *w, const struct caseload *cl,
                const struct case_record *c, const char *by, int date)
{
	const struct config *cf = &cl->config;
	char d[11];
	date_format(date, d);
	struct buf s = {0};
	schema_line(b, w, "assessment.schema.json", 3);
	linef(b, "the day of the assessment", "date: %s", d);
	linef(b, cl_worker(cl, by)->name, "by: %s", by);
	const char *kind = c->nassessments == 0       ? "intake"
	                   : c->status == CASE_CLOSED ? "exit"
	                                              : "reassessment";
	linef(b, "intake, reassessment or exit", "kind: %s", kind);
	buf_printf(&s, "%s: %d to %d, higher is better",
	           cf->instrument_name ? cf->instrument_name : "the instrument", cf->scale_min,
	           cf->scale_max);
	line(b, "scores:", s.s);
	buf_free(&s);
	for (size_t i = 0; i < cf->ndomains; i++)
		linef(b, cf->domains[i].label, "  %s:", cf->domains[i].id);
	line(b, "strengths:", "optional: a list, such as [Motivated, Supportive sister]");
	line(b, "needs:", "optional: a list, such as [Stable income]");
	line(b, "summary:", "optional: for several lines, 'summary: |' and indent them");
}
