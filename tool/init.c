/* init.c: `caseload init DIR`: a new caseload, ready to fill in and commit.
 * DIR must be new or empty; nothing is written when it is not. Outside git
 * it becomes a new repository; inside a git work tree the files are written
 * without one. Either way the repository gets a pre-commit hook that checks
 * what is staged. */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "schemas.h"
#include "util.h"
#include "write.h"

/* The first line of the hook: how init knows a hook it wrote before. */
#define HOOK_MARK "# caseload pre-commit hook"

static const char caseload_yaml[] =
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
    "  edit_after_close: 7d            # audit: how long a closed case may still be edited\n";

static const char readme_md[] =
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
    "`man caseload` explains every command.\n";

static const char gitignore[] =
    "# the site made by 'caseload build': it is made again from the records\n"
    "/_site/\n";

static const char editorconfig_rules[] =
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
    "# Runs 'caseload check' on what is staged, not on the files as they are in\n"
    "# the folder, and refuses the commit when the records have errors (warnings\n"
    "# pass). To commit without the check, once: git commit --no-verify\n"
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
    "tmp=$(mktemp -d \"${TMPDIR:-/tmp}/caseload-pre-commit.XXXXXX\") || exit 1\n"
    "failed=0\n"
    "trap 'rm -rf \"$tmp\"; exit $failed' EXIT\n"
    "trap 'failed=1; exit 1' HUP INT TERM\n"
    "\n"
    "# check_folder FOLDER: checks the staged copy of the caseload in FOLDER\n"
    "# (relative to the top of the work tree, '.' for the top itself). When the\n"
    "# records there are just what is staged (no unstaged change, no untracked\n"
    "# record), they are checked in place; else the staged files are copied out.\n"
    "check_folder() {\n"
    "\tdir=$1\n"
    "\tif ! git diff --no-ext-diff --quiet -- \":(literal)$1\" ||\n"
    "\t\t[ -n \"$(git ls-files --others -- \":(literal)$1/caseload.yaml\" \":(literal)$1/resources\" \\\n"
    "\t\t\t\":(literal)$1/cases\" | head -n 1)\" ]; then\n"
    "\t\tgit ls-files -z -- \":(literal)$1\" | git checkout-index -z --stdin --prefix=\"$tmp/\" || {\n"
    "\t\t\tfailed=1\n"
    "\t\t\treturn\n"
    "\t\t}\n"
    "\t\tdir=$tmp/$1\n"
    "\tfi\n"
    "\t[ -f \"$dir/caseload.yaml\" ] || return 0\n"
    "\tout=$(\"$caseload\" -C \"$dir\" check 2>&1)\n"
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

/* check_line: the hook's line for the caseload in folder (relative to the top
 * of the work tree). The caller frees it. */
static char *
check_line(const char *folder)
{
	struct buf b = {0};
	buf_puts(&b, "check_folder ");
	sh_quote(&b, folder);
	buf_putc(&b, '\n');
	return buf_detach(&b);
}

/* hook_text: a new hook that checks the caseload in folder, running
 * fallback when caseload is not on PATH. The caller frees it. */
static char *
hook_text(const char *folder, const char *fallback)
{
	struct buf b = {0};
	buf_puts(&b, "#!/bin/sh\n" HOOK_MARK ", written by 'caseload init'.\n");
	buf_puts(&b, "fallback=");
	sh_quote(&b, fallback);
	buf_putc(&b, '\n');
	buf_puts(&b, hook_body);
	char *line = check_line(folder);
	buf_puts(&b, line);
	free(line);
	return buf_detach(&b);
}

/* The plan, made before anything is written. */
struct init {
	char *dir;         /* as given */
	char *abs;         /* its absolute path, once it exists */
	char *made;        /* the topmost folder we created, or NULL */
	int new_repo;      /* git init, or inside an existing work tree */
	char *top;         /* the work tree's top (existing repository) */
	char *hook;        /* the hook's path, or NULL to leave hooks alone */
	char *hook_old;    /* our hook's current text, to add a line to */
	char *hook_note;   /* why the hook is left alone, or NULL */
};

/* dir_state: 0 absent, 1 an empty folder, 2 a folder with entries, 3 not a
 * folder, -1 unreadable (errno set). */
static int
dir_state(const char *p)
{
	struct stat st;
	if (lstat(p, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return 3;
	DIR *d = opendir(p);
	if (!d)
		return -1;
	struct dirent *e;
	int state = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			state = 2;
			break;
		}
	closedir(d);
	return state;
}

/* nearest_existing: the real path of p's nearest existing ancestor (or p). */
static char *
nearest_existing(const char *p)
{
	char *cur = p[0] == '/' ? xstrdup(p) : xasprintf("./%s", p);
	for (;;) {
		char *real = realpath(cur, NULL);
		if (real) {
			free(cur);
			return real;
		}
		char *slash = strrchr(cur, '/');
		if (!slash) {
			free(cur);
			return NULL;
		}
		if (slash == cur)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

/* plan_hook: where the hook of repo goes, and whether to write, extend or
 * leave it. */
static void
plan_hook(struct init *in, git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf hp = {0};
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&hp, cfg, "core.hooksPath") == 0) {
		in->hook_note = xasprintf("core.hooksPath is set to '%s'", hp.ptr);
		git_buf_dispose(&hp);
		git_config_free(cfg);
		return;
	}
	git_config_free(cfg);
	in->hook = xasprintf("%shooks/pre-commit", git_repository_commondir(repo));
	struct buf text = {0};
	if (read_file(in->hook, 0, &text) != 0) {
		buf_free(&text);
		return;
	}
	char *old = buf_detach(&text);
	if (strncmp(old, "#!/bin/sh\n" HOOK_MARK, strlen("#!/bin/sh\n" HOOK_MARK)) == 0)
		in->hook_old = old;
	else {
		in->hook_note = xasprintf("%s already has a pre-commit hook", in->hook);
		free(in->hook);
		in->hook = NULL;
		free(old);
	}
}

/* find_repo: whether dir (which may not exist yet) is inside a git work
 * tree; if so the top of it and the hook plan. Returns 0, or 2 after a message. */
static int
find_repo(struct init *in)
{
	char *near = nearest_existing(in->dir);
	git_repository *repo = NULL;
	in->new_repo = 1;
	if (!near) {
		fprintf(stderr, "caseload init: %s: %s\n", in->dir, strerror(errno));
		return 2;
	}
	if (git_repository_open_ext(&repo, near, 0, NULL) == 0) {
		const char *wd = git_repository_workdir(repo);
		char *top = wd ? realpath(wd, NULL) : NULL;
		char *rel = top ? path_rel(top, near) : NULL;
		if (rel && strcmp(rel, "..") != 0 && strncmp(rel, "../", 3) != 0) {
			if (strcmp(rel, ".git") == 0 || strncmp(rel, ".git/", 5) == 0) {
				fprintf(stderr, "caseload init: %s is inside a .git folder\n", in->dir);
				free(rel);
				free(top);
				free(near);
				git_repository_free(repo);
				return 2;
			}
			in->new_repo = 0;
			in->top = top;
			top = NULL;
			plan_hook(in, repo);
		}
		free(rel);
		free(top);
		git_repository_free(repo);
	}
	free(near);
	return 0;
}

/* put: writes rel (under the new caseload, its folders made as needed)
 * with text s. Returns 0, or -1 after a message. */
static int
put(const struct init *in, const char *rel, const char *s)
{
	char *p = xasprintf("%s/%s", in->abs, rel), *made;
	char *slash = strrchr(p, '/');
	*slash = '\0';
	int r = mkdir_p(AT_FDCWD, p, 0777, &made);
	free(made);
	*slash = '/';
	if (r == 0)
		r = write_new(p, s, 0666);
	if (r != 0)
		fprintf(stderr, "caseload init: %s/%s: %s\n", in->dir, rel, strerror(errno));
	free(p);
	return r;
}

/* write_hook: writes the hook, or adds folder's line to ours, through a
 * temporary file renamed into place. Returns 0, or -1 after a message. */
static int
write_hook(struct init *in, const char *folder)
{
	char *line = check_line(folder), *text;
	if (in->hook_old) {
		size_t n = strlen(in->hook_old);
		char *own = xasprintf("\n%s", line);
		int has = strstr(in->hook_old, own) != NULL;
		free(own);
		if (has) {
			free(line);
			return 0; /* it checks this caseload already */
		}
		text = xasprintf("%s%s%s", in->hook_old, n && in->hook_old[n - 1] != '\n' ? "\n" : "",
		                 line);
	} else {
		/* the program running now, for when caseload is not on PATH */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
		text = hook_text(folder, n > 0 ? self : "caseload");
	}
	free(line);
	char *dir = xstrdup(in->hook), *made;
	*strrchr(dir, '/') = '\0';
	int r = mkdir_p(AT_FDCWD, dir, 0777, &made);
	free(made);
	free(dir);
	if (r == 0)
		r = write_replace(in->hook, text, strlen(text), 0777);
	if (r != 0)
		fprintf(stderr, "caseload init: %s: %s\n", in->hook, strerror(errno));
	free(text);
	return r;
}

/* write_all: the repository, every file, then the hook. Returns 0, or -1
 * after a message. */
static int
write_all(struct init *in)
{
	if (in->new_repo) {
		git_repository *repo = NULL;
		if (git_repository_init(&repo, in->abs, 0) != 0) {
			const git_error *e = git_error_last();
			fprintf(stderr, "caseload init: git init %s: %s\n", in->dir,
			        e ? e->message : "failed");
			return -1;
		}
		plan_hook(in, repo);
		git_repository_free(repo);
	}
	struct buf ec = {0};
	buf_puts(&ec, "# Editor settings for the records: https://editorconfig.org\n");
	if (in->new_repo)
		buf_puts(&ec, "root = true\n");
	buf_putc(&ec, '\n');
	buf_puts(&ec, editorconfig_rules);
	int r = put(in, "caseload.yaml", caseload_yaml) || put(in, "README.md", readme_md) ||
	        put(in, ".gitignore", gitignore) || put(in, ".editorconfig", ec.s) ||
	        put(in, "cases/.gitkeep", "") || put(in, "resources/.gitkeep", "");
	buf_free(&ec);
	for (const struct schema_file *sf = schema_files; !r && sf->name; sf++) {
		char *rel = xasprintf(".caseload/schemas/%s", sf->name);
		r = put(in, rel, sf->text);
		free(rel);
	}
	char *folder = in->new_repo ? xstrdup(".") : path_rel(in->top, in->abs);
	if (!r) {
		/* a copy in the records, for each clone to install */
		char *copy = hook_text(folder, "caseload");
		char *p = xasprintf("%s/.caseload/pre-commit", in->abs);
		r = put(in, ".caseload/pre-commit", copy);
		if (!r && chmod(p, 0755) != 0)
			r = -1;
		free(p);
		free(copy);
	}
	if (!r && in->hook)
		r = write_hook(in, folder);
	free(folder);
	return r ? -1 : 0;
}

/* undo: removes what write_all wrote: the folders init made, or else every
 * entry of the folder, which was empty. */
static void
undo(const struct init *in)
{
	if (in->made) {
		rmtree(in->made);
		return;
	}
	DIR *d = in->abs ? opendir(in->abs) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", in->abs, e->d_name);
		rmtree(p);
		free(p);
	}
	if (d)
		closedir(d);
}

static void
init_free(struct init *in)
{
	free(in->abs);
	free(in->made);
	free(in->top);
	free(in->hook);
	free(in->hook_old);
	free(in->hook_note);
}

int
cmd_init(const struct globals *g, int argc, char **argv)
{
	struct init in = {0};
	int i = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		fprintf(stderr, "caseload init: unknown option '%s'; see 'caseload init --help'\n",
		        argv[i]);
		return 2;
	}
	if (argc - i != 1) {
		fprintf(stderr, "usage: caseload init DIR\n");
		return 2;
	}
	if (g->dir || g->at) {
		fprintf(stderr, "caseload init: %s does not apply; give the new folder as 'caseload init DIR'\n",
		        g->dir ? "-C" : "--at");
		return 2;
	}
	in.dir = argv[i];
	switch (dir_state(in.dir)) {
	case 0:
	case 1:
		break;
	case 2:
		fprintf(stderr, "caseload init: %s is not empty; nothing written (init needs a new or empty folder)\n",
		        in.dir);
		return 2;
	case 3:
		fprintf(stderr, "caseload init: %s exists and is not a folder; nothing written\n", in.dir);
		return 2;
	default:
		fprintf(stderr, "caseload init: %s: %s\n", in.dir, strerror(errno));
		return 2;
	}
	git_libgit2_init();
	int rc = find_repo(&in);
	if (rc == 0 && mkdir_p(AT_FDCWD, in.dir, 0777, &in.made) != 0) {
		fprintf(stderr, "caseload init: %s: %s\n", in.dir, strerror(errno));
		rc = 2;
	}
	if (rc == 0 && !(in.abs = realpath(in.dir, NULL))) {
		fprintf(stderr, "caseload init: %s: %s\n", in.dir, strerror(errno));
		undo(&in);
		rc = 2;
	}
	if (rc == 0 && write_all(&in) != 0) {
		fprintf(stderr, "caseload init: stopped; what it wrote is removed\n");
		undo(&in);
		rc = 2;
	}
	git_libgit2_shutdown();
	if (rc == 0) {
		if (in.new_repo)
			printf("Started a caseload in %s, a new git repository.\n", in.dir);
		else
			printf("Started a caseload in %s, inside the git repository at %s.\n", in.dir,
			       in.top);
		printf("Next: fill in %s/caseload.yaml (the organization, workers and programs),\n"
		       "run 'caseload check' there, then commit; %s/README.md says more.\n",
		       in.dir, in.dir);
		if (in.hook_note)
			fprintf(stderr,
			        "caseload init: the pre-commit check is not installed: %s;\n"
			        "  %s/.caseload/pre-commit is the hook, to run from yours\n",
			        in.hook_note, in.dir);
	}
	init_free(&in);
	return rc;
}
