/* dirs DIR: directories in the preopened directory DIR — mkdir, a listing
 * of 300 entries with long names (several fd_readdir calls, continued by
 * cookie), telldir/seekdir and rewinddir (cookies again), entry types,
 * rmdir, and the errors: EEXIST, ENOTEMPTY, ENOTDIR (opendir/rmdir/open
 * below a file), EISDIR (unlink of a directory). "ok <step>" per step. */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRIES 300

static char path[1024];

static const char *at(const char *dir, const char *name) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void entry_name(int i, char *out, size_t n) {
    snprintf(out, n, "entry-%03d-with-a-rather-long-name-to-fill-buffers", i);
}

/* -1 for ".", "..", "sub"; otherwise the index encoded in the name. */
static int entry_index(const char *name) {
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, "sub") == 0)
        return -1;
    char want[128];
    int i = atoi(name + 6);
    entry_name(i, want, sizeof want);
    CHECK(strncmp(name, "entry-", 6) == 0 && i >= 0 && i < ENTRIES && strcmp(name, want) == 0,
          "unexpected entry \"%s\"", name);
    return i;
}

/* Reads DIR to the end; every file exactly once, "sub" once as a dir. */
static void list_all(DIR *d, const char *what) {
    static unsigned char seen[ENTRIES];
    memset(seen, 0, sizeof seen);
    int files = 0, subs = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        int i = entry_index(e->d_name);
        if (i >= 0) {
            CHECK(!seen[i], "%s: \"%s\" listed twice", what, e->d_name);
            CHECK(e->d_type == DT_REG, "%s: \"%s\" has type %d, not DT_REG", what, e->d_name, e->d_type);
            seen[i] = 1;
            files++;
        } else if (strcmp(e->d_name, "sub") == 0) {
            CHECK(e->d_type == DT_DIR, "%s: sub has type %d, not DT_DIR", what, e->d_type);
            subs++;
        }
    }
    CHECK(errno == 0, "%s: readdir failed: errno %d", what, errno);
    CHECK(files == ENTRIES && subs == 1, "%s: %d of %d files and %d subdirectories listed", what, files, ENTRIES,
          subs);
}

int main(int argc, char **argv) {
    check_program = "dirs";
    CHECK(argc == 2, "usage: dirs DIR (argc %d)", argc);
    char d[512], sub[600], name[128], file[700];
    snprintf(d, sizeof d, "%s/d", argv[1]);
    snprintf(sub, sizeof sub, "%s/sub", d);
    struct stat st;

    OK(mkdir(d, 0755));
    FAILS_WITH(mkdir(d, 0755), EEXIST);
    OK(mkdir(sub, 0755));
    OK(stat(d, &st));
    CHECK(S_ISDIR(st.st_mode), "mode %o is not a directory", st.st_mode);
    for (int i = 0; i < ENTRIES; i++) {
        entry_name(i, name, sizeof name);
        int fd = open(at(d, name), O_CREAT | O_EXCL | O_WRONLY, 0644);
        CHECK(fd >= 0, "create %s: errno %d", path, errno);
        OK(close(fd));
    }
    puts("ok mkdir");

    DIR *dir = opendir(d);
    CHECK(dir != NULL, "opendir(%s): errno %d", d, errno);
    list_all(dir, "first listing");
    rewinddir(dir);
    list_all(dir, "after rewinddir");
    puts("ok readdir-300");

    /* telldir/seekdir: come back to the middle of the listing */
    rewinddir(dir);
    for (int i = 0; i < ENTRIES / 2; i++)
        CHECK(readdir(dir) != NULL, "readdir %d: errno %d", i, errno);
    long pos = telldir(dir);
    struct dirent *e = readdir(dir);
    CHECK(e != NULL, "readdir after telldir: errno %d", errno);
    char want[256];
    snprintf(want, sizeof want, "%s", e->d_name);
    for (int i = 0; i < 20 && readdir(dir) != NULL; i++) {
    }
    seekdir(dir, pos);
    e = readdir(dir);
    CHECK(e != NULL && strcmp(e->d_name, want) == 0, "after seekdir: \"%s\", expected \"%s\"", e ? e->d_name : "(end)",
          want);
    OK(closedir(dir));
    puts("ok telldir-seekdir");

    /* the preopen itself lists "d" */
    dir = opendir(argv[1]);
    CHECK(dir != NULL, "opendir(%s): errno %d", argv[1], errno);
    int found = 0;
    while ((e = readdir(dir)) != NULL)
        found += strcmp(e->d_name, "d") == 0 && e->d_type == DT_DIR;
    CHECK(found == 1, "\"d\" listed %d times in %s", found, argv[1]);
    OK(closedir(dir));
    puts("ok list-preopen");

    /* errors on the wrong kind of file */
    entry_name(0, name, sizeof name);
    snprintf(file, sizeof file, "%s/%s", d, name);
    errno = 0;
    CHECK(opendir(file) == NULL && errno == ENOTDIR, "opendir on a file: errno %d, expected ENOTDIR", errno);
    FAILS_WITH(rmdir(file), ENOTDIR);
    FAILS_WITH(open(at(file, "x"), O_RDONLY), ENOTDIR);
    FAILS_WITH(open(file, O_RDONLY | O_DIRECTORY), ENOTDIR);
    FAILS_WITH(unlink(sub), EISDIR);
    FAILS_WITH(rmdir(d), ENOTEMPTY);
    FAILS_WITH(rmdir(at(d, "missing")), ENOENT);
    puts("ok errors");

    /* empty it and remove it */
    for (int i = 0; i < ENTRIES; i++) {
        entry_name(i, name, sizeof name);
        OK(unlink(at(d, name)));
    }
    OK(rmdir(sub));
    dir = opendir(d);
    CHECK(dir != NULL, "opendir emptied: errno %d", errno);
    while ((e = readdir(dir)) != NULL)
        CHECK(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0, "left over: \"%s\"", e->d_name);
    OK(closedir(dir));
    OK(rmdir(d));
    FAILS_WITH(stat(d, &st), ENOENT);
    puts("ok rmdir");

    puts("dirs: all ok");
    return 0;
}
