/* histwalk.c: the history pass alone, for `make bench`: hist_load over the
 * commits that reach HEAD (or REV), as `audit` runs it, without loading the
 * records or asking git for the status of the work tree, so that it can be
 * set beside `git log --name-only` on the same repository.
 *
 * usage: bench_histwalk DIR [REV]   (DIR: the caseload folder)
 * Prints "commits N cases N files N" and exits 0, or 2 with git's reason. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

#include "history.h"

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_histwalk DIR [REV]\n");
		return 2;
	}
	char *root = realpath(argv[1], NULL);
	if (!root) {
		perror(argv[1]);
		return 2;
	}
	struct history h;
	git_libgit2_init();
	int rc = hist_load(&h, root, argc == 3 ? argv[2] : NULL, 0);
	if (rc != 0)
		fprintf(stderr, "bench_histwalk: %s\n", h.err);
	else
		printf("commits %zu cases %zu files %zu\n", h.ncommits, h.ncases, h.nfirsts);
	hist_free(&h);
	git_libgit2_shutdown();
	free(root);
	return rc ? 2 : 0;
}
