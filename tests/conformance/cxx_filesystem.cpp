// The filesystem library: create_directories, directory_iterator (sorted) and
// recursive_directory_iterator, file_size, resize_file, rename, copy,
// symlinks, permissions, status, remove/remove_all, path decomposition, and
// filesystem_error on failure.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

static void write(const fs::path& p, const std::string& s) {
    std::ofstream(p) << s;
}

static std::vector<std::string> listing(const fs::path& dir, bool recursive) {
    std::vector<std::string> v;
    if (recursive) {
        for (auto& e : fs::recursive_directory_iterator(dir))
            v.push_back(fs::relative(e.path(), dir).string() + (e.is_directory() ? "/" : ""));
    } else {
        for (auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
    }
    std::sort(v.begin(), v.end());
    return v;
}

int main() {
    fs::path root = "tree";
    printf("create_directories: %d\n", fs::create_directories(root / "a" / "b" / "c"));
    printf("again: %d\n", fs::create_directories(root / "a" / "b" / "c"));
    fs::create_directory(root / "d");
    write(root / "a" / "one.txt", "hello");
    write(root / "a" / "b" / "two.txt", std::string(1000, 'x'));
    write(root / "top.txt", "0123456789");
    for (auto& s : listing(root, false)) printf("  %s\n", s.c_str());
    printf("recursive:\n");
    for (auto& s : listing(root, true)) printf("  %s\n", s.c_str());

    printf("file_size two.txt: %ju\n", (uintmax_t)fs::file_size(root / "a" / "b" / "two.txt"));
    fs::resize_file(root / "top.txt", 4);
    printf("resized: %ju\n", (uintmax_t)fs::file_size(root / "top.txt"));
    printf("is_directory a: %d is_regular top: %d exists nope: %d\n", fs::is_directory(root / "a"),
           fs::is_regular_file(root / "top.txt"), fs::exists(root / "nope"));

    fs::rename(root / "top.txt", root / "d" / "moved.txt");
    fs::copy_file(root / "d" / "moved.txt", root / "d" / "copy.txt");
    fs::copy(root / "a", root / "a_copy", fs::copy_options::recursive);
    printf("after rename/copy:\n");
    for (auto& s : listing(root, true)) printf("  %s\n", s.c_str());

    fs::create_symlink("one.txt", root / "a" / "link");
    printf("symlink: %d target %s size via link %ju\n", fs::is_symlink(fs::symlink_status(root / "a" / "link")),
           fs::read_symlink(root / "a" / "link").c_str(), (uintmax_t)fs::file_size(root / "a" / "link"));

    fs::permissions(root / "d" / "copy.txt", fs::perms::owner_read | fs::perms::group_read);
    auto p = fs::status(root / "d" / "copy.txt").permissions();
    printf("perms owner_read %d owner_write %d group_read %d\n", (p & fs::perms::owner_read) != fs::perms::none,
           (p & fs::perms::owner_write) != fs::perms::none, (p & fs::perms::group_read) != fs::perms::none);

    fs::path path = "/usr/local/lib/libfoo.so.1";
    printf("path: parent %s filename %s stem %s extension %s\n", path.parent_path().c_str(), path.filename().c_str(),
           path.stem().c_str(), path.extension().c_str());
    printf("lexically_normal: %s\n", fs::path("a/./b/../c//d").lexically_normal().c_str());
    printf("relative: %s\n", fs::path("/a/b/c").lexically_relative("/a/d").c_str());
    printf("absolute is_absolute: %d\n", fs::absolute("x").is_absolute());

    try {
        fs::file_size(root / "nope");
    } catch (const fs::filesystem_error& e) {
        printf("filesystem_error: ENOENT %d path1 %s\n", e.code() == std::errc::no_such_file_or_directory,
               e.path1().c_str());
    }
    try {
        fs::create_directory(root / "nope" / "deeper");
    } catch (const fs::filesystem_error& e) {
        printf("create_directory in missing parent: ENOENT %d\n", e.code() == std::errc::no_such_file_or_directory);
    }
    std::error_code ec;
    fs::remove(root / "a", ec);
    printf("remove non-empty dir: error %d ENOTEMPTY %d\n", (bool)ec, ec == std::errc::directory_not_empty);
    printf("remove file: %d, again: %d\n", fs::remove(root / "d" / "copy.txt"), fs::remove(root / "d" / "copy.txt"));
    printf("remove_all: %ju\n", (uintmax_t)fs::remove_all(root));
    printf("exists after: %d\n", fs::exists(root));
    printf("remove_all missing: %ju\n", (uintmax_t)fs::remove_all(root));
    return 0;
}
