/* write.c: the file system helpers of write.h. Every file the program
 * reads whole, creates, replaces or removes goes through one of these. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "write.h"

int
map_file(const char *path, const char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= (off_t)1 << 31)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	*data = p;
	*len = (size_t)st.st_size;
	return 0;
}

void
unmap_file(const char *data, size_t len)
{
	if (data)
		munmap((void *)data, len);
}

int
read_file(const char *path, size_t limit, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	if (limit && (unsigned long long)st.st_size > limit) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	size_t start = out->len;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			out->len = start;
			if (out->s)
				out->s[start] = '\0';
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (limit && out->len - start + (size_t)n > limit) {
			/* it grew since fstat */
			close(fd);
			out->len = start;
			if (out->s)
				out->s[start] = '\0';
			errno = EFBIG;
			return -1;
		}
		buf_add(out, chunk, (size_t)n);
	}
	close(fd);
	if (!out->s)
		buf_add(out, "", 0);
	return 0;
}

/* write_all_fd: writes data[0..len) to fd. 0, or -1 with errno set. */
static int
write_all_fd(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* create_with: creates path (O_EXCL) holding data[0..len); a file it made
 * but could not fill is removed. 0, or -1 with errno set. */
static int
create_with(const char *path, const char *data, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	int r = write_all_fd(fd, data, len);
	int e = errno;
	if (close(fd) != 0 && r == 0) {
		r = -1;
		e = errno;
	}
	if (r != 0) {
		unlink(path);
		errno = e ? e : EIO;
	}
	return r;
}

int
write_new(const char *path, const char *s, int mode)
{
	return create_with(path, s, strlen(s), mode);
}

int
write_replace(const char *path, const char *data, size_t len, int mode)
{
	/* the process id keeps two programs writing the same file apart */
	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	unlink(tmp);
	int r = create_with(tmp, data, len, mode);
	if (r == 0 && rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		r = -1;
	}
	free(tmp);
	return r;
}

int
mkdir_p(int dirfd, const char *path, int mode, char **first)
{
	char *p = xstrdup(path);
	if (first)
		*first = NULL;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdirat(dirfd, p, (mode_t)mode) == 0) {
			if (first && !*first)
				*first = xstrdup(p);
		} else if (errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	struct stat st;
	if (fstatat(dirfd, path, &st, 0) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* rm_at: removes name in the folder dirfd and everything below it, without
 * following links; paths are never rebuilt, so deep trees cost no lookups. */
static int rm_dir_at(int dirfd, const char *name, int depth);

static int
rm_at(int dirfd, const char *name, int depth)
{
	if (unlinkat(dirfd, name, 0) == 0)
		return 0;
	if (errno == ENOENT)
		return 0;
	if ((errno != EISDIR && errno != EPERM) || depth > 256)
		return -1;
	return rm_dir_at(dirfd, name, depth);
}

/* rm_dir_at: rm_at of name known to be a folder (no unlink tried first). */
static int
rm_dir_at(int dirfd, const char *name, int depth)
{
	if (depth > 256)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type == DT_DIR) {
			if (rm_dir_at(fd, de->d_name, depth + 1) < 0 && errno != ENOENT)
				rc = -1;
		} else if (unlinkat(fd, de->d_name, 0) < 0 && rm_at(fd, de->d_name, depth + 1) < 0) {
			rc = -1;
		}
	}
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0)
		rc = -1;
	return rc;
}

int
rmtree_at(int dirfd, const char *name)
{
	return rm_at(dirfd, name, 0);
}

int
rmtree(const char *path)
{
	return rm_at(AT_FDCWD, path, 0);
}

/* keep_aside: moves the folder at tmp (the old site, after an exchange) to
 * keep, for the next build to reuse; 0, or -1 when it stays where it is. */
static int
keep_aside(const char *tmp, const char *keep)
{
	struct stat st;
	if (!keep || lstat(tmp, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	const char *slash = strrchr(keep, '/');
	if (slash) {
		char *dir = xstrndup(keep, (size_t)(slash - keep));
		int r = mkdir_p(AT_FDCWD, dir, 0777, NULL);
		free(dir);
		if (r != 0)
			return -1;
	}
	/* another build's spare may be there already: that one stays */
	return rename(tmp, keep);
}

int
dir_swap(const char *tmp, const char *out, const char *keep, struct buf *err)
{
	struct stat st;
	if (lstat(out, &st) < 0) {
		if (errno != ENOENT) {
			buf_printf(err, "%s: %s", out, strerror(errno));
			return -1;
		}
		if (rename(tmp, out) < 0) {
			buf_printf(err, "cannot move the new site to %s: %s", out, strerror(errno));
			return -1;
		}
		return 0;
	}
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
		/* tmp now holds the old site (or the old link, which is only
		 * unlinked: its target is left alone) */
		if (keep_aside(tmp, keep) != 0)
			rmtree(tmp);
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
		buf_printf(err, "cannot swap the new site in at %s: %s", out, strerror(errno));
		return -1;
	}
#endif
	/* no exchange here: move the old one aside, then the new one in */
	size_t n = strlen(tmp);
	char *aside = xasprintf("%.*s.old", (int)n, tmp);
	if (rename(out, aside) < 0) {
		buf_printf(err, "cannot move the old site at %s aside: %s", out, strerror(errno));
		free(aside);
		return -1;
	}
	if (rename(tmp, out) < 0) {
		buf_printf(err, "cannot move the new site to %s: %s", out, strerror(errno));
		rename(aside, out);
		free(aside);
		return -1;
	}
	rmtree(aside);
	free(aside);
	return 0;
}

/* ---- a build's temporary folder and its lock ---- */

#define TMP_LOCK_SAYS "caseload build of "

/* claim: moves the spare folder to dir (ours: its lock is held); 0 when
 * dir is then a folder of this user, else -1 with whatever was moved
 * removed again. */
static int
claim(const char *spare, const char *dir)
{
	if (!spare || rename(spare, dir) != 0)
		return -1;
	struct stat st;
	if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid())
		return 0;
	rmtree(dir);
	return -1;
}

int
tmp_dir_make(struct tmp_dir *t, const char *parent, const char *name, const char *spare)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	for (int tries = 0; tries < 16; tries++) {
		/* the lock first, so that the folder is never there without it;
		 * it says whose it is only once it is held */
		char *lock = xasprintf("%s/.%s.tmp-XXXXXX.lock", parent, name);
		int fd = mkostemps(lock, 5, O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			free(lock);
			errno = e;
			return -1;
		}
		struct buf says = {0};
		buf_printf(&says, TMP_LOCK_SAYS "%s, pid %ld\n", name, (long)getpid());
		size_t n = strlen(lock) - 5;
		char *dir = xstrndup(lock, n);
		int ok = flock(fd, LOCK_EX) == 0 && write(fd, says.s, says.len) == (ssize_t)says.len;
		buf_free(&says);
		/* a sweep may have taken it for a killed build's before it said
		 * whose it is (tmp_dir_sweep): then another name */
		struct stat held, named;
		if (ok && (fstat(fd, &held) != 0 || stat(lock, &named) != 0 ||
		           held.st_ino != named.st_ino || held.st_dev != named.st_dev)) {
			close(fd);
			free(lock);
			free(dir);
			continue;
		}
		if (ok && claim(spare, dir) == 0) {
			t->path = dir;
			t->lock = lock;
			t->fd = fd;
			t->reused = 1;
			return 0;
		}
		if (ok && mkdir(dir, 0755) == 0) {
			t->path = dir;
			t->lock = lock;
			t->fd = fd;
			return 0;
		}
		int e = errno;
		unlink(lock);
		close(fd);
		free(lock);
		free(dir);
		if (!ok || e != EEXIST) {
			errno = e;
			return -1;
		}
		/* a folder of that name that is not ours: another name */
	}
	errno = EEXIST;
	return -1;
}

void
tmp_dir_done(struct tmp_dir *t)
{
	if (t->path)
		rmtree(t->path);
	if (t->lock)
		unlink(t->lock);
	if (t->fd >= 0)
		close(t->fd);
	free(t->path);
	free(t->lock);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}

/* tmp_lock_name: whether e is the lock file name of a temporary folder
 * beside name: .NAME.tmp-XXXXXX.lock, X a letter or digit (mkstemps). */
static int
tmp_lock_name(const char *e, const char *name)
{
	size_t n = strlen(name);
	if (e[0] != '.' || strncmp(e + 1, name, n) != 0 || strncmp(e + 1 + n, ".tmp-", 5) != 0)
		return 0;
	const char *x = e + 1 + n + 5;
	for (int i = 0; i < 6; i++)
		if (!((x[i] >= 'a' && x[i] <= 'z') || (x[i] >= 'A' && x[i] <= 'Z') ||
		      (x[i] >= '0' && x[i] <= '9')))
			return 0;
	return strcmp(x + 6, ".lock") == 0;
}

/* sweep_one: removes the folder (and its .old) of the lock file lock in
 * the folder pfd when the lock is ours, says so, and nobody holds it.
 * Returns 1 when it removed them, else 0. */
static int
sweep_one(int pfd, const char *lock, const char *name)
{
	int fd = openat(pfd, lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	struct stat st, now;
	char says[256];
	ssize_t n;
	size_t want = strlen(TMP_LOCK_SAYS) + strlen(name);
	int gone = 0;
	/* held: its build is running (or is making it: it says nothing yet) */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    flock(fd, LOCK_EX | LOCK_NB) != 0)
		goto out;
	n = pread(fd, says, sizeof(says) - 1, 0);
	/* empty: its build was killed between making it and saying whose it
	 * is, so before it made its folder */
	if (n < 0 || (n > 0 && (size_t)n < want + 1))
		goto out;
	says[n] = '\0';
	if (n > 0 && (strncmp(says, TMP_LOCK_SAYS, strlen(TMP_LOCK_SAYS)) != 0 ||
	              strncmp(says + strlen(TMP_LOCK_SAYS), name, strlen(name)) != 0 || says[want] != ','))
		goto out;
	/* still the file we hold, not one another sweep removed and a build made anew */
	if (fstatat(pfd, lock, &now, AT_SYMLINK_NOFOLLOW) != 0 || now.st_ino != st.st_ino ||
	    now.st_dev != st.st_dev)
		goto out;
	if (n == 0) {
		/* a folder by its name is not its build's, which made none */
		gone = unlinkat(pfd, lock, 0) == 0;
		goto out;
	}
	size_t len = strlen(lock) - 5;
	char *dir = xstrndup(lock, len), *old = xasprintf("%s.old", dir);
	gone = rmtree_at(pfd, dir) == 0 && rmtree_at(pfd, old) == 0 && unlinkat(pfd, lock, 0) == 0;
	free(dir);
	free(old);
out:
	close(fd);
	return gone;
}

int
tmp_dir_sweep(const char *parent, const char *name)
{
	int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return 0;
	int dfd = dup(pfd);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		close(pfd);
		return 0;
	}
	/* the names first: removing while reading a folder may skip entries */
	char **locks = NULL;
	size_t nlocks = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (tmp_lock_name(de->d_name, name)) {
			if (nlocks == cap)
				locks = xrealloc(locks, (cap = cap ? 2 * cap : 4) * sizeof(*locks));
			locks[nlocks++] = xstrdup(de->d_name);
		}
	closedir(d);
	int removed = 0;
	for (size_t i = 0; i < nlocks; i++) {
		removed += sweep_one(pfd, locks[i], name);
		free(locks[i]);
	}
	free(locks);
	close(pfd);
	return removed;
}

int
path_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
path_rel(const char *base, const char *abs)
{
	size_t i = 0, common = 0;
	/* the longest common prefix that ends at a component boundary */
	while (base[i] && base[i] == abs[i]) {
		if (base[i] == '/')
			common = i;
		i++;
	}
	if (base[i] == '\0' && (abs[i] == '/' || abs[i] == '\0'))
		common = i;
	else if (abs[i] == '\0' && base[i] == '/')
		common = i;
	struct buf b = {0};
	for (const char *s = base + common; *s; s++)
		if (*s == '/' && s[1] != '\0')
			buf_puts(&b, b.len ? "/.." : "..");
	const char *rest = abs + common;
	while (*rest == '/')
		rest++;
	if (*rest) {
		if (b.len)
			buf_putc(&b, '/');
		buf_puts(&b, rest);
	}
	if (!b.len)
		buf_putc(&b, '.');
	return buf_detach(&b);
}

char *
path_from_cwd(const char *abs)
{
	char *cwd = getcwd(NULL, 0), *real = cwd ? realpath(cwd, NULL) : NULL;
	free(cwd);
	if (!real)
		return xstrdup(abs);
	char *r = path_rel(real, abs);
	free(real);
	return r;
}
