/* main.c: the global options and the table of commands: each command's
 * name, function (cmd_<name>.c), the setup it needs and its help. main
 * reads the global options, answers --help and --version, runs the
 * command, undoes its setup and exits: the only place that calls exit. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "util.h"

#ifndef CASELOAD_VERSION
#define CASELOAD_VERSION "0.1.0"
#endif

/* A command: its function parses its own options, then calls
 * session_setup, which does the setup flags declare (cmd.h). */
struct command {
	const char *name;
	int (*run)(struct session *, int, char **);
	unsigned flags;
	const char *summary; /* one line for `caseload --help` */
	const char *usage;   /* `caseload COMMAND --help` */
};

#define RECORDS (NEEDS_CASELOAD | READS_RECORDS)

/* laid out by hand: */
/* clang-format off */
static const struct command commands[] = {
	{"check", cmd_check, RECORDS, "check every record and report each problem",
	 "usage: caseload [GLOBAL OPTIONS] check [--format text|json] [--strict] [CASE...]\n"
	 "       caseload [GLOBAL OPTIONS] check --staged [--format text|json] [--strict]\n"
	 "\n"
	 "Checks caseload.yaml, resources/ and every case (or only the CASEs named) and\n"
	 "prints one line per problem, path:line:column: severity: message (code),\n"
	 "then a summary line 'N errors, M warnings'.\n"
	 "\n"
	 "  --format FMT  text (default) or json\n"
	 "  --strict      exit 1 on warnings too\n"
	 "  --staged      check the records as staged in git (what a commit would record),\n"
	 "                only the cases the staged changes touch (all of them when\n"
	 "                caseload.yaml or resources/ change): the pre-commit hook\n"
	 "\n"
	 "Exit: 0 no errors; 1 errors (or warnings with --strict); 2 could not run.\n"},
	{"due", cmd_due, RECORDS, "list what is overdue and what falls due soon",
	 "usage: caseload [GLOBAL OPTIONS] due [--format text|json|csv|ics] [--within DUR] [--all]\n"
	 "                [--worker ID] [--program ID] [--case ID] [--names]\n"
	 "\n"
	 "Lists reassessments, plans, plan reviews, steps, goal targets, contact gaps\n"
	 "and follow-ups falling due on or before as-of + due_window.\n"
	 "\n"
	 "  --format FMT  text (default), json, csv or ics (a calendar feed: every item,\n"
	 "                overdue and ahead, titled with the case id, not the client)\n"
	 "  --within DUR  look this far ahead instead of the policy's due_window (0d allowed)\n"
	 "  --all         list everything ahead too\n"
	 "  --worker ID, --program ID, --case ID   only these\n"
	 "  --names       name the clients in the calendar feed too (as names_in_feeds: true)\n"
	 "\n"
	 "Exit: 0 when it ran; 2 could not run or an unknown id.\n"},
	{"build", cmd_build, RECORDS | NEEDS_GIT | MAKES_CACHE, "render the static HTML site",
	 "usage: caseload [GLOBAL OPTIONS] build [-o DIR] [--templates DIR] [--redact] [--strict]\n"
	 "                [--jobs N]\n"
	 "\n"
	 "Renders the site (default _site/ in the caseload folder) and swaps it in whole.\n"
	 "The site it replaces is kept with the caches (.git/caseload/; outside git,\n"
	 "~/.cache/caseload/) for the next build to write into; deleting them is safe.\n"
	 "\n"
	 "  -o DIR           write the site here (relative to the current folder)\n"
	 "  --templates DIR  use these templates instead of the installed ones\n"
	 "  --redact         client names become case ids; no contact details, note bodies\n"
	 "                   or attachments\n"
	 "  --strict         exit 1 when the records have errors or warnings\n"
	 "  --jobs N         render the case pages on N threads, 1 to 8 (default: one per\n"
	 "                   core, up to 4); the site is the same for any N\n"
	 "\n"
	 "Exit: 0 built; 1 built but --strict found problems; 2 could not run.\n"},
	{"audit", cmd_audit, RECORDS | NEEDS_GIT, "find late notes, changes after the fact and more in git history",
	 "usage: caseload [GLOBAL OPTIONS] audit [--all] [--format text|json] [CASE...]\n"
	 "\n"
	 "The findings from the git history that no supervisor has reviewed: late-note,\n"
	 "future-note, future-entry, amended, deleted, edit-after-close, unknown-author,\n"
	 "uncommitted. Each ends with what to do. A supervisor explains one that is in\n"
	 "order in reviews.yaml, and commits it. Reviews that count for nothing are\n"
	 "listed after the findings. With --at, the history up to that commit.\n"
	 "\n"
	 "  --all         every finding, reviewed ones too\n"
	 "  --format FMT  text (default) or json (with each finding's id and review)\n"
	 "\n"
	 "Exit: 0 nothing unreviewed; 1 unreviewed findings; 2 could not run (outside git).\n"},
	{"export", cmd_export, RECORDS, "export records as CSV or JSON",
	 "usage: caseload [GLOBAL OPTIONS] export KIND [--format csv|json] [--redact]\n"
	 "                [--case ID] [--worker ID] [--program ID]\n"
	 "\n"
	 "The records as rows for spreadsheets and funders' reports. KIND:\n"
	 "  cases        one row per case (with counts, days open, last contact)\n"
	 "  goals        one row per goal\n"
	 "  steps        one row per step, numbered within its goal\n"
	 "  assessments  one row per score\n"
	 "  notes        one row per note, never its text\n"
	 "  due          every item of 'caseload due --all', in its columns\n"
	 "\n"
	 "  --format FMT  csv (default; RFC 4180, CRLF) or json\n"
	 "  --redact      client names become case ids; no birth date or contact details\n"
	 "  --case ID, --worker ID, --program ID   only these cases (each repeatable)\n"
	 "\n"
	 "Respects --at and --as-of. Exit: 0 when it ran; 2 could not run or an unknown id.\n"},
	{"report", cmd_report, RECORDS, "the figures for funders and boards over a period",
	 "usage: caseload [GLOBAL OPTIONS] report [--from DATE] [--to DATE] [--program ID]...\n"
	 "                [--redact] [--format text|md|html|csv|json]\n"
	 "\n"
	 "Per program and in total: cases served, new and exited, exits by destination,\n"
	 "goals achieved of those due, the mean change of scores per domain, first\n"
	 "assessments on time, follow-ups that reached the client, feedback, and each\n"
	 "target against what was achieved.\n"
	 "\n"
	 "  --from DATE    the period's first day (default: 364 days before --to)\n"
	 "  --to DATE      the period's last day (default: as-of, today)\n"
	 "  --program ID   only this program (repeatable)\n"
	 "  --redact       leave client names out of any list (the figures hold none)\n"
	 "  --format FMT   text (default), md, html (one self-contained page), csv or json\n"
	 "\n"
	 "Exit: 0 when it ran; 2 could not run or an unknown program.\n"},
	{"digest", cmd_digest, RECORDS, "what each worker and the team need on Monday morning",
	 "usage: caseload [GLOBAL OPTIONS] digest [--worker ID | --team] [--since DATE]\n"
	 "                [--format text|md|eml] [--names]\n"
	 "\n"
	 "For a worker: their cases' items overdue, due within 7 days and newly overdue\n"
	 "since --since, then their open flags. For the team: per worker, open cases,\n"
	 "overdue and due within 7 days, then what is overdue by more than the policy's\n"
	 "escalate_after. Without --worker or --team: each worker with open cases, then\n"
	 "the team.\n"
	 "\n"
	 "  --worker ID    this worker's digest\n"
	 "  --team         the team's digest\n"
	 "  --since DATE   newly overdue: due on or after this day (default: 7 days ago)\n"
	 "  --format FMT   text (default), md, or eml (an mbox of mails, CRLF, for sendmail)\n"
	 "  --names        name the clients in eml too (else the case id stands for them)\n"
	 "\n"
	 "Exit: 0 when it ran; 2 could not run or an unknown worker.\n"},
	{"init", cmd_init, NEEDS_GIT, "start a new caseload repository",
	 "usage: caseload init DIR\n"
	 "\n"
	 "Starts a caseload in DIR, which must be new or empty: a git repository (or,\n"
	 "inside a git work tree, just the files) with caseload.yaml to fill in,\n"
	 "README.md, .gitignore, .editorconfig, JSON Schemas for editors in\n"
	 ".caseload/schemas/, and a pre-commit hook that refuses a commit whose\n"
	 "staged records have errors.\n"
	 "\n"
	 "Exit: 0 written; 2 refused (DIR not empty) or failed, with nothing written.\n"},
	{"new", cmd_new, RECORDS, "write a skeleton case, note or assessment",
	 "usage: caseload [GLOBAL OPTIONS] new case ID [--program ID] [--worker ID] [--client NAME]\n"
	 "       caseload [GLOBAL OPTIONS] new note CASE [--kind KIND] [--by WORKER] [--date DATE]\n"
	 "       caseload [GLOBAL OPTIONS] new assessment CASE [--by WORKER] [--date DATE]\n"
	 "\n"
	 "Writes a skeleton that passes 'caseload check' once its blanks are filled,\n"
	 "prints its path relative to the current folder, and never replaces a file\n"
	 "(a second note of the same day and kind is DATE-KIND-2.md, then -3).\n"
	 "\n"
	 "  --program ID, --worker ID  required when caseload.yaml has more than one\n"
	 "  --client NAME  the client's name (else a blank to fill in)\n"
	 "  --kind KIND    visit (default), phone, message, meeting, followup,\n"
	 "                 collateral, admin or feedback\n"
	 "  --by WORKER    who writes (default: the case's worker)\n"
	 "  --date DATE    YYYY-MM-DD (default: --as-of, or today)\n"
	 "\n"
	 "Exit: 0 written; 2 refused (unknown case, program or worker), nothing written.\n"},
};
/* clang-format on */

static void
usage(FILE *f)
{
	fputs("usage: caseload [-C DIR] [--at REV] [--as-of DATE] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Case records of small nonprofits, kept as YAML and Markdown in git.\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Global options (before the command):\n"
	      "  -C DIR        the caseload folder (default: the nearest one upward with\n"
	      "                caseload.yaml)\n"
	      "  --at REV      read the records as they stood at a commit (and, without\n"
	      "                --as-of, count from its day)\n"
	      "  --as-of DATE  the day to compute from (default: today)\n"
	      "  --help        this help; COMMAND --help for a command's\n"
	      "  --version     the version\n"
	      "Long options may be shortened while they stay unambiguous (--as for --as-of).\n"
	      "\n"
	      "Exit codes: 0 success; 1 the records have errors (or, for audit, unreviewed\n"
	      "findings);\n"
	      "2 the command could not run.\n",
	      f);
}

int
main(int argc, char **argv)
{
	struct globals g = {NULL, NULL, DATE_NONE, 0};
	int i;
	/* The loader allocates and frees a few blocks for every file it reads;
	 * glibc would hand the top of the heap back to the kernel and fault it
	 * in again over and over (brk), a sixth of `check`'s time at 10,000
	 * cases. Keep up to 64 MiB freed, and grow the heap 16 MiB at a time.
	 * Blocks up to 4 MiB come from the heap too: libgit2 inflates each
	 * version of the cases/ tree (400 KiB at 10,000 cases) into a new one,
	 * and mapping each afresh cost the build a quarter of its time in page
	 * faults. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	static const struct option longopts[] = {
		{"directory", required_argument, NULL, 'C'}, {"at", required_argument, NULL, 'a'},
		{"as-of", required_argument, NULL, 'd'},     {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'v'},         {NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	/* '+': the global options end at the command's name */
	while ((c = getopt_long(argc, argv, "+:C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); exit(0);
		case 'v': printf("caseload %s\n", CASELOAD_VERSION); exit(0);
		case 'C': g.dir = optarg; break;
		case 'a': g.at = optarg; break;
		case 'd': {
			int r = date_parse(optarg, &g.as_of);
			g.as_of_given = 1;
			if (r != 0) {
				fprintf(stderr, "caseload: --as-of '%s' %s\n", optarg, date_problem(r));
				exit(2);
			}
			break;
		}
		case ':':
			fprintf(stderr, "caseload: %s needs a value\n", argv[optind - 1]);
			exit(2);
		default:
			fprintf(stderr, "caseload: unknown option '%s'; see 'caseload --help'\n",
			        argv[optind - 1]);
			exit(2);
		}
	}
	i = optind;
	if (i >= argc) {
		usage(stderr);
		exit(2);
	}
	if (g.as_of == DATE_NONE)
		g.as_of = date_today();
	const struct command *cmd = NULL;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			cmd = &commands[k];
	if (!cmd) {
		const char *names[sizeof(commands) / sizeof(commands[0]) + 1];
		size_t n = 0;
		for (; n < sizeof(commands) / sizeof(commands[0]); n++)
			names[n] = commands[n].name;
		names[n] = NULL;
		const char *near = nearest(argv[i], names);
		if (near)
			fprintf(stderr, "caseload: unknown command '%s'; did you mean '%s'?\n",
			        argv[i], near);
		else
			fprintf(stderr, "caseload: unknown command '%s'; see 'caseload --help'\n",
			        argv[i]);
		exit(2);
	}
	int cargc = argc - i;
	char **cargv = argv + i;
	for (int k = 1; k < cargc && strcmp(cargv[k], "--") != 0; k++)
		if (strcmp(cargv[k], "--help") == 0 || strcmp(cargv[k], "-h") == 0) {
			fputs(cmd->usage, stdout);
			exit(0);
		}
	struct session s = {&g, cmd->name, cmd->flags, NULL, {0}, 0, 0, 0, 0};
	int rc = cmd->run(&s, cargc, cargv);
	session_end(&s);
	exit(rc);
}
