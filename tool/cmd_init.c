/* cmd_init.c: `caseload init DIR`: a new caseload, ready to fill in and commit.
 * DIR must be new or empty; nothing is written when it is not. Outside git
 * it becomes a new repository; inside a git work tree the files are written
 * without one. Either way the repository gets a pre-commit hook that checks
 * what is staged. The texts it writes are skeleton.c's. */
#include <errno.h>
#include <getopt.h>
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
#include "skeleton.h"
#include "util.h"
#include "write.h"

/* The plan, made before anything is written. */
struct init {
	const struct session *s; /* for messages */
	char *dir;               /* as given */
	char *abs;               /* its absolute path, once it exists */
	char *made;              /* the topmost folder we created, or NULL */
	int new_repo;            /* git init, or inside an existing work tree */
	char *top;               /* the work tree's top (existing repository) */
	char *hook;              /* the hook's path, or NULL to leave hooks alone */
	char *hook_old;          /* our hook's current text, to add a line to */
	char *hook_note;         /* why the hook is left alone, or NULL */
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
	if (strncmp(old, "#!/bin/sh\n" SKEL_HOOK_MARK, strlen("#!/bin/sh\n" SKEL_HOOK_MARK)) == 0)
		in->hook_old = old;
	else {
		in->hook_note = xasprintf("%s already has a pre-commit hook", in->hook);
		free(in->hook);
		in->hook = NULL;
		free(old);
	}
}

/* find_repo: whether dir (which may not exist yet) is inside a git work
 * tree; if so the top of it and the hook plan. Returns 0, or -1 after a message. */
static int
find_repo(struct init *in)
{
	char *near = nearest_existing(in->dir);
	git_repository *repo = NULL;
	in->new_repo = 1;
	if (!near) {
		cmd_err(in->s, "%s: %s", in->dir, strerror(errno));
		return -1;
	}
	if (git_repository_open_ext(&repo, near, 0, NULL) == 0) {
		const char *wd = git_repository_workdir(repo);
		char *top = wd ? realpath(wd, NULL) : NULL;
		char *rel = top ? path_rel(top, near) : NULL;
		if (rel && strcmp(rel, "..") != 0 && strncmp(rel, "../", 3) != 0) {
			if (strcmp(rel, ".git") == 0 || strncmp(rel, ".git/", 5) == 0) {
				cmd_err(in->s, "%s is inside a .git folder", in->dir);
				free(rel);
				free(top);
				free(near);
				git_repository_free(repo);
				return -1;
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
		cmd_err(in->s, "%s/%s: %s", in->dir, rel, strerror(errno));
	free(p);
	return r;
}

/* write_hook: writes the hook, or adds folder's line to ours, through a
 * temporary file renamed into place. Returns 0, or -1 after a message. */
static int
write_hook(struct init *in, const char *folder)
{
	char *line = skel_hook_line(folder), *text;
	if (in->hook_old) {
		size_t n = strlen(in->hook_old);
		char *own = xasprintf("\n%s", line);
		int has = strstr(in->hook_old, own) != NULL;
		free(own);
		if (has) {
			free(line);
			return 0; /* it checks this caseload already */
		}
		text = xasprintf("%s%s%s", in->hook_old, n && in->hook_old[n - 1] != '\n' ? "\n" : "", line);
	} else {
		/* the program running now, for when caseload is not on PATH */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
		text = skel_hook(folder, n > 0 ? self : "caseload");
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
		cmd_err(in->s, "%s: %s", in->hook, strerror(errno));
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
			cmd_err(in->s, "git init %s: %s", in->dir, e ? e->message : "failed");
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
	buf_puts(&ec, skel_editorconfig_rules);
	int r = put(in, "caseload.yaml", skel_caseload_yaml) || put(in, "README.md", skel_readme_md) ||
	        put(in, ".gitignore", skel_gitignore) || put(in, ".editorconfig", ec.s) ||
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
		char *copy = skel_hook(folder, "caseload");
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
cmd_init(struct session *s, int argc, char **argv)
{
	struct init in = {0};
	const struct globals *g = s->g;
	in.s = s;
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	/* no options; '+': DIR may begin with '-' after "--" */
	if (getopt_long(argc, argv, "+:", longopts, NULL) != -1) {
		cmd_bad_option(s, argv[optind - 1], 0);
		return 2;
	}
	int i = optind;
	if (argc - i != 1) {
		cmd_err(s, "give one new folder: caseload init DIR");
		return 2;
	}
	if (g->dir || g->at) {
		cmd_err(s, "%s does not apply; give the new folder as 'caseload init DIR'",
		        g->dir ? "-C" : "--at");
		return 2;
	}
	in.dir = argv[i];
	switch (dir_state(in.dir)) {
	case 0:
	case 1: break;
	case 2:
		cmd_err(s, "%s is not empty; nothing written (init needs a new or empty folder)", in.dir);
		return 2;
	case 3: cmd_err(s, "%s exists and is not a folder; nothing written", in.dir); return 2;
	default: cmd_err(s, "%s: %s", in.dir, strerror(errno)); return 2;
	}
	if (session_setup(s) != 0)
		return 2;
	int rc = find_repo(&in) != 0 ? 2 : 0;
	if (rc == 0 && mkdir_p(AT_FDCWD, in.dir, 0777, &in.made) != 0) {
		cmd_err(s, "%s: %s", in.dir, strerror(errno));
		rc = 2;
	}
	if (rc == 0 && !(in.abs = realpath(in.dir, NULL))) {
		cmd_err(s, "%s: %s", in.dir, strerror(errno));
		undo(&in);
		rc = 2;
	}
	if (rc == 0 && write_all(&in) != 0) {
		cmd_err(s, "stopped; what it wrote is removed");
		undo(&in);
		rc = 2;
	}
	if (rc == 0) {
		if (in.new_repo)
			printf("Started a caseload in %s, a new git repository.\n", in.dir);
		else
			printf("Started a caseload in %s, inside the git repository at %s.\n",
			       in.dir, in.top);
		printf("Next: fill in %s/caseload.yaml (the organization, workers and programs),\n"
		       "run 'caseload check' there, then commit; %s/README.md says more.\n",
		       in.dir, in.dir);
		if (in.hook_note)
			cmd_err(s,
			        "the pre-commit check is not installed: %s;\n"
			        "  %s/.caseload/pre-commit is the hook, to run from yours",
			        in.hook_note, in.dir);
	}
	init_free(&in);
	return rc;
}
