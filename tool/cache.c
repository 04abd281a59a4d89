/* cache.c: the cache files of cache.h. */
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "write.h"

char *
cache_path(const char *gitdir, const char *name)
{
	if (gitdir) {
		size_t n = strlen(gitdir);
		return xasprintf("%s%scaseload/%s", gitdir, n && gitdir[n - 1] == '/' ? "" : "/", name);
	}
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/caseload/%s", xdg, name);
	return home && *home ? xasprintf("%s/.cache/caseload/%s", home, name) : NULL;
}

int
cache_read(const char *path, struct buf *out)
{
	return path && read_file(path, (size_t)1 << 31, out) == 0 ? 0 : -1;
}

int
cache_write(const char *path, const char *data, size_t len)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return -1;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int r = mkdir_p(AT_FDCWD, dir, 0777, NULL);
	free(dir);
	return r == 0 ? write_replace(path, data, len, 0666) : -1;
}

/* git_dir_of: the git folder of the work tree holding dir (absolute), or
 * NULL. A .git file ("gitdir: PATH") names it for worktrees and submodules. */
static char *
git_dir_of(const char *dir)
{
	char *cur = xstrdup(dir);
	for (;;) {
		char *dot = xasprintf("%s/.git", cur);
		struct stat st;
		if (stat(dot, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				free(cur);
				return dot;
			}
			struct buf b = {0};
			char *out = NULL;
			if (S_ISREG(st.st_mode) && read_file(dot, 4096, &b) == 0 &&
			    strncmp(b.s, "gitdir: ", 8) == 0) {
				size_t n = strcspn(b.s + 8, "\r\n");
				char *p = xstrndup(b.s + 8, n);
				out = p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", cur, p);
				free(p);
			}
			buf_free(&b);
			free(dot);
			free(cur);
			return out;
		}
		free(dot);
		char *slash = strrchr(cur, '/');
		if (!slash || slash == cur)
			break;
		*slash = '\0';
	}
	free(cur);
	return NULL;
}

char *
cache_dir(const char *root)
{
	const char *no = getenv("CASELOAD_NO_CACHE");
	if (no && *no)
		return NULL;
	char *git = git_dir_of(root);
	if (git) {
		char *d = xasprintf("%s/caseload", git);
		free(git);
		return d;
	}
	char *p = cache_path(NULL, "x");
	if (p)
		p[strlen(p) - 2] = '\0'; /* the folder itself */
	return p;
}

/* the build id note of the program: dl_iterate_phdr's first object */
struct note_find {
	unsigned char *out;
	size_t max, len;
};

static int
find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct note_find *f = arg;
	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof(*nh);
			const char *desc = name + ((nh->n_namesz + 3) & ~3u);
			if (desc + nh->n_descsz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0 && nh->n_descsz <= f->max) {
				memcpy(f->out, desc, nh->n_descsz);
				f->len = nh->n_descsz;
				return 1;
			}
			p = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1; /* the program is the first object: look no further */
}

size_t
cache_build_id(unsigned char *out, size_t max)
{
	struct note_find f = {out, max, 0};
	dl_iterate_phdr(find_build_id, &f);
	if (f.len)
		return f.len;
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0 || max < 32)
		return 0;
	long long v[4] = {(long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	                  (long long)st.st_mtim.tv_nsec};
	memcpy(out, v, sizeof(v));
	return sizeof(v);
}
