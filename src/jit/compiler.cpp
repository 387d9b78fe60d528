#include "plastix/jit/compiler.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "plastix/core/error.hpp"
#include "plastix/jit_config.hpp"

namespace plastix::jit {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// 64-bit FNV-1a.
std::uint64_t fnv1a(const std::string& s, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The name part that makes a temporary file this process's and this thread's own: two processes, or two points of a
// parallel sweep (docs/parallel.md), may compile the same source at once; each writes its own files and renames them
// into place (the same contents, so either wins).
std::string unique_part() {
  return std::to_string(::getpid()) + "-" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
}

void write_file(const fs::path& p, const std::string& text, const std::string& what) {
  const fs::path tmp = p.string() + "." + unique_part() + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw error("cannot write " + tmp.string() + " (the cache of compiled " + what + ")");
  }
  fs::rename(tmp, p);
}

}  // namespace

std::string cache_dir() {
  if (std::string d = env("PLASTIX_CACHE_DIR"); !d.empty()) return d;
  if (std::string x = env("XDG_CACHE_HOME"); !x.empty()) return x + "/plastix";
  if (std::string h = env("HOME"); !h.empty()) return h + "/.cache/plastix";
  return (fs::temp_directory_path() / "plastix-cache").string();
}

std::string cache_key(const std::string& source) {
  const std::uint64_t h = fnv1a(std::string(built_with_compiler) + "\n" + built_with_flags + "\n" + source);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void* library::symbol(const std::string& name) const {
  void* f = ::dlsym(handle_.get(), name.c_str());
  if (!f) throw error("the compiled library " + path + " has no function '" + name + "'");
  return f;
}

library load(const std::string& source, const std::string& what, const std::string& dir_given) {
  const fs::path dir = dir_given.empty() ? cache_dir() : dir_given;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw error("cannot create the cache folder " + dir.string() + " for the compiled " + what + ": " + ec.message() +
                " (set PLASTIX_CACHE_DIR to a folder that can be written)");
  const std::string stem = "plastix-" + cache_key(source);
  const fs::path so = dir / (stem + ".so"), cpp = dir / (stem + ".cpp"), log = dir / (stem + ".log");
  library lib;
  lib.path = so.string();
  if (!fs::exists(so)) {
    const auto start = std::chrono::steady_clock::now();
    write_file(cpp, source, what);
    const std::string own = unique_part();  // this thread's compiler output and library until renamed
    const fs::path tmp = dir / (stem + "." + own + ".tmp.so"), tmp_log = dir / (stem + "." + own + ".tmp.log");
    const std::string command = quoted(built_with_compiler) + " " + built_with_flags + " -std=c++20 -fPIC -shared -o " +
                                quoted(tmp.string()) + " " + quoted(cpp.string()) + " > " + quoted(tmp_log.string()) +
                                " 2>&1";
    const int rc = std::system(command.c_str());
    if (rc != 0) {
      fs::remove(tmp, ec);
      fs::rename(tmp_log, log, ec);
      throw error("the " + what + " could not be compiled: the C++ compiler (" + built_with_compiler +
                  ") failed; its output is in " + log.string() + ", the generated source in " + cpp.string());
    }
    fs::remove(tmp_log, ec);
    fs::rename(tmp, so);
    lib.compiled_now = true;
    lib.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  void* h = ::dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) throw error("cannot load the compiled " + what + " from " + so.string() + ": " + ::dlerror());
  lib.handle_ = std::shared_ptr<void>(h, [](void* p) { ::dlclose(p); });
  return lib;
}

}  // namespace plastix::jit
