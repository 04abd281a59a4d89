/* main.c: the global options and the command table. The only place that
 * calls exit. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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

enum needs { NEEDS_CASELOAD, NEEDS_NOTHING };

struct command {
	const char *name;
	int (*run)(struct session *, int, char **);
	int (*run_plain)(const struct globals *, int, char **);
	const char *summary;
	const char *usage;
};

static const struct command commands[] = {
	{"check", cmd_check, NULL, "check every record and report each problem",
	 "usage: caseload [GLOBAL OPTIONS] check [--format text|json] [--strict] [CASE...]\n"
	 "\n"
	 "Checks caseload.yaml, resources/ and every case (or only the CASEs named) and\n"
	 "prints one line per problem, path:line:column: severity: message (code),\n"
	 "then a summary line 'N errors, M warnings'.\n"
	 "\n"
	 "  --format FMT  text (default) or json\n"
	 "  --strict      exit 1 on warnings too\n"
	 "\n"
	 "Exit: 0 no errors; 1 errors (or warnings with --strict); 2 could not run.\n"},
	{"due", cmd_due, NULL, "list what is overdue and what falls due soon",
	 "usage: caseload [GLOBAL OPTIONS] due [--format text|json|csv|ics] [--within DUR] [--all]\n"
	 "                [--worker ID] [--program ID] [--case ID]\n"
	 "\n"
	 "Lists reassessments, plans, plan reviews, steps, goal targets, contact gaps\n"
	 "and follow-ups falling due on or before as-of + due_window.\n"
	 "\n"
	 "  --format FMT  text (default), json, csv or ics (a calendar feed)\n"
	 "  --within DUR  look this far ahead instead of the policy's due_window (0d allowed)\n"
	 "  --all         list everything ahead too\n"
	 "  --worker ID, --program ID, --case ID   only these\n"
	 "\n"
	 "Exit: 0 when it ran; 2 could not run or an unknown id.\n"},
	{"build", cmd_build, NULL, "render the static HTML site",
	 "usage: caseload [GLOBAL OPTIONS] build [-o DIR] [--templates DIR] [--redact] [--strict]\n"
	 "\n"
	 "Renders the site (default _site/ in the caseload folder) and swaps it in whole.\n"
	 "\n"
	 "  -o DIR           write the site here (relative to the current folder)\n"
	 "  --templates DIR  use these templates instead of the installed ones\n"
	 "  --redact         client names become case ids; no contact details, note bodies\n"
	 "                   or attachments\n"
	 "  --strict         exit 1 when the records have errors or warnings\n"
	 "\n"
	 "Exit: 0 built; 1 built but --strict found problems; 2 could not run.\n"},
	{"audit", cmd_audit, NULL, "find late notes, edits after close and more in git history",
	 "usage: caseload [GLOBAL OPTIONS] audit [--format text|json] [CASE...]\n"
	 "\n"
	 "Findings: late-note, future-note, edit-after-close, unknown-author, uncommitted.\n"
	 "\n"
	 "Exit: 0 no findings; 1 findings; 2 could not run (outside git).\n"},
	{"export", cmd_export, NULL, "export records as CSV or JSON",
	 "usage: caseload [GLOBAL OPTIONS] export KIND [--format csv|json] [--redact]\n"
	 "                [--case ID] [--worker ID] [--program ID]\n"
	 "\n"
	 "The records as rows for spreadsheets and funders' reports. KIND:\n"
	 "  cases        one row per case (with counts, days open, last contact)\n"
	 "  goals        one row per goal\n"
	 "  steps        one row per step, numbered within its goal\n"
	 "  assessments  one row per score\n"
	 "  notes        one row per note, never its text\n"
	 "  due          the rows of 'caseload due'\n"
	 "\n"
	 "  --format FMT  csv (default; RFC 4180, CRLF) or json\n"
	 "  --redact      client names become case ids; no birth date or contact details\n"
	 "  --case ID, --worker ID, --program ID   only these cases (each repeatable)\n"
	 "\n"
	 "Respects --at and --as-of. Exit: 0 when it ran; 2 could not run or an unknown id.\n"},
	{"init", NULL, cmd_init, "start a new caseload repository",
	 "usage: caseload init DIR\n"
	 "\n"
	 "Starts a caseload in DIR, which must be new or empty: a git repository (or,\n"
	 "inside a git work tree, just the files) with caseload.yaml to fill in,\n"
	 "README.md, .gitignore, .editorconfig, JSON Schemas for editors in\n"
	 ".caseload/schemas/, and a pre-commit hook that refuses a commit whose\n"
	 "staged records have errors.\n"
	 "\n"
	 "Exit: 0 written; 2 refused (DIR not empty) or failed, with nothing written.\n"},
	{"new", NULL, cmd_new, "write a skeleton case, note or assessment",
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
	 "                 collateral or admin\n"
	 "  --by WORKER    who writes (default: the case's worker)\n"
	 "  --date DATE    YYYY-MM-DD (default: --as-of, or today)\n"
	 "\n"
	 "Exit: 0 written; 2 refused (unknown case, program or worker), nothing written.\n"},
};

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
	      "  --at REV      read the records as they stood at a git revision\n"
	      "  --as-of DATE  the day to compute from (default: today)\n"
	      "  --help        this help; COMMAND --help for a command's\n"
	      "  --version     the version\n"
	      "\n"
	      "Exit codes: 0 success; 1 the records have errors (or findings);\n"
	      "2 the command could not run.\n",
	      f);
}

static const char *
optarg_of(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc) {
		fprintf(stderr, "caseload: %s needs a value\n", name);
		return NULL;
	}
	return argv[++*i];
}

static int
is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int
main(int argc, char **argv)
{
	struct globals g = {NULL, NULL, DATE_NONE};
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(a, "--version") == 0) {
			printf("caseload %s\n", CASELOAD_VERSION);
			exit(0);
		} else if (strcmp(a, "-C") == 0 || is_opt(a, "--directory")) {
			if (!(v = optarg_of(argc, argv, &i, strcmp(a, "-C") == 0 ? "-C" : "--directory")))
				exit(2);
			g.dir = v;
		} else if (strncmp(a, "-C", 2) == 0) {
			g.dir = a + 2;
		} else if (is_opt(a, "--at")) {
			if (!(v = optarg_of(argc, argv, &i, "--at")))
				exit(2);
			g.at = v;
		} else if (is_opt(a, "--as-of")) {
			if (!(v = optarg_of(argc, argv, &i, "--as-of")))
				exit(2);
			if (date_parse(v, &g.as_of) != 0) {
				fprintf(stderr, "caseload: --as-of '%s' is not a date (YYYY-MM-DD)\n", v);
				exit(2);
			}
		} else {
			fprintf(stderr, "caseload: unknown option '%s'\n", a);
			usage(stderr);
			exit(2);
		}
	}
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
		fprintf(stderr, "caseload: unknown command '%s'; see 'caseload --help'\n", argv[i]);
		exit(2);
	}
	int cargc = argc - i;
	char **cargv = argv + i;
	for (int k = 1; k < cargc && strcmp(cargv[k], "--") != 0; k++)
		if (strcmp(cargv[k], "--help") == 0 || strcmp(cargv[k], "-h") == 0) {
			fputs(cmd->usage, stdout);
			exit(0);
		}
	if (cmd->run_plain)
		exit(cmd->run_plain(&g, cargc, cargv));

	struct session s = {&g, NULL, {0}};
	s.root = session_find_root(g.dir);
	if (!s.root)
		exit(2);
	int r = g.at ? source_git_open(&s.src, s.root, g.at) : source_fs_open(&s.src, s.root);
	if (r != SRC_OK) {
		fprintf(stderr, "caseload: %s\n", s.src.err);
		free(s.root);
		exit(2);
	}
	int rc = cmd->run(&s, cargc, cargv);
	source_close(&s.src);
	free(s.root);
	exit(rc);
}
